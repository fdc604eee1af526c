"""Rows into record values: read each mapped cell, then apply the rules of the row's kind.

A row is invalid when its natural key is missing, a date is impossible, its review type
is unknown or (checked later, in :mod:`sgtui.importers.pipeline`) a reference points at
nothing. Any other blank is just a blank, and any other coded value that matches no
catalogue entry is kept as written (see :mod:`sgtui.importers.codes`). Every dated step
reads the same way (:func:`expand_steps`): a date, or a mark meaning "done, date not
recorded". Problems are raised as :class:`RowProblem`
naming the field, so the message can point at the cell.

The privacy rule is the services' own (:mod:`sgtui.services.privacy`): a review subject
that looks like a real name or holds an NHS number is an error (unless the officer
imports with ``--accept-identifiers``), and an NHS number in free text is a warning
(:func:`privacy_warnings_of`). Neither message repeats the cell's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from sgtui.importers import codes
from sgtui.importers.cells import (
    CellError,
    clean_text,
    read_code,
    read_date,
    read_int,
    read_number,
    read_step,
    read_text,
    read_time,
    read_yes_no,
)
from sgtui.importers.codes import CODED, Coded
from sgtui.importers.fields import KINDS
from sgtui.importers.learning import (
    NotCompleted,
    OutsideCatalogue,
    competence_title,
    is_not_completed,
    joined_name,
    person_name,
)
from sgtui.importers.links import LinkContext
from sgtui.services.bulk import CLEAR_STORED
from sgtui.services.catalogues import REVIEW_TYPES
from sgtui.services.deadlines import add_months
from sgtui.services.privacy import check_subject, private_fields
from sgtui.services.registry import kind_of

try:  # the training service offers this; fall back to the same rule until it does
    from sgtui.services.training import derive_expiry
except ImportError:  # pragma: no cover - depends on the other engineers' progress

    def derive_expiry(completed_on: date, validity_months: int | None) -> date | None:
        """Completion + the course's validity (None when the course never expires)."""
        return None if validity_months is None else add_months(completed_on, validity_months)


_derive_expiry = lru_cache(maxsize=16384)(derive_expiry)
"""A training log repeats a few thousand (completion date, course) pairs."""

READERS: dict[str, Callable[[object], Any]] = {
    "text": read_text,
    "code": read_code,
    "date": read_date,
    "time": read_time,
    "int": read_int,
    "number": read_number,
    "yes_no": read_yes_no,
    "step": read_step,
}
TOTAL_WORDS = frozenset({"total", "totals", "grand total", "sum", "count"})


class RowProblem(Exception):
    """A row-level problem tied to one field (None: the row as a whole).

    ``private``: the cell may identify someone, so the report names the cell, never its text.
    """

    def __init__(self, field: str | None, message: str, *, private: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.private = private


IDENTIFIER_FIX = (
    "map it to a pseudonym under [values.subject] in the mapping file,"
    " or import with --accept-identifiers (in the app: tick Accept identifiers)"
)
REGISTRY_KINDS = {"reviews": "review", "actions": "action", "recommendations": "recommendation"}
"""Import kinds with free-text fields, and the registry kind whose privacy tags they follow."""


def check_identifiers(subject: object, ctx: LinkContext) -> None:
    """A review subject that may identify someone stops the row (the services' rule)."""
    if ctx.accept_identifiers or not isinstance(subject, str):
        return
    found = check_subject(subject)
    if found:
        raise RowProblem("subject", f"subject {'; '.join(found)} ({IDENTIFIER_FIX})", private=True)


def privacy_warnings_of(kind_name: str, record: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each free-text field holding an NHS number: a warning only."""
    name = REGISTRY_KINDS.get(kind_name)
    if name is None:
        return []
    found = private_fields(kind_of(name), record, quote=False)
    return [
        (spec.name, f"{spec.label} {'; '.join(reasons)}")
        for spec, reasons in found
        if spec.privacy == "free_text"
    ]


def is_totals_row(cells: list[Any]) -> bool:
    """A "Totals" line under the data, which is arithmetic, not a record."""
    for value in cells:
        if type(value) is str:
            if value:
                return _is_total_word(value)
        elif value is not None:
            return False
    return False


@lru_cache(maxsize=4096)
def _is_total_word(text: str) -> bool:
    """True for "Total", "TOTALS:", " Grand total " (a row's first text; it repeats)."""
    return text.strip().lower().rstrip(":") in TOTAL_WORDS


def ref_text(text: str) -> str:
    """Workbook IDs upper-cased with runs of space as one dash ("lam scp 12" -> "LAM-SCP-12")."""
    return re.sub(r"\s+", "-", text.strip()).upper()


def required(values: dict[str, Any], field: str, what: str) -> Any:
    """The value, or a :class:`RowProblem` saying the key is missing."""
    value = values.get(field)
    if value in (None, ""):
        raise RowProblem(field, f"{what} is missing")
    return value


STEP_FIELDS = frozenset(
    spec.name for kind in KINDS.values() for spec in kind.fields if spec.kind == "step"
)
"""Import fields that are dated steps (contract sent, S-CRT entered, date submitted, ...)."""


def step_column(field_name: str) -> str:
    """The record's date column for a step field ("scrt_entered" -> "scrt_entered_on")."""
    return field_name if field_name.endswith("_on") else f"{field_name}_on"


def step_flag(column: str) -> str:
    """The "done, date not recorded" flag beside a step's date column."""
    return column.removesuffix("_on") + "_undated"


def expand_steps(values: dict[str, Any]) -> dict[str, Any]:
    """Each step field's (date, done) as its date column and its undated flag, in place.

    The one rule for every step: a date is done on that date; a mark is done with the
    flag set and no date; no or blank is neither.
    """
    for name in STEP_FIELDS & values.keys():
        value = values[name]
        if not isinstance(value, tuple):
            continue
        day, done = value
        column = step_column(name)
        del values[name]
        values[column] = day
        values[step_flag(column)] = bool(done) and day is None
    return values


def _steps(values: dict[str, Any], *columns: str) -> dict[str, Any]:
    """The date and flag of each step column, for a record."""
    out: dict[str, Any] = {}
    for column in columns:
        out[column] = values.get(column)
        out[step_flag(column)] = bool(values.get(step_flag(column)))
    return out


def _done(values: dict[str, Any], column: str) -> bool:
    return values.get(column) is not None or bool(values.get(step_flag(column)))


def _coded(kind: str, values: dict[str, Any], field: str) -> Coded | None:
    """A coded cell's value (a reader already matched it; plain text is matched here)."""
    value = values.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, Coded):
        return value
    table, _several = CODED[(kind, field)]
    return codes.match(str(value), table)


def _set_coded(record: dict[str, Any], attr: str, value: Coded | None, default: str | None) -> None:
    """``record[attr]`` the code (or ``default``), ``record[attr_text]`` the unmapped text."""
    record[attr] = value.code if value else default
    record[f"{attr}_text"] = value.text if value else None
    if value and not value.unmapped:  # now a catalogue code: text kept by an earlier import goes
        record.setdefault(CLEAR_STORED, set()).add(f"{attr}_text")


def _borough(values: dict[str, Any], ctx: LinkContext) -> int | None:
    text = values.pop("borough", None)
    if not text:
        return None
    try:
        return ctx.borough_id(text)
    except CellError as exc:
        raise RowProblem("borough", str(exc)) from None


def build_practice(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A Practice row: ODS code and name required (a new practice needs its name)."""
    ods = required(values, "ods_code", "ODS code")
    record = {k: values.get(k) for k in ("name", "postcode", "address", "pcn", "list_size")}
    record.update({k: values.get(k) for k in ("safeguarding_lead", "practice_manager", "email")})
    record["ods_code"] = ods
    record["name"] = required(values, "name", "practice name")
    record["postcode"] = record["postcode"].upper() if record["postcode"] else None
    record["borough_id"] = _borough(values, ctx)
    ctx.add_practice(ods, record["name"], record["borough_id"])
    return record


def build_meeting(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A Meeting row: ID and date required; status words mapped; Teams means virtual."""
    ref = ref_text(required(values, "ref", "meeting ID"))
    day = required(values, "meeting_date", "meeting date")
    location = values.get("location")
    record = {
        "ref": ref,
        "meeting_date": day,
        "title": values.get("title") or ref,
        "start_time": values.get("start_time"),
        "borough_id": _borough(values, ctx),
        "chair": values.get("chair"),
        "location": location,
        "virtual": bool(location and re.search(r"teams|zoom|virtual|online", location, re.I)),
        "minute_taker": values.get("minute_taker"),
        **_steps(values, "minutes_circulated_on"),
        "minutes_status": "circulated" if _done(values, "minutes_circulated_on") else "none",
    }
    _set_coded(record, "status", _coded("meetings", values, "status"), "planned")
    ctx.add_meeting(ref, day)
    return record


def build_action(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """An Action row; its meeting is resolved later, once every meeting is known."""
    record = {
        "ref": ref_text(required(values, "ref", "action ref")),
        "meeting": values.get("meeting"),
        "text": values.get("text") or "",
        "owner": values.get("owner"),
        "raised_on": values.get("raised_on"),
        "due_on": values.get("due_on"),
        **_steps(values, "completed_on"),
    }
    status = _coded("actions", values, "status")
    _set_coded(record, "status", status, "open")
    if status is None and _done(values, "completed_on"):
        record["status"] = "complete"  # a completion date (or "Y") with no status given
    elif "status" not in values:  # no status column: leave a stored status alone
        del record["status"], record["status_text"]
    return record


def build_review(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A Review row plus its submissions (one per kind in "ICB request") and themes."""
    ref = ref_text(required(values, "ref", "review reference"))
    check_identifiers(values.get("subject"), ctx)
    try:
        review_type = codes.review_type(required(values, "review_type", "review type"))
    except CellError as exc:
        raise RowProblem("review_type", str(exc)) from None
    record = {
        "ref": ref,
        "review_type": review_type,
        "commissioning_body": REVIEW_TYPES[review_type][1],
        "borough_id": _borough(values, ctx),
        "subject": values.get("subject"),
        **_steps(values, "scrt_entered_on", "published_on"),
    }
    dates = ("incident_on", "notified_on", "decision_on", "commissioned_on")
    record.update({k: values.get(k) for k in dates})
    _set_coded(record, "stage", _coded("reviews", values, "stage"), None)
    record["stage"] = record["stage"] or _stage_from(record)
    record["submissions"] = _submissions(values)
    record["themes"] = _themes(values.get("themes"))
    ctx.review_refs.add(ref)
    return record


def _stage_from(record: dict[str, Any]) -> str:
    if record.get("published_on") or record.get("published_undated"):
        return "published"
    if record.get("commissioned_on"):
        return "commissioned"
    return "decision" if record.get("decision_on") else "notified"


def _submissions(values: dict[str, Any]) -> list[dict[str, Any]]:
    value = values.get("request_kind")
    if not value:
        return []
    if isinstance(value, str):
        table, several = CODED[("reviews", "request_kind")]
        value = codes.coded_reader(table, {}, several)(value)
    kinds: tuple[Coded, ...] = value if isinstance(value, tuple) else (value,)
    shared = {
        "agency": "ICB",
        "requested_on": values.get("requested_on"),
        "due_on": values.get("due_on"),
        **_steps(values, "submitted_on"),
        "status": "submitted" if _done(values, "submitted_on") else "requested",
    }
    return [{"kind": kind.code, "kind_text": kind.text, **shared} for kind in kinds]


def _themes(text: str | None) -> list[str]:
    if not text:
        return []
    parts = (p.strip() for p in re.split(r"[;,\n]|\s/\s", text))
    return list(dict.fromkeys(p[0].upper() + p[1:] for p in parts if p))


def build_recommendation(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A Recommendation row; its review is resolved later by reference."""
    rag = _coded("recommendations", values, "rag")
    done = _done(values, "completed_on") or (rag is not None and rag.code == "blue")
    record = {
        "review_ref": ref_text(required(values, "review_ref", "review reference")),
        "number": str(required(values, "number", "recommendation number")),
        "text": values.get("text") or "",
        "health_action": values.get("health_action"),
        "lead": values.get("lead"),
        "target_on": values.get("target_on"),
        "status": "complete" if done else "open",
        **_steps(values, "completed_on"),
    }
    _set_coded(record, "rag", rag, None)
    return record


def build_les(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """An LES return row: the practice (by code, else name), step dates and answers."""
    if not values.get("ods_code") and not values.get("practice_name"):
        raise RowProblem("ods_code", "practice ODS code is missing")
    record = {
        "ods_code": values.get("ods_code"),
        "practice_name": values.get("practice_name"),
        "answers": values.get("answers", {}),
    }
    record.update(_steps(values, *LES_STEPS))
    record.update(_chased(values.get("chased")))
    return record


LES_STEPS = tuple(step_column(spec.name) for spec in KINDS["les"].fields if spec.kind == "step")
"""The LES pipeline steps the import reads, in their columns' order."""


def _chased(text: str | None) -> dict[str, Any]:
    """ "Chased" holds a date, a count or a tick."""
    if not text:
        return {"chase_count": 0, "last_chased_on": None}
    if re.fullmatch(r"\d{1,2}", text):
        return {"chase_count": int(text), "last_chased_on": None}
    try:
        return {"chase_count": 1, "last_chased_on": read_date(text)}
    except CellError:
        if read_yes_no_safe(text):
            return {"chase_count": 1, "last_chased_on": None}
        raise RowProblem("chased", "not a date or a number of chases") from None


def read_yes_no_safe(text: str) -> bool:
    """True for a yes/tick, False for anything else (never raises)."""
    try:
        return bool(read_yes_no(text))
    except CellError:
        return False


def build_training(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A completion: person (name + organisation), course, date; expiry stated or derived."""
    get = values.get  # (written out rather than through required(): 100,000 rows a log)
    # ESR and NHS learning systems list people "Surname, Forename", or in two columns:
    written = get("name")
    name = person_name(written) if written else joined_name(get("first_name"), get("last_name"))
    if not name:
        raise RowProblem("name", "staff name is missing")
    course_text = get("course")
    if not course_text:
        raise RowProblem("course", "course is missing")
    completed = get("completed_on")
    if completed is None:
        if is_not_completed(get("status")):
            raise NotCompleted(name)
        raise RowProblem("completed_on", "date completed is missing")
    try:
        course_id, validity = ctx.course(course_text, get("level"))
    except CellError as exc:
        if _from_staff_system(values, course_text) and not ctx.course_in_scope(course_text):
            raise OutsideCatalogue(competence_title(course_text)) from None
        raise RowProblem("course", str(exc)) from None
    derived = _derive_expiry(completed, validity)
    stated = get("expires_on")
    if stated == derived:
        stated = None  # the course's own rule, not a team rule (sgtui's exports write these)
    organisation = get("organisation")
    return {
        "name": name,
        "role": get("role"),
        "organisation": organisation,
        "email": get("email"),
        "course_id": course_id,
        "completed_on": completed,
        "expires_on": stated or derived,
        "expiry_stated": stated is not None,
        "hours": get("hours"),
        "provider": get("provider"),
    }


def _from_staff_system(values: dict[str, Any], course_text: str) -> bool:
    """An export from ESR or a learning system (staff numbers, ``NHS|CSTF|`` names).

    Such an export lists every competence the organisation records, so a course outside
    the catalogue is one the team does not track (left out, with a warning); in a team's
    own log an unknown course is a mistake to fix (an error).
    """
    return bool(values.get("staff_number")) or "|" in course_text


DERIVED_FROM: dict[str, str] = {
    "borough_id": "borough",
    "virtual": "location",
    "minutes_status": "minutes_circulated_on",
    "chase_count": "chased",
    "last_chased_on": "chased",
    "submissions": "request_kind",
    "status_text": "status",
    "rag_text": "rag",
    **{step_column(f): f for f in STEP_FIELDS if step_column(f) != f},
    **{step_flag(step_column(f)): f for f in STEP_FIELDS},
}
"""Record fields worked out from a differently named column."""
KEEP_ALWAYS = frozenset(
    {"title", "text", "name", "expires_on", "expiry_stated", "stage", "stage_text"}
)
"""Fields every record carries (required columns, or derived when their column is absent)."""
ALSO_FROM: dict[str, tuple[str, ...]] = {"status": ("completed_on",)}
"""Record fields a second column can set (an action's completion makes it complete)."""


def absent_fields(kind_fields: set[str], mapped: set[str]) -> set[str]:
    """Record fields to leave alone because the sheet has no column for them.

    Without this, importing a sheet without (say) a Postcode column would blank every
    practice's postcode. A blank *cell* in a present column leaves the stored value
    alone too (see :func:`kept_when_blank`), but a new record still stores its blanks.
    """
    candidates = kind_fields | set(DERIVED_FROM)
    absent = set()
    for name in candidates - KEEP_ALWAYS:
        sources = {DERIVED_FROM.get(name, name), *ALSO_FROM.get(name, ())} & kind_fields
        if sources and not sources & mapped:
            absent.add(name)
    return absent


DEFAULTED_FROM: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "text": ("text",),
    "status": ("status",),
    "stage": ("stage",),
    "virtual": ("location",),
    "minutes_status": ("minutes_circulated_on",),
    "chase_count": ("chased",),
    "expires_on": ("expires_on",),
    "expiry_stated": ("expires_on",),
    # Every step's "done, date not recorded" flag is False for a blank step cell:
    **{step_flag(step_column(step)): (step,) for step in sorted(STEP_FIELDS)},
}
"""Record fields a builder fills with a value (not None) when these cells are all blank:
a new record needs one, but it says nothing about a record already stored."""
DEFAULTED_BY_KIND: dict[tuple[str, str], tuple[str, ...]] = {
    ("recommendations", "status"): ("completed_on", "rag"),
}


BLANKS = (None, "", (None, None))
"""What a blank cell reads as (a "Y/N or date" cell reads as a pair)."""


def kept_when_blank(kind: Any, mapped: set[str]) -> Callable[[dict[str, Any]], frozenset[str]]:
    """For a sheet of ``kind`` with ``mapped`` columns: a function from a row's cell
    values to the record fields an update leaves alone, because the importer filled them
    in only for want of a value (status "open" for a blank Status cell, a meeting's title
    from its ID when the sheet has no title column).

    Blank cells themselves read as None, which an update never writes (an import never
    erases), so only these worked-out defaults need naming. Rows repeat a few patterns
    of blanks, so each pattern's answer is kept.
    """
    always: set[str] = set()  # worked out from columns the sheet does not have
    checks = []
    for name, sources in DEFAULTED_FROM.items():
        sources = DEFAULTED_BY_KIND.get((kind.name, name), sources)
        specs = [kind.by_name.get(s) for s in sources]
        if not all(p and p.kind != "ignore" for p in specs):
            continue
        present = tuple(s for s in sources if s in mapped)
        if present:
            checks.append((name, present))
        else:
            always.add(name)
    cells = sorted({s for _name, sources in checks for s in sources})
    if not checks:
        constant = frozenset(always)
        return lambda _values: constant
    if len(cells) == 1:  # the common case (a training log's expiry): one cell decides
        only = cells[0]
        when_blank = frozenset(always | {n for n, _s in checks})
        otherwise = frozenset(always)
        return lambda values: when_blank if values.get(only) in BLANKS else otherwise
    patterns: dict[tuple[bool, ...], frozenset[str]] = {}

    def kept(values: dict[str, Any]) -> frozenset[str]:
        get = values.get
        blank = tuple([get(s) in BLANKS for s in cells])  # runs for every row: kept lean
        found = patterns.get(blank)
        if found is None:
            empty = {s for s, is_blank in zip(cells, blank, strict=True) if is_blank}
            found = frozenset(always | {n for n, sources in checks if empty.issuperset(sources)})
            patterns[blank] = found
        return found

    return kept


BUILDERS: dict[str, Callable[[dict[str, Any], LinkContext], dict[str, Any]]] = {
    "practices": build_practice,
    "meetings": build_meeting,
    "actions": build_action,
    "reviews": build_review,
    "recommendations": build_recommendation,
    "les": build_les,
    "training": build_training,
}


def answer_text(value: object) -> str | None:
    """An LES criterion answer as stored text: yes/no words, ISO dates, plain numbers."""
    if isinstance(value, date):
        return value.isoformat()
    text = clean_text(value)
    if not text or text.lower() in ("n/a", "-", "tbc", "?"):
        return None
    if re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", text):
        try:
            return read_date(text).isoformat()  # type: ignore[union-attr]
        except CellError:
            return text
    try:
        flag = read_yes_no(text)
    except CellError:
        return text
    if text.lower() in ("1", "0"):
        return text
    return "yes" if flag else "no"
