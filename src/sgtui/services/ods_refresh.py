"""``sgtui practices refresh``: bring the practice list up to date from an NHS ODS extract.

The extract is NHS England ODS's "epraccur" (GP practices) CSV: no header row, one
practice per line, 27 columns in this order (ODS "epraccur" file specification; the same
order is published as data.gov.uk's ``health-schemas/epraccur.json`` field list, and the
unnamed columns are the spec's nulls, e.g. ``nhsconnect/prm-gp-registrations-mi-infra``
``utils/trud_files.py``):

 0 Organisation Code, 1 Name, 2 National Grouping, 3 High Level Health Geography (the
 ICB), 4-8 Address Lines 1-5, 9 Postcode, 10 Open Date, 11 Close Date (both YYYYMMDD),
 12 Status Code (A active, C closed, D dormant, P proposed), 13 Organisation Sub-Type
 Code, 14 Commissioner (the sub-ICB location, e.g. 72Q), 15 Join and 16 Left
 Provider/Purchaser Date, 17 Contact Telephone Number, 18-20 null, 21 Amended Record
 Indicator, 22 null, 23 Provider/Purchaser, 24 null, 25 Prescribing Setting (4 = GP
 practice), 26 null.

Which practices are the ICB's: every practice the database already has, plus new ones
with prescribing setting 4, status active, under the ICB and commissioner codes that the
known practices carry in the same extract (so a future ICB code change follows the
practices, and nothing is tuned to one ICB); ``commissioners`` overrides the detection.
Known practices get their name, postcode and address from the extract; closed or
dormant ones are marked inactive, never deleted (LES returns and training records point
at them). A new practice's borough comes from a 2019 borough CCG code where the extract
still carries one, else from the known practices in its postcode district when they
agree; otherwise it is left blank and reported. Every change is audited.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.errors import ServiceError
from sgtui.services.ods import ODS_SOURCE, ods_title, postcode_district, same_text
from sgtui.services.practices import ODS_PRACTICE, normalise_ods
from sgtui.store.models import Borough, Practice

COLUMNS = 27
CODE, NAME, ICB, POSTCODE, CLOSE_DATE, STATUS, COMMISSIONER = 0, 1, 3, 9, 11, 12, 14
ADDRESS = slice(4, 9)
PURCHASER, SETTING = 23, 25
GP_PRACTICE_SETTING = "4"
CLOSED_STATUSES = frozenset({"C", "D", "CLOSED", "DORMANT", "INACTIVE"})
ACTIVE_STATUSES = frozenset({"A", "ACTIVE"})
LEGACY_CCG_BOROUGHS = {
    "07N": "Bexley",
    "07Q": "Bromley",
    "08A": "Greenwich",
    "08K": "Lambeth",
    "08L": "Lewisham",
    "08Q": "Southwark",
}
"""SE London's 2019 borough CCGs, which older extracts still give as commissioner."""
SHARE_OF_KNOWN = 0.05
"""An ICB or commissioner code counts as ours when at least this share of the known
practices carry it (one practice that moved ICB must not pull in its new ICB)."""


class OdsFileError(ServiceError):
    """The file is not an epraccur extract sgtui can read."""


@dataclass(frozen=True)
class OdsPractice:
    """One line of the extract, as far as sgtui uses it."""

    ods_code: str
    name: str
    address: str
    postcode: str
    closed: bool
    active: bool
    icb: str
    commissioner: str
    purchaser: str
    setting: str


@dataclass
class RefreshReport:
    """What a refresh did (or, for a dry run, would do), practice by practice."""

    file: str
    dry_run: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    """Known practices the extract does not list: left as they are."""
    without_borough: list[str] = field(default_factory=list)
    """New practices whose borough could not be worked out: set it by hand."""
    codes: list[str] = field(default_factory=list)
    """The ICB and commissioner codes taken as the ICB's."""

    def counts(self) -> dict[str, int]:
        """{"added", "updated", "closed", "unchanged"} as numbers."""
        return {k: len(getattr(self, k)) for k in ("added", "updated", "closed", "unchanged")}

    def as_json(self) -> dict[str, object]:
        """The JSON shape ``sgtui practices refresh --json`` prints."""
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            **self.counts(),
            "practices": {
                k: getattr(self, k)
                for k in ("added", "updated", "closed", "not_in_file", "without_borough")
            },
            "codes": self.codes,
        }


MAX_EPRACCUR_BYTES = 64 * 1024 * 1024
"""The national epraccur extract is about 5 MB; it is decoded whole, so cap it."""


def read_epraccur(path: Path) -> list[OdsPractice]:
    """The practices of an epraccur CSV (UTF-8, with or without BOM, or cp1252)."""
    from sgtui.filecheck import read_limited

    try:
        raw = read_limited(path, MAX_EPRACCUR_BYTES, error=OdsFileError)  # a pipe never ends
    except OSError as exc:
        raise OdsFileError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    found = []
    for cells in csv.reader(io.StringIO(text)):
        if len(cells) < SETTING + 1:
            continue
        code = normalise_ods(cells[CODE])
        if not ODS_PRACTICE.match(code):
            continue  # a header row, or an organisation that is not a practice
        status = cells[STATUS].strip().upper()
        closed = status in CLOSED_STATUSES or bool(cells[CLOSE_DATE].strip())
        found.append(
            OdsPractice(
                ods_code=code,
                name=cells[NAME].strip(),
                address=", ".join(line.strip() for line in cells[ADDRESS] if line.strip()),
                postcode=" ".join(cells[POSTCODE].upper().split()),
                closed=closed,
                active=status in ACTIVE_STATUSES and not closed,
                icb=cells[ICB].strip().upper(),
                commissioner=cells[COMMISSIONER].strip().upper(),
                purchaser=cells[PURCHASER].strip().upper(),
                setting=cells[SETTING].strip(),
            )
        )
    if not found:
        raise OdsFileError(
            f"{path.name} holds no GP practice lines in the NHS ODS epraccur layout "
            "(27 columns, no header, ODS code first)"
        )
    return found


def refresh_practices(
    session: Session,
    svc: Services,
    path: Path,
    *,
    dry_run: bool = False,
    commissioners: list[str] | None = None,
) -> RefreshReport:
    """Update the practices from an epraccur extract; see the module docstring."""
    extract = read_epraccur(path)
    known = {p.ods_code: p for p in session.exec(select(Practice))}
    listed = {p.ods_code: p for p in extract}
    codes = _our_codes(extract, known, commissioners, path.name)
    report = RefreshReport(path.name, dry_run, codes=sorted(codes))
    report.not_in_file = sorted(set(known) - set(listed))
    source = f"{ODS_SOURCE} ({path.name})"
    placer = _BoroughPlacer(session, known.values())
    for ods in listed.values():
        practice = known.get(ods.ods_code)
        if practice is not None:
            _refresh_known(session, svc, practice, ods, source, report)
        elif _is_ours(ods, codes):
            borough_id = placer.borough_of(ods)
            if borough_id is None:
                report.without_borough.append(ods.ods_code)
            report.added.append(ods.ods_code)
            if not dry_run:
                records.create(session, svc, _new_practice(ods, borough_id, source))
    return report


def _our_codes(
    extract: list[OdsPractice],
    known: dict[str, Practice],
    commissioners: list[str] | None,
    name: str,
) -> set[str]:
    """The ICB and commissioner codes most known practices carry in this extract."""
    if commissioners:
        return {c.strip().upper() for c in commissioners}
    ours = [p for p in extract if p.ods_code in known and not p.closed]
    if not ours:
        raise OdsFileError(
            f"none of the {len(known)} practices sgtui knows is open in {name}: "
            "is it the national epraccur extract? (or name the codes with --commissioner)"
        )
    counts = Counter(c for p in ours for c in {p.icb, p.commissioner} if c)
    return {code for code, n in counts.items() if n >= SHARE_OF_KNOWN * len(ours)}


def _is_ours(ods: OdsPractice, codes: set[str]) -> bool:
    """A new open GP practice under the ICB's codes (both, when the extract gives both)."""
    if not ods.active or ods.setting != GP_PRACTICE_SETTING:
        return False
    given = [c for c in (ods.icb, ods.commissioner) if c]
    return bool(given) and all(c in codes for c in given)


def _refresh_known(
    session: Session,
    svc: Services,
    practice: Practice,
    ods: OdsPractice,
    source: str,
    report: RefreshReport,
) -> None:
    """Name, postcode and address from the extract; closed practices made inactive."""
    values: dict[str, object] = {}
    if ods.name and not same_text(practice.name, ods.name):
        values["name"] = ods_title(ods.name)
    if ods.postcode and not same_text(practice.postcode, ods.postcode):
        values["postcode"] = ods.postcode
    if ods.address and not same_text(practice.address, ods.address):
        values["address"] = ods_title(ods.address)
    if practice.active == ods.closed:
        values["active"] = not ods.closed
    if not values:
        report.unchanged.append(ods.ods_code)
        return
    bucket = report.closed if values.get("active") is False else report.updated
    bucket.append(ods.ods_code)
    if not report.dry_run:
        records.apply_changes(session, svc, practice, values)
        practice.source = source


def _new_practice(ods: OdsPractice, borough_id: int | None, source: str) -> Practice:
    return Practice(
        ods_code=ods.ods_code,
        name=ods_title(ods.name),
        postcode=ods.postcode or None,
        address=ods_title(ods.address) or None,
        borough_id=borough_id,
        active=True,
        source=source,
    )


class _BoroughPlacer:
    """Works out a new practice's borough from what the database already knows."""

    def __init__(self, session: Session, practices: object) -> None:
        self.by_name = {b.name: b.id for b in session.exec(select(Borough))}
        self.districts: dict[str, Counter[int]] = {}
        for practice in practices:  # type: ignore[attr-defined]
            district = postcode_district(practice.postcode)
            if district and practice.borough_id:
                self.districts.setdefault(district, Counter())[practice.borough_id] += 1

    def borough_of(self, ods: OdsPractice) -> int | None:
        """A 2019 borough CCG code, else the one borough of the practices in its district."""
        for code in (ods.commissioner, ods.purchaser):
            if code in LEGACY_CCG_BOROUGHS:
                return self.by_name.get(LEGACY_CCG_BOROUGHS[code])
        neighbours = self.districts.get(postcode_district(ods.postcode) or "")
        if neighbours and len(neighbours) == 1:
            return next(iter(neighbours))
        return None
