"""People: staff, practice leads and designates, deduplicated by a natural key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.errors import NotFound
from sgtui.services.reference import normalise_cached
from sgtui.services.validation import MAX_SHORT_TEXT, Checker, clean
from sgtui.store.models import Person

_normalise = normalise_cached
"""Imports resolve thousands of names, each several times: normalise each once."""


def person_key(name: str, organisation: str | None = None, email: str | None = None) -> str:
    """The natural key: lower-cased e-mail when known, else "name|organisation" normalised."""
    if email and email.strip():
        return email.strip().lower()
    return f"{_normalise(name)}|{_normalise(organisation or '')}"


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


# --- Finding a person again ------------------------------------------------------------
#
# An import must never create a person who may already exist, nor merge two people
# silently. The rules (:meth:`PeopleIndex.resolve`), for one name as a row writes it:
#
# 1. The natural key (e-mail, else name + organisation) names a known person: that one.
# 2. Nobody has that name: a new person.
# 3. The organisation tells the namesakes apart (same practice, else same borough, else
#    the same organisation text): that one. Two at the same place: ask.
# 4. Only one namesake is compatible with the organisation (nothing in the row says
#    otherwise): that one.
# 5. Only one namesake at all, already in the database, at a different organisation:
#    that one, with a warning (a person who moved; the organisation change shows as such).
# 6. Anything else: ask the officer, listing the candidates.
#
# A namesake with a different e-mail address is a different person.


@dataclass(frozen=True)
class Place:
    """Where an organisation text points: a practice (ODS code), a borough, or just text."""

    ods: str | None = None
    borough_id: int | None = None
    text: str = ""
    """The organisation text, normalised."""


@dataclass
class KnownPerson:
    """A person the import can link to: in the database, or created earlier in the import."""

    key: str
    name: str
    role: str | None
    organisation: str | None
    email: str | None
    place: Place
    label: str
    existing: bool = True
    """False for a person this import creates (not yet in the database)."""


@dataclass(frozen=True)
class Resolution:
    """What to do with one name: link to ``key``, create ``key`` (new), or ask."""

    key: str | None
    new: bool = False
    candidates: tuple[KnownPerson, ...] = ()
    warning: str | None = None

    @property
    def ambiguous(self) -> bool:
        """True when the officer must choose (nothing is written for these rows)."""
        return self.key is None


@dataclass
class PeopleIndex:
    """Every known person by key and by normalised name, for resolving many rows fast."""

    by_key: dict[str, KnownPerson] = field(default_factory=dict)
    by_name: dict[str, list[KnownPerson]] = field(default_factory=dict)

    def add(self, person: KnownPerson) -> None:
        """Remember a person (one read from the database, or one this import creates)."""
        self.by_key[person.key] = person
        self.by_name.setdefault(_normalise(person.name), []).append(person)

    def resolve(self, name: str, place: Place, email: str | None) -> Resolution:
        """Apply the rules above to one (name, organisation, e-mail)."""
        email = email.strip().lower() if email and email.strip() else None
        for key in _natural_keys(name, place, email):
            if key in self.by_key:
                return Resolution(key)
        namesakes = [
            p
            for p in self.by_name.get(_normalise(name), [])
            if not (email and p.email and p.email.strip().lower() != email)
        ]
        if not namesakes:
            return Resolution(new_person_key(name, place, email), new=True)
        alike = [p for p in namesakes if _same_place(p.place, place)]
        if len(alike) == 1:
            return Resolution(alike[0].key)
        if len(alike) > 1:
            return Resolution(None, candidates=tuple(alike))
        compatible = [p for p in namesakes if not conflicts(p.place, place)]
        if len(compatible) == 1:
            return Resolution(compatible[0].key)
        if len(namesakes) == 1 and namesakes[0].existing and not compatible:
            only = namesakes[0]
            return Resolution(
                only.key,
                warning=f"linked by name to {only.label}, though the organisation differs",
            )
        return Resolution(None, candidates=tuple(compatible or namesakes))


def new_person_key(name: str, place: Place, email: str | None) -> str:
    """The natural key of a new person: the practice's ODS code stands for its name, so
    "G85001" and "Dr Smith & Partners" give the same key."""
    return person_key(name, place.ods or place.text, email)


def _natural_keys(name: str, place: Place, email: str | None) -> list[str]:
    keys = [new_person_key(name, place, email)]
    if place.ods and place.text:
        keys.append(person_key(name, place.text, email))  # kept by sgtui before ODS keys
    return keys


def _same_place(known: Place, wanted: Place) -> bool:
    """The organisation says this is the place: same practice, else borough, else text."""
    if wanted.ods:
        return known.ods == wanted.ods
    if wanted.borough_id:
        return known.borough_id == wanted.borough_id
    return bool(wanted.text) and known.text == wanted.text


def conflicts(known: Place, wanted: Place) -> bool:
    """True when the two organisations cannot be the same place."""
    if known.ods and wanted.ods:
        return known.ods != wanted.ods
    if known.borough_id and wanted.borough_id:
        return known.borough_id != wanted.borough_id
    if known.ods or wanted.ods or known.borough_id or wanted.borough_id:
        return False
    return bool(known.text and wanted.text) and known.text != wanted.text


def person_label(
    name: str, role: str | None, organisation: str | None, practice: str | None
) -> str:
    """How the officer sees a candidate: "Sam Patel, Practice nurse, G85001 Dr Smith & Partners"."""
    return ", ".join(part for part in (name, role, practice or organisation) if part)
