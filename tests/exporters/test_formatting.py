"""How the workbooks look and read in a spreadsheet: colours, widths, headers, print, chart.

Each test reads the file back (openpyxl, and LibreOffice where it matters how a real
spreadsheet application shows it) and asserts the exact values.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session

from sgtui.exporters.les_return import write_les_return
from sgtui.exporters.quarterly import write_quarterly
from sgtui.exporters.table import export_table
from sgtui.exporters.workbook import SheetColumn
from sgtui.services import reports

TODAY = date(2025, 3, 10)
CREATED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RAG_FILLS = {"#FFC7CE": "Red", "#FFEB9C": "Amber", "#C6EFCE": "Green"}


def les_path(session: Session, tmp_path: Path) -> Path:
    lambeth = reports.borough_by_name(session, "Lambeth").id
    report = reports.les_return_report(session, "2024/25", TODAY, lambeth)
    return write_les_return(report, tmp_path / "les.xlsx", author="T", created=CREATED)


def quarterly_path(session: Session, tmp_path: Path) -> Path:
    report = reports.quarterly_report(session, reports.parse_quarter("2024-Q3"), TODAY)
    return write_quarterly(report, tmp_path / "q.xlsx", author="T", created=CREATED)


def rules_of(ws: openpyxl.worksheet.worksheet.Worksheet, cells: str) -> list[tuple[str, list]]:
    """(rule type, formula) of each conditional format on ``cells``, in priority order."""
    found = [r for cf in ws.conditional_formatting if str(cf.sqref) == cells for r in cf.rules]
    return [(r.type, list(r.formula)) for r in sorted(found, key=lambda r: r.priority)]


def test_below_threshold_rules_skip_blank_cells(session: Session, tmp_path: Path) -> None:
    figures = openpyxl.load_workbook(quarterly_path(session, tmp_path))["Figures"]
    assert rules_of(figures, f"E2:E{figures.max_row}") == [
        ("expression", ["AND(NOT(ISBLANK(E2)),E2<0.8)"]),
        ("expression", ["AND(NOT(ISBLANK(E2)),E2<0.95)"]),
        ("cellIs", ["0.95"]),
    ]
    answers = openpyxl.load_workbook(les_path(session, tmp_path))["Answers"]
    assert rules_of(answers, "E2:E5") == [
        ("expression", ["AND(NOT(ISBLANK(E2)),E2<0.8)"]),
        ("expression", ["AND(NOT(ISBLANK(E2)),E2<1.0)"]),
        ("cellIs", ["1.0"]),
    ]


def coloured_cells(workbook: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """(RAG word of the fill, text shown) of every cell LibreOffice paints a RAG colour."""
    out = tmp_path / "html"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "html",
         "--outdir", str(out), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    html = (out / f"{workbook.stem}.html").read_text(encoding="utf-8", errors="replace")
    cells = re.findall(r'<td[^>]*bgcolor="(#[0-9A-F]{6})"[^>]*>(.*?)</td>', html, re.S)
    return [
        (RAG_FILLS[fill], re.sub(r"<[^>]+>", "", text).strip())
        for fill, text in cells
        if fill in RAG_FILLS
    ]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_leaves_blank_figures_uncoloured(
    session: Session, tmp_path: Path, db_url: str
) -> None:
    if "postgresql" in db_url:
        pytest.skip("one backend is enough to check how LibreOffice shows the file")
    les = coloured_cells(les_path(session, tmp_path), tmp_path)
    assert [word for word, text in les if not text] == []
    # Summary compliance: C01 50%, C02 50% red, C03 100% green; Answers: Beta 0% red,
    # Alpha 100% green; the RAG words colour themselves.
    figures = sorted((w, t) for w, t in les if "%" in t)
    assert figures == [
        ("Green", "100.0%"),
        ("Green", "100.0%"),
        ("Red", "0.0%"),
        ("Red", "50.0%"),
        ("Red", "50.0%"),
    ]
    quarterly = coloured_cells(quarterly_path(session, tmp_path), tmp_path / "q")
    assert [word for word, text in quarterly if not text] == []


def test_columns_fit_dates_and_times(session: Session, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(les_path(session, tmp_path))
    summary = book["Summary"]
    assert summary["A12"].value == "Date produced"
    assert summary["B12"].number_format == "dd/mm/yyyy hh:mm"
    assert summary.column_dimensions["B"].width == 18.0  # "10/03/2025 09:00" + margin
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime):
                    shown = len(cell.number_format)  # dd/mm/yyyy or dd/mm/yyyy hh:mm
                    width = ws.column_dimensions[cell.column_letter].width
                    assert width >= shown + 2, (ws.title, cell.coordinate, width)


def test_headers_are_grey_bold_and_wrapped(session: Session, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(les_path(session, tmp_path))
    summary = book["Summary"]
    header_rows = {
        ws.title: [1] for ws in book.worksheets if ws.title not in ("Summary", "Data notes")
    }
    header_rows["Summary"] = [1, 15]  # the measures, then the criteria beneath them
    assert summary["A15"].value == "Criterion"
    for name, rows in header_rows.items():
        for number in rows:
            cells = [c for c in book[name][number] if c.value is not None]
            assert cells, name
            for cell in cells:
                assert (cell.font.b, cell.fill.fill_type, cell.fill.fgColor.rgb) == (
                    True,
                    "solid",
                    "00D9D9D9",
                ), (name, cell.coordinate)
                assert cell.alignment.wrap_text is True
    # Tall enough for two lines: "Return requested" in a date-wide column, "Returns
    # answering" above the criteria; the measures' headers fit on one line.
    heights = [book[n].row_dimensions[r].height for n, r in (("Practice grid", 1), ("Summary", 15))]
    assert heights == [30.0, 30.0]
    assert summary.row_dimensions[1].height is None


def test_percentage_answers_are_percentages(session: Session, tmp_path: Path) -> None:
    answers = openpyxl.load_workbook(les_path(session, tmp_path))["Answers"]
    headers = [c.value for c in answers[1]]
    c02 = headers.index("C02") + 1
    by_ods = {row[0].value: row[c02 - 1] for row in answers.iter_rows(min_row=2)}
    assert (by_ods["G85001"].value, by_ods["G85002"].value) == (0.95, 0.85)
    assert by_ods["G85001"].number_format == "0%"


def test_wide_grid_is_split_to_print_one_page_wide(session: Session, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(les_path(session, tmp_path))
    grid, answers = book["Practice grid"], book["Answers"]
    assert [c.value for c in grid[1]][-4:] == [
        "RAG",
        "Return requested",
        "Return received",
        "Days late",
    ]
    assert [c.value for c in answers[1]] == [
        "ODS code",
        "Practice",
        "Criteria met",
        "No answers",
        "% criteria met",
        "C01",
        "C02",
        "C03",
    ]
    for ws in book.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape",
            9,
            1,
            0,
        ), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$1", ws.title
        assert (ws.page_margins.left, ws.page_margins.right) == (0.25, 0.25)
    # A wrapped header is as wide as its longest word: the dates set these columns' width.
    widths = {c.value: grid.column_dimensions[c.column_letter].width for c in grid[1]}
    dated = ("Contract sent", "Contract signed", "Return requested", "Return received")
    assert [widths[h] for h in dated] == [12.0, 12.0, 12.0, 12.0]
    assert (widths["ODS code"], widths["Days late"]) == (10.0, 10.0)


def test_chart_lists_criteria_top_down_like_its_table(session: Session, tmp_path: Path) -> None:
    summary = openpyxl.load_workbook(les_path(session, tmp_path))["Summary"]
    (chart,) = summary._charts
    assert chart.x_axis.scaling.orientation == "maxMin"
    assert chart.y_axis.crosses == "max"
    assert [summary.cell(r, 1).value for r in range(16, 19)] == ["C01", "C02", "C03"]
    # Below the criteria (rows 15-18), so it does not widen the printed page.
    marker = chart.anchor._from
    assert (marker.col, marker.row) == (0, 20)  # A21, zero-based


def test_export_what_i_see_writes_dates_numbers_and_percentages(tmp_path: Path) -> None:
    headers = ["Ref", "ODS", "Due", "Chased", "Hours", "Score"]
    rows = [
        ("A-1", "F84001", "03/03/2025", "2", "1.5", "95%"),
        ("A-2", "020 7946", "Yes, undated", "", "3", "50%"),
        ("12", "G85002", "", "1,234", "", ""),
    ]
    path = export_table(
        headers, rows, tmp_path / "seen.xlsx", title="Seen", author="Ann Officer", created=CREATED
    )
    book = openpyxl.load_workbook(path)
    ws = book.active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert values == [
        ["A-1", "F84001", datetime(2025, 3, 3), 2, 1.5, 0.95],
        ["A-2", "020 7946", "Yes, undated", None, 3.0, 0.5],
        ["12", "G85002", None, 1234, None, None],
    ]
    assert [ws.cell(2, n).number_format for n in (3, 4, 5, 6)] == [
        "dd/mm/yyyy",
        "#,##0",
        "#,##0.0#",
        "0.0%",
    ]
    assert (book.properties.creator, book.properties.lastModifiedBy) == (
        "Ann Officer",
        "Ann Officer",
    )


def test_text_wider_than_its_column_wraps(tmp_path: Path) -> None:
    long = "Named safeguarding lead and deputy for children and adults, " * 2
    path = export_table(
        [SheetColumn("Criterion"), SheetColumn("Question", width=30)],
        [["C01", "Short question"], ["C02", long.strip()], ["C03", "Two\nlines"]],
        tmp_path / "wrap.xlsx",
        title="Wrap",
        created=CREATED,
    )
    ws = openpyxl.load_workbook(path).active
    assert ws.column_dimensions["B"].width == 60.0  # capped: longer text wraps
    assert [ws.cell(r, 2).alignment.wrap_text for r in (2, 3, 4)] == [None, True, True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/03/2025", ("date", date(2025, 3, 3))),
        ("31/02/2025", None),  # no such day: kept as the text shown
        ("3/3/2025", None),
        ("1,234", ("int", 1234)),
        ("-5", ("int", -5)),
        ("007", None),  # a leading zero is a code, not a number
        ("12,34", None),
        ("2.5", ("number", 2.5)),
        ("95%", ("percent", 0.95)),
        ("12.5 %", ("percent", 0.125)),
        ("F84001", None),
        ("+44 20 7946 0000", None),
    ],
)
def test_shown_text_is_read_only_in_exact_shapes(text: str, expected: object) -> None:
    from sgtui.exporters.shown import read_cell

    assert read_cell(text) == expected
