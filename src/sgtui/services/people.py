"""People: staff, practice leads and designates, deduplicated by a natural key."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.errors import NotFound
from sgtui.services.namesakes import person_key
from sgtui.services.validation import MAX_SHORT_TEXT, Checker, clean
from sgtui.store.models import Person

__all__ = ["find_people", "get_person", "person_key", "save_person"]
"""Finding a person again on import (namesakes, places) is :mod:`sgtui.services.namesakes`."""


def save_person(
    session: Session, svc: Services, values: dict[str, Any]
) -> tuple[records.Outcome, Person]:
    """Create or update a person by natural key, after validation."""
    values = clean(values)
    check = Checker()
    check.required(values, "name")
    check.text_length(
        values, {k: MAX_SHORT_TEXT for k in ("name", "role", "organisation", "email")}
    )
    check.raise_if_any()
    key = person_key(values["name"], values.get("organisation"), values.get("email"))
    return records.upsert(session, svc, Person, {"key": key}, values)


def find_people(session: Session, text: str, limit: int = 20) -> list[Person]:
    """People whose name contains ``text`` (case-insensitive), by name."""
    stmt = select(Person).where(col(Person.name).ilike(f"%{text.strip()}%")).order_by(Person.name)
    return list(session.exec(stmt.limit(limit)))


def get_person(session: Session, name_or_key: str) -> Person:
    """A person by exact key, exact name (case-insensitive), or a unique partial name."""
    person = session.exec(select(Person).where(Person.key == name_or_key.strip().lower())).first()
    if person:
        return person
    exact = list(session.exec(select(Person).where(col(Person.name).ilike(name_or_key.strip()))))
    matches = exact or find_people(session, name_or_key, limit=2)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(f"no person named {name_or_key!r}")
    raise NotFound(f"more than one person matches {name_or_key!r}; give the full name or e-mail")
