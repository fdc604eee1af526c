"""The command palette (ctrl+p) and a record's history with undo, driven by keys."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.command import CommandPalette

from sgtui.services.context import Services
from sgtui.store.models import Meeting
from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE, palette, type_text, wait_for_hits
from tests.support.waiting import settled


@pytest.mark.parametrize(
    ("typed", "expected_screen", "expected_header"),
    [
        ("brixton", "PracticeScreen", "G85001 Brixton Hill Group Practice"),
        ("G85099", "PracticeScreen", "Peckham Medical Centre"),
        ("LAM-RR-2025", "ReviewScreen", "LAM-RR-2025-03"),
        ("Asha Pat", "PersonScreen", "Dr Asha Patel"),
    ],
)
async def test_palette_jumps_to_a_record(
    app: SgtuiApp, typed: str, expected_screen: str, expected_header: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, typed)
        prompts = await wait_for_hits(pilot, expected_header.split()[-1])
        assert expected_header.split()[-1] in prompts[0], prompts
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == expected_screen
        header = str(app.screen.query_one("#record-header").render())
        assert expected_header in header


async def test_history_shows_an_edit_and_undo_reverts_it(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", "Safeguarding & CLA Health Network")
        assert type(app.screen).__name__ == "MeetingScreen"
        await pilot.press("e")
        await settled(pilot)
        app.screen.query_one("#field-title").value = "Network (renamed)"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settled(pilot)
        with svc.session() as s:
            assert s.exec(select(Meeting.title)).one() == "Network (renamed)"
        await palette(pilot, "history of", "History of this record")
        assert type(app.screen).__name__ == "HistoryScreen"
        table = app.screen.query_one("#history-table")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert rows[0][:3] == ["10/03/2025 09:00", "Test Officer", "~ changed"]
        newest = rows[: next(i for i in range(1, len(rows)) if rows[i][0])]
        assert ["Title", "Safeguarding & CLA Health Network", "Network (renamed)"] in [
            r[3:] for r in newest
        ]
        assert [r[2] for r in rows if r[2]][-1] == "+ created"
        await pilot.press("u")
        await settled(pilot)
        preview = str(app.screen.query_one("#undo-preview").render())
        assert "Undo would put back Title." in preview  # only the title: type, borough kept
        await pilot.click("#undo-yes")
        await settled(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
        assert "↶ undone" in str(table.get_row_at(0)[2])  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingScreen"
        assert "Safeguarding & CLA Health Network" in str(
            app.screen.query_one("#record-header").render()
        )
        with svc.session() as s:
            assert s.exec(select(Meeting.title)).one() == "Safeguarding & CLA Health Network"


def rename_meeting(svc: Services, title: str) -> None:
    """Retitle the one seeded meeting through the service, as ``svc.actor``."""
    from sgtui.services import meetings

    with svc.session() as s:
        meeting = s.exec(select(Meeting)).one()
        values = {"ref": meeting.ref, "title": title, "meeting_date": meeting.meeting_date}
        meetings.save_meeting(s, svc, values, expected_version=meeting.version)


async def test_undo_refuses_when_a_colleague_changed_the_record_since(
    app: SgtuiApp, svc: Services
) -> None:
    rename_meeting(svc, "Mine")
    rename_meeting(Services(db=svc.db, clock=svc.clock, actor="A Colleague"), "Theirs")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "undo my", "Undo my last change")
        preview = str(app.screen.query_one("#undo-preview").render())
        assert "Not undone" in preview and "A Colleague changed that record since" in preview
        assert app.screen.query_one("#undo-yes").disabled
        await pilot.press("escape")
        await settled(pilot)
    with svc.session() as s:
        assert s.exec(select(Meeting.title)).one() == "Theirs"


async def test_palette_offers_import_export_and_history(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "go to import", "Go to Import")
        assert type(app.screen).__name__ == "ImportScreen"
        await pilot.press("escape")
        await settled(pilot)
        await palette(pilot, "go to export", "Go to Export")
        assert type(app.screen).__name__ == "ExportScreen"
