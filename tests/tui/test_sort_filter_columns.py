"""Sorting by the column under the cursor, column filters as chips, the LES criteria columns,
and "export what I see" keeping the filters."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from sgtui.services import les
from sgtui.services.context import Services
from sgtui.store.models import LesReturn, Practice
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.filter_chips import FilterChip, FilterChips
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.app import notices, still
from tests.support.keys import SIZE, type_text
from tests.support.waiting import settled


def _answer_c01(svc: Services, answers: dict[str, str]) -> None:
    """Answer C01 on the seeded year's returns (ODS code -> answer), through the services."""
    with svc.session() as s:
        scheme = les.scheme_years(s)[0]
        c01 = next(c for c in les.criteria(s, scheme.id) if c.code == "C01")
        returns = s.exec(
            select(LesReturn, Practice.ods_code)
            .join(Practice, Practice.id == LesReturn.practice_id)
            .where(LesReturn.scheme_id == scheme.id)
        )
        for les_return, ods in returns:
            if ods in answers:
                les.save_answer(s, svc, les_return, c01, answers[ods])


def _main(app: SgtuiApp) -> RecordTable:
    return app.screen.query_one("#main-list", RecordTable)


async def _filter(pilot, condition: str) -> None:  # noqa: ANN001
    await pilot.press("f")
    await settled(pilot)
    _main(pilot.app).where_input.value = ""
    await type_text(pilot, condition)
    await pilot.press("enter")
    await settled(pilot)


async def test_s_sorts_the_column_under_the_cursor_and_D_sorts_it_down(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settled(pilot)
        table = _main(app)
        table.table.focus()  # below the expiring panel
        await pilot.press("s")  # on Person: by name
        await settled(pilot)
        assert [r.cells[0] for r in table.rows] == ["Ben Okafor", "Dr Asha Patel"]
        await pilot.press("right", "right", "right")
        assert table.table.current_column == "expires"
        await pilot.press("s")
        await settled(pilot)
        assert str(table.table.columns["expires"].label) == "Expires ▲"  # type: ignore[index]
        assert [r.cells[3] for r in table.rows] == ["25/03/2025", "01/06/2027"]
        await pilot.press("D")
        await settled(pilot)
        assert str(table.table.columns["expires"].label) == "Expires ▼"  # type: ignore[index]
        assert [r.cells[3] for r in table.rows] == ["01/06/2027", "25/03/2025"]
        assert table.table.current_column == "expires", "the column cursor survives the reload"


async def test_c01_no_on_the_les_grid_chips_and_export(
    app: SgtuiApp, svc: Services, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _answer_c01(svc, {"G85001": "No", "G85002": "Yes", "G85099": "No"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("A")
        await settled(pilot)
        table = _main(app)
        assert [str(c.label) for c in table.table.columns.values()][-2:] == ["C01", "C02"]
        await _filter(pilot, "C01 = No")
        assert sorted(r.cells[0] for r in table.rows) == ["G85001", "G85099"]
        chips = app.screen.query_one(FilterChips)
        assert chips.display and [str(c.render()) for c in chips.query(FilterChip)] == [
            "C01 = No ✗"
        ]

        await pilot.press("x")
        await settled(pilot)
        target = tmp_path / "les.xlsx"
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settled(pilot)
        sheet = load_workbook(target, read_only=True).active
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[union-attr]
        header = next(i for i, line in enumerate(lines) if line and line[0] == "ODS")
        assert lines[header][-2:] == ["C01", "C02"]
        c01 = lines[header].index("C01")  # a blank cell is empty, so a row may end before it
        exported = sorted((line[0], line[c01]) for line in lines[header + 1 :] if line[0])
        assert exported == [("G85001", "No"), ("G85099", "No")]

        chips.focus()
        await pilot.press("backspace")
        await settled(pilot)
        assert len(table.rows) == 3 and not chips.display


async def test_a_bad_condition_says_why_and_a_click_removes_a_chip(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settled(pilot)
        table = _main(app)
        table.table.focus()
        await _filter(pilot, "Expires < soonish")
        error = app.screen.query_one(".record-table--where-error")
        assert error.display and "holds dates" in str(error.render())  # type: ignore[attr-defined]
        table.where_input.value = ""
        await type_text(pilot, "Expires < 30d")
        await pilot.press("enter")
        await settled(pilot)
        assert [r.cells[0] for r in table.rows] == ["Dr Asha Patel"]
        await _filter(pilot, "Status is in date")
        assert table.rows == [] and table.where == ("Expires < 30d", "Status is in date")
        await pilot.click(FilterChip)  # the first chip
        await settled(pilot)
        assert table.where == ("Status is in date",)
        assert [r.cells[0] for r in table.rows] == ["Ben Okafor"]
        await pilot.press("f")
        await settled(pilot)
        assert table.where_input.display and table.where_input.value == "Person "
        await pilot.press("escape")  # closes the box, not the screen
        await settled(pilot)
        assert not table.where_input.display and type(app.screen).__name__ == "TrainingScreen"
        assert table.where == ("Status is in date",)


async def test_a_hidden_column_stays_hidden_after_a_restart(svc: Services) -> None:
    from textual.widgets import SelectionList

    from sgtui.tui.modals.column_chooser import ColumnChooserModal

    async with still(SgtuiApp(svc)).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settled(pilot)
        _main(pilot.app).table.focus()
        await pilot.press("v")
        await settled(pilot)
        assert isinstance(pilot.app.screen, ColumnChooserModal)
        choices = pilot.app.screen.query_one("#column-choices", SelectionList)
        choices.focus()
        choices.highlighted = 4  # Status
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settled(pilot)
        shown = [str(c.label) for c in _main(pilot.app).table.columns.values()]
        assert "Status" not in shown and "Provider" in shown

    restarted = still(SgtuiApp(svc))  # reads the same settings file
    async with restarted.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settled(pilot)
        table = _main(restarted)
        shown = [str(c.label) for c in table.table.columns.values()]
        assert shown == ["Person", "Course", "Completed", "Expires ▲", "Provider"]
        table.table.focus()
        await pilot.press("right", "right", "right", "right")
        assert table.table.current_cell() == ("Provider", "")


async def test_hiding_the_answers_drops_a_filter_on_them_and_says_so(
    app: SgtuiApp, svc: Services
) -> None:
    _answer_c01(svc, {"G85001": "No"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("A")
        await settled(pilot)
        await _filter(pilot, "C01 = No")
        table = _main(app)
        assert [r.cells[0] for r in table.rows] == ["G85001"]
        await pilot.press("A")
        await settled(pilot)
        assert table.where == () and len(table.rows) == 3
        assert any("Filter “C01 = No” removed" in n for n in notices(app))


async def test_the_detail_line_shows_a_cut_short_action_in_full(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("enter")  # the seeded meeting's page
        await settled(pilot)
        actions = app.screen.query(RecordTable).last()
        actions.table.focus()
        await pilot.pause()
        detail = str(actions.query_one(".record-table--detail").render())  # type: ignore[attr-defined]
        assert detail.startswith("Reference: ")
        assert "Action: Circulate the training figures" in detail
