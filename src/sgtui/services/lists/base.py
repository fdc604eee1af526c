"""The shapes every list shares: rows, columns, sorts, scopes and a list's spec."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Select

from sgtui.services.ukdates import format_uk

PAGE_SIZE = 100


@dataclass(frozen=True)
class Row:
    """One table row: a unique key, the record Enter opens (kind + id) and the cell texts."""

    key: str
    kind: str
    record_id: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """A column's key (used for sorting), heading and width in cells.

    ``field``: the registry field (of the row's record kind) the column shows, so F2 can
    edit it in place; None for a column that is worked out (a status, a count, a name
    from another record).
    """

    key: str
    label: str
    width: int
    field: str | None = None
    unit: str = ""
    """Written after a number in the cell ("%" for a percentage criterion's answer)."""


@dataclass(frozen=True)
class Sort:
    """Sort by a column key, ascending unless ``descending``."""

    column: str
    descending: bool = False

    def flipped(self) -> Sort:
        return replace(self, descending=not self.descending)


@dataclass(frozen=True)
class Scope:
    """What narrows a list besides the filter text: the borough scope and a linked record.

    ``as_of`` has no default: "today" comes from the services' clock (``sgtui.clock``),
    so a frozen test clock reaches every status a list works out.
    """

    as_of: date
    borough_id: int | None = None
    scheme_id: int | None = None
    practice_id: int | None = None
    person_id: int | None = None
    meeting_id: int | None = None
    review_id: int | None = None
    criteria: tuple[tuple[int, str, str], ...] = ()
    """(criterion id, code, answer type) of the LES criteria shown as columns (none: hidden)."""


@dataclass(frozen=True)
class ListSpec:
    """How one list is queried and shown."""

    name: str
    title: str
    columns: tuple[Column, ...]
    sort_exprs: dict[str, Any]
    filter_exprs: tuple[Any, ...]
    default_sort: Sort
    base: Callable[[Scope], Select[Any]]
    to_row: Callable[[Any, Scope], Row]
    column_exprs: dict[str, Any] = field(default_factory=dict)
    """Column key -> the SQL behind the cells, for filters (a tuple: any of them matches,
    as a borough's code or name); a column missing here falls back to ``sort_exprs``."""
    statuses: dict[str, dict[str, Callable[[Scope], Any]]] = field(default_factory=dict)
    """Column key -> status word ("overdue", "expired") -> its SQL condition on a scope,
    for "Status is overdue" where the word shown is worked out, not stored."""
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Column key -> {label shown: code stored}, so "Status = Received" finds the code."""
    extra_columns: Callable[[Scope], tuple[tuple[Column, Any], ...]] | None = None
    """Columns that depend on the scope (the LES year's criteria), each with its SQL."""
    order: tuple[str, ...] = ()
    """Column keys in the order shown, where it differs from the cells' order (the
    columns a story needs first, so they fit a 120-column terminal); the rest follow."""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def columns_for(self, scope: Scope) -> tuple[Column, ...]:
        """The fixed columns, then any the scope adds."""
        return self.columns + tuple(c for c, _e in self.extras(scope))

    def shown(self, scope: Scope, hidden: frozenset[str] = frozenset()) -> list[tuple[int, Column]]:
        """(cell index, column) of each column shown, in display order, ``hidden`` left out.

        The first column (the key: a name, reference or ODS code) is never hidden.
        """
        every = list(enumerate(self.columns_for(scope)))
        rank = {key: i for i, key in enumerate(self.order)}
        every.sort(key=lambda pair: (rank.get(pair[1].key, len(rank)), pair[0]))
        return [(i, c) for i, c in every if c.key not in hidden or i == 0]

    def extras(self, scope: Scope) -> tuple[tuple[Column, Any], ...]:
        return self.extra_columns(scope) if self.extra_columns else ()

    def exprs_for(self, scope: Scope) -> dict[str, tuple[Any, ...]]:
        """Column key -> the SQL expressions a filter on that column tests."""
        found: dict[str, tuple[Any, ...]] = {}
        for column in self.columns:
            expr = self.column_exprs.get(column.key, self.sort_exprs.get(column.key))
            if expr is not None:
                found[column.key] = expr if isinstance(expr, tuple) else (expr,)
        for column, expr in self.extras(scope):
            found[column.key] = (expr,)
        return found


def uk(day: date | None) -> str:
    """A date as dd/mm/yyyy ("" for none)."""
    return format_uk(day)


def narrow(stmt: Select[*tuple[Any, ...]], scope: Scope, columns: dict[str, Any]) -> Select[Any]:
    """Apply the scope fields this list supports (``columns`` maps scope field to column)."""
    for name, column in columns.items():
        value = getattr(scope, name)
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def cols(*spec: tuple[str, str, int]) -> tuple[Column, ...]:
    return tuple(Column(k, label, w) for k, label, w in spec)


def editable(columns: tuple[Column, ...], **fields: str) -> tuple[Column, ...]:
    """The columns with their registry fields (column key=field name) filled in."""
    unknown = set(fields) - {c.key for c in columns}
    if unknown:
        raise KeyError(f"no column {', '.join(sorted(unknown))}")
    return tuple(replace(c, field=fields.get(c.key)) for c in columns)


def record_of(row: Row) -> tuple[str, int]:
    """The registry kind and id of the record a row shows (its key: "training:12").

    Not ``Row.kind``/``record_id``, which name the record Enter opens: a training row
    opens its person, but its cells are the training record's.
    """
    from sgtui.services.registry import kind_of

    prefix, _sep, number = row.key.partition(":")
    return kind_of(prefix).name, int(number)
