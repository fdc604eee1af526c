"""The field registry: every editable field of every kind of record, described once.

A field's entry says what the officer sees (label, help), what it holds (type,
catalogue, the column it writes) and how it is checked (required, length, order
against another date). Forms (:mod:`sgtui.tui.modals.registry_form`), ``sgtui set`` and
``sgtui fields`` are built from these entries, and :mod:`sgtui.services.editing` applies
them, so a field added here (plus its migration) is editable everywhere at once.

A field's ``name`` is the key ``sgtui show --json`` prints for it; it is the column
name, except where the column holds an id ("borough" for ``borough_id``, "owner" for
``owner_person_id``), where the name is the thing an officer types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import SQLModel

from sgtui.services.validation import MAX_SHORT_TEXT, MAX_TEXT
from sgtui.store.models import (
    Action,
    Attendance,
    LesCriterion,
    LesReturn,
    LesScheme,
    Meeting,
    Person,
    Practice,
    Recommendation,
    Review,
    Submission,
    TrainingRecord,
)


class FieldType(StrEnum):
    """What a field holds, which decides how its text is read and which editor it gets."""

    TEXT = "text"
    LONG_TEXT = "long text"
    DATE = "date"
    STEP = "yes or date"
    """A dated step: a date, or "yes" for done on a date never recorded."""
    TIME = "time"
    CHOICE = "choice"
    NUMBER = "number"
    WHOLE_NUMBER = "whole number"
    PERCENT = "percentage"
    FLAG = "yes or no"
    PERSON = "person"
    PRACTICE = "practice"
    REFERENCE = "reference"
    """Another record, by its reference (a meeting's or a review's)."""


@dataclass(frozen=True)
class FieldDef:
    """One editable field of one kind of record."""

    name: str
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = False
    help: str = ""
    catalogue: str = ""
    """For a choice: the catalogue its values come from (see :mod:`sgtui.services.field_values`)."""
    column: str = ""
    """The column written; defaults to ``name``. For a person, the column keeping the name."""
    id_column: str = ""
    """The column holding the id of the person, practice or record chosen."""
    max_length: int | None = None
    not_before: str = ""
    """Another date field of the same record that this one may not precede."""
    minimum: float | None = None
    maximum: float | None = None
    privacy: str = ""
    """"subject" (a pseudonym only) or "free_text" (no NHS numbers): asked before saving."""
    on_create_only: bool = False
    """Part of the record's identity (an ODS code, a reference): given once, when added."""
    refers_to: str = ""
    """For a reference: the kind of record it names ("meeting", "review")."""

    @property
    def written(self) -> str:
        """The column this field's value is stored in."""
        return self.column or self.name


@dataclass(frozen=True)
class KindDef:
    """A kind of record: its table, how officers name it, and its editable fields."""

    name: str
    label: str
    model: type[SQLModel]
    fields: tuple[FieldDef, ...]
    parent: str = ""
    """The kind this one belongs to ("review" for a submission): given when adding one."""
    parent_column: str = ""
    deletable: bool = True

    def field(self, name: str) -> FieldDef:
        """The field called ``name`` (or labelled so, case-insensitively); KeyError if none."""
        wanted = name.strip().lower()
        for spec in self.fields:
            if wanted in (spec.name, spec.label.lower()):
                return spec
        raise KeyError(name)


def _text(name: str, label: str, **extra: object) -> FieldDef:
    return FieldDef(name, label, FieldType.TEXT, max_length=MAX_SHORT_TEXT, **extra)  # type: ignore[arg-type]


def _long(name: str, label: str, **extra: object) -> FieldDef:
    return FieldDef(
        name,
        label,
        FieldType.LONG_TEXT,
        max_length=MAX_TEXT,
        privacy="free_text",
        **extra,  # type: ignore[arg-type]
    )


def _date(name: str, label: str, **extra: object) -> FieldDef:
    return FieldDef(name, label, FieldType.DATE, **extra)  # type: ignore[arg-type]


def _step(name: str, label: str, **extra: object) -> FieldDef:
    return FieldDef(name, label, FieldType.STEP, **extra)  # type: ignore[arg-type]


def _choice(name: str, label: str, catalogue: str, **extra: object) -> FieldDef:
    return FieldDef(name, label, FieldType.CHOICE, catalogue=catalogue, **extra)  # type: ignore[arg-type]


def _person(name: str, label: str, **extra: object) -> FieldDef:
    return FieldDef(name, label, FieldType.PERSON, max_length=MAX_SHORT_TEXT, **extra)  # type: ignore[arg-type]


BOROUGH = _choice("borough", "Borough", "boroughs", id_column="borough_id")
STEP_HELP = "A date, or yes for done on a date not recorded; blank for not done"

REVIEW = KindDef(
    "review",
    "Review",
    Review,
    (
        _text("ref", "Reference", required=True, on_create_only=True, help="e.g. LAM-RR-2025-03"),
        _choice("review_type", "Type", "review_types", required=True),
        BOROUGH,
        _text(
            "subject",
            "Subject (pseudonym or initials only)",
            privacy="subject",
            help="Pseudonym or initials only (e.g. 'Child P', 'Adult B'): never a real name",
        ),
        _text("age_band", "Age band"),
        _choice("stage", "Stage", "review_stages", required=True),
        _date("incident_on", "Incident on"),
        _date("notified_on", "Notified on"),
        _date("decision_on", "Decision on", not_before="notified_on"),
        _text("decision", "Decision", help="What the partners decided (e.g. local CSPR)"),
        _date("commissioned_on", "Commissioned on", not_before="notified_on"),
        _date("signed_off_on", "Report signed off on", not_before="notified_on"),
        _step("published_on", "Published on", not_before="notified_on", help=STEP_HELP),
        _text("publication_url", "Publication link"),
        _date("closed_on", "Closed on", not_before="notified_on"),
        _step("scrt_entered_on", "Entered on S-CRT", help=STEP_HELP),
        _date("scrt_updated_on", "S-CRT last updated on"),
        _text("steis_ref", "StEIS number"),
        _text("scrt_ref", "S-CRT reference"),
        _person("designated_professional", "Designated professional"),
        _text("independent_author", "Independent chair or author"),
        _long("case_summary", "Case information"),
        FieldDef(
            "themes",
            "Abuse/vulnerability themes",
            FieldType.TEXT,
            max_length=MAX_TEXT,
            help="Separate themes with ; (e.g. neglect; domestic abuse)",
        ),
        _long("lessons_learnt", "Lessons learnt / good practice"),
        _long("dissemination", "Dissemination"),
    ),
    deletable=False,
)

SUBMISSION = KindDef(
    "submission",
    "Submission",
    Submission,
    (
        _choice("kind", "Request", "submission_kinds", required=True),
        _text("agency", "Agency", help="ICB unless the request is for another agency"),
        _date("requested_on", "Requested on"),
        _date(
            "due_on",
            "Due",
            not_before="requested_on",
            help="Leave blank for the date the rules give",
        ),
        _step("submitted_on", "Submitted on", not_before="requested_on", help=STEP_HELP),
        _person("submitted_by", "Submitted by"),
        _date(
            "quality_checked_on",
            "Received / quality-checked on",
            not_before="requested_on",
            help="When the partnership confirmed it received the submission",
        ),
        _choice("status", "Status", "submission_statuses"),
        _long("notes", "Notes"),
    ),
    parent="review",
    parent_column="review_id",
)

RECOMMENDATION = KindDef(
    "recommendation",
    "Recommendation",
    Recommendation,
    (
        _text("number", "Number", required=True, on_create_only=True, help="e.g. 1, 2a"),
        FieldDef(
            "text",
            "Recommendation",
            FieldType.LONG_TEXT,
            required=True,
            max_length=MAX_TEXT,
            privacy="free_text",
        ),  # fmt: skip
        _long("health_action", "Health action", help="What the ICB will do"),
        _person("lead", "Lead"),
        _date("target_on", "Target date"),
        _choice("rag", "RAG", "rag"),
        _choice("status", "Status", "recommendation_statuses"),
        _step("completed_on", "Completed on", help=STEP_HELP),
    ),
    parent="review",
    parent_column="review_id",
)

MEETING = KindDef(
    "meeting",
    "Meeting",
    Meeting,
    (
        _text("title", "Title", required=True),
        _choice("meeting_type", "Type", "meeting_types", id_column="meeting_type_id"),
        BOROUGH,
        _date("meeting_date", "Date", required=True),
        FieldDef("start_time", "Start", FieldType.TIME, help="hh:mm, e.g. 14:30"),
        FieldDef("end_time", "End", FieldType.TIME, help="hh:mm"),
        _text("location", "Location or Teams"),
        FieldDef("virtual", "Virtual", FieldType.FLAG),
        _person("chair", "Chair"),
        _person("minute_taker", "Minute taker"),
        FieldDef(
            "review",
            "Review",
            FieldType.REFERENCE,
            id_column="review_id",
            refers_to="review",
            help="The review this meeting is for, by reference",
        ),
        _choice("status", "Status", "meeting_statuses", required=True),
        _date("papers_circulated_on", "Papers circulated on"),
        _choice("minutes_status", "Minutes", "minutes_statuses", required=True),
        _date("minutes_drafted_on", "Minutes drafted on"),
        _step("minutes_circulated_on", "Minutes circulated on", help=STEP_HELP),
        _date("minutes_approved_on", "Minutes approved on"),
    ),
)

ATTENDANCE = KindDef(
    "attendance",
    "Attendee",
    Attendance,
    (
        FieldDef(
            "person",
            "Person",
            FieldType.PERSON,
            required=True,
            id_column="person_id",
            on_create_only=True,
            help="Name or e-mail",
        ),
        _choice("status", "Attendance", "attendance_statuses", required=True),
    ),
    parent="meeting",
    parent_column="meeting_id",
)

ACTION = KindDef(
    "action",
    "Action",
    Action,
    (
        FieldDef(
            "text",
            "Action",
            FieldType.LONG_TEXT,
            required=True,
            max_length=MAX_TEXT,
            privacy="free_text",
        ),  # fmt: skip
        _person("owner", "Owner", column="owner", id_column="owner_person_id"),
        _date("raised_on", "Raised on"),
        _date("due_on", "Due", not_before="raised_on"),
        _choice("status", "Status", "action_statuses", required=True),
        _step("completed_on", "Completed on", help=STEP_HELP),
        FieldDef(
            "meeting",
            "Meeting",
            FieldType.REFERENCE,
            id_column="meeting_id",
            refers_to="meeting",
            help="The meeting it came from, by reference",
        ),
        FieldDef(
            "review",
            "Review",
            FieldType.REFERENCE,
            id_column="review_id",
            refers_to="review",
            help="The review it belongs to, by reference",
        ),
        FieldDef(
            "practice",
            "Practice",
            FieldType.PRACTICE,
            id_column="practice_id",
            help="ODS code, e.g. G83004",
        ),
    ),
)

LES_RETURN = KindDef(
    "les_return",
    "LES return",
    LesReturn,
    (
        _step("contract_sent_on", "Contract sent", help=STEP_HELP),
        _step(
            "contract_signed_on", "Contract signed", not_before="contract_sent_on", help=STEP_HELP
        ),
        _step("return_requested_on", "Return requested", help=STEP_HELP),
        _step("return_received_on", "Return received", help=STEP_HELP),
        _step("validated_on", "Validated", not_before="return_received_on", help=STEP_HELP),
        _step(
            "named_gp_reviewed_on",
            "Reviewed by Named GP",
            not_before="return_received_on",
            help=STEP_HELP,
        ),
        _step(
            "payment_authorised_on",
            "Payment authorised",
            not_before="return_received_on",
            help=STEP_HELP,
        ),
        FieldDef("chase_count", "Times chased", FieldType.WHOLE_NUMBER, minimum=0),
        _date("last_chased_on", "Last chased on"),
    ),
    deletable=False,
)

LES_SCHEME = KindDef(
    "les_scheme",
    "LES scheme year",
    LesScheme,
    (
        _text("year", "Scheme year", required=True, on_create_only=True, help="e.g. 2025/26"),
        _text("scheme_version", "Scheme version"),
        _date("contract_issue_on", "Contracts issued on"),
        _date("return_due_on", "Returns due on"),
        _text("payment_basis", "Payment basis"),
    ),
    deletable=False,
)

LES_CRITERION = KindDef(
    "les_criterion",
    "LES criterion",
    LesCriterion,
    (
        _text("code", "Code", required=True, on_create_only=True, help="e.g. C08"),
        FieldDef("question", "Question", FieldType.LONG_TEXT, required=True, max_length=MAX_TEXT),
        _choice("answer_type", "Answer type", "answer_types", required=True),
        FieldDef(
            "threshold",
            "Meets at or above",
            FieldType.NUMBER,
            help="For a number or percentage answer",
        ),
        FieldDef("position", "Order", FieldType.WHOLE_NUMBER, minimum=0),
    ),
    parent="les_scheme",
    parent_column="scheme_id",
)

PRACTICE = KindDef(
    "practice",
    "Practice",
    Practice,
    (
        _text("ods_code", "ODS code", required=True, on_create_only=True, help="e.g. G83004"),
        _text("name", "Name", required=True),
        BOROUGH,
        _text("pcn", "PCN"),
        _text("address", "Address"),
        _text("postcode", "Postcode"),
        FieldDef("list_size", "List size", FieldType.WHOLE_NUMBER, minimum=0),
        _person("safeguarding_lead", "Safeguarding lead"),
        _person("practice_manager", "Practice manager"),
        _text("email", "E-mail"),
        FieldDef("active", "Open", FieldType.FLAG, help="No for a practice that has closed"),
    ),
    deletable=False,
)

PERSON = KindDef(
    "person",
    "Person",
    Person,
    (
        _text("name", "Name", required=True),
        _choice("role", "Role", "roles", help="A role from the list, or type a new one"),
        _text("organisation", "Organisation"),
        FieldDef(
            "practice", "Practice", FieldType.PRACTICE, id_column="practice_id", help="ODS code"
        ),
        BOROUGH,
        _text("email", "E-mail"),
        FieldDef("active", "Active", FieldType.FLAG),
    ),
)

TRAINING = KindDef(
    "training",
    "Training record",
    TrainingRecord,
    (
        _choice("course", "Course", "courses", required=True, id_column="course_id"),
        _date("completed_on", "Completed on", required=True),
        _date(
            "expires_on",
            "Expires on",
            not_before="completed_on",
            help="Leave blank for the course's validity",
        ),
        FieldDef("hours", "Hours", FieldType.NUMBER, minimum=0, maximum=200),
        _text("provider", "Provider"),
    ),
    parent="person",
    parent_column="person_id",
)

KINDS: dict[str, KindDef] = {
    k.name: k
    for k in (
        REVIEW,
        SUBMISSION,
        RECOMMENDATION,
        MEETING,
        ATTENDANCE,
        ACTION,
        LES_RETURN,
        LES_SCHEME,
        LES_CRITERION,
        PRACTICE,
        PERSON,
        TRAINING,
    )
}
"""Every kind of record an officer edits, by the name ``sgtui fields`` takes."""

ALIASES: dict[str, str] = {
    "les": "les_return",
    "lesreturn": "les_return",
    "return": "les_return",
    "scheme": "les_scheme",
    "lesscheme": "les_scheme",
    "criterion": "les_criterion",
    "lescriterion": "les_criterion",
    "trainingrecord": "training",
    "attendee": "attendance",
}
"""Other names for a kind: the table names the history uses, and shorter ones."""


def kind_of(name: str) -> KindDef:
    """The kind called ``name`` (or one of its other names); KeyError with the choices."""
    key = name.strip().lower().replace("-", "_")
    key = ALIASES.get(key, key)
    if key not in KINDS:
        raise KeyError(f"no kind of record {name!r}: use one of {', '.join(KINDS)}")
    return KINDS[key]


def kind_for_model(model: type[SQLModel]) -> KindDef:
    """The kind whose table is ``model``."""
    for kind in KINDS.values():
        if kind.model is model:
            return kind
    raise KeyError(model.__name__)


def label(kind: str, name: str) -> str:
    """The label officers see for a field (exports and screens use it for headers)."""
    return kind_of(kind).field(name).label
