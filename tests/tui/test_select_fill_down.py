"""Select rows and act on them: bulk steps and "set a field" on the selection (issue 11, 2)."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from textual.widgets import Button, Input, OptionList, Static

from sgtui.services import les, practices
from sgtui.services.context import Services
from sgtui.services.reference import find_borough
from sgtui.store.models import LesReturn, Practice
from sgtui.tui.app import SgtuiApp
from sgtui.tui.modals.cell_editor import CellEditorModal
from sgtui.tui.modals.confirm import ConfirmModal
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.app import notices
from tests.support.clock import TODAY
from tests.support.keys import SIZE, type_text
from tests.support.waiting import settled

EXTRA = [f"G86{n:03d}" for n in range(1, 10)]
"""Nine more Lambeth practices, each sent a contract: twelve returns on the chase list."""


def _more_returns(svc: Services) -> None:
    with svc.session() as s:
        lam = find_borough(s, "LAM")
        assert lam is not None
        scheme = les.get_scheme(s, "2024/25")
        for ods in EXTRA:
            practice = practices.save_practice(
                s, svc, {"ods_code": ods, "name": f"Surgery {ods}", "borough_id": lam.id}
            )[1]
            les.save_return(s, svc, scheme, practice, {"contract_sent_on": date(2024, 4, 2)})


def _returns(svc: Services) -> dict[str, LesReturn]:
    """Every return by its practice's ODS code."""
    with svc.session() as s:
        found = s.exec(select(Practice.ods_code, LesReturn).join(LesReturn)).all()
        return {ods: les_return for ods, les_return in found}


async def _les_grid(pilot, app: SgtuiApp, *, chase: bool = False) -> RecordTable:  # noqa: ANN001
    await pilot.press("4")
    await settled(pilot)
    if chase:
        await pilot.press("w")
        await settled(pilot)
    grid = app.screen.query_one("#main-list", RecordTable)
    grid.table.focus()
    return grid


def _status(grid: RecordTable) -> str:
    return str(grid.query_one(".record-table--status", Static).render())


def _ods_of(grid: RecordTable, keys: list[str]) -> set[str]:
    return {grid.table.rows_by_key[key].cells[0] for key in keys}


async def test_seven_selected_with_space_are_exactly_the_ones_chased(
    app: SgtuiApp, svc: Services
) -> None:
    _more_returns(svc)
    async with app.run_test(size=SIZE) as pilot:
        grid = await _les_grid(pilot, app, chase=True)
        assert grid.total == 12
        assert "0 selected" in _status(grid)
        for row in range(10):  # rows 0-2, 4-6 and 8; row 9 selected, then unselected
            await pilot.press(*(["space"] if row not in (3, 7) else []), "down")
        await pilot.press("up", "space")
        chosen = _ods_of(grid, grid.table.marked_rows)
        assert len(chosen) == 7
        assert "7 selected" in _status(grid)
        assert all("✓" in grid.table.get_row(key)[0] for key in grid.table.marked_rows)
        await pilot.press("k")
        await settled(pilot)
        assert not isinstance(app.screen, ConfirmModal)  # a selection: no question asked
    chased = {ods for ods, r in _returns(svc).items() if r.last_chased_on == TODAY}
    assert chased == chosen
    assert all(r.chase_count == 1 for ods, r in _returns(svc).items() if ods in chosen)


async def test_fill_down_contract_signed_then_one_undo(app: SgtuiApp, svc: Services) -> None:
    _more_returns(svc)
    async with app.run_test(size=SIZE) as pilot:
        grid = await _les_grid(pilot, app)
        await pilot.press("down", "shift+down", "shift+down", "shift+down")
        await pilot.press("down", "down", "space")
        chosen = _ods_of(grid, grid.table.marked_rows)
        assert len(chosen) == 5
        await pilot.press("equals_sign")
        await settled(pilot)
        fields = app.screen.query_one(OptionList)
        ids = [option.id for option in fields.options]
        assert ids[:4] == [
            "contract_sent_on",
            "return_received_on",
            "chase_count",
            "last_chased_on",
        ]
        fields.highlighted = ids.index("contract_signed_on")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CellEditorModal)
        assert "5 selected" in str(app.screen.query_one("#cell-editor-title").render())
        await type_text(pilot, "today")
        await pilot.press("enter")
        await settled(pilot)
        assert not isinstance(app.screen, CellEditorModal)
        signed = {ods for ods, r in _returns(svc).items() if r.contract_signed_on == TODAY}
        assert signed == chosen
        assert "0 selected" in _status(grid)  # the selection is spent
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert "on 5 records" in str(app.screen.query_one("#undo-preview").render())
        assert app.screen.focused is app.screen.query_one("#undo-yes", Button)
        await pilot.press("enter")
        await settled(pilot)
    assert all(r.contract_signed_on is None for r in _returns(svc).values())


async def test_a_refused_fill_down_names_the_record_and_changes_none(
    app: SgtuiApp, svc: Services
) -> None:
    _more_returns(svc)
    async with app.run_test(size=SIZE) as pilot:
        grid = await _les_grid(pilot, app)
        await pilot.press("ctrl+a")
        assert "12 selected" in _status(grid)
        await pilot.press("equals_sign")
        await settled(pilot)
        fields = app.screen.query_one(OptionList)
        fields.highlighted = [o.id for o in fields.options].index("chase_count")
        await pilot.press("enter")
        await settled(pilot)
        await type_text(pilot, "lots")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CellEditorModal)
        message = str(app.screen.query_one("#cell-editor-message").render())
        assert message == "Times chased 'lots' is not a whole number (LES return G85001)"
        await pilot.press("escape")
        await settled(pilot)
        shown = notices(app)
        assert "Cancelled" in shown
    assert all(r.chase_count == 0 for r in _returns(svc).values())


async def test_bulk_with_nothing_selected_asks_with_the_action_focused(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _les_grid(pilot, app, chase=True)
        await pilot.press("k")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.focused is app.screen.query_one("#confirm-yes", Button)
        await pilot.press("escape")
        await settled(pilot)
        assert "Cancelled: nothing changed" in notices(app)
    assert all(r.last_chased_on is None for r in _returns(svc).values())


async def test_ctrl_a_twice_unselects_and_the_input_is_left_alone(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        grid = await _les_grid(pilot, app)
        await pilot.press("ctrl+a")
        assert "3 selected" in _status(grid)
        await pilot.press("ctrl+a")
        assert "0 selected" in _status(grid)
        await pilot.press("slash")
        await type_text(pilot, "G85")
        await pilot.press("ctrl+a")  # in the filter box: the line's own "home", not select
        assert app.screen.focused is grid.query_one(Input)
        assert "0 selected" in _status(grid)
