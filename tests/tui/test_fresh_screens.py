"""Always fresh: a save anywhere (here, on another screen, by a colleague) shows everywhere."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select
from textual.widgets import Input

from sgtui.services import editing
from sgtui.services.context import Services
from sgtui.services.registry import label
from sgtui.store.models import Review
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.import_screen import open_and_run
from tests.support.keys import SIZE, palette
from tests.support.waiting import settled, wait_until


def text(app: SgtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def colleague(svc: Services) -> Services:
    return Services(db=svc.db, clock=svc.clock, actor="A Colleague")


def colleague_sets_subject(svc: Services, subject: str) -> None:
    """A colleague saves the review's subject (a second Services on the same file)."""
    other = colleague(svc)
    with other.session() as s:
        review = s.exec(select(Review)).one()
        editing.update(
            s, other, "review", review.id, {"subject": subject}, expected_version=review.version
        )


def renewal_workbook(folder: Path) -> Path:
    """A training sheet with Dr Patel's Mental Capacity Act course (so the bars move)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Training"
    sheet.append(["Staff name", "Job title", "Organisation", "Course", "Date completed"])
    sheet.append(["Dr Asha Patel", "GP", "G85001", "Mental Capacity Act", date(2025, 3, 1)])
    path = folder / "renewals.xlsx"
    workbook.save(path)
    return path


async def test_import_training_moves_the_bars_without_changing_scope(
    app: SgtuiApp, request: pytest.FixtureRequest
) -> None:
    renewal_workbook(request.getfixturevalue("home"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settled(pilot)
        before = text(app, "#by-course"), text(app, "#by-borough")
        await open_and_run(pilot, "~/renewals.xlsx")
        await pilot.press("f9")
        await settled(pilot)
        assert text(app, "#import-status").startswith("✓ Imported")
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "TrainingScreen"
        assert (text(app, "#by-course"), text(app, "#by-borough")) != before
        assert "1/2" in text(app, "#by-course")  # Mental Capacity Act: 0/2 before
        assert "2/4" in text(app, "#by-borough")  # Lambeth: 1/4 before


async def test_an_edit_on_a_record_page_updates_todays_tile_on_return(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert "1" in text(app, "#tile-actions")  # the seeded action was due 01/03/2025
        await palette(pilot, "network", "Safeguarding & CLA Health Network")
        actions = app.screen.query_one("#meeting-actions", RecordTable)
        actions.table.focus()
        await pilot.press("enter")
        await settled(pilot)
        app.screen.query_one("#field-due_on", Input).value = "30/03/2025"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingScreen"
        assert "30/03/2025" in " ".join(actions.rows[0].cells)  # the page itself is fresh
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert "0" in text(app, "#tile-actions") and "1" not in text(app, "#tile-actions")


async def test_a_colleagues_save_appears_on_the_open_page_within_the_poll(
    app: SgtuiApp, svc: Services
) -> None:
    app.CHANGES_POLL_SECONDS = 0.2
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        assert "subject: Child P" in text(app, "#record-header")
        colleague_sets_subject(svc, "Child R")
        await wait_until(  # the poll runs every 0.2 s
            pilot, lambda _app: "subject: Child R" in text(app, "#record-header"), "the poll"
        )


async def test_conflict_lists_only_differing_fields_by_label_then_shows_theirs(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        await pilot.press("e")
        await settled(pilot)
        colleague_sets_subject(svc, "Child R")
        app.screen.query_one("#field-subject", Input).value = "Child S"
        app.screen.query_one("#field-notified_on", Input).value = "04/03/2025"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConflictModal"
        table = app.screen.query_one("#conflict-table")
        rows = [
            [str(c) for c in table.get_row_at(i)]  # type: ignore[attr-defined]
            for i in range(table.row_count)  # type: ignore[attr-defined]
        ]
        # Only the two fields whose values differ, by label and as the form shows them;
        # the fields left alone (type, borough, stage...) agree and are not listed.
        assert rows == [
            [label("review", "subject"), "Child S", "Child R"],
            [label("review", "notified_on"), "04/03/2025", "03/03/2025"],
        ]
        await pilot.click("#conflict-theirs")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert "subject: Child R" in text(app, "#record-header")
        assert "notified 03/03/2025" in text(app, "#record-header")
