"""What rows may point at: the database's boroughs, courses, practices, meetings, reviews.

Loaded once per import (a handful of small queries), then grown with the workbook's own
practices, meetings and reviews so that a link is valid if it names a record in either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sgtui.importers.cells import CellError, read_date
from sgtui.services.people import KnownPerson, PeopleIndex, Place, person_label
from sgtui.services.reference import normalise, normalise_cached
from sgtui.store.models import Borough, Course, Meeting, Person, Practice, Review

_normalised = normalise_cached
"""Names repeat row after row in training logs; normalise each once."""


@dataclass
class LinkContext:
    """Lookup tables for cross-sheet links, keyed the way workbooks name things."""

    boroughs: dict[str, int] = field(default_factory=dict)
    courses: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    """Normalised code or title -> (course id, validity months)."""
    practice_codes: set[str] = field(default_factory=set)
    practice_names: dict[str, str] = field(default_factory=dict)
    """Normalised practice name -> ODS code."""
    practice_info: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    """ODS code -> (name, borough id), for people's places and labels."""
    practice_words: dict[frozenset[str], set[str]] = field(default_factory=dict)
    """The distinctive words of a practice's name ("Dr Smith & Partners" -> {smith}) ->
    the ODS codes with a name of those words (the database's name and the workbook's)."""
    places: dict[str, Place] = field(default_factory=dict)
    """Organisation texts already resolved: a log names a few hundred organisations."""
    people: PeopleIndex | None = None
    """Known people, loaded only when a training sheet needs them."""
    meeting_refs: set[str] = field(default_factory=set)
    meetings_by_date: dict[date, list[str]] = field(default_factory=dict)
    review_refs: set[str] = field(default_factory=set)
    course_cache: dict[tuple[str, str | None], tuple[int, int | None] | None] = field(
        default_factory=dict
    )
    """Course texts already looked up: a 100,000-row log names a dozen courses."""

    @classmethod
    def load(cls, session: Session, *, people: bool = False) -> LinkContext:
        """Read the lookup tables from the database (and its people, when asked)."""
        ctx = cls()
        for code, name, borough_id in session.execute(
            select(Borough.code, Borough.name, Borough.id)
        ):
            ctx.boroughs[normalise(code)] = borough_id
            ctx.boroughs[normalise(name)] = borough_id
        for course_id, code, title, months in session.execute(
            select(Course.id, Course.code, Course.title, Course.validity_months)
        ):
            ctx.courses[normalise(code)] = (course_id, months)
            ctx.courses[normalise(title)] = (course_id, months)
        for code, name, borough_id in session.execute(
            select(Practice.ods_code, Practice.name, Practice.borough_id)
        ):
            ctx.add_practice(code, name, borough_id)
        for ref, day in session.execute(select(Meeting.ref, Meeting.meeting_date)):
            ctx.add_meeting(ref, day)
        ctx.review_refs.update(session.scalars(select(Review.ref)))
        if people:
            ctx.load_people(session)
        return ctx

    def add_practice(self, code: str, name: str | None, borough_id: int | None = None) -> None:
        """Remember a practice so LES and training rows can link to it."""
        self.practice_codes.add(code)
        known_name, known_borough = self.practice_info.get(code, (None, None))
        # What the database holds comes first: the ODS list outranks a workbook.
        self.practice_info[code] = (known_name or name, known_borough or borough_id)
        if name:
            self.practice_names.setdefault(normalise(name), code)
            self.practice_words.setdefault(practice_words(name), set()).add(code)
        self.places.clear()  # a text may now name this practice

    def load_people(self, session: Session) -> None:
        """Every person in the database, by key and by name (one query)."""
        index = PeopleIndex()
        ods_of = dict(session.execute(select(Practice.id, Practice.ods_code)).all())
        columns = (
            Person.key,
            Person.name,
            Person.role,
            Person.organisation,
            Person.email,
            Person.practice_id,
            Person.borough_id,
        )
        for key, name, role, organisation, email, practice_id, borough_id in session.execute(
            select(*columns).order_by(Person.id)
        ):
            ods = ods_of.get(practice_id)
            place = self.place_of(organisation or "")
            if ods:
                place = Place(ods, self.practice_info.get(ods, (None, None))[1], place.text)
            if borough_id and not place.borough_id:
                place = Place(place.ods, borough_id, place.text)
            label = person_label(name, role, organisation, self.practice_label(place.ods))
            index.add(KnownPerson(key, name, role, organisation, email, place, label))
        self.people = index

    def practice_label(self, ods: str | None) -> str | None:
        """ "G85001 Dr Smith & Partners", for showing a person's practice."""
        if not ods:
            return None
        name = self.practice_info.get(ods, (None, None))[0]
        return f"{ods} {name}" if name else ods

    def place_of(self, organisation: str) -> Place:
        """The practice (and so borough), or else the borough, an organisation text names."""
        found = self.places.get(organisation)
        if found is None:
            ods = _practice_of(organisation, self) if organisation.strip() else None
            borough = self.practice_info.get(ods, (None, None))[1] if ods else None
            if borough is None and not ods:
                borough = self.borough_in(organisation)
            found = self.places[organisation] = Place(ods, borough, _normalised(organisation))
        return found

    def borough_in(self, text: str) -> int | None:
        """The one borough a text names by code, name or a word ("Lambeth CCG"), if exactly one."""
        wanted = _normalised(text)
        if wanted in self.boroughs:
            return self.boroughs[wanted]
        named = {self.boroughs[w] for w in wanted.split() if len(w) > 3 and w in self.boroughs}
        return named.pop() if len(named) == 1 else None

    def add_meeting(self, ref: str, day: date | None) -> None:
        """Remember a meeting so actions can name it by ID (or by date when unique)."""
        if ref in self.meeting_refs:
            return
        self.meeting_refs.add(ref)
        if day is not None:
            self.meetings_by_date.setdefault(day, []).append(ref)

    def borough_id(self, text: str) -> int:
        """The borough named by code, name or a looser spelling ("Royal Greenwich")."""
        wanted = normalise(text)
        if wanted in self.boroughs:
            return self.boroughs[wanted]
        for word in wanted.split():
            if word in self.boroughs and len(word) > 3:
                return self.boroughs[word]
        raise CellError("unknown borough (use a SE London borough name or code)")

    def course(self, text: str, level: str | None) -> tuple[int, int | None]:
        """(course id, validity months) for a course written as people write it."""
        cache_key = (text, level)
        if cache_key not in self.course_cache:
            self.course_cache[cache_key] = self._find_course(text, level)
        found = self.course_cache[cache_key]
        if found is None:
            raise CellError(
                "unknown course (add it to the course catalogue or map it in the mapping file)"
            )
        return found

    def _find_course(self, text: str, level: str | None) -> tuple[int, int | None] | None:
        for candidate in (
            text,
            f"{text} level {level}" if level else None,
            course_code(text, level),
        ):
            if candidate and (found := self.courses.get(normalise(candidate))):
                return found
        return None

    def practice_by_name(self, name: str) -> str | None:
        """The ODS code of the practice this name means: exactly that name, else the one
        practice whose name has the same distinctive words ("Smith Surgery" for "Dr Smith
        & Partners"), else the one whose words contain these or are contained in them."""
        exact = self.practice_names.get(_normalised(name))
        if exact:
            return exact
        words = practice_words(name)
        if not words - self.boroughs.keys():
            return None  # "Lambeth" is a borough, not "Lambeth Walk Group Practice"
        same = self.practice_words.get(words)
        if same:
            return next(iter(same)) if len(same) == 1 else None
        overlapping = {
            code
            for theirs, codes in self.practice_words.items()
            if (theirs <= words or words <= theirs) and (theirs & words) - self.boroughs.keys()
            for code in codes
        }
        return overlapping.pop() if len(overlapping) == 1 else None


def course_code(text: str, level: str | None) -> str | None:
    """Guess the catalogue code from a course description ("Safeguarding Children L3" -> SGC-L3)."""
    words = normalise(f"{text} {level or ''}")
    number = re.search(r"(?:level|lvl|l)\s*([1-5])\b|\b([1-5])\b", words)
    digit = (number.group(1) or number.group(2)) if number else None
    if "prevent" in words or "wrap" in words:
        return "PREVENT-L3" if ("wrap" in words or digit == "3") else "PREVENT-BASIC"
    if "mental capacity" in words or re.search(r"\bmca\b", words):
        return "MCA"
    if "deprivation" in words or "dols" in words:
        return "DOLS"
    if "domestic abuse" in words:
        return "DA"
    if digit and re.search(r"\bchild|children|sgc\b", words):
        return f"SGC-L{digit}"
    if digit and re.search(r"\badult|adults|sga\b", words):
        return f"SGA-L{digit}"
    return None


class LinkProblem(Exception):
    """A row's reference to another record that cannot be resolved (or, as a warning, a guess)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def resolve_links(kind: str, record: dict[str, object], ctx: LinkContext) -> LinkProblem | None:
    """Fill in the record's link keys; raise for a dangling link, return a warning for a guess."""
    if kind == "actions":
        record["meeting_ref"] = _meeting_ref(record.get("meeting"), ctx)
    elif kind == "recommendations" and record["review_ref"] not in ctx.review_refs:
        raise LinkProblem("review_ref", "no review with this reference")
    elif kind == "les":
        return _les_practice(record, ctx)
    elif kind == "training":
        organisation = record.get("organisation")
        record["ods_code"] = (
            _practice_of(organisation, ctx) if isinstance(organisation, str) else None
        )
    return None


def _meeting_ref(text: object, ctx: LinkContext) -> str | None:
    """Actions name their meeting by ID, or by date where only one meeting fell that day."""
    if not text:
        return None
    ref = re.sub(r"\s+", "-", str(text).strip()).upper()
    if ref in ctx.meeting_refs:
        return ref
    try:
        day = read_date(text)
    except CellError:
        day = None
    on_day = ctx.meetings_by_date.get(day, []) if day else []
    if len(on_day) == 1:
        return on_day[0]
    if len(on_day) > 1:
        raise LinkProblem("meeting", "more than one meeting on this date; use the meeting ID")
    raise LinkProblem("meeting", "no meeting with this ID")


def _les_practice(record: dict[str, object], ctx: LinkContext) -> LinkProblem | None:
    code = record.get("ods_code")
    if code:
        if code not in ctx.practice_codes:
            raise LinkProblem("ods_code", "no practice with this ODS code")
        return None
    name = str(record.get("practice_name") or "")
    found = ctx.practice_by_name(name)
    if found is None:
        raise LinkProblem("practice_name", "no ODS code, and no practice with this name")
    record["ods_code"] = found
    return LinkProblem("practice_name", f"no ODS code: linked by name to practice {found}")


GENERIC_PRACTICE_WORDS = frozenset(
    [
        "the",
        "dr",
        "drs",
        "doctor",
        "doctors",
        "practice",
        "practices",
        "pract",
        "surgery",
        "surgeries",
        "medical",
        "med",
        "centre",
        "center",
        "centres",
        "ctr",
        "cntr",
        "health",
        "healthcare",
        "hc",
        "group",
        "grp",
        "partners",
        "partner",
        "partnership",
        "and",
        "gp",
        "gps",
        "family",
        "clinic",
        "pms",
        "nhs",
        "primary",
        "care",
        "of",
        "at",
    ]
)
"""Words nearly every practice name has: they never tell two practices apart."""
ODS_IN_TEXT = re.compile(r"\b([A-Za-z]\d{5})\b")


def practice_words(name: str) -> frozenset[str]:
    """The distinctive words of a practice name: "The Smith Practice (G85001)" -> {smith}."""
    words = _normalised(ODS_IN_TEXT.sub(" ", name)).split()
    return frozenset(w for w in words if len(w) > 1 and w not in GENERIC_PRACTICE_WORDS)


def _practice_of(organisation: str, ctx: LinkContext) -> str | None:
    """The practice an organisation text names: its ODS code (alone or inside the text,
    "The Smith Practice (G85001)"), else its name or the words of its name."""
    code = organisation.strip().upper()
    if code in ctx.practice_codes:
        return code
    for found in ODS_IN_TEXT.findall(organisation):
        if found.upper() in ctx.practice_codes:
            return found.upper()
    return ctx.practice_by_name(organisation)
