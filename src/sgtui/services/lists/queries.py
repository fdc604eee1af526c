"""Paging, counting and filtering any list in :data:`LISTS`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlmodel import Session

from sgtui.services.lists import meetings, practices, reviews, training
from sgtui.services.lists.base import PAGE_SIZE, Column, ListSpec, Row, Scope, Sort

COUNT_CAP = 10_000
"""Counts stop here ("10,000+ rows"): an exact count of a loose filter over 100k rows
costs a full scan, and nobody pages that far."""

LISTS: dict[str, ListSpec] = {
    spec.name: spec
    for spec in (
        *training.SPECS,
        meetings.MEETINGS,
        meetings.ACTIONS,
        reviews.REVIEWS,
        practices.PRACTICES,
        practices.PEOPLE,
        practices.LES,
        meetings.ATTENDANCE,
        reviews.SUBMISSIONS,
        reviews.RECOMMENDATIONS,
        reviews.REVIEW_SUBMISSIONS,
        practices.LES_CHASE,
    )
}


def _filtered(spec: ListSpec, scope: Scope, filter_text: str) -> Select[Any]:
    """The list's statement with every word of ``filter_text`` matching some filter column."""
    stmt = spec.base(scope)
    conditions: list[ColumnElement[bool]] = [
        or_(*(expr.icontains(word, autoescape=True) for expr in spec.filter_exprs))
        for word in filter_text.split()
    ]
    return stmt.where(and_(*conditions)) if conditions else stmt


def page(
    session: Session,
    name: str,
    filter_text: str = "",
    sort: Sort | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    scope: Scope | None = None,
) -> list[Row]:
    """One page of a list, filtered and sorted by the database."""
    spec, scope = LISTS[name], scope or Scope()
    sort = sort if sort and sort.column in spec.sort_exprs else spec.default_sort
    expr = spec.sort_exprs[sort.column]
    order = expr.desc() if sort.descending else expr.asc()
    primary = spec.base(scope).selected_columns[0]
    stmt = _filtered(spec, scope, filter_text).order_by(order, primary).offset(offset).limit(limit)
    return [spec.to_row(r, scope) for r in session.execute(stmt)]


def count(
    session: Session,
    name: str,
    filter_text: str = "",
    scope: Scope | None = None,
    *,
    cap: int | None = None,
) -> int:
    """How many rows the list holds with this filter (shown as "n rows").

    With ``cap``, counting stops after ``cap + 1`` rows: a result above ``cap`` means
    "more than ``cap``" (see :func:`count_text`).
    """
    spec, scope = LISTS[name], scope or Scope()
    stmt = _filtered(spec, scope, filter_text).order_by(None)
    if cap is None:
        return int(session.execute(stmt.with_only_columns(func.count())).scalar_one())
    first = stmt.with_only_columns(spec.base(scope).selected_columns[0]).limit(cap + 1)
    return int(session.execute(select(func.count()).select_from(first.subquery())).scalar_one())


def count_text(total: int, cap: int | None = COUNT_CAP) -> str:
    """ "1,234 rows", or "10,000+ rows" for a count that reached ``cap``."""
    if cap is not None and total > cap:
        return f"{cap:,}+ rows"
    return f"{total:,} rows"


@cache
def tables_of(name: str) -> frozenset[str]:
    """The tables a list's rows are read from: a change to any of them changes the list.

    Read from the list's own query, so a join added to a list is followed automatically.
    """
    from datetime import date

    from sqlalchemy import Table
    from sqlalchemy.sql.util import find_tables

    stmt = LISTS[name].base(Scope(as_of=date(2000, 1, 1)))  # any date: only tables matter
    return frozenset(t.name for t in find_tables(stmt, include_joins=True) if isinstance(t, Table))


def columns(name: str) -> Sequence[Column]:
    """The columns of a list, for the table header."""
    return LISTS[name].columns


def jump_targets(session: Session, text: str, limit: int = 8) -> list[Row]:
    """Practices, people, reviews and meetings whose name or code contains ``text``."""
    rows: list[Row] = []
    for name in ("practices", "people", "reviews", "meetings"):
        rows += page(session, name, text, limit=limit)
    return rows


def record_ids(
    session: Session, name: str, filter_text: str = "", scope: Scope | None = None
) -> list[int]:
    """The ids of every row of a list with this filter (for bulk actions on a borough)."""
    spec, scope = LISTS[name], scope or Scope()
    primary = spec.base(scope).selected_columns[0]
    stmt = _filtered(spec, scope, filter_text).with_only_columns(primary)
    return [int(i) for i in session.execute(stmt).scalars()]
