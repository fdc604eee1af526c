"""Paging, counting and filtering any list in :data:`LISTS`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, Select, String, and_, cast, func, or_, select
from sqlmodel import Session

from sgtui.services.lists import conditions, meetings, practices, reviews, training
from sgtui.services.lists.base import (
    PAGE_SIZE,
    Column,
    ListSpec,
    Row,
    Scope,
    Sort,
)
from sgtui.services.lists.sql_text import uk_date_text
from sgtui.services.wording import plural

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


def _searchable(expr: Any) -> Any:
    """A column as the text the table shows: dates as dd/mm/yyyy, numbers as digits."""
    sql_type = getattr(expr, "type", None)
    if isinstance(sql_type, (Date, DateTime)):
        return uk_date_text(expr)
    if isinstance(sql_type, String):
        return expr
    return cast(expr, String)


def _search_exprs(spec: ListSpec, scope: Scope) -> list[Any]:
    """Every shown column's SQL, then the list's own extra filter columns (a postcode)."""
    found = [_searchable(e) for exprs in spec.exprs_for(scope).values() for e in exprs]
    return found + [e for e in spec.filter_exprs if not any(e is f for f in found)]


def _statement(spec: ListSpec, scope: Scope) -> Select[Any]:
    """The list's query with the scope's extra columns (criterion answers) selected."""
    stmt = spec.base(scope)
    extras = spec.extras(scope)
    if extras:
        stmt = stmt.add_columns(*(e.label(f"extra_{i}") for i, (_c, e) in enumerate(extras)))
    return stmt


def _filtered(
    spec: ListSpec, scope: Scope, filter_text: str, where: Sequence[str] = ()
) -> Select[Any]:
    """The list's statement with every word of ``filter_text`` matching some shown column,
    and every condition in ``where`` (see :mod:`.conditions`) holding."""
    stmt = _statement(spec, scope)
    searched = _search_exprs(spec, scope)
    clauses: list[ColumnElement[bool]] = [
        or_(*(expr.icontains(word, autoescape=True) for expr in searched))
        for word in filter_text.split()
    ]
    clauses += [c.clause for c in conditions.parse_all(spec, where, scope)]
    return stmt.where(and_(*clauses)) if clauses else stmt


def _row(spec: ListSpec, scope: Scope, record: Any, units: tuple[str, ...]) -> Row:
    """The list's row, with the scope's extra columns (each ``units`` long) after it."""
    row = spec.to_row(record, scope)
    if not units:
        return row
    extras = len(units)
    added = tuple(_cell(record[-extras + i], unit) for i, unit in enumerate(units))
    return replace(row, cells=row.cells + added)


def _cell(value: object, unit: str = "") -> str:
    """An extra column's value as the form shows it (95, not 95.0; 95% for a percentage,
    which "export what I see" then writes as a percentage)."""
    if value is None:
        return ""
    return f"{value:g}{unit}" if isinstance(value, float) else str(value)


def page(
    session: Session,
    name: str,
    filter_text: str = "",
    sort: Sort | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    *,
    scope: Scope,
    where: Sequence[str] = (),
) -> list[Row]:
    """One page of a list, filtered and sorted by the database.

    ``where`` holds column conditions ("C08 = No"); one that cannot be read raises
    :class:`conditions.ConditionError`.
    """
    spec = LISTS[name]
    exprs = sort_exprs(spec, scope)
    sort = sort if sort and sort.column in exprs else spec.default_sort
    expr = exprs[sort.column]
    order = expr.desc() if sort.descending else expr.asc()
    primary = spec.base(scope).selected_columns[0]
    stmt = _filtered(spec, scope, filter_text, where).order_by(order, primary)
    units = tuple(column.unit for column, _e in spec.extras(scope))
    return [_row(spec, scope, r, units) for r in session.execute(stmt.offset(offset).limit(limit))]


def sort_exprs(spec: ListSpec, scope: Scope) -> dict[str, Any]:
    """Column key -> what sorting by it orders on (the scope's extra columns sort too)."""
    return {**spec.sort_exprs, **{c.key: e for c, e in spec.extras(scope)}}


def count(
    session: Session,
    name: str,
    filter_text: str = "",
    *,
    scope: Scope,
    cap: int | None = None,
    where: Sequence[str] = (),
) -> int:
    """How many rows the list holds with this filter (shown as "n rows").

    With ``cap``, counting stops after ``cap + 1`` rows: a result above ``cap`` means
    "more than ``cap``" (see :func:`count_text`).
    """
    spec = LISTS[name]
    stmt = _filtered(spec, scope, filter_text, where).order_by(None)
    if cap is None:
        return int(session.execute(stmt.with_only_columns(func.count())).scalar_one())
    first = stmt.with_only_columns(spec.base(scope).selected_columns[0]).limit(cap + 1)
    return int(session.execute(select(func.count()).select_from(first.subquery())).scalar_one())


def count_text(total: int, cap: int | None = COUNT_CAP) -> str:
    """ "1 row", "1,234 rows", or "10,000+ rows" for a count that reached ``cap``."""
    if cap is not None and total > cap:
        return plural(cap, "row", more=True)
    return plural(total, "row")


@cache
def tables_of(name: str) -> frozenset[str]:
    """The tables a list's rows are read from: a change to any of them changes the list.

    Read from the list's own query, so a join added to a list is followed automatically.
    """
    from sqlalchemy import Table
    from sqlalchemy.sql.util import find_tables

    stmt = LISTS[name].base(Scope(as_of=date(2000, 1, 1)))  # any date: only tables matter
    return frozenset(t.name for t in find_tables(stmt, include_joins=True) if isinstance(t, Table))


def columns(name: str, scope: Scope | None = None) -> Sequence[Column]:
    """The columns of a list, for the table header (with any the scope adds)."""
    spec = LISTS[name]
    return spec.columns if scope is None else spec.columns_for(scope)


def jump_targets(session: Session, text: str, as_of: date, limit: int = 8) -> list[Row]:
    """Practices, people, reviews and meetings whose name or code contains ``text``.

    ``as_of`` is today, for the cells worked out from it (a review's "Overdue").
    """
    rows: list[Row] = []
    for name in ("practices", "people", "reviews", "meetings"):
        rows += page(session, name, text, limit=limit, scope=Scope(as_of=as_of))
    return rows


def record_ids(
    session: Session,
    name: str,
    filter_text: str = "",
    *,
    scope: Scope,
    where: Sequence[str] = (),
) -> list[int]:
    """The ids of every row of a list with this filter (for bulk actions on a borough)."""
    spec = LISTS[name]
    primary = spec.base(scope).selected_columns[0]
    stmt = _filtered(spec, scope, filter_text, where).with_only_columns(primary)
    return [int(i) for i in session.execute(stmt).scalars()]
