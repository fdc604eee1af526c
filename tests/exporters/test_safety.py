"""Formula neutralisation, atomic owner-only writes, overwrite refusal, clear errors."""

from __future__ import annotations

import csv
import os
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from sgtui.exporters.safety import (
    ExportError,
    atomic_target,
    is_dangerous,
    is_dangerous_csv,
    marked_file_name,
    neutralise_csv,
)
from sgtui.exporters.table import export_table
from sgtui.exporters.workbook import SheetColumn

MADE = datetime(2025, 3, 10, 9, tzinfo=UTC)
"""When these workbooks say they were made (the clock's instant, passed in)."""

DANGEROUS = ["=1+2", "+44 20 7946 0000", "-2+3", "@SUM(A1)", "\tfoo", "\rbar"]
COLUMNS = [SheetColumn("Text"), SheetColumn("When", "date"), SheetColumn("Share", "percent")]


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_text_is_recognised(text: str) -> None:
    assert is_dangerous(text)
    assert neutralise_csv(text) == "'" + text


@pytest.mark.parametrize("text", ["plain", "a=b", "", "'quoted", "5-3"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not is_dangerous(text)
    assert neutralise_csv(text) == text


AFTER_SEPARATOR = [";=1+1", "a,=1+2", "x\t+44", "note;@SUM(A1)", "ok;-2+3", "a;\tb", "a,\rb"]


@pytest.mark.parametrize("text", AFTER_SEPARATOR)
def test_a_trigger_after_a_separator_is_dangerous_in_csv(text: str) -> None:
    assert not is_dangerous(text)  # one xlsx cell: only its start matters
    assert is_dangerous_csv(text)
    assert neutralise_csv(text) == "'" + text


@pytest.mark.parametrize("text", ["a; =1", "10-12", "a=b;c", "Smith, J", "5;3"])
def test_separators_without_a_trigger_are_left_alone(text: str) -> None:
    assert not is_dangerous_csv(text)
    assert neutralise_csv(text) == text


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_reader_sees_a_formula_in_a_csv(tmp_path: Path, delimiter: str) -> None:
    rows = [[";=1+1", -5, None], ["a;b", 2.5, None], ["x\t=2", None, 0.5]]
    path = export_table(COLUMNS, rows, tmp_path / "x.csv", title="D", created=MADE)
    text = path.read_bytes().decode("utf-8-sig")
    assert text == ('Text,When,Share\r\n"\';=1+1",-5,\r\n"a;b",2.5,\r\n"\'x\t=2",,50.0%\r\n')
    with path.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle, delimiter=delimiter) for cell in row]
    assert [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))] == []
    negatives = [c for c in cells if c.startswith("-")]
    assert negatives == (["-5"] if delimiter == "," else [])  # a real number stays a number


def test_csv_cells_are_quoted_as_the_csv_module_reads_them(tmp_path: Path) -> None:
    rows = [['say "hi"', None, None], ["two\nlines", None, None], ["", None, None]]
    path = export_table(["Text", "B", "C"], rows, tmp_path / "x.csv", title="D", created=MADE)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[1:] == [
            ['say "hi"', "", ""],
            ["two\nlines", "", ""],
            ["", "", ""],
        ]
    one = export_table(["Only"], [[""]], tmp_path / "one.csv", title="D", created=MADE)
    assert one.read_bytes().decode("utf-8-sig") == 'Only\r\n""\r\n'


def test_xlsx_cells_are_text_never_formulas(tmp_path: Path) -> None:
    path = export_table(
        COLUMNS,
        [[t, None, None] for t in DANGEROUS],
        tmp_path / "x.xlsx",
        title="Danger",
        created=MADE,
    )
    ws = openpyxl.load_workbook(path).active
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    # XML turns a bare carriage return into a line feed; the text is otherwise unchanged.
    assert [c.value for c in cells] == [t.replace("\r", "\n") for t in DANGEROUS]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_csv_cells_are_prefixed(tmp_path: Path) -> None:
    path = export_table(
        COLUMNS, [[t, None, None] for t in DANGEROUS], tmp_path / "x.csv", title="D", created=MADE
    )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in DANGEROUS]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_writes_iso_dates_and_uk_percentages(tmp_path: Path) -> None:
    path = export_table(
        COLUMNS, [["a", date(2025, 3, 4), 0.925]], tmp_path / "x.csv", title="D", created=MADE
    )
    text = path.read_bytes().decode("utf-8-sig")
    assert text == "Text,When,Share\r\na,2025-03-04,92.5%\r\n"


def test_xlsx_dates_and_numbers_are_real(tmp_path: Path) -> None:
    rows = [["a", date(2025, 3, 4), 0.925], ["b", datetime(2025, 7, 1, 9, 30), 1]]
    path = export_table(COLUMNS, rows, tmp_path / "x.xlsx", title="T", created=MADE)
    ws = openpyxl.load_workbook(path).active
    assert ws["B2"].value == datetime(2025, 3, 4) and ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["B3"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["C2"].value == 0.925 and ws["C2"].number_format == "0.0%"
    assert ws["C3"].data_type == "n"


def test_existing_file_is_refused_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("precious")
    with pytest.raises(ExportError, match="already exists.*--force"):
        export_table(["A"], [["x"]], target, title="T", created=MADE)
    assert target.read_text() == "precious"
    export_table(["A"], [["x"]], target, title="T", created=MADE, force=True)
    assert "x" in target.read_text(encoding="utf-8-sig")


def test_files_are_owner_only(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions only")
    for name in ("a.xlsx", "a.csv"):
        path = export_table(["A"], [["x"]], tmp_path / name, title="T", created=MADE)
        assert path.stat().st_mode & 0o777 == 0o600


def test_unwritable_places_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_table(["A"], [["x"]], tmp_path / "nope" / "a.xlsx", title="T", created=MADE)
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_table(["A"], [["x"]], tmp_path / "dir.xlsx", title="T", created=MADE, force=True)
    with pytest.raises(ExportError, match=r"\.xlsx or \.csv"):
        export_table(["A"], [["x"]], tmp_path / "a.pdf", title="T", created=MADE)
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(ExportError, match="no permission"):
            export_table(["A"], [["x"]], locked / "a.xlsx", title="T", created=MADE)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_target(target, force=True) as temp:
        temp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


@pytest.mark.parametrize(
    ("stem", "suffix", "name"),
    [
        ("meetings-all-2025-03-10", ".ics", "meetings-all-2025-03-10-OFFICIAL-SENSITIVE.ics"),
        ("actions-LAM-2025-03-10", ".csv", "actions-LAM-2025-03-10-OFFICIAL-SENSITIVE.csv"),
        ("actions-LAM-OFFICIAL-SENSITIVE", ".CSV", "actions-LAM-OFFICIAL-SENSITIVE.CSV"),
        ("les-return-2024-25-all", ".xlsx", "les-return-2024-25-all.xlsx"),
    ],
)
def test_default_names_of_csv_and_calendars_carry_the_marking(
    stem: str, suffix: str, name: str
) -> None:
    assert marked_file_name(stem, suffix) == name
