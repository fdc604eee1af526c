"""Column filters typed as sentences: "C08 = No", "Expires < 30d", "Status is overdue".

Each condition names a column (by its heading or key), an operator and a value, and
becomes a SQL ``WHERE`` clause on the list's own query, so a filtered list still pages
from the database. Values are read by the column's SQL type: dates as the date fields
take them (dd/mm/yyyy, ``today``, ``+5wd``; ``30d`` alone means 30 days from today),
numbers, yes/no, and text (compared ignoring case). ``is`` takes a status word where
the list works one out ("overdue", "expired") or ``empty``. Textual-free.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    and_,
    cast,
    func,
    not_,
    or_,
)

from sgtui.services.lists.base import Column, ListSpec, Scope
from sgtui.services.ukdates import DateParseError, parse_date_input

OPERATORS = ("<=", ">=", "!=", "=", "<", ">", "contains", "is not", "is")
"""Every operator a condition may use, as the officer types them."""

_PATTERN = re.compile(
    r"^\s*(?P<column>.+?)\s*(?P<op><=|>=|!=|<>|=|<|>|\bcontains\b|\bis\s+not\b|\bis\b)"
    r"\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
_DAYS_AHEAD = re.compile(r"^(\d+)\s*d$", re.IGNORECASE)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_EMPTY = {"empty", "blank", "none"}
_ORDERED = {"<": "__lt__", ">": "__gt__", "<=": "__le__", ">=": "__ge__"}


class ConditionError(ValueError):
    """A condition that cannot be read; the message says why in a sentence."""


@dataclass(frozen=True)
class Condition:
    """A parsed condition: the column it tests, its text as shown on a chip, and its SQL."""

    column: str
    text: str
    clause: ColumnElement[bool]


def parse(spec: ListSpec, text: str, scope: Scope) -> Condition:
    """Read one condition for ``spec``; ``ConditionError`` says what is wrong."""
    match = _PATTERN.match(text)
    if not match:
        raise ConditionError(
            f"“{text.strip()}”: write a column, an operator and a value, as “Status is overdue”"
            " (operators: " + " ".join(OPERATORS) + ")"
        )
    column = _find_column(spec, match["column"], scope)
    op = " ".join(match["op"].lower().split()).replace("<>", "!=")
    value = match["value"]
    if not value:
        raise ConditionError(f"“{text.strip()}”: no value after “{op}”")
    clause = _clause(spec, column, op, value, scope)
    return Condition(column.key, f"{column.label} {op} {value}", clause)


def parse_all(spec: ListSpec, texts: Sequence[str], scope: Scope) -> list[Condition]:
    """Every condition in ``texts`` (all of them must hold)."""
    return [parse(spec, text, scope) for text in texts]


def _find_column(spec: ListSpec, name: str, scope: Scope) -> Column:
    wanted = " ".join(name.lower().split())
    shown = spec.columns_for(scope)
    for column in shown:
        if wanted in (column.label.lower(), column.key.lower()):
            return column
    names = ", ".join(c.label for c in shown if _filterable(spec, c.key, scope))
    raise ConditionError(f"No column “{name.strip()}” in this list (columns: {names})")


def _filterable(spec: ListSpec, key: str, scope: Scope) -> bool:
    return key in spec.exprs_for(scope) or key in spec.statuses


def _clause(spec: ListSpec, column: Column, op: str, value: str, scope: Scope) -> Any:
    exprs = spec.exprs_for(scope).get(column.key, ())
    statuses = spec.statuses.get(column.key, {})
    if op in ("is", "is not") or (not exprs and statuses and op in ("=", "!=")):
        clause = _is(spec, column, exprs, statuses, value, scope)
        return not_(clause) if op in ("is not", "!=") else clause
    if not exprs:
        raise ConditionError(f"“{column.label}” cannot be filtered")
    kind = _kind(exprs[0])
    typed = _value(column, kind, value, scope)
    if kind == "text":
        typed = spec.codes.get(column.key, {}).get(typed.lower(), typed)
    tests = [_compare(expr, kind, op, typed) for expr in exprs]
    if op == "!=":
        return and_(*tests)
    return or_(*tests)


def _is(
    spec: ListSpec,
    column: Column,
    exprs: tuple[Any, ...],
    statuses: dict[str, Any],
    value: str,
    scope: Scope,
) -> Any:
    word = " ".join(value.lower().split())
    if word in statuses:
        return statuses[word](scope)
    if word in _EMPTY and exprs:
        return and_(*(or_(e.is_(None), _as_text(e) == "") for e in exprs))
    if exprs and word not in _EMPTY:
        return _clause(spec, column, "=", value, scope)
    choices = ", ".join([*statuses, "empty"])
    raise ConditionError(f"“{column.label} is …” takes one of: {choices}")


def _kind(expr: Any) -> str:
    """How a column's values are read: date, number, flag or text."""
    sql_type = getattr(expr, "type", None)
    if isinstance(sql_type, (Date, DateTime)):
        return "date"
    if isinstance(sql_type, Boolean):
        return "flag"
    if isinstance(sql_type, (Integer, Numeric, Float)):
        return "number"
    return "text"


def _value(column: Column, kind: str, value: str, scope: Scope) -> Any:
    if kind == "date":
        return _date(column, value, scope.as_of)
    if kind == "number":
        try:
            number = float(value.rstrip("%"))
        except ValueError:
            raise ConditionError(f"“{column.label}” holds numbers: “{value}” is not one") from None
        return int(number) if number.is_integer() else number
    if kind == "flag":
        if value.lower() in _YES | _NO:
            return value.lower() in _YES
        raise ConditionError(f"“{column.label}” is yes or no: “{value}” is neither")
    return value


def _date(column: Column, value: str, today: date) -> date:
    """``30d`` means 30 days from today; otherwise as a date field reads it."""
    if match := _DAYS_AHEAD.match(value.strip()):
        return today + timedelta(days=int(match[1]))
    try:
        day = parse_date_input(value, today)
    except DateParseError as exc:
        raise ConditionError(f"“{column.label}” holds dates: {exc}") from None
    if day is None:
        raise ConditionError(f"“{column.label}”: no date given")
    return day


def _as_text(expr: Any) -> Any:
    return expr if _kind(expr) == "text" else cast(expr, String)


def _compare(expr: Any, kind: str, op: str, value: Any) -> Any:
    """One expression against one value; text ignores case, != keeps the blanks."""
    if op == "contains":
        return _as_text(expr).icontains(str(value), autoescape=True)
    left, right = (func.lower(expr), str(value).lower()) if kind == "text" else (expr, value)
    if op == "=":
        return left == right
    if op == "!=":
        return or_(left != right, expr.is_(None))
    return getattr(left, _ORDERED[op])(right)
