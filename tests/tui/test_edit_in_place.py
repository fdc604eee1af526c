"""F2 edits the cell under the cursor in place, through the services (issue 11, item 1)."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from textual.widgets import Input, OptionList, Static

from sgtui.services.context import Services
from sgtui.store.models import Action, TrainingRecord
from sgtui.tui.app import SgtuiApp
from sgtui.tui.modals.cell_editor import CellEditorModal
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.app import notices
from tests.support.keys import SIZE, type_text
from tests.support.waiting import settled


def _action(svc: Services) -> Action:
    with svc.session() as s:
        return s.exec(select(Action)).one()


def _cursor_on(table: LinkTable, key: str, column: str) -> None:
    """Put the cell cursor on ``key``'s row, in the column with that key."""
    index = [key.value for key in table.columns].index(column)
    table.move_cursor(row=table.get_row_index(key), column=index)
    table.focus()


async def _actions_list(pilot, app: SgtuiApp) -> RecordTable:  # noqa: ANN001
    """The Meetings area's "Actions across meetings" tab, settled."""
    await pilot.press("2")
    await settled(pilot)
    app.screen.query_one("#meetings-tabs").active = "tab-actions"
    await settled(pilot)
    return app.screen.query_one("#all-actions", RecordTable)


async def test_f2_edits_a_due_date_and_today_follows(app: SgtuiApp, svc: Services) -> None:
    action = _action(svc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        overdue = app.screen.query_one("#today-actions", LinkTable)
        assert f"action:{action.id}" in overdue.rows_by_key  # due 01/03, today is 10/03
        actions = await _actions_list(pilot, app)
        _cursor_on(actions.table, f"action:{action.id}", "due")
        await pilot.press("f2")
        await settled(pilot)
        editor = app.screen
        assert isinstance(editor, CellEditorModal)
        box = editor.query_one(Input)
        assert box.value == "01/03/2025"
        box.value = ""
        await type_text(pilot, "+5wd")
        await pilot.press("enter")
        await settled(pilot)
        assert not isinstance(app.screen, CellEditorModal)
        assert _action(svc).due_on == date(2025, 3, 17)  # five working days from Mon 10/03
        row = actions.table.current_row
        assert row is not None and row.key == f"action:{action.id}"  # the cursor stayed
        assert "17/03/2025" in row.cells
        await pilot.press("1")
        await settled(pilot)
        overdue = app.screen.query_one("#today-actions", LinkTable)
        assert f"action:{action.id}" not in overdue.rows_by_key


async def test_a_bad_value_shows_its_reason_and_saves_nothing(app: SgtuiApp, svc: Services) -> None:
    action = _action(svc)
    async with app.run_test(size=SIZE) as pilot:
        actions = await _actions_list(pilot, app)
        _cursor_on(actions.table, f"action:{action.id}", "due")
        await pilot.press("f2")
        await settled(pilot)
        app.screen.query_one(Input).value = ""
        await type_text(pilot, "31/02/2025")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CellEditorModal)  # kept open, to correct
        message = str(app.screen.query_one("#cell-editor-message", Static).render())
        assert message.startswith("Due ") and "31/02/2025" in message
        await pilot.press("escape")
        await settled(pilot)
        assert not isinstance(app.screen, CellEditorModal)
        assert _action(svc).due_on == date(2025, 3, 1)
        assert _action(svc).version == action.version


async def test_a_choice_is_picked_from_a_list(app: SgtuiApp, svc: Services) -> None:
    action = _action(svc)
    async with app.run_test(size=SIZE) as pilot:
        actions = await _actions_list(pilot, app)
        _cursor_on(actions.table, f"action:{action.id}", "status")
        await pilot.press("f2")
        await settled(pilot)
        picker = app.screen.query_one(OptionList)
        labels = [str(option.prompt) for option in picker.options]
        picker.highlighted = labels.index("In progress")
        await pilot.press("enter")
        await settled(pilot)
        assert _action(svc).status == "in_progress"


async def test_a_worked_out_column_says_where_to_edit(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settled(pilot)
        training = app.screen.query_one("#main-list", RecordTable)
        first = training.table.current_row
        assert first is not None
        _cursor_on(training.table, first.key, "state")
        await pilot.press("f2")
        await settled(pilot)
        assert not isinstance(app.screen, CellEditorModal)
        shown = notices(app)
        assert any("worked out; edit it on the record (Enter)" in m for m in shown)


async def test_a_training_cell_edits_the_training_record(app: SgtuiApp, svc: Services) -> None:
    """A training row opens its person, but its cells are the training record's."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settled(pilot)
        training = app.screen.query_one("#main-list", RecordTable)
        first = training.table.current_row
        assert first is not None
        _cursor_on(training.table, first.key, "provider")
        await pilot.press("f2")
        await settled(pilot)
        app.screen.query_one(Input).value = "Local authority"
        await pilot.press("enter")
        await settled(pilot)
    with svc.session() as s:
        record = s.get(TrainingRecord, int(first.key.split(":")[1]))
        assert record is not None and record.provider == "Local authority"


async def test_enter_on_the_value_as_it_was_saves_nothing(app: SgtuiApp, svc: Services) -> None:
    action = _action(svc)
    async with app.run_test(size=SIZE) as pilot:
        actions = await _actions_list(pilot, app)
        _cursor_on(actions.table, f"action:{action.id}", "owner")
        await pilot.press("f2")
        await settled(pilot)
        assert isinstance(app.screen, CellEditorModal)
        await pilot.press("enter")
        await settled(pilot)
        assert not isinstance(app.screen, CellEditorModal)
        assert "Nothing changed" in notices(app)
    assert _action(svc).version == action.version


async def test_f2_in_a_today_panel_edits_there_and_the_tile_follows(
    app: SgtuiApp, svc: Services
) -> None:
    """Today's own lists are edited in place too: the action moves out of "past due"."""
    action = _action(svc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        tile = app.screen.query_one("#tile-actions", Static)
        assert str(tile.render()).split()[0] == "1"
        overdue = app.screen.query_one("#today-actions", LinkTable)
        _cursor_on(overdue, f"action:{action.id}", "when")
        await pilot.press("f2")
        await settled(pilot)
        assert not isinstance(app.screen, CellEditorModal), "When is worked out"
        assert any("When: this column is worked out" in n for n in notices(app))
        _cursor_on(overdue, f"action:{action.id}", "due")
        await pilot.press("f2")
        await settled(pilot)
        editor = app.screen
        assert isinstance(editor, CellEditorModal)
        box = editor.query_one(Input)
        assert box.value == "01/03/2025"
        box.value = ""
        await type_text(pilot, "14/03/2025")
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert _action(svc).due_on == date(2025, 3, 14)
        assert f"action:{action.id}" not in overdue.rows_by_key
        assert str(tile.render()).split()[0] == "0"
