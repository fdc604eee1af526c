"""A bare "Y" in a "Y/N or date" column is kept as "done, date not recorded", and exports back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlmodel import select

from sgtui.exporters import lists
from sgtui.importers.pipeline import run_import
from sgtui.services import reports
from sgtui.services.context import Services
from sgtui.store.models import LesReturn, Review

REVIEWS = [
    ("LAM-CSPR-2024-01", "CSPR", "Lambeth", "Y"),
    ("LAM-SAR-2024-02", "SAR", "Lambeth", "N"),
    ("LAM-DHR-2024-03", "DHR", "Lambeth", date(2024, 5, 1)),
]


def tracker(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Case review tracker"
    sheet.append(["Reference", "Review type", "Borough", "S-CRT entered"])
    for row in REVIEWS:
        sheet.append(list(row))
    practices = book.create_sheet("GP Practices")
    practices.append(["ODS code", "Practice name", "Borough"])
    practices.append(["G85001", "Brixton Hill Group Practice", "Lambeth"])
    practices.append(["G85002", "Clapham Park Surgery", "Lambeth"])
    returns = book.create_sheet("LES 2024-25")
    returns.append(["ODS code", "Return received", "Named GP reviewed", "Payment authorised"])
    returns.append(["G85001", date(2025, 2, 1), "Y", "y"])
    returns.append(["G85002", date(2025, 2, 3), "N", ""])
    book.save(path)
    return path


def test_bare_yes_kept_as_undated_and_reimport_changes_nothing(
    svc: Services, tmp_path: Path
) -> None:
    source = tracker(tmp_path / "tracker.xlsx")
    assert run_import(svc, [source]).committed
    with svc.session() as s:
        flags = {
            r.ref: (r.scrt_entered_on, r.scrt_entered_undated)
            for r in s.exec(select(Review).order_by(Review.ref))
        }
        returns = [
            (r.status, r.named_gp_reviewed_undated, r.payment_authorised_undated)
            for r in s.exec(select(LesReturn).order_by(LesReturn.practice_id))
        ]
    assert flags == {
        "LAM-CSPR-2024-01": (None, True),
        "LAM-DHR-2024-03": (date(2024, 5, 1), False),
        "LAM-SAR-2024-02": (None, False),
    }
    assert returns == [("payment_authorised", True, True), ("return_received", False, False)]
    again = run_import(svc, [source])
    assert again.committed
    assert sum(s.updated for s in again.sheets) == 0


def test_reviews_export_writes_y_and_imports_back_unchanged(svc: Services, tmp_path: Path) -> None:
    assert run_import(svc, [tracker(tmp_path / "tracker.xlsx")]).committed
    with svc.session() as s:
        rows = lists.review_rows(reports.review_rows(s, reports.Filters()))
        out = lists.write_list(
            "reviews",
            rows,
            tmp_path / "reviews.xlsx",
            title="Reviews",
            author="T",
            created=datetime(2025, 3, 10, tzinfo=UTC),
        )
    sheet = load_workbook(out).worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = table[0].index("Entered on S-CRT")
    ref = table[0].index("Local reference number")
    entered = {row[ref]: row[header] for row in table[1:]}
    assert entered == {
        "LAM-CSPR-2024-01": "Y",
        "LAM-DHR-2024-03": datetime(2024, 5, 1),
        "LAM-SAR-2024-02": None,
    }
    back = run_import(svc, [out])
    assert back.committed
    assert [(s.updated, s.unchanged) for s in back.sheets if s.kind] == [(0, 3)]
