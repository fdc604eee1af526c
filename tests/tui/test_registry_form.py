from __future__ import annotations

from datetime import date

from sqlmodel import select
from textual.widgets import Input

from sgtui.services.context import Services
from sgtui.store.models import Review
from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE, palette
from tests.support.waiting import settled


async def test_review_form_saves_changed_fields(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        await pilot.press("e")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        app.screen.query_one("#field-decision_on", Input).value = "today"
        app.screen.query_one("#field-steis_ref", Input).value = "2025/1234"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
    with svc.session() as s:
        review = s.exec(select(Review)).one()
    assert (review.decision_on, review.steis_ref) == (date(2025, 3, 10), "2025/1234")
