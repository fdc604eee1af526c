"""Rows into record values: read each mapped cell, then apply the rules of the row's kind.

A row is invalid when its natural key is missing, a date is impossible, a coded value
is unknown or (checked later, in :mod:`sgtui.importers.pipeline`) a reference points at
nothing. Any other blank is just a blank. Problems are raised as :class:`RowProblem`
naming the field, so the message can point at the cell.
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
    read_date_or_flag,
    read_int,
    read_number,
    read_text,
    read_time,
    read_yes_no,
)
from sgtui.importers.links import LinkContext
from sgtui.services.catalogues import REVIEW_TYPES
from sgtui.services.deadlines import add_months

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
    "date_or_flag": read_date_or_flag,
}
TOTAL_WORDS = frozenset({"total", "totals", "grand total", "sum", "count"})


class RowProblem(Exception):
    """A row-level problem tied to one field (None: the row as a whole)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def is_totals_row(cells: list[Any]) -> bool:
    """A "Totals" line under the data, which is arithmetic, not a record."""
    for value in cells:
        text = value if isinstance(value, str) else ""
        if text.strip():
            return text.strip().lower().rstrip(":") in TOTAL_WORDS
        if value not in ("", None):
            return False
    return False


def ref_text(text: str) -> str:
    """Workbook IDs upper-cased with runs of space as one dash ("lam scp 12" -> "LAM-SCP-12")."""
    return re.sub(r"\s+", "-", text.strip()).upper()


def required(values: dict[str, Any], field: str, what: str) -> Any:
    """The value, or a :class:`RowProblem` saying the key is missing."""
    value = values.get(field)
    if value in (None, ""):
        raise RowProblem(field, f"{what} is missing")
    return value


def _lookup(values: dict[str, Any], field: str, table: dict[str, str], what: str) -> str | None:
    text = values.get(field)
    if not text:
        return None
    try:
        return codes.lookup(text, table, what, {})
    except CellError as exc:
        raise RowProblem(field, str(exc)) from None


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
    ctx.add_practice(ods, record["name"])
    return record


def build_meeting(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A Meeting row: ID and date required; status words mapped; Teams means virtual."""
    ref = ref_text(required(values, "ref", "meeting ID"))
    day = required(values, "meeting_date", "meeting date")
    location = values.get("location")
    circulated = values.get("minutes_circulated_on")
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
        "minutes_circulated_on": circulated,
        "minutes_status": "circulated" if circulated else "none",
        "status": _lookup(values, "status", codes.MEETING_STATUS, "status") or "planned",
    }
    ctx.add_meeting(ref, day)
    return record


def build_action(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """An Action row; its meeting is resolved later, once every meeting is known."""
    return {
        "ref": ref_text(required(values, "ref", "action ref")),
        "meeting": values.get("meeting"),
        "text": values.get("text") or "",
        "owner": values.get("owner"),
        "raised_on": values.get("raised_on"),
        "due_on": values.get("due_on"),
        "status": _lookup(values, "status", codes.ACTION_STATUS, "status") or "open",
        "completed_on": values.get("completed_on"),
    }


def build_review(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A Review row plus its submissions (one per kind in "ICB request") and themes."""
    ref = ref_text(required(values, "ref", "review reference"))
    try:
        review_type = codes.review_type(required(values, "review_type", "review type"), {})
    except CellError as exc:
        raise RowProblem("review_type", str(exc)) from None
    scrt_on, scrt_flag = values.get("scrt_entered") or (None, None)
    record = {
        "ref": ref,
        "review_type": review_type,
        "commissioning_body": REVIEW_TYPES[review_type][1],
        "borough_id": _borough(values, ctx),
        "subject": values.get("subject"),
        "scrt_entered_on": scrt_on,
        "scrt_entered_undated": bool(scrt_flag) and scrt_on is None,
    }
    dates = ("incident_on", "notified_on", "decision_on", "commissioned_on", "published_on")
    record.update({k: values.get(k) for k in dates})
    record["stage"] = _lookup(values, "stage", codes.REVIEW_STAGE, "stage") or _stage_from(record)
    record["submissions"] = _submissions(values)
    record["themes"] = _themes(values.get("themes"))
    ctx.review_refs.add(ref)
    return record


def _stage_from(record: dict[str, Any]) -> str:
    if record.get("published_on"):
        return "published"
    if record.get("commissioned_on"):
        return "commissioned"
    return "decision" if record.get("decision_on") else "notified"


def _submissions(values: dict[str, Any]) -> list[dict[str, Any]]:
    text = values.get("request_kind")
    if not text:
        return []
    try:
        kinds = codes.submission_kinds(text, {})
    except CellError as exc:
        raise RowProblem("request_kind", str(exc)) from None
    submitted = values.get("submitted_on")
    shared = {
        "agency": "ICB",
        "requested_on": values.get("requested_on"),
        "due_on": values.get("due_on"),
        "submitted_on": submitted,
        "status": "submitted" if submitted else "requested",
    }
    return [{"kind": kind, **shared} for kind in kinds]


def _themes(text: str | None) -> list[str]:
    if not text:
        return []
    parts = (p.strip() for p in re.split(r"[;,\n]|\s/\s", text))
    return list(dict.fromkeys(p[0].upper() + p[1:] for p in parts if p))


def build_recommendation(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """A Recommendation row; its review is resolved later by reference."""
    rag = _lookup(values, "rag", codes.RAG, "RAG rating")
    completed = values.get("completed_on")
    return {
        "review_ref": ref_text(required(values, "review_ref", "review reference")),
        "number": str(required(values, "number", "recommendation number")),
        "text": values.get("text") or "",
        "health_action": values.get("health_action"),
        "lead": values.get("lead"),
        "target_on": values.get("target_on"),
        "rag": rag,
        "status": "complete" if (completed or rag == "blue") else "open",
        "completed_on": completed,
    }


def build_les(values: dict[str, Any], ctx: LinkContext) -> dict[str, Any]:
    """An LES return row: the practice (by code, else name), step dates and answers."""
    if not values.get("ods_code") and not values.get("practice_name"):
        raise RowProblem("ods_code", "practice ODS code is missing")
    record = {
        "ods_code": values.get("ods_code"),
        "practice_name": values.get("practice_name"),
        "answers": values.get("answers", {}),
    }
    for step in (
        "contract_sent_on",
        "contract_signed_on",
        "return_requested_on",
        "return_received_on",
    ):
        record[step] = values.get(step)
    for step in ("named_gp_reviewed", "payment_authorised"):
        day, flag = values.get(step) or (None, None)
        record[f"{step}_on"] = day
        record[f"{step}_undated"] = bool(flag) and day is None
    record.update(_chased(values.get("chased")))
    return record


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
    name = required(values, "name", "staff name")
    course_text = required(values, "course", "course")
    completed = required(values, "completed_on", "date completed")
    try:
        course_id, validity = ctx.course(course_text, values.get("level"))
    except CellError as exc:
        raise RowProblem("course", str(exc)) from None
    derived = _derive_expiry(completed, validity)
    stated = values.get("expires_on")
    if stated == derived:
        stated = None  # the course's own rule, not a team rule (sgtui's exports write these)
    organisation = values.get("organisation")
    return {
        "name": name,
        "role": values.get("role"),
        "organisation": organisation,
        "email": values.get("email"),
        "course_id": course_id,
        "completed_on": completed,
        "expires_on": stated or derived,
        "expiry_stated": stated is not None,
        "hours": values.get("hours"),
        "provider": values.get("provider"),
    }


DERIVED_FROM: dict[str, str] = {
    "borough_id": "borough",
    "virtual": "location",
    "minutes_status": "minutes_circulated_on",
    "scrt_entered_on": "scrt_entered",
    "scrt_entered_undated": "scrt_entered",
    "named_gp_reviewed_on": "named_gp_reviewed",
    "named_gp_reviewed_undated": "named_gp_reviewed",
    "payment_authorised_on": "payment_authorised",
    "payment_authorised_undated": "payment_authorised",
    "chase_count": "chased",
    "last_chased_on": "chased",
    "submissions": "request_kind",
}
"""Record fields worked out from a differently named column."""
KEEP_ALWAYS = frozenset({"title", "text", "name", "expires_on", "expiry_stated", "stage"})
"""Fields every record carries (required columns, or derived when their column is absent)."""


def absent_fields(kind_fields: set[str], mapped: set[str]) -> set[str]:
    """Record fields to leave alone because the sheet has no column for them.

    Without this, importing a sheet without (say) a Postcode column would blank every
    practice's postcode. A blank *cell* in a present column leaves the stored value
    alone too (see :func:`kept_when_blank`), but a new record still stores its blanks.
    """
    candidates = kind_fields | set(DERIVED_FROM)
    return {
        name
        for name in candidates
        if DERIVED_FROM.get(name, name) in kind_fields
        and DERIVED_FROM.get(name, name) not in mapped
        and name not in KEEP_ALWAYS
    }


DEFAULTED_FROM: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "text": ("text",),
    "status": ("status",),
    "stage": ("stage",),
    "virtual": ("location",),
    "minutes_status": ("minutes_circulated_on",),
    "scrt_entered_undated": ("scrt_entered",),
    "chase_count": ("chased",),
    "named_gp_reviewed_undated": ("named_gp_reviewed",),
    "payment_authorised_undated": ("payment_authorised",),
    "expires_on": ("expires_on",),
    "expiry_stated": ("expires_on",),
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
