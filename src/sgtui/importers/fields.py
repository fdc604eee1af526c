"""What each kind of sheet holds, and how its headers are recognised.

Headers are typed by people over years ("Prac Code", "Date rec'd", "Mgr", "Type of
review"), so matching works on *words*: a header is lower-cased, split on punctuation,
each word is expanded through a small abbreviation table, filler words are dropped, and
a field matches when all the words of one of its synonyms are in the header. The
longest matching synonym wins; ties go to the header with fewer extra words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ABBREVIATIONS: dict[str, str] = {
    "ref": "reference",
    "refs": "reference",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "mgr": "manager",
    "org": "organisation",
    "organization": "organisation",
    "amt": "amount",
    "recd": "received",
    "rcvd": "received",
    "authd": "authorised",
    "auth": "authorised",
    "authorized": "authorised",
    "prac": "practice",
    "mtg": "meeting",
    "mtgs": "meeting",
    "meetings": "meeting",
    "rec": "recommendation",
    "recs": "recommendation",
    "recommendations": "recommendation",
    "id": "identifier",
    "dob": "birth",
    "sg": "safeguarding",
    "l": "level",
    "lvl": "level",
    "compl": "completed",
    "completion": "completed",
    "exp": "expiry",
    "expires": "expiry",
    "expiration": "expiry",
    "tel": "phone",
    "pc": "postcode",
    "dept": "department",
    "desc": "description",
    "addr": "address",
    "sent": "sent",
    "req": "requested",
    "reqd": "requested",
    "request": "requested",
    "sub": "submitted",
    "submission": "submitted",
    "circ": "circulated",
    "pub": "published",
    "publication": "published",
    "notification": "notified",
    "commission": "commissioned",
    "themes": "theme",
    "actions": "action",
    "mins": "minutes",
    "circd": "circulated",
    "subd": "submitted",
    "hrs": "hours",
}
"""Abbreviations and plural or spelling variants, word for word."""

FILLER_WORDS = frozenset({"of", "the", "on", "by", "a", "an", "for", "to", "if", "any", "in", "s"})


def header_words(text: str) -> frozenset[str]:
    """The header's words, expanded and without filler ("Date of rec'd" -> {date, received})."""
    lowered = text.replace("\u00a0", " ").lower().replace("'", "").replace("’", "")
    words = re.findall(r"[a-z0-9]+", lowered)
    return frozenset(ABBREVIATIONS.get(w, w) for w in words if w not in FILLER_WORDS)


@dataclass(frozen=True)
class FieldSpec:
    """One importable column: its name, value type, whether rows need it, and its synonyms."""

    name: str
    label: str
    kind: str = "text"
    """text, code, date, time, int, number, yes_no, step or ignore.

    "step": a dated step that may hold a mark instead of a date (see ``cells.read_step``).
    """
    required: bool = False
    synonyms: tuple[str, ...] = ()


def _f(name: str, label: str, kind: str, *synonyms: str, required: bool = False) -> FieldSpec:
    return FieldSpec(name, label, kind, required, synonyms)


@dataclass(frozen=True)
class SheetKind:
    """A kind of record sheet: its fields and the words its sheet names use."""

    name: str
    fields: tuple[FieldSpec, ...]
    name_words: tuple[str, ...] = ()
    key_field: str = ""
    extra_columns: bool = False
    """True when unmatched columns are data too (LES criteria), not ignored."""
    by_name: dict[str, FieldSpec] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_name.update({f.name: f for f in self.fields})


ODS_SYNONYMS = ("ods code", "ods", "practice code", "organisation code", "code")
"""How workbooks title a practice's ODS code column (Prac Code, Org Code, ...)."""

SHEET_KINDS: tuple[SheetKind, ...] = (
    SheetKind(
        "practices",
        (
            _f("ods_code", "ODS code", "code", *ODS_SYNONYMS, required=True),
            _f("name", "Practice name", "text", "practice name", "practice", "name", "surgery"),
            _f("borough", "Borough", "text", "borough", "locality", "place"),
            _f("postcode", "Postcode", "text", "postcode", "post code"),
            _f("address", "Address", "text", "address"),
            _f("pcn", "PCN", "text", "pcn", "primary care network"),
            _f("list_size", "List size", "int", "list size", "patients", "registered"),
            _f(
                "safeguarding_lead",
                "Safeguarding lead",
                "text",
                "safeguarding lead",
                "lead gp",
                "lead",
            ),
            _f("practice_manager", "Practice manager", "text", "practice manager", "manager", "pm"),
            _f("email", "Email", "text", "email", "e mail"),
        ),
        ("practice", "practices", "gp", "surgeries"),
        "ods_code",
    ),
    SheetKind(
        "meetings",
        (
            _f(
                "ref",
                "Meeting ID",
                "code",
                "meeting identifier",
                "meeting reference",
                "identifier",
                "reference",
                required=True,
            ),
            _f("meeting_date", "Date", "date", "date", "meeting date", "held"),
            _f("start_time", "Start time", "time", "start time", "start", "time"),
            _f(
                "title",
                "Meeting",
                "text",
                "meeting",
                "meeting name",
                "meeting type",
                "type",
                "title",
                "name",
            ),
            _f("borough", "Borough", "text", "borough", "locality"),
            _f("chair", "Chair", "text", "chair", "chaired"),
            _f("location", "Venue", "text", "venue", "location", "teams", "room"),
            _f(
                "minute_taker",
                "Minute taker",
                "text",
                "minute taker",
                "minutes taken",
                "minuted",
                "note taker",
            ),
            _f(
                "minutes_circulated_on",
                "Minutes circulated",
                "step",
                "minutes circulated",
                "circulated",
            ),
            _f("status", "Status", "text", "status"),
        ),
        ("meeting", "meetings", "mtgs", "diary"),
        "ref",
    ),
    SheetKind(
        "actions",
        (
            _f(
                "ref",
                "Action ref",
                "code",
                "action reference",
                "action identifier",
                "action number",
                "reference",
                "identifier",
                required=True,
            ),
            _f(
                "meeting",
                "Meeting",
                "text",
                "meeting",
                "meeting identifier",
                "meeting reference",
                "meeting date",
                "from meeting",
            ),
            _f("text", "Action", "text", "action", "description", "action description", "detail"),
            _f("owner", "Owner", "text", "owner", "lead", "responsible", "who"),
            _f("raised_on", "Date raised", "date", "raised", "date raised", "opened"),
            _f(
                "due_on", "Due date", "date", "due", "due date", "deadline", "target date", "target"
            ),
            _f("status", "Status", "text", "status"),
            _f(
                "completed_on",
                "Date completed",
                "step",
                "completed",
                "closed",
                "date closed",
                "done",
            ),
        ),
        ("action", "actions", "action log"),
        "ref",
    ),
    SheetKind(
        "reviews",
        (
            _f(
                "ref",
                "Reference",
                "code",
                "reference",
                "review reference",
                "case reference",
                "local reference",
                "identifier",
                required=True,
            ),
            _f(
                "review_type",
                "Review type",
                "text",
                "review type",
                "type",
                "type review",
                required=True,
            ),
            _f("borough", "Borough", "text", "borough", "locality"),
            _f("subject", "Subject", "text", "subject", "initials", "pseudonym", "child", "adult"),
            _f("incident_on", "Date of incident", "date", "incident", "date incident"),
            _f(
                "notified_on",
                "Date notified",
                "date",
                "notified",
                "date notified",
                "referral",
                "date added",
            ),
            _f(
                "decision_on",
                "Decision date",
                "date",
                "decision",
                "rr meeting",
                "decision date",
                "rr meeting date",
            ),
            _f("commissioned_on", "Date commissioned", "date", "commissioned", "date commissioned"),
            _f(
                "request_kind",
                "ICB request",
                "text",
                "icb request",
                "request",
                "requested type",
                "information requested",
                "icb requested",
            ),
            _f(
                "requested_on",
                "Date requested",
                "date",
                "date requested",
                "requested date",
                "requested on",
            ),
            _f("due_on", "Due date", "date", "due", "due date", "deadline"),
            _f("submitted_on", "Date submitted", "step", "submitted", "date submitted", "sent"),
            _f(
                "scrt_entered",
                "S-CRT entered",
                "step",
                "scrt",
                "s crt",
                "scrt entered",
                "s crt entered",
            ),
            _f("stage", "Status/stage", "text", "stage", "status"),
            _f("themes", "Learning themes", "text", "theme", "learning theme", "learning"),
            _f("published_on", "Date published", "step", "published", "date published"),
        ),
        ("review", "reviews", "tracker", "case review", "cases"),
        "ref",
    ),
    SheetKind(
        "recommendations",
        (
            _f(
                "review_ref",
                "Review ref",
                "code",
                "review reference",
                "review",
                "case reference",
                "reference",
                required=True,
            ),
            _f("number", "Rec no.", "text", "recommendation number", "number", required=True),
            _f("text", "Recommendation", "text", "recommendation", "recommendation text"),
            _f("health_action", "Health action", "text", "health action", "action"),
            _f("lead", "Lead", "text", "lead", "owner"),
            _f("target_on", "Target date", "date", "target", "target date", "due", "due date"),
            _f("rag", "RAG", "text", "rag", "rag status"),
            _f("completed_on", "Date completed", "step", "completed", "date completed"),
        ),
        ("recommendation", "recommendations", "recs", "action plan"),
        "number",
    ),
    SheetKind(
        "les",
        (
            _f("ods_code", "ODS code", "code", *ODS_SYNONYMS),
            _f("practice_name", "Practice", "text", "practice", "practice name", "surgery"),
            _f("contract_sent_on", "Contract sent", "step", "contract sent"),
            _f(
                "contract_signed_on",
                "Contract signed",
                "step",
                "contract signed",
                "contract returned",
                "signed",
            ),
            _f("return_requested_on", "Return requested", "step", "return requested"),
            _f("return_received_on", "Return received", "step", "return received", "received"),
            _f("validated_on", "Validated", "step", "validated", "date validated"),
            _f("chased", "Chased", "text", "chased", "chase"),
            _f(
                "named_gp_reviewed",
                "Named GP reviewed",
                "step",
                "named gp reviewed",
                "named gp",
                "reviewed",
            ),
            _f(
                "payment_authorised",
                "Payment authorised",
                "step",
                "payment authorised",
                "payment",
                "paid",
            ),
            _f("total", "Total", "ignore", "total", "score"),
        ),
        ("les", "enhanced service", "return", "returns"),
        "ods_code",
        extra_columns=True,
    ),
    SheetKind(
        "training",
        (
            _f(
                "name",
                "Staff name",
                "text",
                "staff name",
                "name",
                "staff",
                "employee",
                "learner",
                required=True,
            ),
            _f("role", "Role", "text", "role", "job title", "job", "post", "staff group"),
            _f(
                "organisation",
                "Organisation",
                "text",
                "organisation",
                "practice",
                "employer",
                "team",
            ),
            _f(
                "course",
                "Course",
                "text",
                "course",
                "training",
                "course title",
                "module",
                required=True,
            ),
            _f("level", "Level", "text", "level"),
            _f(
                "completed_on",
                "Date completed",
                "date",
                "completed",
                "date completed",
                "date attended",
                "attended",
                required=True,
            ),
            _f(
                "expires_on",
                "Expiry date",
                "date",
                "expiry",
                "expiry date",
                "renewal",
                "due renewal",
                "valid until",
            ),
            _f("hours", "Hours", "number", "hours", "hrs", "cpd"),
            _f("provider", "Provider", "text", "provider", "delivered", "trainer"),
            _f("status", "Status", "ignore", "status", "compliant", "in date"),
            _f("email", "Email", "text", "email", "e mail"),
        ),
        ("training", "compliance", "learning", "courses"),
        "name",
    ),
)
KINDS: dict[str, SheetKind] = {k.name: k for k in SHEET_KINDS}


@dataclass(frozen=True)
class Synonym:
    """A synonym as a word set, remembering its field."""

    field: str
    words: frozenset[str]


def synonyms_for(kind: SheetKind, extra: dict[str, list[str]] | None = None) -> list[Synonym]:
    """All synonyms of a kind's fields, plus any from the mapping file."""
    found = [
        Synonym(spec.name, header_words(text))
        for spec in kind.fields
        for text in (spec.label, *spec.synonyms)
    ]
    for field_name, texts in (extra or {}).items():
        if field_name in kind.by_name:
            found.extend(Synonym(field_name, header_words(text)) for text in texts)
    return [s for s in found if s.words]


def score_header(header: str, synonyms: list[Synonym]) -> tuple[str, float] | None:
    """The best field for one header and its score (longer synonyms and fewer extras win)."""
    words = header_words(header)
    if not words:
        return None
    best: tuple[str, float] | None = None
    for synonym in synonyms:
        if synonym.words <= words:
            score = len(synonym.words) * 2 - 0.5 * len(words - synonym.words)
            if best is None or score > best[1]:
                best = (synonym.field, score)
    return best


def match_headers(
    headers: list[str], synonyms: list[Synonym], exact: dict[str, str] | None = None
) -> dict[int, str]:
    """Column index -> field, each field used once, best-scoring pairs first.

    ``exact`` maps a header text (as normalised by :func:`header_key`) straight to a field,
    or to "ignore" to leave the column out; the mapping file uses it so a user's choice
    always wins over guessing.
    """
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    ignored: set[int] = set()  # the mapping file says "ignore": never guess these
    for index, header in enumerate(headers):
        target = (exact or {}).get(header_key(header))
        if target == "ignore":
            ignored.add(index)
        elif target and target not in taken:
            chosen[index] = target
            taken.add(target)
    candidates = []
    for index, header in enumerate(headers):
        if index in chosen or index in ignored:
            continue
        scored = score_header(header, synonyms)
        if scored:
            candidates.append((scored[1], -index, index, scored[0]))
    for _score, _order, index, field_name in sorted(candidates, reverse=True):
        if field_name not in taken:
            chosen[index] = field_name
            taken.add(field_name)
    return dict(sorted(chosen.items()))


def header_key(header: str) -> str:
    """A header as the mapping file names it: lower case, single spaces."""
    return " ".join(header.replace("\u00a0", " ").lower().split())
