"""A record's history in the officer's words: field labels and display values.

The audit log keeps column names and stored values (ids, codes, ISO dates), which is
right for undo and ``sgtui history --json``; the history screen shows each change by
the field registry's label and the value as the form shows it ("Owner: Sam Patel", not
"owner_person_id: 12"). Bookkeeping columns (version, timestamps) are left out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlmodel import Session

from sgtui.services.audit import from_json, model_for
from sgtui.services.field_values import PersonValue, Step, display
from sgtui.services.history import Change
from sgtui.services.registry import FieldDef, FieldType, KindDef, kind_of
from sgtui.services.undated import FLAGS
from sgtui.store.models import Person, table_of

BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "source"})
"""Columns every record has that say nothing an officer changed."""
_UNDATED = {flag: column for column, flag in FLAGS.items()}


def _kind(table: str) -> KindDef | None:
    try:
        return kind_of(table)
    except KeyError:
        return None


def _field(kind: KindDef | None, column: str) -> FieldDef | None:
    """The field a column is stored for (its own column, or the id it holds)."""
    if kind is None:
        return None
    for spec in kind.fields:
        if column in (spec.written, spec.id_column):
            return spec
    return None


def _typed(session: Session, spec: FieldDef, column: str, value: Any) -> Any:
    """A stored value as the typed value :func:`display` takes."""
    if spec.type is FieldType.STEP:
        return Step(value)
    if spec.type is FieldType.PERSON:
        if column == spec.id_column:
            person = session.get(Person, value)
            return PersonValue(person.name if person else f"person {value}", value)
        return PersonValue(str(value))
    return value


def value_text(session: Session, table: str, column: str, value: Any) -> str:
    """One stored value as the form would show it ("" for none)."""
    if value is None or value == "":
        return ""
    model = model_for(table)
    columns = table_of(model).columns
    typed = from_json(columns[column], value) if column in columns else value
    spec = _field(_kind(table), column)
    if spec is None:
        return display_plain(typed)
    try:
        return display(session, spec, _typed(session, spec, column, typed))
    except (AttributeError, TypeError, ValueError):
        return display_plain(typed)


def display_plain(value: Any) -> str:
    """A value no field describes: yes/no for flags, UK dates, else its text."""
    from datetime import date

    from sgtui.services.ukdates import format_uk

    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return format_uk(value)
    return str(value)


def field_label(table: str, column: str) -> str:
    """The label officers see for a column ("Due date"), else the column in words."""
    kind = _kind(table)
    if column in _UNDATED and (spec := _field(kind, _UNDATED[column])) is not None:
        return f"{spec.label} (done, date not recorded)"
    spec = _field(kind, column)
    return spec.label if spec else column.replace("_", " ").capitalize()


def readable(session: Session, table: str, change: Change) -> Change:
    """The change with labels for names and display texts for values."""
    fields = {}
    for column, (before, after) in change.fields.items():
        texts = (
            value_text(session, table, column, before),
            value_text(session, table, column, after),
        )
        if column in BOOKKEEPING or _says_nothing(column, texts):
            continue
        fields[field_label(table, column)] = texts
    return replace(change, fields=fields)


def _says_nothing(column: str, texts: tuple[str, str]) -> bool:
    """Same text both sides, or a "done, date not recorded" flag that was never set."""
    return texts[0] == texts[1] or (column in _UNDATED and set(texts) <= {"", "no"})


def labels_of(table: str, columns: tuple[str, ...]) -> str:
    """Columns as the officer's field labels, for "Undo would put back Due, Status"."""
    return ", ".join(field_label(table, c) for c in columns if c not in BOOKKEEPING)
