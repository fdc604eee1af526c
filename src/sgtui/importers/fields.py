"""What each kind of sheet holds, and how its headers are recognised.

Headers are typed by people over years ("Prac Code", "Date rec'd", "Mgr", "Type of
review"), so matching works on *words*: a header is lower-cased, split on punctuation,
each word is expanded through a small abbreviation table and made singular, filler words
are dropped, and a field matches when all the words of one of its synonyms are in the
header. Word order, punctuation and case therefore never matter.

Which field wins is decided by how *specific* the match is: a synonym's words weigh 2
each, generic words ("name", "date", "number", "code") 1, and every header word the
synonym does not explain costs 0.5. So "Course name" is the course, not the name, and
"Practice code" is the ODS code, not the practice.

Three rules let wordings no table lists still match. A written date pattern
("(dd/mm/yyyy)") says only "a date" and costs nothing. A word naming the sheet's own
kind ("Practice ODS", "Action owner", "LES sent") qualifies the column rather than
naming it, so it costs nothing and weighs as a generic word. And verbs and documents
officers use for one another (:data:`EQUIVALENT_WORDS`: "issued" for "sent", "closed"
for "completed", a "self-assessment" for an LES return) match every synonym built on
either.

Person words keep their meaning. A trailing "on" after a participle ("Requested on")
marks a date. A trailing "by" after a participle ("Actioned by",
"Signed off by", "Completed by") marks a *person* column; after any other word ("Due by",
"Return by", "Complete by") it marks a *deadline*. "Owner", "lead", "officer",
"responsible" and "who" mark a person column too. A person column matches person fields
only, and a date column date fields only, unless the synonym itself names the hint
("Meeting date" is how an action names its meeting). When a header matches two fields
equally well it is *ambiguous*: :func:`match_headers_detail` leaves it unmapped and says
so, and the mapping file decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sgtui.services import registry

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
    "hr": "hours",
    "dt": "date",
    "dte": "date",
    "nr": "number",
    "nos": "number",
    "ident": "identifier",
    "complete": "completed",
    "compltd": "completed",
    "achievement": "achieved",
    "achieve": "achieved",
    "competency": "competence",
    "competencies": "competence",
    "competences": "competence",
    "surname": "last",
    "forename": "first",
    "forenames": "first",
    "firstname": "first",
    "lastname": "last",
    "given": "first",
    "family": "last",
    "fullname": "full",
    "email": "email",
    "emails": "email",
    "mail": "mail",
    "wte": "hours",
    "qty": "number",
    "responsibility": "responsible",
    "owners": "owner",
    "officers": "officer",
    "leads": "lead",
    "elearning": "course",
    "programme": "course",
    "program": "course",
    "cert": "certification",
    "certificated": "certification",
    "certified": "certification",
    "sz": "size",
    "notif": "notified",
    "init": "initials",
    "inits": "initials",
    "ods": "ods code",
}
"""Abbreviations and plural or spelling variants, word for word.

A value of two words expands to both: "ODS" always names a code, so "Practice ODS" is
{practice, ods, code}, the practice's code rather than a tie with its name.
"""

FILLER_WORDS = frozenset(
    {"of", "the", "on", "a", "an", "for", "to", "if", "any", "in", "s", "at", "and", "or", "is"}
)
PERSON = "person"
"""The word a trailing "by" after a participle becomes ("Actioned by" -> {actioned, person})."""
DEADLINE = "deadline"
"""The word a trailing "by" after any other word becomes ("Due by" -> {due, deadline})."""
PERSON_WORDS = frozenset({PERSON, "owner", "lead", "officer", "responsible", "who", "assignee"})
DATE_FORMAT = "dateformat"
"""The word a date pattern in a header becomes ("Date sent (dd/mm/yy)" -> {date, sent, dateformat})."""
DATE_WORDS = frozenset({"date", DEADLINE, "due", "when", DATE_FORMAT})
GENERIC_WORDS = frozenset(
    {"name", "date", "number", "code", "type", "identifier", "title", "detail", "full"}
)
"""Words that say what *shape* a value has, not what it is: they weigh half."""
PARTICIPLES = frozenset(
    {"done", "taken", "led", "held", "run", "made", "sent", "seen", "given", "written", "met"}
)
"""Past participles that do not end in -ed ("Led by", "Taken by")."""
PARTICLES = frozenset({"off", "up", "out", "over", "through"})
"""Words between a verb and its "by" ("Signed off by")."""


_DATE_PATTERN = re.compile(
    r"\b(?:d{1,2}[\s/.\-]*m{1,3}[\s/.\-]*(?:y{2,4}|c{2}y{2})|m{1,3}[\s/.\-]*y{2,4}|y{4})\b"
)
"""A date's written pattern ("dd/mm/yyyy", "DD-MM-YY", "mm/yy"): says the column holds dates.

It explains itself: it marks a date column and never counts as a word a synonym leaves
unexplained, so "Date sent (dd/mm/yyyy)" matches as well as "Date sent"."""
_TIME_PATTERN = re.compile(r"\bhh\s*[:.]?\s*mm\b|\b24\s*h(?:ou)?rs?\b|\b24h\b")
"""A time's written pattern ("hh:mm", "24hr"): dropped, it names no field."""
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
"""Word boundaries inside CamelCase headers that database exports write."""


def _singular(word: str) -> str:
    """A plural made singular the same way on both sides ("Themes" and "theme" agree)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _word(raw: str) -> str:
    word = ABBREVIATIONS.get(raw, raw)
    return ABBREVIATIONS.get(_singular(word), _singular(word))


def _by_meaning(before: list[str]) -> str:
    """What a trailing "by" marks, from the word before it (skipping "off", "up" ...)."""
    verbs = [w for w in before if w not in PARTICLES and w not in FILLER_WORDS]
    if not verbs:
        return PERSON
    verb = verbs[-1]
    return PERSON if verb.endswith("ed") or verb in PARTICIPLES else DEADLINE


@lru_cache(maxsize=16384)
def header_words(text: str) -> frozenset[str]:
    """The header's words, expanded and without filler ("Date of rec'd" -> {date, received})."""
    spaced = _CAMEL.sub(" ", text.replace("\u00a0", " "))  # "DateCompleted", "ODSCode"
    lowered = spaced.lower().replace("'", "").replace("’", "").replace("#", " number ")
    lowered = _TIME_PATTERN.sub(" ", lowered)  # "Start (hh:mm)": the type, not a word
    undated = _DATE_PATTERN.sub(" ", lowered)
    raw = re.findall(r"[a-z0-9]+", undated)
    if undated != lowered:  # the pattern is not a word: "Return by (dd/mm/yy)" ends in "by"
        raw = [*raw, DATE_FORMAT] if raw and raw[-1] not in ("by", "on") else [DATE_FORMAT, *raw]
    if raw and raw[-1] == "by":
        raw[-1] = _by_meaning(raw[:-1])
    elif len(raw) > 1 and raw[-1] == "on" and _by_meaning(raw[:-1]) == PERSON:
        raw[-1] = "date"  # "Requested on", "Completed on": the date it happened
    kept = (_word(w) for w in raw if w not in FILLER_WORDS and w != "by")
    return frozenset(part for word in kept for part in word.split())


CONTACT_WORDS = frozenset({"email", "mail", "phone", "telephone", "mobile", "address", "postcode"})
"""Words for a way to reach someone: beside a person or role they say whose it is."""


def header_hint(words: frozenset[str]) -> str | None:
    """ "person", "date" or "contact" when the header's words say which, else None.

    A contact word outranks a person word ("Lead's email", "PM email" hold addresses,
    not people) but not a date word ("Date email sent" is a date).
    """
    person, dated = bool(words & PERSON_WORDS), bool(words & DATE_WORDS)
    if dated and not person:
        return "date"
    if words & CONTACT_WORDS and not dated:
        return "contact"
    if person and not dated:
        return "person"
    return None


DATE_KINDS = frozenset({"date", "step", "time"})


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
    person: bool = False
    """The column names a person (owner, chair, lead): "... by" headers match these."""


def _f(
    name: str, label: str, kind: str, *synonyms: str, required: bool = False, person: bool = False
) -> FieldSpec:
    return FieldSpec(name, label, kind, required, synonyms, person)


@dataclass(frozen=True)
class SheetKind:
    """A kind of record sheet: its fields and the words its sheet names use."""

    name: str
    fields: tuple[FieldSpec, ...]
    name_words: tuple[str, ...] = ()
    key_field: str = ""
    extra_columns: bool = False
    """True when unmatched columns are data too (LES criteria), not ignored."""
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """A required field -> fields that stand in for it (a surname column for a name)."""
    by_name: dict[str, FieldSpec] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_name.update({f.name: f for f in self.fields})


ODS_SYNONYMS = ("ods code", "ods", "practice code", "organisation code", "code")
"""How workbooks title a practice's ODS code column (Prac Code, Org Code, ...)."""

BOROUGH_SYNONYMS = ("borough", "locality", "local authority", "area", "place", "la")
"""How workbooks title a borough column, on every kind of sheet that has one."""

SHEET_KINDS: tuple[SheetKind, ...] = (
    SheetKind(
        "practices",
        (
            _f("ods_code", "ODS code", "code", *ODS_SYNONYMS, required=True),
            _f("name", "Practice name", "text", "practice name", "practice", "name", "surgery"),
            _f("borough", "Borough", "text", *BOROUGH_SYNONYMS),
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
                "named gp",
                "safeguarding gp",
                person=True,
            ),
            _f(
                "practice_manager",
                "Practice manager",
                "text",
                "practice manager",
                "manager",
                "pm",
                person=True,
            ),
            _f(
                "email",
                "Email",
                "text",
                "email",
                "e mail",
                "email address",
                "contact email",
                "practice email",
                "work email",
            ),
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
                "meeting number",
                "identifier",
                "reference",
                required=True,
            ),
            _f("meeting_date", "Date", "date", "date", "meeting date", "held", "when"),
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
                "forum",
                "group",
                "committee",
            ),
            _f("borough", "Borough", "text", *BOROUGH_SYNONYMS),
            _f("chair", "Chair", "text", "chair", "chaired", "chairperson", person=True),
            _f(
                "location",
                "Venue",
                "text",
                "venue",
                "location",
                "teams",
                "room",
                "where",
                "where held",
            ),
            _f(
                "minute_taker",
                "Minute taker",
                "text",
                "minute taker",
                "minutes taken",
                "minuted",
                "note taker",
                "notes taken",
                "scribe",
                "minutes by",
                person=True,
            ),
            _f(
                "minutes_circulated_on",
                "Minutes circulated",
                "step",
                "minutes circulated",
                "circulated",
                "minutes sent",
                "minutes issued",
                "minutes distributed",
            ),
            _f("status", "Status", "text", "status", "meeting status"),
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
                "number",
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
            _f(
                "owner",
                "Owner",
                "text",
                "owner",
                "lead",
                "responsible",
                "who",
                "person",
                "officer",
                "assigned",
                "actioned by",
                person=True,
            ),
            _f("raised_on", "Date raised", "date", "raised", "date raised", "opened"),
            _f(
                "due_on",
                "Due date",
                "date",
                "due",
                "due date",
                "deadline",
                "target date",
                "target",
                "timescale",
                "timeframe",
            ),
            _f("status", "Status", "text", "status", "action status", "progress"),
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
                "category",
                "review category",
                "review",
                required=True,
            ),
            _f("borough", "Borough", "text", *BOROUGH_SYNONYMS),
            _f(
                "subject",
                "Subject",
                "text",
                "subject",
                "initials",
                "pseudonym",
                "child",
                "adult",
                "case name",
                "name",
            ),
            _f("incident_on", "Date of incident", "date", "incident", "date incident"),
            _f(
                "notified_on",
                "Date notified",
                "date",
                "notified",
                "date notified",
                "referral",
                "date added",
                "referred",
                "date referred",
                "received",
            ),
            _f(
                "decision_on",
                "Decision date",
                "date",
                "decision",
                "rr meeting",
                "decision date",
                "rr meeting date",
                "rr date",
                "rapid review date",
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
            _f(
                "submitted_on",
                "Date submitted",
                "step",
                "submitted",
                "date submitted",
                "sent",
                "returned",
                "date returned",
            ),
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
            _f(
                "lead",
                "Lead",
                "text",
                "lead",
                "owner",
                "responsible",
                "person",
                "officer",
                "who",
                person=True,
            ),
            _f(
                "target_on",
                "Target date",
                "date",
                "target",
                "target date",
                "due",
                "due date",
                "timescale",
                "timeframe",
            ),
            _f("rag", "RAG", "text", "rag", "rag status", "rating", "red amber green"),
            _f(
                "completed_on",
                "Date completed",
                "step",
                "completed",
                "date completed",
                "signed off",
                "implemented",
            ),
        ),
        ("recommendation", "recommendations", "recs", "action plan"),
        "number",
    ),
    SheetKind(
        "les",
        (
            _f("ods_code", "ODS code", "code", *ODS_SYNONYMS),
            _f("practice_name", "Practice", "text", "practice", "practice name", "surgery"),
            # What goes out to a practice is its contract and what is asked of it its
            # return: on an LES sheet "Sent" and "Requested" alone name those steps.
            _f("contract_sent_on", "Contract sent", "step", "contract sent", "sent"),
            _f(
                "contract_signed_on",
                "Contract signed",
                "step",
                "contract signed",
                "contract returned",
                "signed",
            ),
            _f(
                "return_requested_on",
                "Return requested",
                "step",
                "return requested",
                "requested",
            ),
            _f(
                "return_received_on",
                "Return received",
                "step",
                "return received",
                "received",
                "return submitted",
                "submitted",
            ),
            # "Valid." abbreviates validated only here: elsewhere "valid until" is an expiry.
            _f("validated_on", "Validated", "step", "validated", "date validated", "valid"),
            _f(
                "chased",
                "Chased",
                "text",
                "chased",
                "chase",
                "reminder",
                "reminder sent",
                "chaser",
                "chaser sent",
            ),
            _f(
                "named_gp_reviewed",
                "Named GP reviewed",
                "step",
                "named gp reviewed",
                "named gp",
                "ngp",
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
                "full name",
                "staff",
                "employee",
                "employee name",
                "learner",
                "learner name",
                "user name",
                "delegate",
                "attendee",
                "participant",
                required=True,
            ),
            _f("first_name", "First name", "text", "first name", "forename", "given name"),
            _f("last_name", "Last name", "text", "last name", "surname", "family name"),
            _f(
                "staff_number",
                "Employee number",
                "text",
                "employee number",
                "staff number",
                "person number",
                "assignment number",
                "payroll number",
                "staff identifier",
                "employee identifier",
                "user identifier",
                "learner identifier",
                "prn",
                "personal reference number",
                "delegate identifier",
            ),
            _f(
                "role",
                "Role",
                "text",
                "role",
                "job title",
                "job",
                "post",
                "position",
                "position title",
                "job role",
                "occupation",
            ),
            _f("staff_group", "Staff group", "ignore", "staff group"),
            _f(
                "organisation",
                "Organisation",
                "text",
                "organisation",
                "practice",
                "employer",
                "team",
                "organisation name",
                "department",
                "trust",
                "workplace",
                "employing organisation",
                "place of work",
                "work base",
                "base",
            ),
            _f(
                "course",
                "Course",
                "text",
                "course",
                "training",
                "course title",
                "course name",
                "module",
                "competence",
                "competence name",
                "learning item",
                "component",
                "subject",
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
                "achieved",
                "date achieved",
                "awarded",
                "date last awarded",
                "certification",
                "passed",
                "date passed",
                "finished",
                "training date",
                "date trained",
                "course date",
                "date taken",
                "session date",
                "date",
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
                "renew",
                "renewal due",
                "next certification",
                "expire",
            ),
            _f("hours", "Hours", "number", "hours", "hrs", "cpd"),
            _f(
                "provider",
                "Provider",
                "text",
                "provider",
                "delivered",
                "trainer",
                "facilitator",
                person=True,
            ),
            _f(
                "status",
                "Status",
                "text",
                "status",
                "compliant",
                "meets requirement",
                "requirement met",
                "compliance",
                "compliance status",
                "completion status",
                "competence status",
                "outcome",
                "result",
            ),
            _f(
                "email",
                "Email",
                "text",
                "email",
                "e mail",
                "email address",
                "contact email",
                "practice email",
                "work email",
            ),
        ),
        ("training", "compliance", "learning", "courses", "competence", "elearning"),
        "name",
        alternatives={"name": ("last_name",)},
    ),
)

REGISTRY_KINDS: dict[str, str] = {
    "practices": "practice",
    "meetings": "meeting",
    "actions": "action",
    "reviews": "review",
    "recommendations": "recommendation",
    "les": "les_return",
    "training": "training",
}
"""The registry kind whose fields a kind of sheet shares, by name (a training sheet's
"name" is its person's, not a training record's field, so it keeps its own label)."""


OWN_LABELS: dict[tuple[str, str], str] = {
    ("reviews", "review_type"): "the form's 'Type' says nothing in a sentence about a sheet "
    "('a reviews sheet also needs Reference, Type'), so the import keeps 'Review type'",
}
"""Shared fields whose import label is not the registry's, each with the reason."""


def registry_field(sheet_kind: str, name: str) -> registry.FieldDef | None:
    """The registry's field of the same name for the sheet's kind of record, if any."""
    kind = registry.KINDS.get(REGISTRY_KINDS.get(sheet_kind, ""))
    return next((f for f in kind.fields if f.name == name), None) if kind else None


def _registry_labels(kind: SheetKind) -> SheetKind:
    """A field the registry also holds is labelled as the form labels it (one definition).

    The label written above stays one of the field's synonyms: it is a workbook's usual
    wording ("Date raised" for the registry's "Raised on"), so headers match as before.
    """
    fields = []
    for spec in kind.fields:
        shared = registry_field(kind.name, spec.name)
        if shared and shared.label != spec.label and (kind.name, spec.name) not in OWN_LABELS:
            spec = replace(spec, label=shared.label, synonyms=(spec.label, *spec.synonyms))
        fields.append(spec)
    return replace(kind, fields=tuple(fields), by_name={})


SHEET_KINDS = tuple(_registry_labels(k) for k in SHEET_KINDS)
KINDS: dict[str, SheetKind] = {k.name: k for k in SHEET_KINDS}


@dataclass(frozen=True)
class Synonym:
    """A synonym as a word set, remembering its field, the field's value type and role."""

    field: str
    words: frozenset[str]
    kind: str = "text"
    person: bool = False
    qualifiers: frozenset[str] = frozenset()
    """Words naming the sheet's own kind ("practice" on a practice list): see
    :func:`kind_words`."""


_EQUIVALENT_TEXTS: tuple[frozenset[str], ...] = (
    frozenset({"sent", "issued", "dispatched", "emailed", "posted", "distributed", "circulated"}),
    frozenset({"completed", "closed", "finished", "done", "achieved"}),
    frozenset({"authorised", "approved"}),
    frozenset({"signed", "agreed"}),
    frozenset({"validated", "checked", "verified"}),
    frozenset({"requested", "asked"}),
    frozenset({"contract", "agreement"}),
    frozenset({"return", "assessment", "submission"}),
)
EQUIVALENT_WORDS = tuple(frozenset(_word(w) for w in group) for group in _EQUIVALENT_TEXTS)
"""Words officers use for the same step or document, each group one meaning.

A contract is "sent" or "issued", a step "completed" or "closed", a payment "authorised"
or "approved", a practice's LES return is its "self-assessment". A synonym holding one
word of a group also matches with each other word of that group, so every wording of
the verb or noun matches every synonym built on it, not just the ones listed.
"""


def _equivalents(words: frozenset[str]) -> list[frozenset[str]]:
    """The word set with each word of an :data:`EQUIVALENT_WORDS` group swapped for the others."""
    found = []
    for word in words:
        for group in EQUIVALENT_WORDS:
            if word in group:
                found += [(words - {word}) | {other} for other in group - {word}]
    return found


def kind_words(kind: SheetKind) -> frozenset[str]:
    """The words a kind's sheets are named by ("practice", "meeting", "review", "LES").

    In a header they qualify rather than name a column: "Practice ODS", "Action owner",
    "LES sent" and "Course name" say which practice, action, scheme or course the column
    belongs to. On a sheet of that kind such a word costs nothing when a synonym leaves it
    unexplained, and weighs as little as a generic word when a synonym holds it, so the
    field named by the header's other words wins.
    """
    return frozenset().union(*(header_words(w) for w in (kind.name, *kind.name_words)))


def synonyms_for(kind: SheetKind, extra: dict[str, list[str]] | None = None) -> list[Synonym]:
    """All synonyms of a kind's fields (and their equivalent wordings), plus the mapping file's.

    The mapping file's synonyms are taken as written: an officer's wording is exact.
    """
    qualifiers = kind_words(kind)
    found = []
    for spec in kind.fields:
        for text in (spec.label, *spec.synonyms):
            words = header_words(text)
            for variant in (words, *_equivalents(words)):
                found.append(Synonym(spec.name, variant, spec.kind, spec.person, qualifiers))
    for field_name, texts in (extra or {}).items():
        if named := kind.by_name.get(field_name):
            found.extend(
                Synonym(field_name, header_words(text), named.kind, named.person, qualifiers)
                for text in texts
            )
    return list({s: None for s in found if s.words})


MARKER_WORDS = frozenset({PERSON, DEADLINE})
"""Words a trailing "by" became: the header's plainest statement of what it holds."""
HINT_PENALTY = 2.0
"""What a person header loses on a non-person field (and a date header on a non-date one)."""
SELF_EXPLAINED = frozenset({DATE_FORMAT})
"""Header words no synonym needs to explain (a date pattern says only "a date")."""


def _word_weight(word: str, qualifiers: frozenset[str]) -> float:
    if word in MARKER_WORDS:
        return 3.0
    return 1.0 if word in GENERIC_WORDS or word in qualifiers else 2.0


def _synonym_score(synonym: Synonym, words: frozenset[str], hint: str | None) -> float | None:
    if not synonym.words <= words:
        return None
    unexplained = words - synonym.words - synonym.qualifiers - SELF_EXPLAINED
    score = sum(_word_weight(w, synonym.qualifiers) for w in synonym.words)
    score -= 0.5 * len(unexplained)
    if hint == "person" and not synonym.person and not synonym.words & PERSON_WORDS:
        score -= HINT_PENALTY
    if hint == "date" and synonym.kind not in DATE_KINDS and not synonym.words & DATE_WORDS:
        score -= HINT_PENALTY
    if hint == "contact" and not synonym.words & CONTACT_WORDS:
        score -= HINT_PENALTY
    return score if score > 0 else None


def rank_header(header: str, synonyms: list[Synonym]) -> list[tuple[float, str]]:
    """Every field the header matches, with its best score, best first."""
    words = header_words(header)
    if not words:
        return []
    hint = header_hint(words)
    best: dict[str, float] = {}
    for synonym in synonyms:
        score = _synonym_score(synonym, words, hint)
        if score is not None and score > best.get(synonym.field, 0.0):
            best[synonym.field] = score
    return sorted(((score, name) for name, score in best.items()), reverse=True)


@dataclass
class HeaderMatch:
    """How one header row's columns map: fields, and headers that could be two fields."""

    columns: dict[int, str] = field(default_factory=dict)
    """0-based column index -> field."""
    ambiguous: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """0-based column index -> the fields it matches equally well (left unmapped)."""


def match_headers(
    headers: list[str], synonyms: list[Synonym], exact: dict[str, str] | None = None
) -> dict[int, str]:
    """Column index -> field; see :func:`match_headers_detail`."""
    return match_headers_detail(headers, synonyms, exact).columns


def match_headers_detail(
    headers: list[str], synonyms: list[Synonym], exact: dict[str, str] | None = None
) -> HeaderMatch:
    """Column index -> field, each field used once, best-scoring pairs first.

    ``exact`` maps a header text (as normalised by :func:`header_key`) straight to a field,
    or to "ignore" to leave the column out; the mapping file uses it so a user's choice
    always wins over guessing. A header whose two best fields score the same is never
    guessed: it is listed in ``ambiguous`` and left unmapped.
    """
    result = HeaderMatch()
    chosen = result.columns
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
        ranked = rank_header(header, synonyms)
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            top = ranked[0][0]
            result.ambiguous[index] = tuple(sorted(name for score, name in ranked if score == top))
        elif ranked:
            candidates.append((ranked[0][0], -index, index, ranked[0][1]))
    for _score, _order, index, field_name in sorted(candidates, reverse=True):
        if field_name not in taken:
            chosen[index] = field_name
            taken.add(field_name)
    result.columns = dict(sorted(chosen.items()))
    return result


def header_key(header: str) -> str:
    """A header as the mapping file names it: lower case, single spaces."""
    return " ".join(header.replace("\u00a0", " ").lower().split())
