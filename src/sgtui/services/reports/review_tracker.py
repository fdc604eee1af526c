"""The review tracker: every review with its S-CRT fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from sgtui.services import reviews as review_service
from sgtui.services.catalogues import (
    REVIEW_TYPES,
    SCRT_FIELDS,
)
from sgtui.services.reports.common import Filters, in_range
from sgtui.store.models import (
    Borough,
    Review,
)

SCRT_DATE_ATTRS = {"notified_on", "incident_on", "signed_off_on", "published_on"}


@dataclass(frozen=True)
class ReviewExportRow:
    """A review with every S-CRT field (labelled as S-CRT labels them) and its own fields."""

    review: Review
    scrt: dict[str, Any]
    borough_code: str | None


def review_rows(session: Session, filters: Filters) -> list[ReviewExportRow]:
    """Reviews filtered by borough, notification date range and status (open/closed)."""
    stmt = select(Review, col(Borough.code)).outerjoin(
        Borough, col(Borough.id) == Review.borough_id
    )
    stmt = stmt.where(*in_range(Review.notified_on, filters)).order_by(col(Review.ref))
    if filters.borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == filters.borough_id)
    rows = []
    for review, code in session.execute(stmt):
        if filters.status == "open" and not review_service.is_open(review):
            continue
        if filters.status == "closed" and review_service.is_open(review):
            continue
        rows.append(ReviewExportRow(review, _scrt_values(session, review), code))
    return rows


def _scrt_values(session: Session, review: Review) -> dict[str, Any]:
    """S-CRT label -> value: real dates for date fields, the services' text otherwise."""
    fields = review_service.scrt_fields(session, review)
    values: dict[str, Any] = {}
    for (label, attr), scrt in zip(SCRT_FIELDS, fields, strict=True):
        values[label] = getattr(review, attr) if attr in SCRT_DATE_ATTRS else scrt.value or None
    return values


def review_type_label(code: str) -> str:
    return REVIEW_TYPES.get(code, (code, ""))[0]
