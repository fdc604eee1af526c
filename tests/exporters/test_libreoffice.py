"""A real spreadsheet application reads the same numbers: LibreOffice converts each export.

Each workbook is converted sheet by sheet to CSV "as shown", so the check covers both
the stored values and their UK display formats (dd/mm/yyyy, 50.0%). Skipped where
LibreOffice is not installed.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from sgtui.exporters import lists
from sgtui.exporters.les_return import write_les_return
from sgtui.exporters.quarterly import write_quarterly
from sgtui.services import reports

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
TODAY = date(2025, 3, 10)
CREATED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
# Field 9 = "save cell contents as shown"; field 12 = -1: every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def convert(workbook: Path, tmp_path: Path) -> dict[str, list[dict[str, str]]]:
    """{sheet name: rows as dicts} as LibreOffice reads the workbook."""
    out = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", CSV_FILTER,
         "--outdir", str(out), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheets = {}
    for path in out.glob(f"{workbook.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem.removeprefix(f"{workbook.stem}-")] = list(csv.DictReader(handle))
    return sheets


@pytest.fixture
def sqlite_only(db_url: str) -> None:
    if "postgresql" in db_url:
        pytest.skip("one backend is enough to check the file format")


@pytest.mark.usefixtures("sqlite_only")
def test_libreoffice_reads_the_les_return(session: Session, tmp_path: Path) -> None:
    lambeth = reports.borough_by_name(session, "Lambeth").id
    report = reports.les_return_report(session, "2024/25", TODAY, lambeth)
    sheets = convert(
        write_les_return(report, tmp_path / "les.xlsx", author="T", created=CREATED), tmp_path
    )
    summary = {r["Measure"]: (r["Value"], r["%"]) for r in sheets["Summary"]}
    assert summary["Practices in scope"] == ("4", "")
    assert summary["Returns received"] == ("2", "66.7%")
    assert summary["Returns complete"] == ("1", "50.0%")
    assert summary["Return deadline"] == ("31/01/2025", "")
    grid = {r["ODS code"]: r for r in sheets["Practice grid"]}
    assert grid["G85002"]["Return received"] == "05/02/2025"
    answers = {r["ODS code"]: r for r in sheets["Answers"]}
    assert (grid["G85002"]["Days late"], answers["G85002"]["C02"]) == ("5", "85%")
    assert answers["G85001"]["% criteria met"] == "100.0%"
    assert [r["Reason"] for r in sheets["Exceptions"]] == [
        "No",
        "Below threshold (90)",
        "No answer",
    ]


@pytest.mark.usefixtures("sqlite_only")
def test_libreoffice_reads_the_quarterly_figures(session: Session, tmp_path: Path) -> None:
    report = reports.quarterly_report(session, reports.parse_quarter("2024-Q3"), TODAY)
    sheets = convert(
        write_quarterly(report, tmp_path / "q.xlsx", author="T", created=CREATED), tmp_path
    )
    figures = {(r["Measure"], r["Breakdown"]): (r["Number"], r["%"]) for r in sheets["Figures"]}
    assert figures[("New in quarter", "All")] == ("2", "")
    assert figures[("Open at quarter end", "All")] == ("3", "")
    assert figures[("Made on time", "All")] == ("1", "50.0%")
    assert figures[("Overdue at 31/12/2024", "All")] == ("1", "")
    assert figures[("Return rate 2024/25", "Lambeth")] == ("2", "66.7%")
    assert figures[("Compliance by course", "Safeguarding Adults Level 3")] == ("2", "100.0%")
    assert len(sheets["Reviews"]) == 4


@pytest.mark.usefixtures("sqlite_only")
def test_libreoffice_keeps_dangerous_text_as_text(session: Session, tmp_path: Path) -> None:
    lines = reports.action_lines(session, TODAY, reports.Filters())
    path = lists.write_list(
        "actions",
        lists.action_rows(lines),
        tmp_path / "a.xlsx",
        title="A",
        author="T",
        created=CREATED,
    )
    rows = convert(path, tmp_path)["Actions"]
    assert rows[1]["Action"] == "=1+2 circulate the pathway"
    assert rows[1]["Due"] == "01/12/2024"
