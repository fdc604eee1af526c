"""What every report shares: the list filters and the borough a user typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from sgtui.services.errors import NotFound
from sgtui.services.reference import find_borough
from sgtui.store.models import (
    Borough,
)


@dataclass(frozen=True)
class Filters:
    """What every list export can be narrowed by; the date range is inclusive."""

    borough_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None


def borough_by_name(session: Session, text: str) -> Borough:
    """A borough from a code or name typed on the command line; NotFound otherwise."""
    borough = find_borough(session, text)
    if borough is None:
        raise NotFound(f"no borough {text!r} (use a name such as Lambeth or a code such as LAM)")
    return borough


def in_range(column: Any, filters: Filters) -> list[Any]:
    """SQL conditions for the filter's inclusive date range on ``column``."""
    conditions = []
    if filters.date_from is not None:
        conditions.append(column >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(column <= filters.date_to)
    return conditions
