"""The report layer both front ends call: one registry, one request, one write_report.

Counts are worked out by hand from tests/exporters/conftest.py (SQLite and PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sgtui.exporters.reports import REPORTS, WRITERS, ReportRequest, write_report
from sgtui.exporters.safety import ExportError
from sgtui.services.context import Services
from sgtui.services.errors import NotFound, ValidationError


def test_every_report_in_the_registry_has_a_writer() -> None:
    assert [kind.name for kind in REPORTS] == [
        "les-return",
        "quarterly",
        "actions",
        "reviews",
        "training",
        "practices",
        "meetings",
    ]
    assert set(WRITERS) == {kind.name for kind in REPORTS}


def test_the_result_names_the_file_and_its_counts(dataset: Services, tmp_path: Path) -> None:
    target = tmp_path / "les.xlsx"
    request = ReportRequest("les-return", target, year="2024/25", borough="Lambeth")
    result = write_report(dataset, request)
    # Lambeth: 4 practices; Beta's 3 exceptions; Gamma outstanding (Delta never sent one).
    assert result.files == (target,) and target.exists()
    assert result.counts == {"practices": 4, "exceptions": 3, "outstanding": 1}
    assert result.summary == "4 practices, 3 exceptions"
    assert result.warnings == ()


def test_lists_say_how_many_rows(dataset: Services, tmp_path: Path) -> None:
    practices = write_report(dataset, ReportRequest("practices", tmp_path / "p.csv"))
    closed = write_report(dataset, ReportRequest("practices", tmp_path / "c.xlsx", status="closed"))
    assert (practices.summary, closed.summary) == ("5 practices", "0 practices")


def test_a_quarter_with_no_scheme_year_warns(dataset: Services, tmp_path: Path) -> None:
    result = write_report(
        dataset, ReportRequest("quarterly", tmp_path / "q.xlsx", quarter="2031-Q1")
    )
    assert result.warnings == ("No LES scheme year 2031/32 is recorded.",)


@pytest.mark.parametrize(
    ("request_", "error", "message"),
    [
        (ReportRequest("les-return", Path("x.csv"), year="2024/25"), ExportError,
         "x.csv: this report is written as a .xlsx file"),
        (ReportRequest("actions", Path("x.pdf")), ExportError,
         "x.pdf: use a .xlsx or .csv file name for this report"),
        (ReportRequest("practices", Path("x.csv"), status="expired"), ValidationError,
         "status: use one of active, closed"),
        (ReportRequest("les-return", Path("x.xlsx")), ValidationError,
         "year: give a scheme year, e.g. 2024/25"),
        (ReportRequest("minutes", Path("x.xlsx")), ValidationError, "report: no report 'minutes'"),
        (ReportRequest("training", Path("x.csv"), borough="Atlantis"), NotFound, "no borough"),
    ],
)  # fmt: skip
def test_a_bad_request_is_one_sentence_and_writes_nothing(
    dataset: Services, tmp_path: Path, request_: ReportRequest, error: type, message: str
) -> None:
    from dataclasses import replace

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(error) as raised:
        write_report(dataset, replace(request_, output=out / request_.output))
    assert str(raised.value).startswith(message)
    assert list(out.iterdir()) == []
