"""A review whose stage an import kept as written: shown as such, and its form opens and saves.

A Select whose value is not among its choices raises in Textual; the form offers the
record's own unmapped value as a choice so it never does, and saving it unchanged keeps
the stage; picking a catalogue stage maps it and clears the kept text.
"""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Select

from sgtui.services.context import Services
from sgtui.store.models import Review
from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE, palette
from tests.support.waiting import settled


def _unmap_stage(svc: Services) -> None:
    with svc.session() as s:
        review = s.exec(select(Review)).one()
        review.stage, review.stage_text = "unmapped:awaiting tea", "Awaiting tea"
        s.add(review)
        s.commit()


async def test_unmapped_stage_shown_and_its_form_saves(app: SgtuiApp, svc: Services) -> None:
    _unmap_stage(svc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        assert type(app.screen).__name__ == "ReviewScreen"
        header = str(app.screen.query_one("#record-header").render())
        assert "stage: Awaiting tea (unmapped)" in header
        await pilot.press("e")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        stage = app.screen.query_one("#field-stage", Select)
        assert stage.value == "awaiting tea (unmapped)"  # the registry form's words for it
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        with svc.session() as s:
            kept = s.exec(select(Review.stage, Review.stage_text)).one()
        assert tuple(kept) == ("unmapped:awaiting tea", "Awaiting tea")
        await pilot.press("e")
        await settled(pilot)
        app.screen.query_one("#field-stage", Select).value = "Panel / practitioner events"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "stage: Panel / practitioner events" in str(
            app.screen.query_one("#record-header").render()
        )
    with svc.session() as s:
        assert tuple(s.exec(select(Review.stage, Review.stage_text)).one()) == ("panel", None)
