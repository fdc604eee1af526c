"""The coded values sgtui knows, and the defaults seeded into a new database.

Codes are stored as short lower/upper-case strings; labels are what screens and
exports show. Rules that change with guidance (timescales, course validity, which
roles need which course) are seeded into tables so a team can edit them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# --- Boroughs ------------------------------------------------------------------------


@dataclass(frozen=True)
class BoroughInfo:
    code: str
    name: str
    scp: str
    sab: str
    csp: str


BOROUGHS: tuple[BoroughInfo, ...] = (
    BoroughInfo(
        "BEX",
        "Bexley",
        "Bexley Safeguarding Partnership",
        "Bexley Safeguarding Adults Board",
        "Bexley Community Safety Partnership",
    ),
    BoroughInfo(
        "BRO",
        "Bromley",
        "Bromley Safeguarding Children Partnership",
        "Bromley Safeguarding Adults Board",
        "Safer Bromley Partnership",
    ),
    BoroughInfo(
        "GRE",
        "Greenwich",
        "Royal Greenwich Safeguarding Children Partnership",
        "Royal Greenwich Safeguarding Adults Board",
        "Safer Greenwich Partnership",
    ),
    BoroughInfo(
        "LAM",
        "Lambeth",
        "Lambeth Safeguarding Children Partnership",
        "Lambeth Safeguarding Adults Board",
        "Safer Lambeth Partnership",
    ),
    BoroughInfo(
        "LEW",
        "Lewisham",
        "Lewisham Safeguarding Children Partnership",
        "Lewisham Safeguarding Adults Board",
        "Safer Lewisham Partnership",
    ),
    BoroughInfo(
        "SOU",
        "Southwark",
        "Southwark Safeguarding Children Partnership",
        "Southwark Safeguarding Adults Board",
        "Safer Southwark Partnership",
    ),
)

# --- Reviews -------------------------------------------------------------------------

REVIEW_TYPES: dict[str, tuple[str, str]] = {
    "RR": ("Rapid Review", "SCP"),
    "CSPR": ("Child Safeguarding Practice Review", "SCP"),
    "LCSPR": ("Local Child Safeguarding Practice Review", "SCP"),
    "DHR": ("Domestic Homicide Review / DARDR", "CSP"),
    "SAR": ("Safeguarding Adults Review", "SAB"),
    "OWHR": ("Offensive Weapons Homicide Review", "OWHR"),
    "OTHER": ("Other learning review", "SCP"),
}
"""code -> (label, commissioning body)."""

REVIEW_TYPE_SYNONYMS: dict[str, str] = {
    "rapid review": "RR",
    "rr": "RR",
    "sin": "RR",
    "cspr": "CSPR",
    "child safeguarding practice review": "CSPR",
    "national cspr": "CSPR",
    "lcspr": "LCSPR",
    "local child safeguarding practice review": "LCSPR",
    "local cspr": "LCSPR",
    "dhr": "DHR",
    "dardr": "DHR",
    "dhr/dardr": "DHR",
    "domestic homicide review": "DHR",
    "domestic abuse related death review": "DHR",
    "sar": "SAR",
    "safeguarding adults review": "SAR",
    "safeguarding adult review": "SAR",
    "owhr": "OWHR",
    "offensive weapons homicide review": "OWHR",
    "other": "OTHER",
    "other learning review": "OTHER",
    "learning review": "OTHER",
}


def _label_key(label: str) -> str:
    """A label as :func:`sgtui.services.reference.normalise` would compare it."""
    return " ".join(re.sub(r"[^\w\s]", " ", label.lower()).split())


# Every label sgtui itself writes (exports, screens) reads back as its code.
REVIEW_TYPE_SYNONYMS.update(
    {_label_key(label): code for code, (label, _body) in REVIEW_TYPES.items()}
)

COMMISSIONING_BODIES = {
    "SCP": "Safeguarding Children Partnership",
    "CSP": "Community Safety Partnership",
    "SAB": "Safeguarding Adults Board",
    "OWHR": "OWHR review partners",
}

REVIEW_STAGES: tuple[tuple[str, str], ...] = (
    ("notified", "Notified"),
    ("rapid_review", "Rapid Review / scoping"),
    ("decision", "Decision"),
    ("commissioned", "Commissioned / ToR"),
    ("information_gathering", "Information gathering"),
    ("panel", "Panel / practitioner events"),
    ("draft_report", "Draft report"),
    ("sign_off", "Sign-off"),
    ("awaiting_qa", "Awaiting QA"),
    ("published", "Published / embargoed"),
    ("action_plan", "Action plan monitoring"),
    ("closed", "Closed"),
    ("no_review", "No review (decision)"),
)
CLOSED_STAGES = {"closed", "no_review"}

SUBMISSION_KINDS: dict[str, str] = {
    "information": "Information / agency summary",
    "chronology": "Chronology",
    "imr": "IMR / agency report",
    "rr_return": "Rapid Review return",
    "panel_comments": "Panel / draft report comments",
    "other": "Other",
}
SUBMISSION_STATUSES = ("requested", "in_progress", "submitted", "not_required", "withdrawn")

RAG_VALUES = ("red", "amber", "green", "blue")
RECOMMENDATION_STATUSES = ("open", "complete", "not_applicable")

# The S-CRT fields a BSO copies into NHS England's tracker, as (label, Review attribute).
SCRT_FIELDS: tuple[tuple[str, str], ...] = (
    ("Local reference number", "ref"),
    ("StEIS number", "steis_ref"),
    ("Type of review", "review_type"),
    ("Status open/closed", "scrt_status"),
    ("Date added (referral)", "notified_on"),
    ("Date of incident", "incident_on"),
    ("Designated professional", "designated_professional"),
    ("Safeguarding Partnership/Board", "partnership_name"),
    ("Case information", "case_summary"),
    ("Abuse/vulnerability themes", "themes"),
    ("Report signed-off date", "signed_off_on"),
    ("Publication date", "published_on"),
    ("Publication link", "publication_url"),
    ("Stage reached", "stage"),
    ("Locality", "borough"),
    ("Recommendations", "recommendations"),
    ("Lessons learnt / good practice", "lessons_learnt"),
    ("Dissemination", "dissemination"),
)

# --- Timescale rules (seeded, editable) ---------------------------------------------


@dataclass(frozen=True)
class RuleSeed:
    review_type: str
    milestone: str
    anchor: str
    offset: int
    unit: str
    description: str
    basis: str


TIMESCALE_RULES: tuple[RuleSeed, ...] = (
    RuleSeed(
        "RR",
        "panel_notification",
        "incident_on",
        5,
        "working_days",
        "LA notifies the National Panel",
        "Working Together 2023: within 5 working days",
    ),
    RuleSeed(
        "RR",
        "information",
        "notified_on",
        5,
        "working_days",
        "Agency summary / information return due",
        "local practice (days 2-10)",
    ),
    RuleSeed(
        "RR",
        "chronology",
        "notified_on",
        8,
        "working_days",
        "Agency chronology due",
        "local practice (days 2-10)",
    ),
    RuleSeed(
        "RR",
        "rr_return",
        "notified_on",
        10,
        "working_days",
        "Rapid Review agency return due",
        "local practice",
    ),
    RuleSeed(
        "RR",
        "rr_complete",
        "notified_on",
        15,
        "working_days",
        "Rapid Review complete and sent to the Panel",
        "Working Together 2023: 15 working days",
    ),
    RuleSeed(
        "CSPR",
        "report_complete",
        "decision_on",
        6,
        "months",
        "Review report complete",
        "Working Together 2023: 6 months",
    ),
    RuleSeed(
        "LCSPR",
        "report_complete",
        "decision_on",
        6,
        "months",
        "Review report complete",
        "Working Together 2023: 6 months",
    ),
    RuleSeed(
        "LCSPR",
        "chronology",
        "commissioned_on",
        20,
        "working_days",
        "Agency chronology due",
        "local practice",
    ),
    RuleSeed(
        "LCSPR", "imr", "commissioned_on", 30, "working_days", "Agency report due", "local practice"
    ),
    RuleSeed(
        "DHR",
        "decision",
        "notified_on",
        1,
        "months",
        "CSP decides and tells the Home Office",
        "DHR guidance 2016 s5: 1 month",
    ),
    RuleSeed(
        "DHR",
        "report_complete",
        "decision_on",
        6,
        "months",
        "Review complete",
        "DHR guidance 2016 s5: 6 months",
    ),
    RuleSeed(
        "DHR",
        "chronology",
        "commissioned_on",
        20,
        "working_days",
        "Agency chronology due",
        "local practice",
    ),
    RuleSeed("DHR", "imr", "commissioned_on", 30, "working_days", "IMR due", "local practice"),
    RuleSeed(
        "SAR",
        "report_complete",
        "decision_on",
        6,
        "months",
        "SAR complete",
        "Care and support guidance ch.14: typically 6 months",
    ),
    RuleSeed(
        "SAR",
        "chronology",
        "commissioned_on",
        20,
        "working_days",
        "Agency chronology due",
        "local practice",
    ),
    RuleSeed(
        "SAR", "imr", "commissioned_on", 30, "working_days", "Agency report due", "local practice"
    ),
    RuleSeed(
        "OWHR",
        "decision",
        "notified_on",
        1,
        "months",
        "Partners decide whether the duty applies",
        "local practice",
    ),
    RuleSeed(
        "OWHR",
        "imr",
        "commissioned_on",
        30,
        "working_days",
        "Information return / IMR due",
        "local practice",
    ),
)
SUBMISSION_DEFAULT_DAYS = 10
"""Working days allowed for a request with no rule of its own."""

# --- Meetings ------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingTypeSeed:
    code: str
    name: str
    cadence_unit: str
    cadence_every: int
    usual_chair: str


MEETING_TYPES: tuple[MeetingTypeSeed, ...] = (
    MeetingTypeSeed(
        "SG_CLA_NETWORK", "Safeguarding & CLA Health Network", "weeks", 6, "Designated Nurse"
    ),
    MeetingTypeSeed(
        "SCP", "Safeguarding Children Partnership", "months", 2, "Safeguarding partners"
    ),
    MeetingTypeSeed(
        "SCP_CASE_REVIEW", "SCP Case Review Group", "months", 1, "Safeguarding partners"
    ),
    MeetingTypeSeed("SAB", "Safeguarding Adults Board", "months", 3, "Independent chair"),
    MeetingTypeSeed("SAB_SAR", "SAB SAR sub-group", "months", 2, "Independent chair"),
    MeetingTypeSeed("CORP_PARENTING", "Corporate Parenting Board", "months", 3, "Lead member"),
    MeetingTypeSeed("CSP", "Community Safety Partnership", "months", 3, "Local authority"),
    MeetingTypeSeed("GP_FORUM", "GP safeguarding forum", "months", 3, "Named GP"),
    MeetingTypeSeed("CHANNEL", "Channel Panel", "months", 1, "Local authority"),
    MeetingTypeSeed("CDOP", "Child Death Overview Panel", "months", 2, "CDR partners"),
    MeetingTypeSeed(
        "SUPERVISION", "Safeguarding supervision", "months", 3, "Designated professional"
    ),
    MeetingTypeSeed("REVIEW_PANEL", "Review panel", "none", 0, "Independent chair"),
    MeetingTypeSeed("OTHER", "Other meeting", "none", 0, ""),
)
MEETING_STATUS_LABELS: dict[str, str] = {
    "planned": "Planned",
    "held": "Held",
    "cancelled": "Cancelled",
}
MEETING_STATUSES = tuple(MEETING_STATUS_LABELS)
MINUTES_STATUSES = ("none", "draft", "circulated", "approved")
ATTENDANCE_STATUSES = ("invited", "present", "apologies", "deputy", "absent")
ACTION_STATUS_LABELS: dict[str, str] = {
    "open": "Open",
    "in_progress": "In progress",
    "complete": "Complete",
    "closed": "Closed",
    "carried_forward": "Carried forward",
}
ACTION_STATUSES = tuple(ACTION_STATUS_LABELS)
OPEN_ACTION_STATUSES = ("open", "in_progress", "carried_forward")
DONE_ACTION_STATUSES = tuple(s for s in ACTION_STATUSES if s not in OPEN_ACTION_STATUSES)
"""The statuses that mark an action done ("complete", "closed"): every other one is open."""

# --- GP LES --------------------------------------------------------------------------

LES_PIPELINE: tuple[tuple[str, str, str | None], ...] = (
    ("not_sent", "Not sent", None),
    ("contract_sent", "Contract sent", "contract_sent_on"),
    ("contract_signed", "Contract signed", "contract_signed_on"),
    ("return_requested", "Return requested", "return_requested_on"),
    ("return_received", "Return received", "return_received_on"),
    ("validated", "Validated", "validated_on"),
    ("named_gp_reviewed", "Reviewed by Named GP", "named_gp_reviewed_on"),
    ("payment_authorised", "Payment authorised", "payment_authorised_on"),
)
"""(status code, label, the LesReturn date column that marks the step)."""
LES_ANSWER_TYPES = ("yes_no", "number", "percent", "date", "text")
RETURN_RECEIVED_STATUSES = (
    "return_received",
    "validated",
    "named_gp_reviewed",
    "payment_authorised",
)

# --- Training ------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseSeed:
    code: str
    title: str
    level: int | None
    audience: str
    validity_months: int | None


COURSES: tuple[CourseSeed, ...] = (
    CourseSeed("SGA-L1", "Safeguarding Adults Level 1", 1, "adults", 36),
    CourseSeed("SGA-L2", "Safeguarding Adults Level 2", 2, "adults", 36),
    CourseSeed("SGA-L3", "Safeguarding Adults Level 3", 3, "adults", 36),
    CourseSeed("SGC-L1", "Safeguarding Children Level 1", 1, "children", 36),
    CourseSeed("SGC-L2", "Safeguarding Children Level 2", 2, "children", 36),
    CourseSeed("SGC-L3", "Safeguarding Children Level 3", 3, "children", 36),
    CourseSeed("PREVENT-BASIC", "Basic Prevent Awareness", 1, "both", 36),
    CourseSeed("PREVENT-L3", "Prevent Level 3 (WRAP)", 3, "both", 36),
    CourseSeed("MCA", "Mental Capacity Act", 2, "adults", 36),
    CourseSeed("DOLS", "Deprivation of Liberty Safeguards", 2, "adults", 36),
    CourseSeed("DA", "Domestic Abuse Awareness", 2, "both", 36),
)

ROLES: tuple[str, ...] = (
    "Named GP",
    "Designated Nurse",
    "Designated Doctor",
    "CLA Designate",
    "BSO",
    "Practice safeguarding lead",
    "GP",
    "Practice nurse",
    "Healthcare assistant",
    "Practice manager",
    "Administrator",
    "Receptionist",
)

ROLE_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "Named GP": ("SGA-L3", "SGC-L3", "PREVENT-L3", "MCA"),
    "Designated Nurse": ("SGA-L3", "SGC-L3", "PREVENT-L3", "MCA"),
    "Designated Doctor": ("SGA-L3", "SGC-L3", "PREVENT-L3", "MCA"),
    "CLA Designate": ("SGA-L3", "SGC-L3", "PREVENT-L3"),
    "BSO": ("SGA-L1", "SGC-L1", "PREVENT-BASIC"),
    "Practice safeguarding lead": ("SGA-L3", "SGC-L3", "PREVENT-L3", "MCA"),
    "GP": ("SGA-L3", "SGC-L3", "PREVENT-L3", "MCA"),
    "Practice nurse": ("SGA-L3", "SGC-L3", "PREVENT-L3", "MCA"),
    "Healthcare assistant": ("SGA-L2", "SGC-L2", "PREVENT-BASIC"),
    "Practice manager": ("SGA-L2", "SGC-L2", "PREVENT-BASIC"),
    "Administrator": ("SGA-L1", "SGC-L1", "PREVENT-BASIC"),
    "Receptionist": ("SGA-L1", "SGC-L2", "PREVENT-BASIC"),
}

# --- Values that matched no catalogue entry ----------------------------------------

UNMAPPED = "unmapped"
"""The code stored for a value that matched no catalogue entry, as "unmapped:<its words>".

The words make the code distinct per value, so two different unmapped request kinds on
one review stay two submissions under the (review, kind, agency) key. The text as
written is kept beside the code, in the record's ``<column>_text``.
"""
UNMAPPED_SUFFIX = " (unmapped)"


def unmapped_code(text: str) -> str:
    """The stored code for ``text``: "unmapped:" + its words in lower case."""
    words = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    return f"{UNMAPPED}:{words[:80]}"


def is_unmapped(code: str | None) -> bool:
    """True for a code stored for a value that matched nothing ("unmapped" or "unmapped:…")."""
    return bool(code) and (code == UNMAPPED or code.startswith(UNMAPPED + ":"))  # type: ignore[union-attr]


def code_words(code: str) -> str:
    """A code in words ("not_applicable" -> "Not applicable"): a code's label when its
    catalogue gives none, so pickers, lists and exports word it alike."""
    return code.replace("_", " ").capitalize()


def coded_label(code: str | None, text: str | None, labels: dict[str, str]) -> str:
    """What a screen or export shows for a coded value.

    A catalogue code shows its label; an unmapped one its text as written plus
    " (unmapped)" ("Awaiting tea (unmapped)"); anything else (an older code) as it is.
    """
    if not code:
        return ""
    if is_unmapped(code):
        raw = text or code.partition(":")[2] or code
        return raw + UNMAPPED_SUFFIX
    return labels.get(code, code)


def coded_value(record: object, attr: str, labels: dict[str, str]) -> str:
    """:func:`coded_label` for ``record.<attr>`` and its ``<attr>_text``."""
    return coded_label(getattr(record, attr, None), getattr(record, f"{attr}_text", None), labels)


STAGE_LABELS: dict[str, str] = dict(REVIEW_STAGES)
RECOMMENDATION_STATUS_LABELS: dict[str, str] = {
    code: code_words(code) for code in RECOMMENDATION_STATUSES
}
"""As the form's picker words them ("Not applicable")."""
RAG_LABELS: dict[str, str] = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Blue (complete)",
}


CODED_TEXT: dict[str, tuple[str, ...]] = {
    "review": ("stage",),
    "meeting": ("status",),
    "action": ("status",),
    "submission": ("kind",),
    "recommendation": ("rag",),
}
"""Table -> its coded columns that keep an unmapped value's text in ``<column>_text``."""


def settle_coded(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with each ``<column>_text`` cleared where the column gets a catalogue code.

    An officer who picks "Panel" for a review imported as "Awaiting tea" has mapped it:
    the old text must not linger beside the new code.
    """
    settled = dict(values)
    for column in CODED_TEXT.get(table, ()):
        code = settled.get(column)
        if isinstance(code, str) and code and not is_unmapped(code):
            settled[f"{column}_text"] = None
    return settled


def choices_with(
    pairs: tuple[tuple[str, str], ...], code: str | None, text: str | None
) -> tuple[tuple[str, str], ...]:
    """A form's (label, code) choices, plus the record's own unmapped value if it has one.

    So a review imported with the stage "Awaiting tea" opens in its edit form showing
    that value (and saving it unchanged keeps it) instead of failing.
    """
    if code and is_unmapped(code) and all(c != code for _label, c in pairs):
        return (*pairs, (coded_label(code, text, {}), code))
    return pairs
