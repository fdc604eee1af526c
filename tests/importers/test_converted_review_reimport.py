"""Last year's workbook still names a converted Rapid Review by its RR reference.

Re-importing it updates the review as it now is (found by its alias), keeps the
converted type, and links the workbook's recommendations to it: no duplicate review.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import select

from sgtui.importers.pipeline import run_import
from sgtui.services import reviews
from sgtui.services.context import Services
from sgtui.store.models import Recommendation, Review


def tracker(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Case review tracker"
    sheet.append(["Reference", "Review type", "Borough", "Notified"])
    sheet.append(["LAM-RR-2025-03", "RR", "Lambeth", date(2025, 3, 3)])
    recs = book.create_sheet("Recommendations")
    recs.append(["Review ref", "Rec no", "Recommendation"])
    recs.append(["LAM-RR-2025-03", "1", "Share the learning"])
    book.save(path)
    return path


def test_reimport_after_conversion_updates_the_converted_review(
    svc: Services, tmp_path: Path
) -> None:
    source = tracker(tmp_path / "tracker.xlsx")
    assert run_import(svc, [source]).committed
    with svc.session() as s:
        review = reviews.get_review(s, "LAM-RR-2025-03")
        reviews.convert_review(s, svc, review, "CSPR", date(2025, 3, 7))
    assert run_import(svc, [source]).committed
    with svc.session() as s:
        stored = s.exec(select(Review)).all()
        recs = s.exec(select(Recommendation)).all()
    assert [(r.ref, r.review_type, r.notified_on) for r in stored] == [
        ("LAM-CSPR-2025-01", "CSPR", date(2025, 3, 3))
    ]
    assert [(r.review_id, r.number) for r in recs] == [(stored[0].id, "1")]
