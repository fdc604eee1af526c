"""Open every workbook export with openpyxl and check figures, formats and finish."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, select

from sgtui.exporters import lists
from sgtui.exporters.les_return import write_les_return
from sgtui.exporters.quarterly import write_quarterly
from sgtui.services import reports
from sgtui.store.models import Practice

TODAY = date(2025, 3, 10)
CREATED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def records(ws: Worksheet) -> list[dict[str, Any]]:
    """Data rows as {header: value}."""
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def assert_finished(ws: Worksheet, title_fragment: str) -> None:
    """The finish every sheet shares: header, freeze, print setup, marking."""
    assert ws.freeze_panes == "A2"
    assert all(cell.font.b for cell in ws[1] if cell.value is not None)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE"
    assert title_fragment in ws.oddHeader.left.text
    assert all(ws.column_dimensions[c].width >= 8 for c in "AB")


@pytest.fixture
def les_book(session: Session, tmp_path: Path) -> openpyxl.Workbook:
    lambeth = reports.borough_by_name(session, "Lambeth").id
    report = reports.les_return_report(session, "2024/25", TODAY, lambeth)
    path = write_les_return(report, tmp_path / "les.xlsx", author="Test Officer", created=CREATED)
    return openpyxl.load_workbook(path)


def test_les_return_sheets_and_properties(les_book: openpyxl.Workbook) -> None:
    assert les_book.sheetnames == [
        "Summary",
        "Practice grid",
        "Answers",
        "Exceptions",
        "Outstanding",
        "Data notes",
    ]
    assert les_book.properties.creator == "Test Officer"
    assert les_book.properties.title == "GP safeguarding LES return 2024/25: Lambeth"
    assert les_book.properties.created == datetime(2025, 3, 10, 9, 0)
    for ws in les_book.worksheets:
        assert_finished(ws, "LES return 2024/25")


def test_les_summary_figures_and_chart(les_book: openpyxl.Workbook) -> None:
    ws = les_book["Summary"]
    summary = {row[0]: row[1:3] for row in ws.iter_rows(min_row=2, max_row=13, values_only=True)}
    # Lambeth: 4 practices, 3 contracts sent, 2 signed, 2 received (2/3), 1 complete (1/2).
    assert summary["Practices in scope"] == (4, None)
    assert summary["Contracts sent"] == (3, 0.75)
    assert summary["Contracts signed"] == (2, pytest.approx(2 / 3))
    assert summary["Returns received"] == (2, pytest.approx(2 / 3))
    assert summary["Returns complete"] == (1, 0.5)
    assert summary["Returns outstanding"] == (1, None)  # Gamma; Delta was never sent one
    assert summary["Return deadline"][0] == datetime(2025, 1, 31)
    assert summary["Produced by"][0] == "Test Officer"
    assert ws["B11"].number_format == "dd/mm/yyyy" and ws["C5"].number_format == "0.0%"
    criteria = [row[:4] for row in ws.iter_rows(min_row=16, max_row=18, values_only=True)]
    assert criteria == [("C01", 2, 0.5, 1), ("C02", 2, 0.5, 1), ("C03", 1, 1.0, 1)]
    assert len(ws._charts) == 1 and ws._charts[0].type == "bar"


def test_les_chart_is_in_the_file(session: Session, tmp_path: Path) -> None:
    import zipfile

    report = reports.les_return_report(session, "2024/25", TODAY)
    path = write_les_return(report, tmp_path / "l.xlsx", author="T", created=CREATED)
    names = zipfile.ZipFile(path).namelist()
    chart = zipfile.ZipFile(path).read("xl/charts/chart1.xml").decode()
    assert "xl/drawings/drawing1.xml" in names
    assert "<barChart>" in chart and "'Summary'!$C$16:$C$18" in chart


def test_les_grid_exceptions_outstanding(les_book: openpyxl.Workbook) -> None:
    grid = {r["ODS code"]: r for r in records(les_book["Practice grid"])}
    assert list(grid) == ["G85001", "G85002", "G85004", "G85003"]  # by practice name
    beta = grid["G85002"]
    assert beta["Days late"] == 5
    answers = {r["ODS code"]: r for r in records(les_book["Answers"])}
    assert list(answers) == list(grid)
    beta_answers = answers["G85002"]
    assert (beta_answers["Criteria met"], beta_answers["No answers"]) == (0, 2)
    assert (beta_answers["C01"], beta_answers["C02"], beta_answers["C03"]) == ("No", 0.85, None)
    assert beta["Return received"] == datetime(2025, 2, 5)
    assert answers["G85001"]["% criteria met"] == 1.0
    assert grid["G85003"]["RAG"] == "Red" and grid["G85001"]["RAG"] == "Green"
    ws = les_book["Practice grid"]
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}5"
    assert ws["M3"].number_format == "dd/mm/yyyy"
    assert les_book["Answers"]["E2"].number_format == "0.0%"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert {tuple(r.formula) for r in rules} >= {('"Red"',), ('"Amber"',), ('"Green"',)}
    exceptions = records(les_book["Exceptions"])
    assert [(e["Criterion"], e["Reason"]) for e in exceptions] == [
        ("C01", "No"),
        ("C02", "Below threshold (90)"),
        ("C03", "No answer"),
    ]
    outstanding = records(les_book["Outstanding"])
    assert [
        (o["ODS code"], o["Times chased"], o["Last chased on"], o["Dates chased"])
        for o in outstanding
    ] == [
        ("G85003", 2, datetime(2025, 3, 3), "24/02/2025, 03/03/2025"),
    ]


def test_the_chase_list_carries_each_practices_contacts(session: Session, tmp_path: Path) -> None:
    gamma = session.exec(select(Practice).where(Practice.ods_code == "G85003")).one()
    gamma.safeguarding_lead = "Dr Gamma Lead"
    session.add(gamma)
    session.flush()
    lambeth = reports.borough_by_name(session, "Lambeth").id
    report = reports.les_return_report(session, "2024/25", TODAY, lambeth)
    path = write_les_return(report, tmp_path / "les.xlsx", author="Test Officer", created=CREATED)
    outstanding = records(openpyxl.load_workbook(path)["Outstanding"])
    contacts = ("ODS code", "Practice manager", "Safeguarding lead", "E-mail")
    assert [tuple(o[c] for c in contacts) for o in outstanding] == [
        ("G85003", "PM Gamma", "Dr Gamma Lead", "pm3@example.nhs.uk"),
    ]  # Delta was never sent a contract: nothing to chase


def test_les_practice_email_is_neutralised(les_book: openpyxl.Workbook) -> None:
    ws = les_book["Outstanding"]
    assert all(c.value != "=pm2@example.nhs.uk" for c in ws["E"])  # Beta has returned
    for ws in les_book.worksheets:
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_quarterly_workbook_figures(session: Session, tmp_path: Path) -> None:
    report = reports.quarterly_report(session, reports.parse_quarter("2024-Q3"), TODAY)
    path = write_quarterly(report, tmp_path / "q.xlsx", author="Test Officer", created=CREATED)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Figures",
        "Reviews",
        "Submissions",
        "Health actions",
        "LES return rate",
        "Training",
        "Meetings",
        "Data notes",
    ]
    figures = {(r["Measure"], r["Breakdown"]): r for r in records(book["Figures"])}

    def number(measure: str, breakdown: str = "All") -> Any:
        return figures[(measure, breakdown)]["Number"]

    assert number("New in quarter") == 2
    assert number("New in quarter", "Rapid Review") == 1
    assert number("Open at quarter end") == 3
    assert (
        number("Open at quarter end", "Domestic Homicide Review / DARDR: Information gathering")
        == 1
    )
    assert number("DHRs/DARDRs open at quarter end") == 1
    assert number("Made in quarter") == 2
    assert (number("Made on time"), figures[("Made on time", "All")]["%"]) == (1, 0.5)
    assert number("Overdue at 31/12/2024") == 1
    assert number("Open") == 2
    lambeth = figures[("Return rate 2024/25", "Lambeth")]
    assert (lambeth["Number"], lambeth["%"]) == (2, pytest.approx(2 / 3))
    sga3 = figures[("Compliance by course", "Safeguarding Adults Level 3")]
    assert (sga3["Number"], sga3["%"], sga3["Records in sheet"]) == (2, 1.0, "Training")
    assert number("Held in quarter") == 1
    # Each figure is traceable: the sheet named lists exactly the records counted.
    reviews_sheet = records(book["Reviews"])
    assert sum(r["New in quarter"] == "Yes" for r in reviews_sheet) == 2
    assert sum(r["Open at quarter end"] == "Yes" for r in reviews_sheet) == 3
    assert [r["Review"] for r in records(book["Submissions"]) if r["Overdue"] == "Red"] == [
        "LAM-DHR-2024-01"
    ]
    assert len(records(book["Meetings"])) == 1
    for ws in book.worksheets:
        assert_finished(ws, "quarterly figures 2024/25 Q3")


def test_list_exports_xlsx_and_csv(session: Session, tmp_path: Path) -> None:
    lines = reports.action_lines(session, TODAY, reports.Filters())
    xlsx = lists.write_list(
        "actions",
        lists.action_rows(lines),
        tmp_path / "a.xlsx",
        title="Actions",
        author="T",
        created=CREATED,
    )
    ws = openpyxl.load_workbook(xlsx)["Actions"]
    rows = records(ws)
    assert [r["RAG"] for r in rows] == ["Complete", "Red", "Amber"]
    assert rows[1]["Action"] == "=1+2 circulate the pathway" and ws["H3"].data_type == "s"
    assert ws["K2"].value == datetime(2024, 11, 19) and ws["K2"].number_format == "dd/mm/yyyy"
    csv_path = lists.write_list(
        "actions",
        lists.action_rows(lines),
        tmp_path / "a.csv",
        title="Actions",
        author="T",
        created=CREATED,
    )
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert csv_rows[1]["Action"] == "'=1+2 circulate the pathway"
    assert csv_rows[1]["Due"] == "2024-12-01"


def test_reviews_export_has_every_scrt_column(session: Session, tmp_path: Path) -> None:
    from sgtui.services.catalogues import SCRT_FIELDS

    rows = reports.review_rows(session, reports.Filters())
    path = lists.write_list(
        "reviews",
        lists.review_rows(rows),
        tmp_path / "r.xlsx",
        title="Reviews",
        author="T",
        created=CREATED,
    )
    ws = openpyxl.load_workbook(path)["Reviews"]
    headers = [c.value for c in ws[1]]
    assert headers[: len(SCRT_FIELDS)] == [label for label, _attr in SCRT_FIELDS]
    rr = records(ws)[2]
    assert rr["Local reference number"] == "LAM-RR-2024-01"
    assert rr["Date added (referral)"] == datetime(2024, 10, 15)
    assert rr["Case information"] == '=HYPERLINK("http://x")'
    assert rr["Lessons learnt / good practice"] == "@SUM(A1)"
    assert rr["Subject (pseudonym or initials only)"] == "Child P"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_training_export_streams_with_status(session: Session, tmp_path: Path) -> None:
    lines = reports.training_lines(session, TODAY, reports.Filters())
    path = lists.write_list(
        "training",
        lists.training_rows(lines),
        tmp_path / "t.xlsx",
        title="Training",
        author="T",
        created=CREATED,
    )
    rows = records(openpyxl.load_workbook(path)["Training"])
    assert [(r["Name"], r["Course code"], r["Status"]) for r in rows] == [
        ("Ann GP", "SGA-L3", "In date"),
        ("Ann GP", "SGC-L3", "Expired"),
        ("Bob Admin", "SGA-L1", "Expiring"),
        ("Cat Nurse", "SGA-L3", "In date"),
    ]
    assert rows[0]["Expires on"] == datetime(2026, 2, 1) and rows[0]["Hours"] == 2.5
    assert rows[0]["Provider"] == "-e-learning"
