"""Statutory deadlines: working days with England & Wales bank holidays, and timescale rules.

A Rapid Review is due 15 *working* days after notification, so Easter, the May bank
holidays and Christmas move deadlines. Rules live in the ``timescalerule`` table
(seeded from :data:`~sgtui.services.catalogues.TIMESCALE_RULES`) so a team can edit them
as guidance changes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlmodel import Session, col, select

from sgtui.services.catalogues import SUBMISSION_DEFAULT_DAYS
from sgtui.store.models import Review, TimescaleRule


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # 60 ms to import: only when a working-day deadline is worked out

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    """True on an England & Wales bank holiday (including substitute days)."""
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def working_day_on_or_after(day: date) -> date:
    """``day`` if it is a working day, else the next one (Mon 25/12/2028 -> Wed 27/12/2028)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is day 0)."""
    step = 1 if days >= 0 else -1
    current, remaining = start, abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n))
    )


def add_months(start: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def apply_offset(anchor: date, offset: int, unit: str) -> date:
    """``anchor`` moved by ``offset`` in ``unit`` (working_days, calendar_days or months)."""
    if unit == "working_days":
        return add_working_days(anchor, offset)
    if unit == "calendar_days":
        return anchor + timedelta(days=offset)
    if unit == "months":
        return add_months(anchor, offset)
    raise ValueError(f"unknown timescale unit {unit!r}")


@dataclass(frozen=True)
class Deadline:
    """A date a review milestone falls due, and the rule it came from."""

    milestone: str
    due_on: date
    description: str
    rule: str


def rules_for(session: Session, review_type: str) -> list[TimescaleRule]:
    """The editable timescale rules for one review type."""
    stmt = select(TimescaleRule).where(col(TimescaleRule.review_type) == review_type)
    return list(session.exec(stmt.order_by(col(TimescaleRule.id))))


def describe_rule(rule: TimescaleRule) -> str:
    unit = rule.unit.replace("_", " ")
    return f"{rule.offset} {unit} after {rule.anchor.removesuffix('_on').replace('_', ' ')}"


def review_deadlines(
    session: Session, review: Review, *, review_type: str | None = None
) -> list[Deadline]:
    """Every milestone of the review whose anchor date is known, in date order.

    ``review_type`` gives another type's rules on the same dates: a converted review's
    former type (its Rapid Review deadlines, kept as history).
    """
    deadlines = []
    for rule in rules_for(session, review_type or review.review_type):
        anchor = getattr(review, rule.anchor, None)
        if isinstance(anchor, date):
            due = apply_offset(anchor, rule.offset, rule.unit)
            deadlines.append(Deadline(rule.milestone, due, rule.description, describe_rule(rule)))
    return sorted(deadlines, key=lambda d: d.due_on)


def propose_submission_due(
    session: Session, review: Review, kind: str, requested_on: date
) -> Deadline:
    """The due date to propose for a new request of ``kind`` on a review.

    Uses the review type's rule for that kind when its anchor date is known; otherwise
    the default of :data:`SUBMISSION_DEFAULT_DAYS` working days from the request.
    """
    for rule in rules_for(session, review.review_type):
        if rule.milestone != kind:
            continue
        anchor = (
            requested_on if rule.anchor == "requested_on" else getattr(review, rule.anchor, None)
        )
        if isinstance(anchor, date):
            due = apply_offset(anchor, rule.offset, rule.unit)
            return Deadline(kind, due, rule.description, describe_rule(rule))
    due = add_working_days(requested_on, SUBMISSION_DEFAULT_DAYS)
    return Deadline(
        kind, due, "Default turnaround", f"{SUBMISSION_DEFAULT_DAYS} working days after request"
    )
