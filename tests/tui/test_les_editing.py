"""Pilot tests of the LES year (stories 9 and 10): steps, answers, criteria, a new year.

Each ends with its effect seen somewhere else: the grid's status, a return's marks,
the new year's grid, the criteria list.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from textual.widgets import Input, Select

from sgtui.services import les
from sgtui.services.context import Services
from sgtui.store.models import LesAnswer, LesCriterion, LesReturn, LesScheme, Practice
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.app import notices
from tests.support.keys import SIZE
from tests.support.waiting import settled


def _text(app: SgtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def _grid(app: SgtuiApp) -> dict[str, tuple[str, ...]]:
    """The LES grid's rows in view: ODS code -> cells."""
    return {r.cells[0]: r.cells for r in app.screen.query_one("#main-list", RecordTable).rows}


def _cursor_on(app: SgtuiApp, table: LinkTable, key: str) -> None:
    table.move_cursor(row=table.get_row_index(key))
    table.focus()


def _return_id(svc: Services, ods: str, year: str = "2024/25") -> int:
    with svc.session() as s:
        return s.exec(
            select(LesReturn.id)
            .join(Practice, Practice.id == LesReturn.practice_id)
            .join(LesScheme, LesScheme.id == LesReturn.scheme_id)
            .where(Practice.ods_code == ods, LesScheme.year == year)
        ).one()  # type: ignore[return-value]


async def test_contract_signed_today_on_a_return_moves_its_status(
    app: SgtuiApp, svc: Services
) -> None:
    """Story 9: e on a return's page, contract signed "today"; the grid shows it."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        assert _grid(app)["G85001"][3] == "Contract sent"
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesReturnScreen"
        await pilot.press("e")
        await settled(pilot)
        form = app.screen
        assert type(form).__name__ == "RegistryFormModal"
        form.query_one("#field-contract_signed_on", Input).value = "01/04/2024"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "is before contract sent (02/04/2024)" in _text(app, "#error-contract_signed_on")
        with svc.session() as s:
            assert s.get(LesReturn, _return_id(svc, "G85001")).status == "contract_sent"  # type: ignore[union-attr]
        form.query_one("#field-contract_signed_on", Input).value = "today"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesReturnScreen"
        assert "· Contract signed ·" in _text(app, "#record-header")
        assert "✓ Contract signed: 10/03/2025" in _text(app, "#return-pipeline")
        await pilot.press("escape")
        await settled(pilot)
        assert _grid(app)["G85001"][3] == "Contract signed"
        assert _grid(app)["G85002"][3] == "Contract sent"
    with svc.session() as s:
        signed = s.get(LesReturn, _return_id(svc, "G85001"))
        assert (signed.status, signed.contract_signed_on) == ("contract_signed", date(2025, 3, 10))  # type: ignore[union-attr]


async def test_grid_e_edits_the_return_under_the_cursor(app: SgtuiApp, svc: Services) -> None:
    """From the grid: e on Peckham, return received "yes" (date not known)."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        grid = app.screen.query_one("#main-list", RecordTable)
        _cursor_on(app, grid.table, f"les:{_return_id(svc, 'G85099')}")
        await pilot.press("e")
        await settled(pilot)
        assert "G85099 Peckham Medical Centre · 2024/25" in _text(app, ".dialog-title")
        app.screen.query_one("#field-return_received_on", Input).value = "yes"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesScreen"
        assert _grid(app)["G85099"][3:6] == ("Return received", "02/04/2024", "Yes, undated")
        assert _grid(app)["G85001"][3] == "Contract sent"


async def test_bulk_signed_on_the_selection(app: SgtuiApp, svc: Services) -> None:
    """G marks the selected returns signed today; the others are left alone."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        grid = app.screen.query_one("#main-list", RecordTable)
        for ods in ("G85001", "G85099"):
            _cursor_on(app, grid.table, f"les:{_return_id(svc, ods)}")
            await pilot.press("space")
        await pilot.press("G")
        await settled(pilot)
        statuses = {ods: cells[3] for ods, cells in _grid(app).items()}
        assert statuses == {
            "G85001": "Contract signed",
            "G85002": "Contract sent",
            "G85099": "Contract signed",
        }


def _four_criteria(svc: Services) -> None:
    """The seed's two criteria (yes/no; percentage ≥ 90) plus a date and a number (≥ 4)."""
    with svc.session() as s:
        scheme = les.get_scheme(s, "2024/25")
        les.save_criterion(
            s,
            svc,
            scheme,
            {"code": "C03", "question": "Policy reviewed", "answer_type": "date", "position": 3},
        )
        les.save_criterion(
            s,
            svc,
            scheme,
            {
                "code": "C04",
                "question": "Forums attended",
                "answer_type": "number",
                "threshold": 4,
                "position": 4,
            },
        )


async def test_answers_recorded_criterion_by_criterion(app: SgtuiApp, svc: Services) -> None:
    """Story 10: yes, a date, 92%, 3 → ✓ ✓ ✓ ✗; 150% is refused and nothing is saved."""
    _four_criteria(svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert _text(app, "#return-answers").count("? missing") == 4
        await pilot.press("r")
        await settled(pilot)
        form = app.screen
        assert "? missing" in _text(app, "#hint-C03")
        typed = {"C01": "yes", "C02": "150%", "C03": "01/03/2025", "C04": "3"}
        for code, text in typed.items():
            form.query_one(f"#field-{code}", Input).value = text
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is form
        assert "'150%' is not a percentage (0-100)" in _text(app, "#error-C02")
        assert _text(app, "#error-C01") == ""
        with svc.session() as s:
            assert s.exec(select(LesAnswer)).first() is None, "nothing saved"
        form.query_one("#field-C02", Input).value = "92%"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesReturnScreen"
        lines = _text(app, "#return-answers").splitlines()
        assert [line.split(" C0")[0].strip() for line in lines] == [
            "✓ meets",
            "✓ meets",
            "✓ meets",
            "✗ not met",
        ]
        assert lines[3].endswith("C04 Forums attended: 3")
    with svc.session() as s:
        assert sorted(a.value for a in s.exec(select(LesAnswer))) == [  # type: ignore[type-var]
            "01/03/2025",
            "3",
            "92",
            "Yes",
        ]


async def test_new_scheme_year_lists_every_practice_with_criteria_copied(
    app: SgtuiApp, svc: Services
) -> None:
    """N starts 2025/26 (the next year, copying 2024/25); its grid lists all 3 practices."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("N")
        await settled(pilot)
        form = app.screen
        assert form.query_one("#field-year", Input).value == "2025/26"
        assert form.query_one("#field-copy_from", Select).value == "2024/25"
        form.query_one("#field-year", Input).value = "2024-25"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "2024/25 already exists" in _text(app, "#error-year")
        form.query_one("#field-year", Input).value = "2025/26"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesScreen"
        with svc.session() as s:
            new_id = les.get_scheme(s, "2025/26").id
        assert app.screen.query_one("#les-year", Select).value == new_id
        assert app.screen.scheme_id == new_id  # type: ignore[attr-defined]
        grid = _grid(app)
        assert sorted(grid) == ["G85001", "G85002", "G85099"]
        assert {cells[3] for cells in grid.values()} == {"Not sent"}
        await pilot.press("S")
        await settled(pilot)
        app.screen.query_one("#confirm-yes").press()
        await settled(pilot)
        assert {cells[3:5] for cells in _grid(app).values()} == {("Contract sent", "10/03/2025")}
        await pilot.press("C")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesSchemeScreen"
        assert "LES scheme year 2025/26" in _text(app, "#record-header")
        criteria = app.screen.query_one("#scheme-criteria", LinkTable)
        assert [r.cells[:4] for r in criteria.rows_by_key.values()] == [
            ("C01", "Safeguarding lead named", "Yes or no", ""),
            ("C02", "Level 3 training (%)", "Percentage", "90"),
        ]
    with svc.session() as s:
        old = les.get_scheme(s, "2024/25")
        assert len(s.exec(select(LesReturn).where(LesReturn.scheme_id == old.id)).all()) == 3
        assert {
            r.status for r in s.exec(select(LesReturn).where(LesReturn.scheme_id == old.id))
        } == {"contract_sent"}, "last year's returns untouched by this year's bulk step"


async def test_year_chooser_switches_the_grid(app: SgtuiApp, svc: Services) -> None:
    """y opens the year chooser; the grid follows the year picked."""
    with svc.session() as s:
        les.start_scheme_year(s, svc, "2025/26")
        les.mark_step(
            s, svc, [_return_id(svc, "G85002", "2024/25")], "return_received_on", date(2025, 3, 3)
        )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        assert {cells[3] for cells in _grid(app).values()} == {"Not sent"}, "latest year first"
        await pilot.press("y")
        await settled(pilot)
        await pilot.press("down", "enter")
        await settled(pilot)
        assert app.screen.year_text == "2024/25"  # type: ignore[attr-defined]
        assert app.focused is app.screen.query_one("#main-list", RecordTable).table
        assert _grid(app)["G85002"][3] == "Return received"


async def test_threshold_edited_changes_the_returns_mark(app: SgtuiApp, svc: Services) -> None:
    """C02 answered 92%: meets at 90; raised to 95 on the criteria list, the mark turns ✗."""
    with svc.session() as s:
        les_return = s.get(LesReturn, _return_id(svc, "G85001"))
        c02 = s.exec(select(LesCriterion).where(LesCriterion.code == "C02")).one()
        les.save_answer(s, svc, les_return, c02, "92%")  # type: ignore[arg-type]
        c02_id = c02.id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("C")
        await settled(pilot)
        criteria = app.screen.query_one("#scheme-criteria", LinkTable)
        assert criteria.rows_by_key[f"les_criterion:{c02_id}"].cells[3:] == ("90", "2", "1")
        _cursor_on(app, criteria, f"les_criterion:{c02_id}")
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        app.screen.query_one("#field-threshold", Input).value = "95"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert criteria.rows_by_key[f"les_criterion:{c02_id}"].cells[3] == "95"
        await pilot.press("escape")
        await settled(pilot)
        grid = app.screen.query_one("#main-list", RecordTable)
        _cursor_on(app, grid.table, f"les:{_return_id(svc, 'G85001')}")
        await pilot.press("enter")
        await settled(pilot)
        assert "✗ not met  C02 Level 3 training (%): 92" in _text(app, "#return-answers")


async def test_criteria_added_deleted_and_the_year_edited(app: SgtuiApp, svc: Services) -> None:
    """a adds C03; Delete asks, deletes it, ctrl+z brings it back; an answered one stays."""
    with svc.session() as s:
        les_return = s.get(LesReturn, _return_id(svc, "G85001"))
        c01 = s.exec(select(LesCriterion).where(LesCriterion.code == "C01")).one()
        les.save_answer(s, svc, les_return, c01, "yes")  # type: ignore[arg-type]
        c01_id = c01.id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("C")
        await settled(pilot)
        await pilot.press("a")
        await settled(pilot)
        form = app.screen
        assert "Add a criterion to LES 2024/25" in _text(app, ".dialog-title")
        form.query_one("#field-code", Input).value = "c03"
        form.query_one("#field-question", Input).value = "MARAC reports shared"
        form.query_one("#field-answer_type", Select).value = "Yes or no"
        form.query_one("#field-position", Input).value = "3"
        await pilot.press("ctrl+s")
        await settled(pilot)
        criteria = app.screen.query_one("#scheme-criteria", LinkTable)
        assert [r.cells[0] for r in criteria.rows_by_key.values()] == ["C01", "C02", "C03"]
        _cursor_on(app, criteria, f"les_criterion:{c01_id}")
        await pilot.press("delete")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesSchemeScreen", "an answered one is not offered"
        criteria.move_cursor(row=2)
        await pilot.press("delete")
        await settled(pilot)
        assert "Delete criterion C03 “MARAC reports shared”?" in _text(app, ".dialog-title")
        app.screen.query_one("#confirm-yes").press()
        await settled(pilot)
        assert [r.cells[0] for r in criteria.rows_by_key.values()] == ["C01", "C02"]
        assert any("Deleted criterion C03 (ctrl+z undoes it)" in n for n in notices(app))
        await pilot.press("ctrl+z")
        await settled(pilot)
        app.screen.query_one("#undo-yes").press()
        await settled(pilot)
        assert [r.cells[0] for r in criteria.rows_by_key.values()] == ["C01", "C02", "C03"]
        await pilot.press("e")
        await settled(pilot)
        app.screen.query_one("#field-payment_basis", Input).value = "£1.20 per registered patient"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "Payment basis: £1.20 per registered patient" in _text(app, "#record-header")
    with svc.session() as s:
        scheme = les.get_scheme(s, "2024/25")
        assert scheme.payment_basis == "£1.20 per registered patient"
        assert [c.code for c in les.criteria(s, scheme.id)] == ["C01", "C02", "C03"]  # type: ignore[arg-type]
