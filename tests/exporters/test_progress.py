"""Export progress: (rows written, rows in total) as the rows go out, ending (total, total).

The totals are the fixed dataset's data rows (see conftest), worked out by hand next to
each assertion; header rows and the blank rows between stacked tables do not count.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session

from sgtui.exporters import progress as progress_module
from sgtui.exporters.les_return import write_les_return
from sgtui.exporters.progress import RowProgress
from sgtui.exporters.quarterly import write_quarterly
from sgtui.exporters.reports import ReportRequest, write_report
from sgtui.exporters.table import export_table
from sgtui.services import reports
from sgtui.services.context import Services

MADE = datetime(2025, 3, 10, 9, tzinfo=UTC)
"""When these workbooks say they were made (the clock's instant, passed in)."""

TODAY = date(2025, 3, 10)
CREATED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


class Recorder:
    """A progress callback that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def assert_told(calls: list[tuple[int, int]], total: int) -> None:
    """Rows done never go back, the total never changes, and the last call is the end."""
    assert calls, "progress was never told"
    done = [d for d, _t in calls]
    assert done == sorted(done)
    assert {t for _d, t in calls} == {total}
    assert calls[-1] == (total, total)


def test_les_return_counts_the_rows_of_every_sheet(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "REPORT_EVERY", 5)
    lambeth = reports.borough_by_name(session, "Lambeth").id
    report = reports.les_return_report(session, "2024/25", TODAY, lambeth)
    told = Recorder()
    write_les_return(report, tmp_path / "les.xlsx", author="T", created=CREATED, progress=told)
    # Summary 12 measures + 3 criteria; Practice grid and Answers 4 Lambeth practices
    # each; Exceptions 3 (Beta: C01 "No", C02 85 < 90, C03 unanswered); Outstanding 1
    # (Gamma; Delta was never sent a contract); Data notes 16 notes (one for each of the
    # six counts on the Summary) + 3 criteria. 12 + 3 + 4 + 4 + 3 + 1 + 16 + 3 = 46.
    assert told.calls == [(n, 46) for n in range(5, 46, 5)] + [(46, 46)]
    assert_told(told.calls, 46)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_long_table_is_told_every_500_rows_and_at_the_end(tmp_path: Path, suffix: str) -> None:
    rows = ([n, f"row {n}"] for n in range(1234))  # a stream: its length is given
    told = Recorder()
    path = tmp_path / f"long{suffix}"
    export_table(["N", "Text"], rows, path, title="Long", created=MADE, progress=told, total=1234)
    assert told.calls == [(500, 1234), (1000, 1234), (1234, 1234)]


def test_a_list_gives_its_own_total(tmp_path: Path) -> None:
    told = Recorder()
    rows = [[n] for n in range(501)]
    export_table(["N"], rows, tmp_path / "list.csv", title="List", created=MADE, progress=told)
    assert told.calls == [(500, 501), (501, 501)]


def test_without_a_callback_rows_pass_straight_through() -> None:
    rows = [[1], [2]]
    assert RowProgress(2, None).counted(rows) is rows


def request(report: str, output: Path) -> ReportRequest:
    """A request for REPORT to OUTPUT, for every borough and date."""
    return ReportRequest(report=report, output=output, year="2024/25", quarter="2024-Q3")


@pytest.mark.parametrize(
    ("report", "file_name", "total"),
    [
        ("practices", "p.xlsx", 5),  # Alpha, Beta, Gamma, Delta (LAM) and Sigma (SOU)
        ("reviews", "r.csv", 4),  # LAM RR, LAM DHR, SOU SAR, LAM LCSPR
        ("actions", "a.xlsx", 4),  # 3 actions + the 1 meeting they came from
        ("actions", "a.csv", 3),  # a CSV has no Meetings sheet
        ("training", "t.xlsx", 4),  # Ann 2 completions, Bob 1, Cat 1 (counted, then streamed)
        ("meetings", "m.ics", 3),  # held, planned and cancelled: calendars drop cancelled
        # Every borough: Lambeth's 46 (see above) + Sigma in the grid and in Answers
        # (Sigma's return meets every criterion, so no more exceptions, and it is
        # received, so not outstanding).
        ("les-return", "l.xlsx", 48),
    ],
)
def test_the_screen_s_exporters_tell_the_exact_total(
    dataset: Services, tmp_path: Path, report: str, file_name: str, total: int
) -> None:
    told = Recorder()
    write_report(dataset, request(report, tmp_path / file_name), told)
    assert_told(told.calls, total)
    assert (tmp_path / file_name).exists()


def test_quarterly_total_is_every_data_row_in_the_file(session: Session, tmp_path: Path) -> None:
    report = reports.quarterly_report(session, reports.parse_quarter("2024-Q3"), TODAY)
    told = Recorder()
    path = write_quarterly(report, tmp_path / "q.xlsx", author="T", created=CREATED, progress=told)
    book = openpyxl.load_workbook(path)
    rows = sum(ws.max_row - 1 for ws in book.worksheets)  # each sheet: a header, then rows
    assert rows > 20
    assert_told(told.calls, rows)
