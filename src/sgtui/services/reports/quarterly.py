"""Quarterly figures for the central team and the records behind each figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from sgtui.services import les, training
from sgtui.services import reviews as review_service
from sgtui.services.catalogues import (
    SUBMISSION_KINDS,
    coded_value,
)
from sgtui.services.errors import ValidationError
from sgtui.store.models import (
    Borough,
    LesScheme,
    Meeting,
    MeetingType,
    Recommendation,
    Review,
    Submission,
)

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
    scheme = session.exec(
        select(LesScheme).where(col(LesScheme.year) == quarter.scheme_year)
    ).first()
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
        select(Review, col(Borough.name))
        .outerjoin(Borough, col(Borough.id) == Review.borough_id)
        .where(col(Review.notified_on) <= as_of)
        .order_by(col(Review.review_type), col(Review.ref))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
    lines = []
    for review, borough in session.execute(stmt):
        new = quarter.start <= review.notified_on <= as_of
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
        select(Submission, col(Review.ref))
        .join(Review, col(Review.id) == Submission.review_id)
        .where(
            col(Submission.id).in_(overdue_ids)
            | (
                (col(Submission.submitted_on) >= quarter.start)
                & (col(Submission.submitted_on) <= as_of)
            )
        )
        .order_by(col(Review.ref), col(Submission.kind))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
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
        select(Recommendation, col(Review.ref))
        .join(Review, col(Review.id) == Recommendation.review_id)
        .where(col(Recommendation.status) == "open")
        .order_by(col(Review.ref), col(Recommendation.number))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
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
    stmt = select(Borough).order_by(col(Borough.name))
    if borough_id is not None:
        stmt = stmt.where(col(Borough.id) == borough_id)
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
        select(Meeting, col(MeetingType.name), col(Borough.name))
        .outerjoin(MeetingType, col(MeetingType.id) == Meeting.meeting_type_id)
        .outerjoin(Borough, col(Borough.id) == Meeting.borough_id)
        .where(
            col(Meeting.status) == "held",
            col(Meeting.meeting_date) >= start,
            col(Meeting.meeting_date) <= end,
        )
        .order_by(col(Meeting.meeting_date), col(Meeting.ref))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Meeting.borough_id) == borough_id)
    return [
        MeetingLine(m.ref, m.title, type_name or "Other", borough, m.meeting_date, m.status)
        for m, type_name, borough in session.execute(stmt)
    ]
