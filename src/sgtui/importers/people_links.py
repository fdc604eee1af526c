"""Training rows to people: find the person again, never create a possible duplicate.

Each distinct (name, organisation, e-mail) of the import is resolved once, by the rules
of :mod:`sgtui.services.namesakes` (a 100,000-row log names a few thousand people),
against everyone in the database and everyone this import creates. Every way the
import's sheets write one name is settled together, before any row is linked: so one
person written with their practice's ODS code in one file and its name in another is one
person, two namesakes at different practices are two people, and neither depends on the
order of the rows. The officer's ``[people]`` mapping entries come first.

A name the rules cannot settle is **held back**: its rows are not written (neither by a
dry run nor by the import itself), the sheet counts them as ``held``, the report lists
the candidates in ``ImportReport.people`` with one warning each, and the rest of the
import goes ahead. Once the officer has chosen (on the Import screen, or with a
``[people]`` entry), importing the same file again writes the held rows; everything
else is unchanged by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sgtui.importers.links import LinkContext, _normalised
from sgtui.importers.reader import column_letter
from sgtui.importers.report import ImportReport, PersonChoice, RowError, people_mapping_key
from sgtui.services.bulk import collector_paused
from sgtui.services.namesakes import (
    ELSEWHERE,
    PENDING,
    SHARED,
    KnownPerson,
    PeopleIndex,
    Place,
    Resolution,
    Wanted,
    conflicts,
    natural_keys,
    new_person_key,
    person_label,
)

if TYPE_CHECKING:
    from sgtui.importers.staging import SheetWork, StagedRow

NEW = "new"
"""A ``[people]`` mapping value: this name is a new person."""
PERSON_FIELDS = ("role", "email")
"""Fields a row may add to a person it links to (never blanking one: blank cells are skipped)."""

Written = tuple[str, str, str]
"""(name, organisation, e-mail) exactly as a row writes them."""
WantKey = tuple[str, Place, str | None]
"""(normalised name, place, lower-cased e-mail): one way of writing one person."""


class PeopleLinker:
    """Resolves the training rows of every sheet of one import, sharing what it learns.

    :meth:`plan` reads every training sheet first and settles each name once, all its
    ways of writing together (so no row's place in the file changes who it is);
    :meth:`link_sheet` then gives each row its person.
    """

    def __init__(self, ctx: LinkContext, report: ImportReport, mapping: dict[str, str]) -> None:
        self.ctx = ctx
        self.report = report
        self.mapping = mapping
        report.people_mapping.update(mapping)
        if ctx.people is None:
            ctx.people = PeopleIndex()
        self.index: PeopleIndex = ctx.people
        self.planned: set[int] = set()
        """``id`` of each sheet already read by :meth:`plan`."""
        self.want_of: dict[Written, WantKey] = {}
        self.first: dict[WantKey, tuple[SheetWork, StagedRow, Wanted]] = {}
        """Each way of writing a person: the first row to write it, and what it asks for."""
        self.outcome: dict[WantKey, Resolution] = {}
        self.notes: dict[WantKey, str] = {}
        """Warnings about a mapping entry, given with the first row that uses it."""
        self.rows: dict[str, dict[str, Any]] = {}
        """Person key -> the values written for that person (one dict per person)."""
        self.decided: dict[WantKey, dict[str, Any] | PersonChoice] = {}
        self.choices: dict[tuple[object, ...], PersonChoice] = {}
        self.seen: dict[Written, tuple[dict[str, Any] | PersonChoice, str | None]] = {}
        """The same with the practice's ODS code, by the name exactly as written (most rows
        repeat one spelling)."""

    def plan(self, works: list[SheetWork]) -> None:
        """Read every way these sheets write a person, then settle each name once.

        Each distinct (name, organisation, e-mail) is looked at once (a 100,000-row log
        writes a few thousand), and its organisation resolved once.
        """
        with collector_paused():
            self._plan(works)

    def _plan(self, works: list[SheetWork]) -> None:
        names: dict[str, list[WantKey]] = {}
        place_of, want_of = self.ctx.place_of, self.want_of
        for work in works:
            if id(work) in self.planned:
                continue
            self.planned.add(id(work))
            for staged in work.staged:
                record = staged.record
                written = (
                    record["name"],
                    record.get("organisation") or "",
                    record.get("email") or "",
                )
                if written in want_of:
                    continue
                want = Wanted.of(written[0], place_of(written[1]), written[2])
                key = want_of[written] = (_normalised(want.name), want.place, want.email)
                if key not in self.first:
                    self.first[key] = (work, staged, want)
                    names.setdefault(key[0], []).append(key)
        for keys in names.values():
            self._settle(keys)

    def _settle(self, keys: list[WantKey]) -> None:
        """One name: the officer's answers first, then the rules."""
        by_want = {self.first[key][2]: key for key in keys}
        settled = {}
        for want, key in by_want.items():
            answer = self._answer(key, want)
            if answer is not None:
                settled[want] = answer
        for want, resolution in self.index.resolve_name(by_want, self._make, settled):
            self.outcome[by_want[want]] = resolution

    def _answer(self, key: WantKey, want: Wanted) -> Resolution | None:
        """The ``[people]`` mapping entry for this way of writing the name, if any."""
        record = self.first[key][1].record
        mapped = self.mapping and self.mapping.get(
            people_mapping_key(record["name"], record.get("organisation") or "")
        )
        if not mapped:
            return None
        if mapped == NEW:  # a "new" person made by the mapping before is found again
            found = next((k for k in natural_keys(want) if k in self.index.by_key), None)
            if found:
                return Resolution(found)
            return Resolution(new_person_key(want.name, want.place, want.email), new=True)
        if mapped.strip().lower() in self.index.by_key:
            return Resolution(mapped.strip().lower())
        self.notes[key] = f"the mapping file's [people] entry names no person {mapped!r}"
        return None

    def _make(self, want: Wanted, key: str) -> KnownPerson:
        """A new person, with the values the first row to write them supplies."""
        record = self.first[(_normalised(want.name), want.place, want.email)][1].record
        name, place = record["name"], want.place
        row = {"key": key, "name": name}
        row.update({f: record[f] for f in ("role", "organisation", "email") if f in record})
        if "organisation" in record:
            row.update(ods_code=place.ods, borough_id=place.borough_id)
        self.rows[key] = row
        role, organisation = record.get("role"), record.get("organisation")
        # No label yet: only a question shows one, and a big log makes thousands of people.
        return KnownPerson(key, name, role, organisation, record.get("email"), place, "", False)

    def _label(self, person: KnownPerson) -> str:
        """How a question lists a candidate ("Sam Patel, Practice nurse, G85001 ...")."""
        if person.existing:
            return person.label
        practice = self.ctx.practice_label(person.place.ods)
        label = person_label(person.name, person.role, person.organisation, practice)
        return f"{label} (new in this import)"

    def link_sheet(self, work: SheetWork) -> None:
        """Give each row its person, or hold it back; warn once per unsettled name."""
        self.plan([work])  # (already done for every sheet when the pipeline calls plan)
        with collector_paused():
            self._link_rows(work)

    def _link_rows(self, work: SheetWork) -> None:
        kept = []
        place_of, seen = self.ctx.place_of, self.seen
        for staged in work.staged:
            record = staged.record
            written = (record["name"], record.get("organisation") or "", record.get("email") or "")
            found = seen.get(written)
            if found is None:
                key = self.want_of[written]
                decision = self.decided.get(key)
                if decision is None:
                    decision = self.decided[key] = self._decide(key)
                found = seen[written] = (decision, place_of(written[1]).ods)
            decision, ods = found
            if isinstance(decision, PersonChoice):
                decision.rows += 1
                work.report.held += 1
                continue
            record["ods_code"] = ods
            record["person"] = decision
            kept.append(staged)
        work.staged = kept

    def _decide(self, key: WantKey) -> dict[str, Any] | PersonChoice:
        """What the rows that write a person this way get: the person's values, or the
        question (reported, with its warning, at the first such row)."""
        work, staged, want = self.first[key]
        if key in self.notes:
            self._warn(work, staged, self.notes[key])
        resolution = self.outcome[key]
        if resolution.ambiguous:
            return self._choice(key, resolution)
        assert resolution.key is not None
        if resolution.key in self.rows:
            return self.rows[resolution.key]
        return self._linked(resolution.key, staged.record, want.place)

    def _linked(self, key: str, record: dict[str, Any], place: Place) -> dict[str, Any]:
        """The values for a person found again: what the row adds, and a real move."""
        known = self.index.by_key[key]
        row: dict[str, Any] = {"key": key}
        row.update({f: record[f] for f in PERSON_FIELDS if record.get(f)})
        organisation = record.get("organisation")
        if organisation and (not known.organisation or conflicts(known.place, place)):
            row.update(organisation=organisation, ods_code=place.ods)
            if place.borough_id:
                row["borough_id"] = place.borough_id
        self.rows[key] = row
        return row

    def _choice(self, key: WantKey, resolution: Resolution) -> PersonChoice:
        """One question per name and place, however the place is written."""
        work, staged, _want = self.first[key]
        record = staged.record
        organisation = record.get("organisation") or ""
        candidates = [(p.key, self._label(p)) for p in resolution.candidates]
        place = self.first[key][2].place
        same = (key[0], place.identity if place.rank else key, key[2])
        if same in self.choices:  # the practice written another way: the same question
            return self.choices[same]
        choice = self.choices[same] = PersonChoice(
            work.source.name, staged.row, record["name"], organisation, candidates, rows=0
        )
        self.report.people.append(choice)
        listed = "; ".join(label for _key, label in candidates)
        self._warn(
            work,
            staged,
            f"{_question(resolution.reason, len(candidates), listed)}: their rows are held back "
            "until you choose one (or a new person) on the Import screen, or map "
            f'"{choice.mapping_key}" in the mapping file\'s [people]',
        )
        return choice

    def _warn(self, work: SheetWork, staged: StagedRow, message: str) -> None:
        index = next((i for i, f in work.detection.columns.items() if f == "name"), None)
        column = column_letter(index) if index is not None else None
        header = work.detection.headers[index] if index is not None else None
        self.report.warnings.append(
            RowError(work.source.name, staged.row, column, header, staged.record["name"], message)
        )


def _question(reason: str, count: int, listed: str) -> str:
    """Why the officer must choose, in the officer's words."""
    if reason == ELSEWHERE:
        return (
            f"nobody of this name is known at this organisation, only elsewhere ({listed}), "
            f"and {'they' if count == 1 else 'one of them'} may have moved"
        )
    could = (
        f"{count} people could be this person ({listed})"
        if count > 1
        else (f"{listed} could be this person")
    )
    if reason == SHARED:
        return f"{could}, or the one of this name at another organisation in this import"
    if reason == PENDING:
        return f"{could}, or the one another row of this name is asked about"
    return could
