"""Training rows to people: find the person again, never create a possible duplicate.

Each distinct (name, organisation, e-mail) of the import is resolved once, by the rules
of :class:`sgtui.services.people.PeopleIndex` (a 100,000-row log names a few thousand
people), against everyone in the database and everyone this import has created so far
(so one person written with their practice's ODS code in one file and its name in
another is one person). The officer's ``[people]`` mapping entries come first.

A name the rules cannot settle is **held back**: its rows are not written (neither by a
dry run nor by the import itself), the sheet counts them as ``held``, the report lists
the candidates in ``ImportReport.people`` with one warning each, and the rest of the
import goes ahead. Once the officer has chosen (on the Import screen, or with a
``[people]`` entry), importing the same file again writes the held rows; everything
else is unchanged by then.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from sgtui.importers.links import LinkContext, _normalised
from sgtui.importers.reader import column_letter
from sgtui.importers.report import ImportReport, PersonChoice, RowError, people_mapping_key
from sgtui.services.people import (
    KnownPerson,
    PeopleIndex,
    Place,
    Resolution,
    conflicts,
    new_person_key,
    person_label,
)

if TYPE_CHECKING:
    from sgtui.importers.pipeline import SheetWork, StagedRow

NEW = "new"
"""A ``[people]`` mapping value: this name is a new person."""
PERSON_FIELDS = ("role", "email")
"""Fields a row may add to a person it links to (never blanking one: blank cells are skipped)."""


class PeopleLinker:
    """Resolves the training rows of every sheet of one import, sharing what it learns."""

    def __init__(self, ctx: LinkContext, report: ImportReport, mapping: dict[str, str]) -> None:
        self.ctx = ctx
        self.report = report
        self.mapping = mapping
        report.people_mapping.update(mapping)
        if ctx.people is None:
            ctx.people = PeopleIndex()
        self.index: PeopleIndex = ctx.people
        self.rows: dict[str, dict[str, Any]] = {}
        """Person key -> the values written for that person (one dict per person)."""
        self.decided: dict[tuple[str, str, str], dict[str, Any] | PersonChoice] = {}
        """(normalised name, organisation, e-mail) -> the person's values, or the question."""
        self.seen: dict[tuple[str, str, str], dict[str, Any] | PersonChoice] = {}
        """The same, by the name exactly as written (most rows repeat one spelling)."""

    def link_sheet(self, work: SheetWork) -> None:
        """Give each row its person, or hold it back; warn once per unsettled name.

        The cyclic garbage collector is paused meanwhile: this makes a few objects per
        person while the heap holds every staged row, and each collection would walk all
        of them to free nothing (it was most of this step's time on 100,000 rows).
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._link_rows(work)
        finally:
            if enabled:
                gc.enable()

    def _link_rows(self, work: SheetWork) -> None:
        kept = []
        place_of = self.ctx.place_of
        for staged in work.staged:
            record = staged.record
            organisation = record.get("organisation") or ""
            written = (record["name"], organisation, record.get("email") or "")
            decision = self.seen.get(written)
            if decision is None:
                identity = (_normalised(written[0]), organisation, written[2])
                decision = self.decided.get(identity)
                if decision is None:
                    decision = self.decided[identity] = self._decide(work, staged)
                self.seen[written] = decision
            if isinstance(decision, PersonChoice):
                decision.rows += 1
                work.report.held += 1
                continue
            record["ods_code"] = place_of(organisation).ods
            record["person"] = decision
            kept.append(staged)
        work.staged = kept

    def _decide(self, work: SheetWork, staged: StagedRow) -> dict[str, Any] | PersonChoice:
        record = staged.record
        name, organisation = record["name"], record.get("organisation") or ""
        place = self.ctx.place_of(organisation)
        resolution = self._resolve(work, staged, place)
        if resolution.ambiguous:
            return self._choice(work, staged, resolution)
        if resolution.warning:
            self._warn(work, staged, resolution.warning)
        assert resolution.key is not None
        if resolution.key in self.index.by_key:
            return self._linked(resolution.key, record, place)
        return self._created(resolution.key, name, record, place)

    def _resolve(self, work: SheetWork, staged: StagedRow, place: Place) -> Resolution:
        record = staged.record
        name, organisation = record["name"], record.get("organisation") or ""
        resolution = self.index.resolve(name, place, record.get("email"))
        mapped = self.mapping and self.mapping.get(people_mapping_key(name, organisation))
        if not mapped or (resolution.key and not resolution.new and mapped == NEW):
            return resolution  # (a "new" person made by the mapping before is found again)
        if mapped == NEW:
            return Resolution(new_person_key(name, place, record.get("email")), new=True)
        if mapped.strip().lower() in self.index.by_key:
            return Resolution(mapped.strip().lower())
        self._warn(work, staged, f"the mapping file's [people] entry names no person {mapped!r}")
        return resolution

    def _linked(self, key: str, record: dict[str, Any], place: Place) -> dict[str, Any]:
        """The values for a person found again: what the row adds, and a real move."""
        row = self.rows.get(key)
        if row is not None:
            return row
        known = self.index.by_key[key]
        row = {"key": key}
        row.update({f: record[f] for f in PERSON_FIELDS if record.get(f)})
        organisation = record.get("organisation")
        if organisation and (not known.organisation or conflicts(known.place, place)):
            row.update(organisation=organisation, ods_code=place.ods)
            if place.borough_id:
                row["borough_id"] = place.borough_id
        self.rows[key] = row
        return row

    def _created(self, key: str, name: str, record: dict[str, Any], place: Place) -> dict[str, Any]:
        """The values for a new person; later rows and files can find them again."""
        row = {"key": key, "name": name}
        row.update({f: record[f] for f in ("role", "organisation", "email") if f in record})
        if "organisation" in record:
            row.update(ods_code=place.ods, borough_id=place.borough_id)
        label = person_label(
            name, record.get("role"), record.get("organisation"), self.ctx.practice_label(place.ods)
        )
        self.index.add(
            KnownPerson(
                key,
                name,
                record.get("role"),
                record.get("organisation"),
                record.get("email"),
                place,
                label,
                existing=False,
            )
        )
        self.rows[key] = row
        return row

    def _choice(self, work: SheetWork, staged: StagedRow, resolution: Resolution) -> PersonChoice:
        record = staged.record
        organisation = record.get("organisation") or ""
        candidates = [
            (p.key, p.label if p.existing else f"{p.label} (new in this import)")
            for p in resolution.candidates
        ]
        choice = PersonChoice(
            work.source.name, staged.row, record["name"], organisation, candidates, rows=0
        )
        self.report.people.append(choice)
        listed = "; ".join(label for _key, label in candidates)
        self._warn(
            work,
            staged,
            f"{len(candidates) or 'no'} people could be this person ({listed}): "
            "their rows are held back until you choose one (or a new person) on the "
            f'Import screen, or map "{choice.mapping_key}" in the mapping file\'s [people]',
        )
        return choice

    def _warn(self, work: SheetWork, staged: StagedRow, message: str) -> None:
        index = next((i for i, f in work.detection.columns.items() if f == "name"), None)
        column = column_letter(index) if index is not None else None
        header = work.detection.headers[index] if index is not None else None
        self.report.warnings.append(
            RowError(work.source.name, staged.row, column, header, staged.record["name"], message)
        )


def link_training(
    report: ImportReport, works: list[SheetWork], ctx: LinkContext, mapping: dict[str, str]
) -> None:
    """Resolve the people of every training sheet of the import, in order."""
    linker = PeopleLinker(ctx, report, mapping)
    for work in works:
        linker.link_sheet(work)
