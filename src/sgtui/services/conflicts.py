"""What a save that raced a colleague's would change: the differing fields, in words.

The form shows these when :class:`~sgtui.services.errors.ConflictError` comes back: one
row per field whose text in the form is not what the record now holds, by the field's
label and both values as the form would show them, never column names, codes or ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from sgtui.services import editing, records
from sgtui.services.registry import kind_of


@dataclass(frozen=True)
class FieldClash:
    """One field the officer's version and the colleague's disagree on."""

    label: str
    yours: str
    theirs: str


def differing_fields(
    session: Session, kind_name: str, record_id: int, yours: dict[str, str]
) -> list[FieldClash]:
    """Fields of ``yours`` (field name -> form text) that differ from the stored record.

    Compared as display text, so "10/03/2025" and a stored 2025-03-10 agree, and a
    choice's code and its label agree.
    """
    kind = kind_of(kind_name)
    theirs = editing.field_texts(session, kind.name, records.get(session, kind.model, record_id))
    clashes = []
    for spec in kind.fields:
        if spec.name not in yours:
            continue
        mine, stored = yours[spec.name].strip(), theirs.get(spec.name, "").strip()
        if mine != stored:
            clashes.append(FieldClash(spec.label, mine, stored))
    return clashes
