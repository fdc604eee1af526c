"""Reading what an officer types into a field, and showing a field's value as text.

The form and ``sgtui set`` both hand the field's text here, so a bad value gets the
same message in both: a :class:`FieldError` whose text follows the field's label
("Due '30/02/2025': no such date"). Choices come from catalogues, some fixed
(:mod:`sgtui.services.catalogues`), some read from the database (boroughs, meeting
types, courses), each accepting its label or its code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlmodel import Session, col, func, select

from sgtui.services import catalogues as cat
from sgtui.services.errors import NotFound
from sgtui.services.records import record_id
from sgtui.services.reference import normalise
from sgtui.services.registry import FieldDef, FieldType
from sgtui.services.ukdates import DateParseError, format_uk, parse_date_input
from sgtui.services.undated import FLAGS, UNDATED_TEXT
from sgtui.store.models import (
    Borough,
    Course,
    Meeting,
    MeetingType,
    Person,
    Practice,
    Review,
)

YES_WORDS = frozenset({"y", "yes", "true", "1", "✓", "✔", "x", "done", "tick"})
NO_WORDS = frozenset({"n", "no", "false", "0", "✗", "not done"})
CLEAR_WORDS = frozenset({"", "-", "—", "none", "blank", "clear"})
"""Text that empties a field ("-" in a CLI call, where an empty argument is awkward)."""


class FieldError(ValueError):
    """A field's text cannot be read; the message follows the field's label."""


class AmbiguousPerson(FieldError):
    """More than one person answers to the name: ``candidates`` lets a picker choose."""

    def __init__(self, message: str, candidates: list[PersonChoice]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Choice:
    """One value a choice field takes: the stored value, its label, other accepted words."""

    value: str | int
    label: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """A dated step's value: done on a date, done on a date not recorded, or not done."""

    on: date | None
    undated: bool = False


@dataclass(frozen=True)
class PersonValue:
    """A person named in a field: the name as stored, and the record when there is one."""

    name: str
    person_id: int | None = None


@dataclass(frozen=True)
class PersonChoice:
    """A candidate for a person field, described so that namesakes can be told apart."""

    person_id: int
    name: str
    description: str
    """role · organisation · borough, as far as known."""


def _pairs(codes: tuple[str, ...], labels: dict[str, str] | None = None) -> list[Choice]:
    labels = labels or {}
    return [Choice(c, labels.get(c) or cat.code_words(c), (c,)) for c in codes]


STATIC_CATALOGUES: dict[str, list[Choice]] = {
    "review_types": [
        Choice(code, f"{code} {name}", (code, name))
        for code, (name, _body) in cat.REVIEW_TYPES.items()
    ],
    "review_stages": _pairs(tuple(c for c, _l in cat.REVIEW_STAGES), cat.STAGE_LABELS),
    "submission_kinds": [Choice(k, v, (k,)) for k, v in cat.SUBMISSION_KINDS.items()],
    "submission_statuses": _pairs(cat.SUBMISSION_STATUSES),
    "rag": _pairs(cat.RAG_VALUES, cat.RAG_LABELS),
    "recommendation_statuses": _pairs(
        cat.RECOMMENDATION_STATUSES, cat.RECOMMENDATION_STATUS_LABELS
    ),
    "meeting_statuses": _pairs(cat.MEETING_STATUSES, cat.MEETING_STATUS_LABELS),
    "minutes_statuses": _pairs(cat.MINUTES_STATUSES),
    "attendance_statuses": _pairs(cat.ATTENDANCE_STATUSES),
    "action_statuses": _pairs(cat.ACTION_STATUSES, cat.ACTION_STATUS_LABELS),
    "answer_types": _pairs(
        cat.LES_ANSWER_TYPES,
        {"yes_no": "Yes or no", "percent": "Percentage", "number": "Number"},
    ),
}
OPEN_CATALOGUES = frozenset({"roles"})
"""Catalogues that suggest values but take any text (a team's own job titles)."""


def choices(session: Session, catalogue: str) -> list[Choice]:
    """Every value of a catalogue, in the order a picker lists them."""
    if catalogue in STATIC_CATALOGUES:
        return STATIC_CATALOGUES[catalogue]
    if catalogue == "boroughs":
        boroughs = session.exec(select(Borough).order_by(col(Borough.name)))
        return [Choice(b.id, b.name, (b.code, b.name)) for b in boroughs]  # type: ignore[arg-type]
    if catalogue == "meeting_types":
        meeting_types = session.exec(select(MeetingType).order_by(col(MeetingType.name)))
        return [Choice(t.id, t.name, (t.code, t.name)) for t in meeting_types]  # type: ignore[arg-type]
    if catalogue == "courses":
        courses = session.exec(select(Course).order_by(col(Course.title)))
        return [Choice(c.id, c.title, (c.code, c.title)) for c in courses]  # type: ignore[arg-type]
    if catalogue == "roles":
        stored = session.exec(
            select(col(Person.role)).where(col(Person.role).is_not(None)).distinct()
        )
        names = dict.fromkeys([*cat.ROLES, *sorted(r for r in stored if r)])
        return [Choice(r, r) for r in names]
    raise KeyError(f"no catalogue {catalogue!r}")


def _choice(session: Session, spec: FieldDef, text: str) -> str | int:
    options = choices(session, spec.catalogue)
    wanted = normalise(text)
    for option in options:
        words = (option.label, str(option.value), *option.also)
        if wanted in {normalise(w) for w in words}:
            return option.value
    if spec.catalogue in OPEN_CATALOGUES:
        return text
    starts = [o for o in options if normalise(o.label).startswith(wanted)]
    if len(starts) == 1:
        return starts[0].value
    listed = ", ".join(o.label for o in options[:12]) + (", …" if len(options) > 12 else "")
    raise FieldError(f"{text!r} is not one of: {listed}")


def _number(spec: FieldDef, text: str) -> float | int:
    cleaned = text.replace(",", "").removesuffix("%").strip()
    try:
        number = float(cleaned)
    except ValueError:
        kind = "whole number" if spec.type is FieldType.WHOLE_NUMBER else "number"
        raise FieldError(f"{text!r} is not a {kind}") from None
    if spec.type is FieldType.WHOLE_NUMBER:
        if number != int(number):
            raise FieldError(f"{text!r} is not a whole number")
        number = int(number)
    low = 0.0 if spec.type is FieldType.PERCENT else spec.minimum
    high = 100.0 if spec.type is FieldType.PERCENT else spec.maximum
    if low is not None and number < low:
        raise FieldError(f"must be at least {low:g}")
    if high is not None and number > high:
        raise FieldError(f"must be at most {high:g}")
    return number


def _time(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", text.lower())
    if match:
        hours, minutes, half = int(match[1]), int(match[2] or 0), match[3]
        if half == "pm" and hours < 12:
            hours += 12
        if half == "am" and hours == 12:
            hours = 0
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise FieldError(f"{text!r} is not a time (use hh:mm, e.g. 14:30)")


def _flag(text: str) -> bool:
    word = text.lower()
    if word in YES_WORDS or word in {"open", "active"}:
        return True
    if word in NO_WORDS or word in {"closed", "inactive"}:
        return False
    raise FieldError(f"{text!r} is not yes or no")


def _step(text: str, today: date) -> Step:
    word = text.lower()
    if word in YES_WORDS or word == UNDATED_TEXT.lower():
        return Step(None, undated=True)
    if word in NO_WORDS:
        return Step(None)
    try:
        return Step(parse_date_input(text, today))
    except DateParseError as exc:
        raise FieldError(f"{exc} (or yes for done, date not recorded)") from None


def describe_person(session: Session, person: Person) -> str:
    """role · organisation or practice · borough: what tells two namesakes apart."""
    practice = session.get(Practice, person.practice_id) if person.practice_id else None
    borough = session.get(Borough, person.borough_id) if person.borough_id else None
    parts = [
        person.role,
        practice.name if practice else person.organisation,
        borough.name if borough else None,
        person.email,
    ]
    return " · ".join(p for p in parts if p) or "no details yet"


def person_candidates(session: Session, text: str) -> list[Person]:
    """The people ``text`` may mean: person:ID, an e-mail, an exact name, else a partial one."""
    text = text.strip()
    if match := re.fullmatch(r"person:(\d+)", text, flags=re.IGNORECASE):
        found = session.get(Person, int(match[1]))
        return [found] if found else []
    lowered = text.lower()
    by_email = list(session.exec(select(Person).where(func.lower(col(Person.email)) == lowered)))
    if by_email:
        return by_email
    exact = list(session.exec(select(Person).where(func.lower(col(Person.name)) == lowered)))
    if exact:
        return exact
    stmt = select(Person).where(col(Person.name).ilike(f"%{text}%")).order_by(col(Person.name))
    return list(session.exec(stmt.limit(20)))


def person_choices(session: Session, people: list[Person]) -> list[PersonChoice]:
    return [PersonChoice(p.id, p.name, describe_person(session, p)) for p in people]  # type: ignore[arg-type]


def _person(session: Session, spec: FieldDef, text: str) -> PersonValue:
    """A unique match links the person; a name nobody has is kept as written where it can be."""
    found = person_candidates(session, text)
    exact = [
        p for p in found if p.name.lower() == text.lower() or text.lower().startswith("person:")
    ]
    if len(found) == 1 and (exact or not spec.column):
        return PersonValue(found[0].name, found[0].id)
    if len(exact) == 1:
        return PersonValue(exact[0].name, exact[0].id)
    if len(found) > 1:
        options = person_choices(session, found)
        listed = "; ".join(f"{c.name} ({c.description}) = person:{c.person_id}" for c in options)
        raise AmbiguousPerson(
            f"{text!r} matches {len(found)} people: {listed}. Give person:ID or the e-mail",
            options,
        )
    if spec.column:
        return PersonValue(text)  # a name with no record yet: kept as written, unlinked
    raise AmbiguousPerson(
        f"no person called {text!r}: add them as a new person first, or give their e-mail", []
    )


def _practice(session: Session, text: str) -> int:
    code = re.sub(r"\s+", "", text).upper()
    found = session.exec(select(Practice).where(col(Practice.ods_code) == code)).first()
    if found is None:
        named = list(session.exec(select(Practice).where(col(Practice.name).ilike(f"%{text}%"))))
        if len(named) == 1:
            return record_id(named[0])
        raise FieldError(f"no practice with ODS code {code!r} (e.g. G83004)")
    return record_id(found)


def _reference(session: Session, spec: FieldDef, text: str) -> int:
    if spec.refers_to == "review":
        from sgtui.services.reviews import get_review

        try:
            return record_id(get_review(session, text))
        except NotFound:
            raise FieldError(f"no review with reference {text.strip().upper()!r}") from None
    found = session.exec(
        select(Meeting).where(func.lower(col(Meeting.ref)) == text.strip().lower())
    ).first()
    if found is None:
        raise FieldError(f"no meeting with reference {text.strip()!r}")
    return record_id(found)


def parse_value(session: Session, spec: FieldDef, raw: object, today: date) -> Any:
    """The typed value of a field's text; :class:`FieldError` saying why not.

    Blank (or "-", "none") clears the field: None, or a not-done :class:`Step`.
    """
    text = "" if raw is None else str(raw).replace("\u00a0", " ").strip()
    if text.lower() in CLEAR_WORDS:
        if spec.required and spec.type is FieldType.CHOICE and text:
            try:
                return _choice(session, spec, text)  # a required choice's own "None" (minutes)
            except FieldError:
                pass
        if spec.required:
            raise FieldError("is required")
        return Step(None) if spec.type is FieldType.STEP else None
    if spec.max_length and len(text) > spec.max_length:
        raise FieldError(f"is too long ({len(text)} characters; at most {spec.max_length})")
    kind = spec.type
    if kind is FieldType.DATE:
        try:
            return parse_date_input(text, today)
        except DateParseError as exc:
            raise FieldError(str(exc)) from None
    if kind is FieldType.STEP:
        return _step(text, today)
    if kind is FieldType.TIME:
        return _time(text)
    if kind is FieldType.CHOICE:
        return _choice(session, spec, text)
    if kind in (FieldType.NUMBER, FieldType.WHOLE_NUMBER, FieldType.PERCENT):
        return _number(spec, text)
    if kind is FieldType.FLAG:
        return _flag(text)
    if kind is FieldType.PERSON:
        return _person(session, spec, text)
    if kind is FieldType.PRACTICE:
        return _practice(session, text)
    if kind is FieldType.REFERENCE:
        return _reference(session, spec, text)
    return text


def columns_for(spec: FieldDef, value: Any) -> dict[str, Any]:
    """The column values a field's typed value is stored as."""
    kind = spec.type
    if kind is FieldType.STEP:
        step = value if isinstance(value, Step) else Step(value)
        return {spec.written: step.on, FLAGS[spec.written]: step.undated and step.on is None}
    if kind is FieldType.PERSON:
        person = value if isinstance(value, PersonValue) or value is None else PersonValue(value)
        stored: dict[str, Any] = {}
        if spec.column or not spec.id_column:
            stored[spec.written] = person.name if person else None
        if spec.id_column:
            stored[spec.id_column] = person.person_id if person else None
        return stored
    if spec.id_column:
        return {spec.id_column: value}
    if kind is FieldType.FLAG and value is None:
        return {spec.written: False}
    return {spec.written: value}


def current_value(session: Session, spec: FieldDef, record: Any) -> Any:
    """The field's value on a stored record, as :func:`parse_value` would give it."""
    if spec.type is FieldType.STEP:
        return Step(
            getattr(record, spec.written), bool(getattr(record, FLAGS[spec.written], False))
        )
    if spec.type is FieldType.PERSON:
        name = getattr(record, spec.written, None) if (spec.column or not spec.id_column) else None
        person_id = getattr(record, spec.id_column, None) if spec.id_column else None
        if name is None and person_id is not None:
            person = session.get(Person, person_id)
            name = person.name if person else None
        return PersonValue(name, person_id) if name else None
    if spec.id_column:
        return getattr(record, spec.id_column, None)
    return getattr(record, spec.written, None)


def display(session: Session, spec: FieldDef, value: Any) -> str:
    """A field's typed value as the text a form shows and ``parse_value`` reads back."""
    if value is None:
        return ""
    kind = spec.type
    if kind is FieldType.STEP:
        return format_uk(value.on) if value.on else ("yes" if value.undated else "")
    if kind is FieldType.PERSON:
        return str(value.name)
    if kind is FieldType.DATE:
        return format_uk(value)
    if kind is FieldType.TIME:
        return str(value.strftime("%H:%M"))
    if kind is FieldType.FLAG:
        return "yes" if value else "no"
    if kind in (FieldType.NUMBER, FieldType.PERCENT):
        return f"{value:g}"
    if kind is FieldType.CHOICE:
        for option in choices(session, spec.catalogue):
            if option.value == value:
                return option.label
        return cat.coded_label(str(value), None, {})
    if kind is FieldType.PRACTICE:
        practice = session.get(Practice, value)
        return practice.ods_code if practice else ""
    if kind is FieldType.REFERENCE:
        found = (
            session.get(Review, value)
            if spec.refers_to == "review"
            else session.get(Meeting, value)
        )
        return found.ref if found else ""
    return str(value)
