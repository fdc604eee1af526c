"""Story 5: the partners decide on a CSPR; the officer records it where they see the review.

Type set to CSPR with the decision date in the review's own form: the page then shows
the new reference, the six-month horizon on the timeline, the Rapid Review's history,
and the palette still finds the review by its old reference.
"""

from __future__ import annotations

from textual.widgets import Input, Select

from sgtui.services.context import Services
from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE, palette
from tests.support.waiting import settled


def text_of(app: SgtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_recording_the_decision_converts_the_rapid_review(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        await pilot.press("e")
        await settled(pilot)
        form = app.screen
        form.query_one(
            "#field-review_type", Select
        ).value = "CSPR Child Safeguarding Practice Review"
        form.query_one("#field-decision_on", Input).value = "today"
        form.query_one("#field-decision", Input).value = "Local CSPR"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        header = text_of(app, "#record-header")
        assert "LAM-CSPR-2025-01" in header and "formerly LAM-RR-2025-03" in header
        timeline = text_of(app, "#review-timeline")
        assert "10/09/2025" in timeline  # six months after the decision on 10/03/2025
        assert "Review report complete" in timeline
        assert "10/03/2025  Decision" in timeline
        scrt = text_of(app, "#review-scrt")
        assert "Type of review: Child Safeguarding Practice Review (from Rapid Review)" in scrt
        await pilot.press("escape")
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025-03", "LAM-CSPR-2025-01")
        assert "LAM-CSPR-2025-01" in text_of(app, "#record-header")
