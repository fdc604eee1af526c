"""Finding a person again: one name as an import writes it -> a known person, new, or ask.

An import must never create a person who may already exist, nor merge two people
silently. Every (name, organisation, e-mail) an import writes is a :class:`Wanted`; its
organisation text points at a :class:`Place` (a practice, so a borough; a borough; or
just the text, such as "NHS South East London ICB"). All the ways one import writes one
name are settled together by :meth:`PeopleIndex.resolve_name`, so the outcome never
depends on the order of the rows. The rules, most specific first:

1. **The natural key** (e-mail, else name + practice ODS code, else name + organisation
   text) names a known person: that one.
2. **The same place**: exactly one namesake at the place the organisation names (same
   practice; else same borough; else the same organisation text): that one. Two or more
   there: ask.
3. **Not contradicted**: exactly one namesake whose organisation does not contradict this
   one (a blank organisation contradicts nothing; a borough contradicts only another
   borough; a practice only another practice or borough): that one. A blank organisation
   with exactly one namesake therefore links to them. But an organisation that is
   neither a practice nor a borough ("NHS South East London ICB", a trust, a misspelt
   practice) beside a practice or borough neither contradicts nor confirms it: ask.
4. **Told apart**: every namesake is somewhere else. When each of them is either new in
   this import or shown by this same import at their own place, the organisation tells
   them apart: a new person. So one workbook's two "Sam Patel" rows at practices G1 and
   G2 are two people, and so are a database's Sam Patel at G1 and an import that has
   Sam Patel rows at both G1 and G2.
5. **Moved, or a namesake?** Every namesake is somewhere else, and one of them is already
   in the database and this import does not show them at their own place: **ask**. The
   stored person may have moved (people change practice between one year's log and the
   next), or this may be someone else of the same name; nothing in the data tells the two
   apart. Linking would merge two people's training records, and creating would duplicate
   a person who moved; the first is silent and hard to undo, the second is what the
   issue forbids. So the officer answers once (the same person, or a new person) and the
   mapping file remembers it.
6. Anything else (several namesakes fit): ask, listing them.

More: a namesake with a different e-mail address is a different person. Two ways of
writing one place (ODS code in one row, the practice's name in another; "Lambeth" and
"Lambeth Council") are one person. Two of this import's places that each fit one stored
person (a stored Sam Patel with no organisation, rows at G1 and at G2) cannot both be
them: both are asked about. While one way of writing a name is asked about, a vaguer
way of writing it (a blank organisation) cannot be settled by elimination: it is asked
about too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from sgtui.services.reference import normalise_cached

_normalise = normalise_cached
"""Imports resolve thousands of names, each several times: normalise each once."""


def person_key(name: str, organisation: str | None = None, email: str | None = None) -> str:
    """The natural key: lower-cased e-mail when known, else "name|organisation" normalised."""
    if email and email.strip():
        return email.strip().lower()
    return f"{_normalise(name)}|{_normalise(organisation or '')}"


class Place(NamedTuple):
    """Where an organisation text points: a practice (ODS code), a borough, or just text.

    A named tuple, not a dataclass: an import hashes places hundreds of thousands of
    times (as parts of dict keys), and a tuple hashes in C.
    """

    ods: str | None = None
    borough_id: int | None = None
    text: str = ""
    """The organisation text, normalised."""

    @property
    def rank(self) -> int:
        """How precisely it says where: practice 3, borough 2, other text 1, blank 0."""
        return 3 if self.ods else 2 if self.borough_id else 1 if self.text else 0

    @property
    def identity(self) -> tuple[object, ...]:
        """Equal for two ways of writing one place ("G85001", "Dr Smith & Partners")."""
        if self.ods:
            return ("ods", self.ods)
        if self.borough_id:
            return ("borough", self.borough_id)
        return ("text", self.text)


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


class Wanted(NamedTuple):
    """One way an import writes a person: the name, where its organisation points, e-mail.

    A named tuple for the same reason as :class:`Place`.
    """

    name: str
    place: Place
    email: str | None = None
    """Lower-cased, or None."""

    @classmethod
    def of(cls, name: str, place: Place, email: str | None) -> Wanted:
        """The e-mail trimmed and lower-cased (blank is none)."""
        return cls(name, place, email.strip().lower() if email and email.strip() else None)


@dataclass(frozen=True)
class Resolution:
    """What to do with one name: link to ``key``, create ``key`` (new), or ask."""

    key: str | None
    new: bool = False
    candidates: tuple[KnownPerson, ...] = ()
    reason: str = ""
    """For a question: why the officer must choose (shown with the candidates)."""

    @property
    def ambiguous(self) -> bool:
        """True when the officer must choose (nothing is written for these rows)."""
        return self.key is None


SEVERAL = "more than one person of this name fits"
ELSEWHERE = "a person of this name is known at another organisation: the same person, or new?"
SHARED = "another way this import writes the name fits the same person"
PENDING = "another row of this name is waiting for your choice"

Creator = Callable[[Wanted, str], KnownPerson]
"""Makes the :class:`KnownPerson` for a new person (the importer knows role and label)."""


@dataclass
class PeopleIndex:
    """Every known person by key and by normalised name, for resolving many rows fast."""

    by_key: dict[str, KnownPerson] = field(default_factory=dict)
    by_name: dict[str, list[KnownPerson]] = field(default_factory=dict)

    def add(self, person: KnownPerson) -> None:
        """Remember a person (one read from the database, or one this import creates)."""
        self.by_key[person.key] = person
        self.by_name.setdefault(_normalise(person.name), []).append(person)

    def resolve_name(
        self,
        wanted: Iterable[Wanted],
        create: Creator,
        settled: dict[Wanted, Resolution] | None = None,
    ) -> list[tuple[Wanted, Resolution]]:
        """Apply the rules above to every way one import writes one name.

        ``settled`` are the officer's answers (mapping entries), applied first. New people
        are made with ``create`` and added to the index as they are decided, so later
        names, and later imports into the same index, find them. The list comes back in
        the order decided: a person is created before anything links to them.
        """
        wanted = list(dict.fromkeys(wanted))
        if not settled and len(wanted) == 1 and (new := self._nobody_like(wanted[0])):
            self.add(create(wanted[0], new))  # the common case in a big log: a new name
            return [(wanted[0], Resolution(new, new=True))]
        group = _NameGroup(self, create)
        settled = settled or {}
        for want, resolution in settled.items():
            group.apply(want, resolution)
        rest = [w for w in wanted if w not in settled]
        for rank in (3, 2, 1, 0):  # practice, borough, other text, blank: precise first
            tier = sorted((w for w in rest if w.place.rank == rank), key=_canonical)
            if tier:
                group.settle(tier)
        return group.done

    def _nobody_like(self, want: Wanted) -> str | None:
        """A new person's key when nobody has this name or any key it may be stored
        under (the rules then can only make a new person); else None."""
        if _normalise(want.name) in self.by_name:
            return None
        keys = natural_keys(want)
        return None if any(k in self.by_key for k in keys) else keys[0]


def _canonical(want: Wanted) -> tuple[str, str, str]:
    """An order of settling that does not depend on the rows' order (so neither does
    which of two ways of writing one place gives a new person their key)."""
    return (want.place.text, want.email or "", want.name)


def new_person_key(name: str, place: Place, email: str | None) -> str:
    """The natural key of a new person: the practice's ODS code stands for its name, so
    "G85001" and "Dr Smith & Partners" give the same key."""
    return person_key(name, place.ods or place.text, email)


def natural_keys(want: Wanted) -> list[str]:
    """Keys a person written this way may be stored under (the first is a new one's)."""
    keys = [new_person_key(want.name, want.place, want.email)]
    if want.place.ods and want.place.text:
        keys.append(person_key(want.name, want.place.text, want.email))  # before ODS keys
    return keys


class _NameGroup:
    """The ways one import writes one name, settled together (see the module's rules)."""

    def __init__(self, index: PeopleIndex, create: Creator) -> None:
        self.index = index
        self.create = create
        self.placed: dict[str, Place] = {}
        """Where this import shows a person, when more precise than what is stored."""
        self.shown: set[str] = set()
        """People this import links to: it shows them at the place it names."""
        self.pending = False
        """True once a way of writing the name is asked about."""
        self.done: list[tuple[Wanted, Resolution]] = []

    def settle(self, tier: list[Wanted]) -> None:
        """One precision of organisation: exact matches first, so the rest can be told apart."""
        exact = {w: self._exact(w) for w in tier}
        self.shown.update(r.key for r in exact.values() if r is not None and r.key)
        decided = {w: r for w, r in exact.items() if r is not None}
        decided.update(self._shared({w: self._loose(w) for w, r in exact.items() if r is None}))
        for want in tier:
            self.apply(want, decided[want])

    def apply(self, want: Wanted, resolution: Resolution) -> None:
        """Record one decision: create the new person, or note where a linked one is."""
        if resolution.ambiguous:
            self.pending = True
        elif resolution.new:
            twin = self._twin(want, resolution.key)  # type: ignore[arg-type]
            if twin is not None:
                resolution = Resolution(twin)
            else:
                self.index.add(self.create(want, resolution.key))  # type: ignore[arg-type]
        if resolution.key and not resolution.new:
            self.shown.add(resolution.key)
            shown_at = self._place(self.index.by_key[resolution.key])
            if want.place.rank > shown_at.rank or conflicts(shown_at, want.place):
                self.placed[resolution.key] = want.place  # more precise, or the officer's move
        self.done.append((want, resolution))

    def _twin(self, want: Wanted, key: str) -> str | None:
        """A person this import has just created for the same place written another way."""
        if key in self.index.by_key:
            return key
        for made, resolution in self.done:
            same = made.place.rank and made.place.identity == want.place.identity
            if resolution.new and same and made.email == want.email:
                return resolution.key
        return None

    def _namesakes(self, want: Wanted) -> list[KnownPerson]:
        people = self.index.by_name.get(_normalise(want.name), [])
        if want.email:
            return [p for p in people if not (p.email and p.email.strip().lower() != want.email)]
        return people

    def _place(self, person: KnownPerson) -> Place:
        return self.placed.get(person.key, person.place)

    def _exact(self, want: Wanted) -> Resolution | None:
        """Rules 1 and 2: the natural key, else the one namesake at the same place."""
        for key in natural_keys(want):
            if key in self.index.by_key:
                return Resolution(key)
        alike = [p for p in self._namesakes(want) if same_place(self._place(p), want.place)]
        if len(alike) == 1:
            return Resolution(alike[0].key)
        if alike:
            return Resolution(None, candidates=tuple(alike), reason=SEVERAL)
        return None

    def _loose(self, want: Wanted) -> Resolution:
        """Rules 3 to 6, once the exact matches of this precision are known."""
        namesakes = self._namesakes(want)
        compatible = [p for p in namesakes if not conflicts(self._place(p), want.place)]
        if self.pending and (compatible or namesakes):
            return Resolution(None, candidates=tuple(compatible or namesakes), reason=PENDING)
        if len(compatible) == 1 and not unrelated(self._place(compatible[0]), want.place):
            return Resolution(compatible[0].key)
        if compatible:
            return Resolution(None, candidates=tuple(compatible), reason=SEVERAL)
        elsewhere = [p for p in namesakes if p.existing and p.key not in self.shown]
        if elsewhere:
            return Resolution(None, candidates=tuple(elsewhere), reason=ELSEWHERE)
        return Resolution(new_person_key(want.name, want.place, want.email), new=True)

    def _shared(self, loose: dict[Wanted, Resolution]) -> dict[Wanted, Resolution]:
        """Two different places of this import that fit one person by elimination: ask both."""
        places: dict[str, set[tuple[object, ...]]] = {}
        for want, resolution in loose.items():
            if resolution.key and not resolution.new:
                places.setdefault(resolution.key, set()).add(want.place.identity)
        for want, resolution in loose.items():
            key = resolution.key
            if key and not resolution.new and len(places[key]) > 1:
                person = self.index.by_key[key]
                loose[want] = Resolution(None, candidates=(person,), reason=SHARED)
        return loose


def same_place(known: Place, wanted: Place) -> bool:
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


def unrelated(known: Place, wanted: Place) -> bool:
    """True when one names a practice or borough and the other only an organisation
    that is neither ("NHS South East London ICB", a trust, or a misspelt practice): they
    may be one place or two, and nothing tells which."""
    return (known.rank == 1 and wanted.rank > 1) or (wanted.rank == 1 and known.rank > 1)


def person_label(
    name: str, role: str | None, organisation: str | None, practice: str | None
) -> str:
    """How the officer sees a candidate: "Sam Patel, Practice nurse, G85001 Dr Smith & Partners"."""
    return ", ".join(part for part in (name, role, practice or organisation) if part)
