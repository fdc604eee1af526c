"""The Export screen (reports as `sgtui export` writes them) and "export what I see"."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, ProgressBar, Select

from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.keys import SIZE, type_text
from tests.support.waiting import settled


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with Documents, where exports go by default."""
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    return folder


def message(app: SgtuiApp) -> str:
    return str(app.screen.query_one("#export-message").render())


def bar_counts(app: SgtuiApp) -> tuple[float | None, float]:
    """The export bar's (total, progress): the rows the exporter said it wrote."""
    bar = app.screen.query_one("#export-progress", ProgressBar)
    return bar.total, bar.progress


async def open_export(pilot) -> None:  # noqa: ANN001
    await settled(pilot)
    await pilot.press("f7")
    await settled(pilot)
    assert type(pilot.app.screen).__name__ == "ExportScreen"


async def test_export_the_les_return_then_replace_it_only_when_told(
    app: SgtuiApp, home: Path
) -> None:
    from openpyxl import load_workbook

    target = home / "Documents" / "les-return-2024-25-all.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        assert app.screen.query_one("#export-year", Input).value == "2024/25"
        output = app.screen.query_one("#export-output", Input)
        assert output.value == "~/Documents/les-return-2024-25-all.xlsx"
        await pilot.press("f9")
        await settled(pilot)
        assert message(app).startswith("✓ Wrote ~/Documents/les-return-2024-25-all.xlsx (")
        # Data rows in every sheet: Summary 12 measures + 2 criteria, Practice grid 3,
        # Answers 3, Exceptions 0 (no return received), Outstanding 3, Data notes 16 + 2
        # criteria: 14 + 3 + 3 + 0 + 3 + 18 = 41.
        assert bar_counts(app) == (41, 41)
        book = load_workbook(target, read_only=True)
        assert "Summary" in book.sheetnames
        book.close()
        first_written = target.stat().st_mtime_ns
        await pilot.press("f9")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("escape")  # keep it
        await settled(pilot)
        assert message(app) == "Not written: choose another file name."
        assert target.stat().st_mtime_ns == first_written
        await pilot.press("f9")
        await settled(pilot)
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert message(app).startswith("✓ Wrote")


async def test_meetings_calendar_for_one_borough_and_a_bad_date(app: SgtuiApp, home: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        reports = app.screen.query_one("#export-reports", OptionList)
        reports.focus()
        await pilot.press("end")
        await settled(pilot)
        assert not app.screen.query_one("#row-year").display
        assert app.screen.query_one("#row-date_from").display
        app.screen.query_one("#export-borough", Select).value = "LAM"
        await settled(pilot)
        output = app.screen.query_one("#export-output", Input)
        assert output.value == "~/Documents/meetings-LAM-2025-03-10-OFFICIAL-SENSITIVE.ics"
        app.screen.query_one("#export-date_from", Input).focus()
        await type_text(pilot, "31/02/2025")
        await pilot.press("f9")
        await settled(pilot)
        assert message(app).startswith("✗ From: ")
        app.screen.query_one("#export-date_from", Input).value = "01/03/2025"
        await pilot.press("f9")
        await settled(pilot)
        assert (
            message(app)
            == "✓ Wrote ~/Documents/meetings-LAM-2025-03-10-OFFICIAL-SENSITIVE.ics (1 meeting)"
        )
        assert bar_counts(app) == (1, 1)
    text = (home / "Documents" / "meetings-LAM-2025-03-10-OFFICIAL-SENSITIVE.ics").read_text(
        encoding="utf-8"
    )
    assert text.startswith("BEGIN:VCALENDAR") and "Safeguarding & CLA Health Network" in text


async def test_training_records_fill_the_bar_with_the_rows_written(
    app: SgtuiApp, home: Path
) -> None:
    from openpyxl import load_workbook

    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        reports = app.screen.query_one("#export-reports", OptionList)
        reports.highlighted = [o.id for o in reports.options].index("training")
        await settled(pilot)
        assert app.screen.query_one("#export-output", Input).value.startswith(
            "~/Documents/training-all-"
        )
        await pilot.press("f9")
        await settled(pilot)
        assert message(app).startswith("✓ Wrote ~/Documents/training-all-")
        # Dr Asha Patel's and Ben Okafor's Level 3 completions, counted before writing.
        assert bar_counts(app) == (2, 2)
    book = load_workbook(next((home / "Documents").glob("training-all-*.xlsx")))
    assert book["Training"].max_row == 1 + 2
    book.close()


async def test_a_file_type_the_report_cannot_write_is_refused_in_words(
    app: SgtuiApp, home: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        app.screen.query_one("#export-output", Input).value = "~/Documents/return.csv"
        await pilot.press("f9")
        await settled(pilot)
        assert message(app).startswith("✗ Not written: return.csv")
        assert not (home / "Documents" / "return.csv").exists()


async def test_export_what_i_see_keeps_filter_and_sort(
    app: SgtuiApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sgtui.tui.modals.export_table import ExportTableModal

    target = tmp_path / "practices.csv"
    told: list[tuple[int, int]] = []
    feed_bar = ExportTableModal._progress

    def watched(modal: ExportTableModal, done: int, total: int) -> None:
        told.append((done, total))
        feed_bar(modal, done, total)

    monkeypatch.setattr(ExportTableModal, "_progress", watched)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "practice")
        await pilot.press("enter")
        await settled(pilot)
        table = app.screen.query_one("#main-list", RecordTable)
        names = [c.key for c in table.table.ordered_columns]
        table.table.move_cursor(column=names.index("name"))
        await pilot.press("s")  # the list opens sorted by name A-Z: this reverses it
        await settled(pilot)
        assert table.request.sort is not None and table.request.sort.descending
        await pilot.press("x")
        await settled(pilot)
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await settled(pilot)
    assert told == [(2, 2)]  # the modal's bar was fed the two rows it wrote
    rows = target.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [r.split(",")[1] for r in rows] == [
        "Clapham Family Practice",
        "Brixton Hill Group Practice",
    ]


async def test_export_what_i_see_writes_real_dates_by_the_user(
    app: SgtuiApp, tmp_path: Path
) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    target = tmp_path / "meetings.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("x")
        await settled(pilot)
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await settled(pilot)
    book = load_workbook(target)
    assert (book.properties.creator, book.properties.lastModifiedBy) == (
        "Test Officer",
        "Test Officer",
    )
    ws = book.active
    assert ws["A1"].value == "Date"
    assert (ws["A2"].value, ws["A2"].number_format) == (datetime(2025, 3, 13), "dd/mm/yyyy")
