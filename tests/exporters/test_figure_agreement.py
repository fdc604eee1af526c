""" "Returns outstanding" is one figure: the workbook, `sgtui stats`, the Today tile and
the Today chase list count the same returns (SQLite and PostgreSQL).

Hand count, Lambeth, on top of tests/exporters/conftest.py: Alpha and Beta returned;
Gamma was sent the contract and has not returned (outstanding); Delta has no return
record (never sent: not outstanding). Added here: Epsilon, sent and not returned but
the practice has closed (not outstanding); Zeta, a return record with no contract sent
(not outstanding); Eta, contract sent on a date never recorded ("Y") and not returned
(outstanding). So Lambeth has 2 outstanding (Gamma, Eta); Southwark's Sigma returned,
so all boroughs also have 2.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from sgtui.cli.main import main
from sgtui.exporters.les_return import write_les_return
from sgtui.services import figures, les, practices, reports, today
from sgtui.services.context import Services
from sgtui.services.reports.les_return import SUMMARY_MEANINGS
from sgtui.store.models import Borough, LesScheme

TODAY = date(2025, 3, 10)
EXTRA = (
    ("G85005", "Epsilon Surgery", False, {"contract_sent_on": date(2024, 4, 1)}),
    ("G85006", "Zeta Practice", True, {}),
    ("G85007", "Eta Health", True, {"contract_sent_undated": True}),
)


@pytest.fixture
def with_extra(dataset: Services) -> Services:
    """The dataset plus a closed practice, a return never sent and an undated send."""
    with dataset.session() as s:
        lam = s.exec(select(Borough).where(Borough.code == "LAM")).one()
        scheme = s.exec(select(LesScheme).where(LesScheme.year == "2024/25")).one()
        for ods, name, active, values in EXTRA:
            _o, practice = practices.save_practice(
                s, dataset, {"ods_code": ods, "name": name, "borough_id": lam.id, "active": active}
            )
            les.save_return(s, dataset, scheme, practice, values)
        s.commit()
    return dataset


def test_one_figure_everywhere(
    with_extra: Services, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with with_extra.session() as s:
        lam = reports.borough_by_name(s, "Lambeth").id
        tile = next(iter(today.today_page(s, TODAY, lam)))
        chase = today.load_today_lists(s, TODAY, lam).les
        report = reports.les_return_report(s, "2024/25", TODAY, lam)
        everyone = figures.headline(s, TODAY)
    assert tile.les_outstanding == 2  # type: ignore[union-attr]
    assert everyone.les_outstanding == 2
    assert sorted(row.cells[0] for row in chase) == ["G85003", "G85007"]
    assert [p.ods_code for p in report.outstanding] == ["G85003", "G85007"]

    path = write_les_return(report, tmp_path / "l.xlsx", author="T", created=datetime(2025, 3, 10))
    book = openpyxl.load_workbook(path)
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Returns outstanding"] == 2
    assert [r[0] for r in book["Outstanding"].iter_rows(min_row=2, values_only=True)] == [
        "G85003",
        "G85007",
    ]
    notes = {r[0]: r[1] for r in book["Data notes"].iter_rows(min_row=2, values_only=True)}
    assert notes["Returns outstanding"] == figures.FIGURE_BY_NAME["les_outstanding"].meaning
    counted = [
        "Practices in scope",
        "Contracts sent",
        "Contracts signed",
        "Returns received",
        "Returns complete",
        "Returns outstanding",
    ]
    assert all(label in summary for label in counted)  # each count on the Summary ...
    assert {label: notes[label] for label in counted} == dict(SUMMARY_MEANINGS)  # ... is noted

    capsys.readouterr()
    assert main(["stats", "--json", "--borough", "Lambeth", "--db", db_url]) == 0
    assert json.loads(capsys.readouterr().out)["headline"]["les_outstanding"] == 2


def test_stats_prints_every_figure_by_its_label(
    with_extra: Services, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["stats", "--borough", "Lambeth", "--db", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {}
    for line in lines:
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    assert rows["LES 2024/25 returns outstanding"] == "2"
    labels = [f.label for f in figures.FIGURES if f.name != "les_outstanding"]
    assert all(label in rows for label in labels), rows
