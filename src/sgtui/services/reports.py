"""The data behind each export: plain rows for the LES return, quarterly figures and lists.

Textual-free and openpyxl-free, so the TUI's Export screen and the CLI share them.
Headline figures come from :mod:`sgtui.services.figures`, :mod:`~sgtui.services.les`,
:mod:`~sgtui.services.training` and :mod:`~sgtui.services.reviews` so a number in an
export is always the number the screens show; this module adds the record lists
behind those numbers and the report-only figures (quarter windows, per-practice grids).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from sgtui.services import les, meetings, training, undated
from sgtui.services import reviews as review_service
from sgtui.services.catalogues import (
    LES_PIPELINE,
    RETURN_RECEIVED_STATUSES,
    REVIEW_STAGES,
    REVIEW_TYPES,
    SCRT_FIELDS,
    SUBMISSION_KINDS,
    coded_value,
)
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.reference import find_borough
from sgtui.store.models import (
    Action,
    Borough,
    Course,
    LesAnswer,
    LesCriterion,
    LesReturn,
    LesScheme,
    Meeting,
    MeetingType,
    Person,
    Practice,
    Recommendation,
    Review,
    Submission,
    TrainingRecord,
)

EXPIRING_DAYS = 30
"""A completion expiring within this many days shows Amber ("Expiring")."""
ACTION_AMBER_DAYS = 14
"""An open action due within this many days shows Amber."""
DONE_ACTION_STATUSES = ("complete", "closed")
STAGE_LABELS = dict(REVIEW_STAGES)
PIPELINE_LABELS = {code: label for code, label, _column in LES_PIPELINE}


@dataclass(frozen=True)
class Filters:
    """What every list export can be narrowed by; the date range is inclusive."""

    borough_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None


def borough_by_name(session: Session, text: str) -> Borough:
    """A borough from a code or name typed on the command line; NotFound otherwise."""
    borough = find_borough(session, text)
    if borough is None:
        raise NotFound(f"no borough {text!r} (use a name such as Lambeth or a code such as LAM)")
    return borough


def _in_range(column: Any, filters: Filters) -> list[Any]:
    """SQL conditions for the filter's inclusive date range on ``column``."""
    conditions = []
    if filters.date_from is not None:
        conditions.append(column >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(column <= filters.date_to)
    return conditions


# --- GP LES return for the Named GP ---------------------------------------------------


@dataclass(frozen=True)
class PracticeReturn:
    """One practice's row in the Named GP's grid (practice-level only)."""

    ods_code: str
    name: str
    pcn: str | None
    postcode: str | None
    borough: str | None
    safeguarding_lead: str | None
    practice_manager: str | None
    email: str | None
    contract_status: str
    return_status: str
    contract_sent_on: date | str | None
    """Each step's date, or "Y" when done on a date never recorded (it imports back)."""
    contract_signed_on: date | str | None
    return_requested_on: date | str | None
    received_on: date | str | None
    days_late: int | None
    chase_count: int
    last_chased_on: date | None
    chased_on: list[date]
    """Every date chased, oldest first (the chase log)."""
    criteria_met: int
    no_count: int
    answers: dict[str, str | None]
    received: bool
    complete: bool
    criteria_total: int

    @property
    def met_fraction(self) -> float | None:
        """Criteria met over all criteria, for received returns only."""
        if not self.received or not self.criteria_total:
            return None
        return self.criteria_met / self.criteria_total


@dataclass(frozen=True)
class AnswerException:
    """An answer the Named GP follows up: a "No", below threshold, or missing."""

    ods_code: str
    practice: str
    code: str
    question: str
    value: str | None
    reason: str
    evidence_note: str | None


@dataclass(frozen=True)
class LesReturnReport:
    """Everything in the Named GP's return workbook."""

    scheme: LesScheme
    borough: str
    as_of: date
    criteria: list[LesCriterion]
    practices: list[PracticeReturn]
    exceptions: list[AnswerException]
    compliance: list[les.CriterionCompliance]
    contracts_sent: int
    contracts_signed: int
    received: int

    @property
    def complete(self) -> int:
        return sum(p.complete for p in self.practices)

    @property
    def outstanding(self) -> list[PracticeReturn]:
        """Practices with no return received, most-chased first for the chase list."""
        waiting = [p for p in self.practices if not p.received]
        return sorted(waiting, key=lambda p: (-p.chase_count, p.name))


def les_return_report(
    session: Session, year: str, as_of: date, borough_id: int | None = None
) -> LesReturnReport:
    """The Named GP's return for a scheme year, for one borough or the whole ICB."""
    scheme = les.get_scheme(session, year)
    criteria = les.criteria(session, scheme.id)  # type: ignore[arg-type]
    borough = session.get(Borough, borough_id) if borough_id else None
    rows = _practice_returns(session, scheme, criteria, as_of, borough_id)
    rates = [
        r
        for r in les.return_rates(session, scheme.id)
        if borough is None or r.borough == borough.name  # type: ignore[arg-type]
    ]
    return LesReturnReport(
        scheme=scheme,
        borough=borough.name if borough else "All boroughs",
        as_of=as_of,
        criteria=criteria,
        practices=[row for row, _answers in rows],
        exceptions=[e for row, answers in rows for e in _exceptions(row, criteria, answers)],
        compliance=les.criterion_compliance(session, scheme.id, borough_id),  # type: ignore[arg-type]
        contracts_sent=sum(r.contracts_sent for r in rates),
        contracts_signed=sum(bool(p.contract_signed_on) for p, _a in rows),
        received=sum(r.received for r in rates),
    )


def _practice_returns(
    session: Session,
    scheme: LesScheme,
    criteria: list[LesCriterion],
    as_of: date,
    borough_id: int | None,
) -> list[tuple[PracticeReturn, dict[int, LesAnswer]]]:
    """Active practices in scope plus any practice holding a return for the year."""
    stmt = (
        select(Practice, LesReturn, Borough)
        .outerjoin(
            LesReturn,
            (LesReturn.practice_id == Practice.id) & (LesReturn.scheme_id == scheme.id),
        )
        .outerjoin(Borough, Borough.id == Practice.borough_id)
        .where((Practice.active == True) | (col(LesReturn.id).is_not(None)))  # noqa: E712
        .order_by(Practice.name)
    )
    if borough_id is not None:
        stmt = stmt.where(Practice.borough_id == borough_id)
    answers = _answers_by_return(session, scheme.id)  # type: ignore[arg-type]
    chases = les.chase_dates(session, scheme.id)  # type: ignore[arg-type]
    out = []
    for practice, les_return, borough in session.execute(stmt):
        by_criterion = answers.get(les_return.id, {}) if les_return else {}
        chased_on = chases.get(les_return.id, []) if les_return else []
        row = _practice_row(practice, les_return, borough, criteria, by_criterion, scheme, as_of)
        row = replace(row, chased_on=chased_on)
        out.append((row, by_criterion))
    return out


def _answers_by_return(session: Session, scheme_id: int) -> dict[int, dict[int, LesAnswer]]:
    stmt = (
        select(LesAnswer)
        .join(LesReturn, LesReturn.id == LesAnswer.return_id)
        .where(LesReturn.scheme_id == scheme_id)
    )
    table: dict[int, dict[int, LesAnswer]] = {}
    for answer in session.exec(stmt):
        table.setdefault(answer.return_id, {})[answer.criterion_id] = answer
    return table


def _practice_row(
    practice: Practice,
    les_return: LesReturn | None,
    borough: Borough | None,
    criteria: list[LesCriterion],
    answers: dict[int, LesAnswer],
    scheme: LesScheme,
    as_of: date,
) -> PracticeReturn:
    status = les_return.status if les_return else "not_sent"
    received = status in RETURN_RECEIVED_STATUSES
    verdicts = [les.answer_meets(c, _value(answers, c)) for c in criteria]
    return PracticeReturn(
        ods_code=practice.ods_code,
        name=practice.name,
        pcn=practice.pcn,
        postcode=practice.postcode,
        borough=borough.name if borough else None,
        safeguarding_lead=practice.safeguarding_lead,
        practice_manager=practice.practice_manager,
        email=practice.email,
        contract_status=_contract_status(les_return),
        return_status=PIPELINE_LABELS.get(status, status),
        contract_sent_on=undated.exported(les_return, "contract_sent_on"),
        contract_signed_on=undated.exported(les_return, "contract_signed_on"),
        return_requested_on=undated.exported(les_return, "return_requested_on"),
        received_on=undated.exported(les_return, "return_received_on"),
        days_late=_days_late(scheme, les_return, as_of),
        chase_count=les_return.chase_count if les_return else 0,
        last_chased_on=les_return.last_chased_on if les_return else None,
        chased_on=[],  # filled from the chase log by the caller
        criteria_met=sum(v is True for v in verdicts),
        no_count=sum(v is False for v in verdicts),
        answers={c.code: _value(answers, c) for c in criteria},
        received=received,
        complete=received and all(v is not None for v in verdicts),
        criteria_total=len(criteria),
    )


def _value(answers: dict[int, LesAnswer], criterion: LesCriterion) -> str | None:
    answer = answers.get(criterion.id)  # type: ignore[arg-type]
    return answer.value if answer else None


def _contract_status(les_return: LesReturn | None) -> str:
    if les_return is None or not undated.done(les_return, "contract_sent_on"):
        return "Not sent"
    return "Signed" if undated.done(les_return, "contract_signed_on") else "Sent"


def _days_late(scheme: LesScheme, les_return: LesReturn | None, as_of: date) -> int | None:
    """Lateness only means something once a contract has gone out.

    A return received on a date never recorded ("Y") cannot be said to be late.
    """
    if les_return is None or not undated.done(les_return, "contract_sent_on"):
        return None
    if les_return.return_received_on is None and les_return.return_received_undated:
        return None
    return days_late(scheme.return_due_on, les_return.return_received_on, as_of)


def days_late(due_on: date | None, received_on: date | None, as_of: date) -> int | None:
    """Calendar days past the return deadline: to receipt, or to ``as_of`` if still awaited."""
    if due_on is None:
        return None
    return max(0, ((received_on or as_of) - due_on).days)


def _exceptions(
    row: PracticeReturn, criteria: list[LesCriterion], answers: dict[int, LesAnswer]
) -> Iterator[AnswerException]:
    """Every "No", below-threshold or missing answer on a received return."""
    if not row.received:
        return
    for criterion in criteria:
        answer = answers.get(criterion.id)  # type: ignore[arg-type]
        value = answer.value if answer else None
        verdict = les.answer_meets(criterion, value)
        if verdict is True:
            continue
        yield AnswerException(
            ods_code=row.ods_code,
            practice=row.name,
            code=criterion.code,
            question=criterion.question,
            value=value,
            reason=_exception_reason(criterion, verdict),
            evidence_note=answer.evidence_note if answer else None,
        )


def _exception_reason(criterion: LesCriterion, verdict: bool | None) -> str:
    if verdict is None:
        return "No answer"
    if criterion.answer_type == "yes_no":
        return "No"
    if criterion.answer_type in ("number", "percent") and criterion.threshold is not None:
        return f"Below threshold ({criterion.threshold:g})"
    return "Not a valid answer"


# --- Quarterly figures for the central team ------------------------------------------

_QUARTER = re.compile(r"^\s*(\d{4})(?:/\d{2})?\s*[-_ ]?\s*Q([1-4])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quarter:
    """An NHS financial-year quarter: 2024-Q3 is October to December 2024 (year 2024/25)."""

    label: str
    start: date
    end: date
    scheme_year: str


def parse_quarter(text: str) -> Quarter:
    """ "2024-Q3" (or "2024/25 Q3") as the financial quarter; Q1 starts on 1 April."""
    match = _QUARTER.match(text)
    if not match:
        raise ValidationError({"quarter": f"{text!r} is not a quarter (e.g. 2024-Q3)"})
    year, number = int(match.group(1)), int(match.group(2))
    first_month = 4 + 3 * (number - 1)
    start = date(year + (first_month > 12), (first_month - 1) % 12 + 1, 1)
    next_start = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return Quarter(
        label=f"{year}/{(year + 1) % 100:02d} Q{number}",
        start=start,
        end=next_start - timedelta(days=1),
        scheme_year=f"{year}/{(year + 1) % 100:02d}",
    )


@dataclass(frozen=True)
class ReviewLine:
    """A review behind a quarterly figure (reference and coded fields only)."""

    ref: str
    review_type: str
    borough: str | None
    stage: str
    notified_on: date | None
    closed_on: date | None
    new_in_quarter: bool
    open_at_end: bool


@dataclass(frozen=True)
class SubmissionLine:
    review_ref: str
    kind: str
    agency: str
    due_on: date | None
    submitted_on: date | None
    on_time: bool | None
    overdue: bool


@dataclass(frozen=True)
class HealthActionLine:
    review_ref: str
    number: str
    lead: str | None
    target_on: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class MeetingLine:
    ref: str
    title: str
    meeting_type: str
    borough: str | None
    meeting_date: date
    status: str


@dataclass(frozen=True)
class QuarterlyReport:
    """The quarter's figures and the records behind each one."""

    quarter: Quarter
    as_of: date
    borough: str
    reviews: list[ReviewLine]
    submissions: list[SubmissionLine]
    health_actions: list[HealthActionLine]
    les_rates: list[les.ReturnRate]
    training_by_course: list[training.Compliance]
    training_by_course_borough: list[tuple[str, training.Compliance]]
    meetings: list[MeetingLine]
    notes: list[str] = field(default_factory=list)

    @property
    def new_reviews(self) -> list[ReviewLine]:
        return [r for r in self.reviews if r.new_in_quarter]

    @property
    def open_reviews(self) -> list[ReviewLine]:
        return [r for r in self.reviews if r.open_at_end]

    @property
    def submitted_in_quarter(self) -> list[SubmissionLine]:
        return [s for s in self.submissions if s.on_time is not None]

    @property
    def overdue_submissions(self) -> list[SubmissionLine]:
        return [s for s in self.submissions if s.overdue]


def quarterly_report(
    session: Session, quarter: Quarter, today: date, borough_id: int | None = None
) -> QuarterlyReport:
    """The quarterly figures as at the quarter's end (or today, for the current quarter)."""
    as_of = min(quarter.end, today)
    borough = session.get(Borough, borough_id) if borough_id else None
    scheme = session.exec(select(LesScheme).where(LesScheme.year == quarter.scheme_year)).first()
    rates = les.return_rates(session, scheme.id) if scheme else []  # type: ignore[arg-type]
    if borough is not None:
        rates = [r for r in rates if r.borough == borough.name]
    return QuarterlyReport(
        quarter=quarter,
        as_of=as_of,
        borough=borough.name if borough else "All boroughs",
        reviews=quarter_reviews(session, quarter, as_of, borough_id),
        submissions=quarter_submissions(session, quarter, as_of, borough_id),
        health_actions=open_health_actions(session, as_of, borough_id),
        les_rates=rates,
        training_by_course=training.compliance(session, as_of, by="course", borough_id=borough_id),
        training_by_course_borough=_training_by_borough(session, as_of, borough_id),
        meetings=meetings_held(session, quarter.start, as_of, borough_id),
        notes=[] if scheme else [f"No LES scheme year {quarter.scheme_year} is recorded."],
    )


def quarter_reviews(
    session: Session, quarter: Quarter, as_of: date, borough_id: int | None
) -> list[ReviewLine]:
    """Reviews notified in the quarter or open at its end.

    Open at the end = notified by then and not closed by then; a review whose stage is
    closed but has no closing date counts as closed (as in :func:`reviews.is_open`).
    """
    stmt = (
        select(Review, Borough.name)
        .outerjoin(Borough, Borough.id == Review.borough_id)
        .where(Review.notified_on <= as_of)
        .order_by(Review.review_type, Review.ref)
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    lines = []
    for review, borough in session.execute(stmt):
        new = quarter.start <= review.notified_on <= as_of  # type: ignore[operator]
        closed_later = review.closed_on is not None and review.closed_on > as_of
        open_at_end = review_service.is_open(review) or closed_later
        if new or open_at_end:
            lines.append(
                ReviewLine(
                    review.ref,
                    review.review_type,
                    borough,
                    review.stage,
                    review.notified_on,
                    review.closed_on,
                    new,
                    open_at_end,
                )
            )
    return lines


def quarter_submissions(
    session: Session, quarter: Quarter, as_of: date, borough_id: int | None
) -> list[SubmissionLine]:
    """Submissions made in the quarter (with on time or late) and those overdue at ``as_of``.

    Overdue is :func:`reviews.overdue_submissions` (the same rule as the Today screen).
    """
    overdue_ids = {
        s.id for s, _r in review_service.overdue_submissions(session, as_of, borough_id=borough_id)
    }
    stmt = (
        select(Submission, Review.ref)
        .join(Review, Review.id == Submission.review_id)
        .where(
            col(Submission.id).in_(overdue_ids)
            | ((Submission.submitted_on >= quarter.start) & (Submission.submitted_on <= as_of))
        )
        .order_by(Review.ref, Submission.kind)
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    lines = []
    for submission, ref in session.execute(stmt):
        made = submission.submitted_on is not None and submission.submitted_on <= as_of
        lines.append(
            SubmissionLine(
                ref,
                coded_value(submission, "kind", SUBMISSION_KINDS),
                submission.agency,
                submission.due_on,
                submission.submitted_on,
                submitted_on_time(submission) if made else None,
                submission.id in overdue_ids,
            )
        )
    return lines


def submitted_on_time(submission: Submission) -> bool:
    """Submitted on or before the due date (a request with no due date cannot be late)."""
    if submission.submitted_on is None:
        return False
    return submission.due_on is None or submission.submitted_on <= submission.due_on


def open_health_actions(
    session: Session, as_of: date, borough_id: int | None = None
) -> list[HealthActionLine]:
    """Open review recommendations (health actions); overdue = target date before ``as_of``."""
    stmt = (
        select(Recommendation, Review.ref)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Recommendation.status == "open")
        .order_by(Review.ref, Recommendation.number)
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    return [
        HealthActionLine(
            ref,
            rec.number,
            rec.lead,
            rec.target_on,
            rec.status,
            rec.target_on is not None and rec.target_on < as_of,
        )
        for rec, ref in session.execute(stmt)
    ]


def _training_by_borough(
    session: Session, as_of: date, borough_id: int | None
) -> list[tuple[str, training.Compliance]]:
    """Course compliance per borough: the breakdown behind the course figures."""
    stmt = select(Borough).order_by(Borough.name)
    if borough_id is not None:
        stmt = stmt.where(Borough.id == borough_id)
    return [
        (b.name, figure)
        for b in session.exec(stmt)
        for figure in training.compliance(session, as_of, by="course", borough_id=b.id)
        if figure.required
    ]


def meetings_held(
    session: Session, start: date, end: date, borough_id: int | None = None
) -> list[MeetingLine]:
    """Meetings marked held with a date in [start, end]."""
    stmt = (
        select(Meeting, MeetingType.name, Borough.name)
        .outerjoin(MeetingType, MeetingType.id == Meeting.meeting_type_id)
        .outerjoin(Borough, Borough.id == Meeting.borough_id)
        .where(Meeting.status == "held", Meeting.meeting_date >= start, Meeting.meeting_date <= end)
        .order_by(Meeting.meeting_date, Meeting.ref)
    )
    if borough_id is not None:
        stmt = stmt.where(Meeting.borough_id == borough_id)
    return [
        MeetingLine(m.ref, m.title, type_name or "Other", borough, m.meeting_date, m.status)
        for m, type_name, borough in session.execute(stmt)
    ]


# --- Action log -----------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    """One action-log row as chairs receive it."""

    ref: str
    meeting_ref: str | None
    meeting_title: str | None
    meeting_date: date | None
    review_ref: str | None
    practice_ods: str | None
    borough: str | None
    text: str
    owner: str | None
    raised_on: date | None
    due_on: date | None
    status: str
    completed_on: date | str | None
    """The date, or "Y" when done on a date never recorded."""
    rag: str


def action_rag(status: str, due_on: date | None, as_of: date) -> str:
    """Complete, Red (overdue), Amber (due within two weeks) or Green."""
    if status in DONE_ACTION_STATUSES:
        return "Complete"
    if due_on is None:
        return "Green"
    if due_on < as_of:
        return "Red"
    return "Amber" if due_on <= as_of + timedelta(days=ACTION_AMBER_DAYS) else "Green"


def action_lines(session: Session, as_of: date, filters: Filters) -> list[ActionLine]:
    """Actions filtered by borough (of the meeting, review or practice), due date and status.

    Status "overdue" means open and past due (the Today screen's rule); "open" means any
    open status.
    """
    stmt = (
        meetings.join_action_owners(
            select(Action, Meeting, Review.ref, Practice.ods_code, Borough.name)
        )
        .outerjoin(Borough, Borough.id == meetings.action_borough_id())
        .where(*_in_range(Action.due_on, filters))
        .order_by(Action.due_on, Action.ref)
    )
    if filters.borough_id is not None:
        stmt = stmt.where(Borough.id == filters.borough_id)
    stmt = _action_status_filter(stmt, filters.status, as_of)
    return [
        ActionLine(
            action.ref,
            meeting.ref if meeting else None,
            meeting.title if meeting else None,
            meeting.meeting_date if meeting else None,
            review_ref,
            ods,
            borough,
            action.text,
            action.owner,
            action.raised_on,
            action.due_on,
            action.status_text or action.status,
            undated.exported(action, "completed_on"),
            action_rag(action.status, action.due_on, as_of),
        )
        for action, meeting, review_ref, ods, borough in session.execute(stmt)
    ]


def _action_status_filter(stmt: Any, status: str | None, as_of: date) -> Any:
    if status is None:
        return stmt
    if status == "overdue":
        return stmt.where(meetings.action_open(), Action.due_on < as_of)
    if status == "open":
        return stmt.where(meetings.action_open())
    return stmt.where(Action.status == status)


def status_label(code: str) -> str:
    """ "in_progress" -> "In progress": the words the team's workbook (and the importer) use.

    Text that is not a code (a status an import kept as written) is shown as it is.
    """
    if code != code.lower() or " " in code:
        return code
    return code.replace("_", " ").capitalize()


# --- Practices -------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeLine:
    """A practice as the practice list export shows it (practice-level contact details)."""

    practice: Practice
    borough: str | None


def practice_lines(session: Session, filters: Filters) -> list[PracticeLine]:
    """Practices by name, filtered by borough and status ("active" or "closed")."""
    stmt = select(Practice, Borough.name).outerjoin(Borough, Borough.id == Practice.borough_id)
    if filters.borough_id is not None:
        stmt = stmt.where(Practice.borough_id == filters.borough_id)
    if filters.status in ("active", "closed"):
        stmt = stmt.where(Practice.active == (filters.status == "active"))
    return [PracticeLine(p, b) for p, b in session.execute(stmt.order_by(Practice.name))]


# --- Review tracker (S-CRT) ----------------------------------------------------------

SCRT_DATE_ATTRS = {"notified_on", "incident_on", "signed_off_on", "published_on"}


@dataclass(frozen=True)
class ReviewExportRow:
    """A review with every S-CRT field (labelled as S-CRT labels them) and its own fields."""

    review: Review
    scrt: dict[str, Any]
    borough_code: str | None


def review_rows(session: Session, filters: Filters) -> list[ReviewExportRow]:
    """Reviews filtered by borough, notification date range and status (open/closed)."""
    stmt = select(Review, Borough.code).outerjoin(Borough, Borough.id == Review.borough_id)
    stmt = stmt.where(*_in_range(Review.notified_on, filters)).order_by(Review.ref)
    if filters.borough_id is not None:
        stmt = stmt.where(Review.borough_id == filters.borough_id)
    rows = []
    for review, code in session.execute(stmt):
        if filters.status == "open" and not review_service.is_open(review):
            continue
        if filters.status == "closed" and review_service.is_open(review):
            continue
        rows.append(ReviewExportRow(review, _scrt_values(session, review), code))
    return rows


def _scrt_values(session: Session, review: Review) -> dict[str, Any]:
    """S-CRT label -> value: real dates for date fields, the services' text otherwise."""
    fields = review_service.scrt_fields(session, review)
    values: dict[str, Any] = {}
    for (label, attr), scrt in zip(SCRT_FIELDS, fields, strict=True):
        values[label] = getattr(review, attr) if attr in SCRT_DATE_ATTRS else scrt.value or None
    return values


def review_type_label(code: str) -> str:
    return REVIEW_TYPES.get(code, (code, ""))[0]


# --- Training records ----------------------------------------------------------------

TRAINING_STATUSES = ("in_date", "expiring", "expired")


@dataclass(frozen=True)
class TrainingLine:
    """One completion as the training export lists it (names: that is its purpose)."""

    name: str
    email: str | None
    role: str | None
    organisation: str | None
    practice_ods: str | None
    practice: str | None
    borough: str | None
    course_code: str
    course: str
    completed_on: date
    expires_on: date | None
    hours: float | None
    provider: str | None
    status: str
    rag: str


def training_status(expires_on: date | None, as_of: date) -> tuple[str, str]:
    """(status word, RAG word) for a completion on ``as_of``."""
    if expires_on is None:
        return "No expiry", "Green"
    if expires_on < as_of:
        return "Expired", "Red"
    if expires_on <= as_of + timedelta(days=EXPIRING_DAYS):
        return "Expiring", "Amber"
    return "In date", "Green"


def training_lines(
    session: Session, as_of: date, filters: Filters, *, batch: int = 2000
) -> Iterator[TrainingLine]:
    """Completions, streamed in batches so 100,000 rows never sit in memory at once."""
    stmt = _training_statement(as_of, filters)
    for row in session.execute(stmt.execution_options(yield_per=batch)):
        status, rag = training_status(row[10], as_of)
        yield TrainingLine(*row, status=status, rag=rag)


def training_count(session: Session, as_of: date, filters: Filters) -> int:
    """How many rows :func:`training_lines` will yield (an export's progress total)."""
    stmt = _training_statement(as_of, filters).order_by(None)
    return session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


def _training_statement(as_of: date, filters: Filters) -> Any:
    """The export's completions with their person, practice, borough and course."""
    stmt = (
        select(
            Person.name,
            Person.email,
            Person.role,
            Person.organisation,
            Practice.ods_code,
            Practice.name,
            Borough.name,
            Course.code,
            Course.title,
            TrainingRecord.completed_on,
            TrainingRecord.expires_on,
            TrainingRecord.hours,
            TrainingRecord.provider,
        )
        .join(Person, Person.id == TrainingRecord.person_id)
        .join(Course, Course.id == TrainingRecord.course_id)
        .outerjoin(Practice, Practice.id == Person.practice_id)
        .outerjoin(Borough, Borough.id == Person.borough_id)
        .where(*_in_range(TrainingRecord.completed_on, filters))
        .order_by(Person.name, Person.id, Course.code, TrainingRecord.completed_on)
    )
    if filters.borough_id is not None:
        stmt = stmt.where(Person.borough_id == filters.borough_id)
    return _training_status_filter(stmt, filters.status, as_of)


def _training_status_filter(stmt: Any, status: str | None, as_of: date) -> Any:
    expires = TrainingRecord.expires_on
    soon = as_of + timedelta(days=EXPIRING_DAYS)
    if status is None:
        return stmt
    if status == "expired":
        return stmt.where(expires < as_of)
    if status == "expiring":
        return stmt.where(expires >= as_of, expires <= soon)
    if status == "in_date":
        return stmt.where(col(expires).is_(None) | (expires >= as_of))
    raise ValidationError({"status": f"use one of {', '.join(TRAINING_STATUSES)}"})


# --- Meetings for calendars ------------------------------------------------------------


@dataclass(frozen=True)
class MeetingEvent:
    """A meeting as a calendar entry needs it."""

    ref: str
    title: str
    meeting_type: str | None
    borough: str | None
    meeting_date: date
    start_time: time | None
    end_time: time | None
    location: str | None
    virtual: bool
    chair: str | None
    status: str
    version: int
    updated_at: datetime


def meeting_events(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    borough_id: int | None = None,
    *,
    refs: set[str] | None = None,
) -> list[MeetingEvent]:
    """Meetings in the (inclusive) date range, cancelled ones included so calendars drop them.

    ``refs`` narrows to those meetings (the meetings an action log refers to).
    """
    stmt = (
        select(Meeting, MeetingType.name, Borough.name)
        .outerjoin(MeetingType, MeetingType.id == Meeting.meeting_type_id)
        .outerjoin(Borough, Borough.id == Meeting.borough_id)
        .where(*_in_range(Meeting.meeting_date, Filters(date_from=date_from, date_to=date_to)))
        .order_by(Meeting.meeting_date, Meeting.start_time, Meeting.ref)
    )
    if borough_id is not None:
        stmt = stmt.where(Meeting.borough_id == borough_id)
    if refs is not None:
        stmt = stmt.where(col(Meeting.ref).in_(refs))
    return [
        MeetingEvent(
            m.ref,
            m.title,
            type_name,
            borough,
            m.meeting_date,
            m.start_time,
            m.end_time,
            m.location,
            m.virtual,
            m.chair,
            m.status_text or m.status,
            m.version,
            m.updated_at,
        )
        for m, type_name, borough in session.execute(stmt)
    ]
