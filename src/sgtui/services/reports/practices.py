"""The practice list (practice-level contact details)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from sgtui.services.reports.common import Filters
from sgtui.store.models import (
    Borough,
    Practice,
)


@dataclass(frozen=True)
class PracticeLine:
    """A practice as the practice list export shows it (practice-level contact details)."""

    practice: Practice
    borough: str | None


def practice_lines(session: Session, filters: Filters) -> list[PracticeLine]:
    """Practices by name, filtered by borough and status ("active" or "closed")."""
    stmt = select(Practice, col(Borough.name)).outerjoin(
        Borough, col(Borough.id) == Practice.borough_id
    )
    if filters.borough_id is not None:
        stmt = stmt.where(col(Practice.borough_id) == filters.borough_id)
    if filters.status in ("active", "closed"):
        stmt = stmt.where(col(Practice.active) == (filters.status == "active"))
    return [PracticeLine(p, b) for p, b in session.execute(stmt.order_by(col(Practice.name)))]
