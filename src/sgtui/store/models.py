"""The SQLModel tables: the only place they are defined.

The model covers the whole legacy workbook. Each table has a surrogate ``id`` and a
*natural key* (unique constraint) so that imports can upsert idempotently:
re-importing a workbook finds the same rows by the keys the workbook itself uses
(ODS code, meeting ID, review reference, ...).

Coded values (review type, status, ...) are plain strings checked by the services
against the catalogues in :mod:`sgtui.services.catalogues`, so the catalogues can grow
without a schema change and the same schema works on SQLite and PostgreSQL.

Dates with no time of day are ``date``; timestamps are timezone-aware UTC
(:class:`~sgtui.store.types.UTCDateTime`), shown in Europe/London.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Index, Table, UniqueConstraint
from sqlmodel import Field, SQLModel

from sgtui.store.types import UTCDateTime, utcnow


class Tracked(SQLModel):
    """Columns every record table carries: stamps, a version for conflict checks, a source."""

    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)
    """Bumped on every update; a save that expected an older version is a conflict."""
    source: str | None = None
    """Where the record came from: "manual", "demo", or "file.xlsx!Sheet:row"."""


def table_of(model: type[SQLModel] | SQLModel) -> Table:
    """A table class's (or its record's) SQLAlchemy table: SQLModel sets ``__table__`` on
    each table class without declaring it, so this is the one place it is read untyped."""
    table: Table = model.__table__  # type: ignore[union-attr]
    return table


# --- Reference -----------------------------------------------------------------------


class Borough(Tracked, table=True):
    """One of the six SE London boroughs, with its partnership bodies."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str = Field(unique=True)
    local_authority: str | None = None
    scp_name: str | None = None
    sab_name: str | None = None
    csp_name: str | None = None
    named_gp: str | None = None


class Practice(Tracked, table=True):
    """A GP practice, keyed by its ODS code."""

    id: int | None = Field(default=None, primary_key=True)
    ods_code: str = Field(unique=True)
    name: str = Field(index=True)
    borough_id: int | None = Field(default=None, foreign_key="borough.id", index=True)
    postcode: str | None = None
    address: str | None = None
    pcn: str | None = None
    list_size: int | None = None
    safeguarding_lead: str | None = None
    practice_manager: str | None = None
    email: str | None = None
    active: bool = True


class Person(Tracked, table=True):
    """Someone the team works with or trains: staff, practice leads, designates.

    Natural key ``key``: the lower-cased e-mail when known, else "name|organisation"
    normalised, so the same person imported twice is found again.
    """

    __table_args__ = (Index("ix_person_borough_name", "borough_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str = Field(index=True)
    role: str | None = Field(default=None, index=True)
    organisation: str | None = None
    practice_id: int | None = Field(default=None, foreign_key="practice.id", index=True)
    borough_id: int | None = Field(default=None, foreign_key="borough.id", index=True)
    email: str | None = None
    active: bool = True


# --- Meetings ------------------------------------------------------------------------


class MeetingType(Tracked, table=True):
    """Catalogue of meeting types with their usual cadence (e.g. six-weekly network)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    cadence_unit: str = "none"
    """"weeks", "months" or "none" (ad hoc)."""
    cadence_every: int = 0
    usual_chair: str | None = None


class MeetingSeries(Tracked, table=True):
    """A recurring meeting (e.g. Lambeth's six-weekly network) that generates dates."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    title: str
    meeting_type_id: int = Field(foreign_key="meetingtype.id")
    borough_id: int | None = Field(default=None, foreign_key="borough.id")
    cadence_unit: str = "weeks"
    cadence_every: int = 6
    first_date: date
    until_date: date | None = None
    start_time: time | None = None
    location: str | None = None
    chair: str | None = None


class Meeting(Tracked, table=True):
    """One meeting. Natural key ``ref``: the workbook's meeting ID, else type-borough-date."""

    __table_args__ = (Index("ix_meeting_date_borough", "meeting_date", "borough_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True)
    title: str
    meeting_type_id: int | None = Field(default=None, foreign_key="meetingtype.id", index=True)
    series_id: int | None = Field(default=None, foreign_key="meetingseries.id", index=True)
    borough_id: int | None = Field(default=None, foreign_key="borough.id", index=True)
    review_id: int | None = Field(default=None, foreign_key="review.id", index=True)
    meeting_date: date = Field(index=True)
    start_time: time | None = None
    end_time: time | None = None
    location: str | None = None
    virtual: bool = False
    chair: str | None = None
    minute_taker: str | None = None
    status: str = Field(default="planned", index=True)
    """planned, held or cancelled."""
    status_text: str | None = None
    """The status as written when it matched no catalogue entry (status is then "unmapped:…")."""
    papers_circulated_on: date | None = None
    minutes_status: str = "none"
    """none, draft, circulated or approved."""
    minutes_drafted_on: date | None = None
    minutes_circulated_on: date | None = None
    minutes_circulated_undated: bool = False
    """Done, but the date was never recorded (a legacy bare "Y"): see services.undated."""
    minutes_approved_on: date | None = None


class Attendance(Tracked, table=True):
    """Who was invited to a meeting and whether they came."""

    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True)
    status: str = "invited"
    """invited, present, apologies, deputy or absent."""


class Action(Tracked, table=True):
    """An action from a meeting or a review. Natural key ``ref``."""

    __table_args__ = (Index("ix_action_status_due", "status", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    review_id: int | None = Field(default=None, foreign_key="review.id", index=True)
    practice_id: int | None = Field(default=None, foreign_key="practice.id", index=True)
    owner_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    text: str
    owner: str | None = None
    raised_on: date | None = None
    due_on: date | None = Field(default=None, index=True)
    status: str = "open"
    """open, in_progress, complete, closed or carried_forward."""
    completed_on: date | None = None
    completed_undated: bool = False
    """Done, but the date was never recorded (a legacy bare "Y"): see services.undated."""
    status_text: str | None = None
    """The status as written when it matched no catalogue entry."""


# --- Statutory reviews ---------------------------------------------------------------


class Review(Tracked, table=True):
    """A statutory review (RR, CSPR, DHR/DARDR, SAR, OWHR ...). Natural key ``ref``.

    The subject is a pseudonym or initials only: never a real name.
    """

    __table_args__ = (Index("ix_review_type_stage", "review_type", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True)
    review_type: str
    commissioning_body: str
    """SCP, CSP, SAB or OWHR partners; follows from the type."""
    borough_id: int | None = Field(default=None, foreign_key="borough.id", index=True)
    subject: str | None = None
    """Pseudonym or initials only."""
    age_band: str | None = None
    incident_on: date | None = None
    notified_on: date | None = None
    decision_on: date | None = None
    decision: str | None = None
    commissioned_on: date | None = None
    signed_off_on: date | None = None
    published_on: date | None = None
    published_undated: bool = False
    """Done, but the date was never recorded (a legacy bare "Y"): see services.undated."""
    publication_url: str | None = None
    closed_on: date | None = None
    stage: str = "notified"
    stage_text: str | None = None
    """The stage as written when it matched no catalogue entry (stage is then "unmapped:…")."""
    scrt_entered_on: date | None = None
    scrt_entered_undated: bool = False
    """Entered on S-CRT, but the date was never recorded (a legacy workbook's bare "Y")."""
    scrt_updated_on: date | None = None
    steis_ref: str | None = None
    scrt_ref: str | None = None
    designated_professional: str | None = None
    independent_author: str | None = None
    case_summary: str | None = None
    lessons_learnt: str | None = None
    dissemination: str | None = None
    converted_from_id: int | None = Field(default=None, foreign_key="review.id")
    former_type: str | None = None
    """The type before a conversion (an RR that became a CSPR): the record, its history and
    its old deadlines stay; the old reference is a :class:`ReviewAlias`."""


class ReviewAlias(Tracked, table=True):
    """A former reference of a review (its RR reference once it became a CSPR).

    Still found wherever a reference is typed: partners' letters and the old workbook
    keep quoting it.
    """

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    ref: str = Field(unique=True)


class ReviewTheme(Tracked, table=True):
    """A learning theme tag on a review (S-CRT themes 1-3 and local tags)."""

    __table_args__ = (UniqueConstraint("review_id", "theme"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    theme: str = Field(index=True)


class Submission(Tracked, table=True):
    """A request to the ICB/health for a review: chronology, IMR, information, ...

    Natural key (review, kind, agency).
    """

    __table_args__ = (
        UniqueConstraint("review_id", "kind", "agency"),
        Index("ix_submission_open_due", "submitted_on", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    kind: str
    """information, chronology, imr, rr_return, panel_comments or other."""
    kind_text: str | None = None
    """The kind as written when it matched no catalogue entry.

    The kind is then "unmapped:<its words>", so two different unmapped kinds on one review
    stay two submissions under the (review, kind, agency) key.
    """
    agency: str = "ICB"
    requested_on: date | None = None
    due_on: date | None = Field(default=None, index=True)
    submitted_on: date | None = None
    submitted_undated: bool = False
    """Done, but the date was never recorded (a legacy bare "Y"): see services.undated."""
    submitted_by: str | None = None
    quality_checked_on: date | None = None
    """When the partnership confirmed it received (and quality-checked) the submission."""
    notes: str | None = None
    status: str = "requested"
    """requested, in_progress, submitted, not_required or withdrawn."""


class Recommendation(Tracked, table=True):
    """A review recommendation and its health action. Natural key (review, number)."""

    __table_args__ = (UniqueConstraint("review_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    number: str
    text: str
    health_action: str | None = None
    lead: str | None = None
    target_on: date | None = Field(default=None, index=True)
    rag: str | None = None
    """red, amber, green or blue (complete)."""
    rag_text: str | None = None
    """The RAG rating as written when it matched no catalogue entry."""
    status: str = "open"
    """open, complete or not_applicable."""
    completed_on: date | None = None
    completed_undated: bool = False
    """Done, but the date was never recorded (a legacy bare "Y"): see services.undated."""


class TimescaleRule(Tracked, table=True):
    """An editable statutory deadline rule (e.g. RR complete 15 working days after notification)."""

    __table_args__ = (UniqueConstraint("review_type", "milestone"),)

    id: int | None = Field(default=None, primary_key=True)
    review_type: str
    milestone: str
    """What falls due: a stage ("rr_complete") or a submission kind ("chronology")."""
    anchor: str
    """The review date counted from: notified_on, decision_on, commissioned_on, requested_on."""
    offset: int
    unit: str
    """working_days, calendar_days or months."""
    description: str
    basis: str | None = None
    """The statutory source or "local practice"."""


# --- GP Local Enhanced Service -------------------------------------------------------


class LesScheme(Tracked, table=True):
    """A scheme year of the GP safeguarding LES, e.g. "2024/25"."""

    id: int | None = Field(default=None, primary_key=True)
    year: str = Field(unique=True)
    scheme_version: str | None = None
    return_due_on: date | None = None
    contract_issue_on: date | None = None
    payment_basis: str | None = None


class LesCriterion(Tracked, table=True):
    """One question in a scheme year's return. Natural key (scheme, code)."""

    __table_args__ = (UniqueConstraint("scheme_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="lesscheme.id", index=True, ondelete="CASCADE")
    code: str
    question: str
    answer_type: str = "yes_no"
    """yes_no, number, percent, date or text."""
    threshold: float | None = None
    """For number/percent answers: the value at or above which the criterion is met."""
    position: int = 0


class LesReturn(Tracked, table=True):
    """One practice's return for one scheme year, with the date of each pipeline step."""

    __table_args__ = (UniqueConstraint("scheme_id", "practice_id"),)

    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="lesscheme.id", index=True, ondelete="CASCADE")
    practice_id: int = Field(foreign_key="practice.id", index=True)
    status: str = Field(default="not_sent", index=True)
    """The furthest step reached; derived from the step dates by the services."""
    contract_sent_on: date | None = None
    contract_sent_undated: bool = False
    contract_signed_on: date | None = None
    contract_signed_undated: bool = False
    return_requested_on: date | None = None
    return_requested_undated: bool = False
    return_received_on: date | None = None
    return_received_undated: bool = False
    validated_on: date | None = None
    validated_undated: bool = False
    named_gp_reviewed_on: date | None = None
    named_gp_reviewed_undated: bool = False
    """Reviewed by the Named GP on a date never recorded (a legacy bare "Y")."""
    payment_authorised_on: date | None = None
    payment_authorised_undated: bool = False
    """Payment authorised on a date never recorded (a legacy bare "Y")."""
    chase_count: int = 0
    last_chased_on: date | None = None


class LesChase(Tracked, table=True):
    """One chase of a practice for its return: the Named GP's Outstanding list shows each date."""

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="lesreturn.id", index=True, ondelete="CASCADE")
    chased_on: date
    method: str | None = None
    """e.g. "e-mail", "phone"; optional."""


class LesAnswer(Tracked, table=True):
    """A return's answer to one criterion, stored as text and read by the criterion's type."""

    __table_args__ = (UniqueConstraint("return_id", "criterion_id"),)

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="lesreturn.id", index=True, ondelete="CASCADE")
    criterion_id: int = Field(foreign_key="lescriterion.id", index=True, ondelete="CASCADE")
    value: str | None = None
    evidence_note: str | None = None


# --- Training ------------------------------------------------------------------------


class Course(Tracked, table=True):
    """A course in the training catalogue, with how long a completion stays in date."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    title: str = Field(unique=True)
    level: int | None = None
    audience: str = "both"
    """adults, children or both."""
    validity_months: int | None = 36
    """None means a completion never expires."""


class RoleRequirement(Tracked, table=True):
    """A role that must hold a course: the denominator of compliance figures."""

    __table_args__ = (UniqueConstraint("role", "course_id"),)

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(index=True)
    course_id: int = Field(foreign_key="course.id", index=True, ondelete="CASCADE")


class TrainingRecord(Tracked, table=True):
    """One completion of a course. Natural key (person, course, completed date)."""

    __table_args__ = (
        UniqueConstraint("person_id", "course_id", "completed_on"),
        Index("ix_training_course_expiry", "course_id", "expires_on"),
        Index(
            "ix_training_person_course_expiry",
            "person_id",
            "course_id",
            "expires_on",
            "completed_on",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", index=True)
    completed_on: date = Field(index=True)
    expires_on: date | None = Field(default=None, index=True)
    """The effective expiry: as stated, else completed + the course's validity."""
    expiry_stated: bool = False
    """True when the expiry came from the source (a team rule), not derived."""
    hours: float | None = None
    provider: str | None = None


# --- Cross-cutting -------------------------------------------------------------------


class Note(Tracked, table=True):
    """A dated free-text note on any record (the workbook's Notes/Updates columns)."""

    __table_args__ = (Index("ix_note_record", "record_type", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    record_type: str
    record_id: int
    noted_on: date
    author: str | None = None
    text: str


class AuditEntry(SQLModel, table=True):
    """One change made through the services: who, when, which record, before and after."""

    __table_args__ = (Index("ix_audit_record", "record_type", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    actor: str
    action: str
    """create, update, delete or undo."""
    record_type: str
    record_id: int
    record_key: str | None = None
    changes: str = "{}"
    """JSON: {field: [before, after]} with dates in ISO 8601."""
