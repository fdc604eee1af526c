"""What rows may point at: the database's boroughs, courses, practices, meetings, reviews.

Loaded once per import (a handful of small queries), then grown with the workbook's own
practices, meetings and reviews so that a link is valid if it names a record in either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Mapped, Session
from sqlmodel import col

from sgtui.importers.cells import CellError, read_date
from sgtui.importers.learning import competence_title
from sgtui.services.namesakes import KnownPerson, PeopleIndex, Place, person_label
from sgtui.services.reference import normalise, normalise_cached
from sgtui.store.models import Borough, Course, Meeting, Person, Practice, Review, ReviewAlias

_normalised = normalise_cached
"""Names repeat row after row in training logs; normalise each once."""


def _key(column: int | None) -> Mapped[int]:
    """A table's id as a query column: read back it is never None (a model types it
    ``int | None`` only because a record has no id until it is saved)."""
    return cast("Mapped[int]", col(column))


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
    catalogue: list[tuple[frozenset[str], int | None, tuple[int, int | None]]] = field(
        default_factory=list
    )
    """Each course's title words and level, for matching titles written other ways."""
    accept_identifiers: bool = False
    """Import review subjects that look like real names or NHS numbers (the officer said so)."""

    @classmethod
    def load(cls, session: Session, *, people: bool = False) -> LinkContext:
        """Read the lookup tables from the database (and its people, when asked)."""
        ctx = cls()
        for code, name, borough_id in session.execute(
            select(col(Borough.code), col(Borough.name), _key(Borough.id))
        ):
            ctx.boroughs[normalise(code)] = borough_id
            ctx.boroughs[normalise(name)] = borough_id
        for course_id, code, title, level, months in session.execute(
            select(
                _key(Course.id),
                col(Course.code),
                col(Course.title),
                col(Course.level),
                col(Course.validity_months),
            )
        ):
            ctx.courses[normalise(code)] = (course_id, months)
            ctx.courses[normalise(title)] = (course_id, months)
            ctx.catalogue.append((_content_words(title), level, (course_id, months)))
        for code, name, practice_borough in session.execute(
            select(col(Practice.ods_code), col(Practice.name), col(Practice.borough_id))
        ):
            ctx.add_practice(code, name, practice_borough)
        for ref, day in session.execute(select(col(Meeting.ref), col(Meeting.meeting_date))):
            ctx.add_meeting(ref, day)
        ctx.review_refs.update(session.scalars(select(col(Review.ref))))
        ctx.review_refs.update(session.scalars(select(col(ReviewAlias.ref))))  # a converted RR
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
        ods_of = dict(session.execute(select(col(Practice.id), col(Practice.ods_code))).all())
        columns = (
            col(Person.key),
            col(Person.name),
            col(Person.role),
            col(Person.organisation),
            col(Person.email),
            col(Person.practice_id),
            col(Person.borough_id),
        )
        for key, name, role, organisation, email, practice_id, borough_id in session.execute(
            select(*columns).order_by(col(Person.id))
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
        title = competence_title(text)  # "NHS|CSTF|Safeguarding Adults - Level 2 - 3 Years|"
        for candidate in (
            text,
            title,
            f"{title} level {level}" if level else None,
            course_code(title, level),
        ):
            if candidate and (found := self.courses.get(normalise(candidate))):
                return found
        return self._course_by_words(title, level)

    def _course_by_words(self, text: str, level: str | None) -> tuple[int, int | None] | None:
        """The one catalogue course whose title words all appear in the text, at its level.

        "Mental Capacity Act 2005 e-learning" is the Mental Capacity Act course; a text
        naming a level only matches a course of that level; two equally good courses
        match neither (the mapping file decides).
        """
        words = _content_words(f"{text} {level or ''}")
        digit = _level_digit(f"{text} {level or ''}")
        best: list[tuple[int, tuple[int, int | None]]] = []
        for title_words, course_level, found in self.catalogue:
            if not title_words or not title_words <= words:
                continue
            if digit is not None and course_level is not None and course_level != int(digit):
                continue
            best.append((len(title_words), found))
        best.sort(key=lambda pair: pair[0], reverse=True)
        if not best or (len(best) > 1 and best[0][0] == best[1][0]):
            return None
        return best[0][1]

    def course_in_scope(self, text: str) -> bool:
        """Whether a course text looks like one of the catalogue's (safeguarding) courses.

        Learning-system exports list every mandatory competence (fire safety, moving and
        handling ...). Those are not unknown safeguarding courses to fix but courses the
        team does not track: the import leaves them out with a warning instead of
        refusing the file. A text is in scope when it names safeguarding or Prevent, or
        more than half the distinctive words of a catalogue title.
        """
        words = normalise(competence_title(text))
        if course_code(text, None) or SAFEGUARDING.search(words) or PREVENT.search(words):
            return True
        present = _content_words(words)
        for title_words, _level, _found in self.catalogue:
            distinct = title_words - GENERIC_COURSE_WORDS
            if distinct and 2 * len(distinct & present) > len(distinct):
                return True
        return False

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


COURSE_STOP_WORDS = frozenset(
    {"level", "levels", "and", "the", "of", "for", "in", "training", "course", "module", "l"}
)
"""Words that do not tell one course from another."""


def _content_words(text: str) -> frozenset[str]:
    words = normalise(text).split()
    return frozenset(w for w in words if w not in COURSE_STOP_WORDS and not w.isdigit())


def _level_digit(text: str) -> str | None:
    """The level a course text names ("Level 3", "L2", "lvl 1", a bare "3")."""
    words = normalise(text)
    number = re.search(r"(?:level|lvl|l)\s*([1-5])\b|\b([1-5])\b", words)
    return (number.group(1) or number.group(2)) if number else None


def course_code(text: str, level: str | None) -> str | None:
    """Guess the catalogue code from a course description ("Safeguarding Children L3" -> SGC-L3).

    ESR competence names are unwrapped first ("NHS|CSTF|Preventing Radicalisation - Level 3
    - 3 Years|"), so their validity period is not read as a level.
    """
    words = normalise(f"{competence_title(text)} {level or ''}")
    digit = _level_digit(words)
    if PREVENT.search(words):  # not "Infection Prevention"
        return "PREVENT-L3" if ("wrap" in words or digit == "3") else "PREVENT-BASIC"
    if "mental capacity" in words or re.search(r"\bmca\b", words):
        return "MCA"
    if re.search(r"deprivation|\bdols\b|liberty protection", words):
        return "DOLS"
    if re.search(r"domestic (abuse|violence)", words):
        return "DA"
    # "Resuscitation Level 2 - Adult" is not safeguarding: the words must say so, or say
    # nothing but child/adult and the level ("Children L3").
    safeguarding = bool(SAFEGUARDING.search(words)) or not _other_words(words)
    if digit and safeguarding and re.search(r"\bchild|children|\bsgc\b", words):
        return f"SGC-L{digit}"
    if digit and safeguarding and re.search(r"\badult|\bsga\b", words):
        return f"SGA-L{digit}"
    return None


PREVENT = re.compile(r"\bprevent\b|radicali|\bwrap\b")
SAFEGUARDING = re.compile(r"safeguard|\bsg[ac]?\b|\b(?:child|adult)\w* protection")
_AUDIENCE_WORDS = frozenset(
    {"child", "children", "childrens", "adult", "adults", "young", "people"}
)


def _other_words(words: str) -> set[str]:
    """Words besides audience, level and filler ("Children L3" has none)."""
    return {
        w
        for w in _content_words(words)
        if w not in _AUDIENCE_WORDS and not re.fullmatch(r"l\d|lvl\d?|level\d", w)
    }


GENERIC_COURSE_WORDS = frozenset(
    {"basic", "awareness", "act", "adult", "adults", "child", "children", "introduction"}
)
"""Catalogue title words that do not make a course a safeguarding course ("Basic Life Support")."""


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
    found: str
    for found in ODS_IN_TEXT.findall(organisation):
        if found.upper() in ctx.practice_codes:
            return found.upper()
    return ctx.practice_by_name(organisation)
