"""Undo where you are: ctrl+z on a page undoes my last change there; history in words."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import DataTable, Input, Select

from sgtui.services import editing
from sgtui.services.context import Services
from sgtui.services.registry import label
from sgtui.store.models import Action, Meeting, Review
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.keys import SIZE, palette
from tests.support.waiting import settled


async def edit_review_subject(pilot, subject: str) -> None:  # noqa: ANN001
    await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
    await pilot.press("e")
    await settled(pilot)
    pilot.app.screen.query_one("#field-subject", Input).value = subject
    await pilot.press("ctrl+s")
    await settled(pilot)


async def edit_action_status(pilot, status: str) -> None:  # noqa: ANN001
    await palette(pilot, "network", "Network")  # the meeting, whatever its title now
    actions = pilot.app.screen.query_one("#meeting-actions", RecordTable)
    actions.table.focus()
    await pilot.press("enter")
    await settled(pilot)
    pilot.app.screen.query_one("#field-status", Select).value = status
    await pilot.press("ctrl+s")
    await settled(pilot)


def stored(svc: Services) -> tuple[str | None, str]:
    with svc.session() as s:
        return s.exec(select(Review.subject)).one(), s.exec(select(Action.status)).one()


async def test_ctrl_z_on_a_record_page_reverts_only_that_record(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await edit_review_subject(pilot, "Child Q")
        await edit_action_status(pilot, "In progress")  # my last change anywhere
        assert stored(svc) == ("Child Q", "in_progress")
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert type(app.screen).__name__ == "UndoModal"
        preview = str(app.screen.query_one("#undo-preview").render())
        assert "LAM-RR-2025-03" in preview, preview
        await pilot.click("#undo-yes")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert "subject: Child P" in str(app.screen.query_one("#record-header").render())
    assert stored(svc) == ("Child P", "in_progress")


async def test_ctrl_z_on_a_page_where_i_changed_nothing_says_so(
    app: SgtuiApp, svc: Services
) -> None:
    other = Services(db=svc.db, clock=svc.clock, actor="A Colleague")
    with other.session() as s:
        editing.create(s, other, "person", {"name": "Chris Lane"})
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await edit_action_status(pilot, "In progress")  # my last change, elsewhere
        await palette(pilot, "Chris Lane", "Chris Lane")
        assert type(app.screen).__name__ == "PersonScreen"
        await pilot.press("ctrl+z")
        await settled(pilot)
        preview = str(app.screen.query_one("#undo-preview").render())
        assert "Not undone" in preview and "not changed this record" in preview
        assert app.screen.query_one("#undo-yes").disabled
    assert stored(svc)[1] == "in_progress"


async def test_history_shows_field_labels_and_display_values(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await edit_action_status(pilot, "In progress")
        await edit_review_subject(pilot, "Child Q")
        await pilot.press("h")
        await settled(pilot)
        table = app.screen.query_one("#history-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        fields = {row[3] for row in rows}
        assert [label("review", "subject"), "Child P", "Child Q"] == rows[0][3:]
        assert label("review", "notified_on") in fields  # from the seeded create
        assert not fields & {"subject", "notified_on", "borough_id", "version"}
        created = {row[3]: row[5] for row in rows}
        assert created[label("review", "notified_on")] == "03/03/2025"
        assert created[label("review", "borough")] == "Lambeth"
        # u here undoes my last change to this review, not the action changed before it
        await pilot.press("u")
        await settled(pilot)
        preview = str(app.screen.query_one("#undo-preview").render())
        assert "LAM-RR-2025-03" in preview, preview
        assert f"Undo would put back {label('review', 'subject')}." in preview, preview


async def test_ctrl_z_on_a_list_undoes_my_last_change_to_what_it_shows(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", "Safeguarding & CLA Health Network")
        await pilot.press("e")
        await settled(pilot)
        app.screen.query_one("#field-title", Input).value = "Network (renamed)"
        await pilot.press("ctrl+s")
        await settled(pilot)
        await edit_action_status(pilot, "In progress")  # my last change: not a meeting
        await pilot.press("2")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert "in this list" in str(app.screen.query_one(".dialog-title").render())
        await pilot.click("#undo-yes")
        await settled(pilot)
        titles = [row.cells for row in app.screen.query_one("#main-list", RecordTable).rows]
        assert any("Safeguarding & CLA Health Network" in cells for cells in titles), titles
    with svc.session() as s:
        assert s.exec(select(Meeting.title)).one() == "Safeguarding & CLA Health Network"
    assert stored(svc)[1] == "in_progress"
