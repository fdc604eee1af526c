"""A review's timeline marks, a converted review found by its old reference, a series' moves."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import Notify
from textual.widgets import Input, Select

from sgtui.services import reviews
from sgtui.services.context import Services
from sgtui.store.models import Review
from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE, palette
from tests.support.waiting import settled


def _timeline_text(app: SgtuiApp) -> str:
    return str(app.screen.query_one("#review-timeline").render())


async def test_the_timeline_never_ticks_a_missed_deadline(app: SgtuiApp, svc: Services) -> None:
    """Notified Mon 10/02/2025, incident Wed 05/02; "today" is Mon 10/03/2025.

    Panel notified by Wed 12/02 (5 working days after the incident): met on 10/02.
    Information due Mon 17/02 (5 working days after notification): none asked, 21 days
    late. The RR was due Mon 03/03 (15 working days): no decision yet, 7 days late.
    """
    with svc.session() as s:
        reviews.save_review(
            s,
            svc,
            {
                "ref": "LAM-RR-2025-03",
                "review_type": "RR",
                "incident_on": date(2025, 2, 5),
                "notified_on": date(2025, 2, 10),
            },
        )
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        lines = _timeline_text(app).splitlines()
    assert lines[0] == "✓ 05/02/2025  Incident"
    assert lines[1] == "✓ 10/02/2025  Notified"
    assert lines[2] == (
        "✓ 12/02/2025  Due: LA notifies the National Panel (5 working days after incident)"
        " — met 10/02/2025"
    )
    assert lines[3] == (
        "✗ 17/02/2025  Due: Agency summary / information return due"
        " (5 working days after notified) — not met, 21 days late"
    )
    assert lines[-1] == (
        "✗ 03/03/2025  Due: Rapid Review complete and sent to the Panel"
        " (15 working days after notified) — not met, 7 days late"
    )
    assert not any(line.startswith("✓") and "not met" in line for line in lines)


async def test_the_palette_finds_a_converted_review_by_its_old_reference(
    app: SgtuiApp, svc: Services
) -> None:
    with svc.session() as s:
        review = reviews.get_review(s, "LAM-RR-2025-03")
        reviews.convert_review(s, svc, review, "CSPR", date(2025, 3, 7), expected_version=1)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025-03", "LAM-CSPR-2025-01")
        assert type(app.screen).__name__ == "ReviewScreen"
        header = str(app.screen.query_one("#record-header").render())
        timeline = _timeline_text(app)
    assert "LAM-CSPR-2025-01" in header and "formerly LAM-RR-2025-03" in header
    assert "Child Safeguarding Practice Review · stage: Decision" in header
    assert "Due: Review report complete (6 months after decision)" in timeline
    assert "Due as RR: Rapid Review complete" in timeline
    with svc.session() as s:
        stored = s.get(Review, review.id)
        assert stored is not None and stored.ref == "LAM-CSPR-2025-01"


async def test_a_new_series_says_which_meeting_moved_off_a_bank_holiday(app: SgtuiApp) -> None:
    """Fortnightly Mondays from 13/11/2028: Christmas Day and Boxing Day move one to Wed."""
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settled(pilot)
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("R")
        await settled(pilot)
        form = app.screen
        form.query_one("#field-code", Input).value = "LAM-NET"
        form.query_one("#field-title", Input).value = "Lambeth network"
        form.query_one("#field-meeting_type", Select).value = "SG_CLA_NETWORK"
        form.query_one("#field-first_date", Input).value = "13/11/2028"
        form.query_one("#field-cadence_every", Input).value = "2"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
    said = [m.notification.message for m in messages if isinstance(m, Notify)]
    assert (
        "Series saved: 8 meetings planned, 13/11/2028 to 19/02/2029; 1 moved off a bank"
        " holiday: Mon 25/12/2028 → Wed 27/12/2028"
    ) in said
