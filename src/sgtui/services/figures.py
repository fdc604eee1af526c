"""Counts and headline figures: `sgtui stats`, the Today screen's tiles, the exports' totals.

Every figure takes an ``as_of`` date (from the injectable clock) and an optional
borough, so "overdue" means the same thing in every screen and report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from sgtui.services.catalogues import CLOSED_STAGES, RETURN_RECEIVED_STATUSES
from sgtui.services.meetings import action_open, in_action_borough
from sgtui.services.training import overall_compliance
from sgtui.store.models import (
    Action,
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

COUNTED = {
    "practices": Practice,
    "people": Person,
    "meetings": Meeting,
    "actions": Action,
    "reviews": Review,
    "submissions": Submission,
    "recommendations": Recommendation,
    "les_returns": LesReturn,
    "training_records": TrainingRecord,
}


def counts(session: Session) -> dict[str, int]:
    """Rows per kind of record (the counts `sgtui stats` prints)."""
    return {
        name: int(session.exec(select(func.count()).select_from(model)).one())
        for name, model in COUNTED.items()
    }


@dataclass(frozen=True)
class Headline:
    """The front-page figures, as the ICB annual report leads with them."""

    as_of: date
    practices: int
    open_reviews: int
    overdue_submissions: int
    overdue_actions: int
    les_year: str | None
    les_outstanding: int
    training_compliance_percent: float | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def latest_scheme(session: Session) -> LesScheme | None:
    """The newest LES scheme year ("2024/25" sorts after "2023/24")."""
    return session.exec(select(LesScheme).order_by(col(LesScheme.year).desc())).first()


def count_open_reviews(session: Session, borough_id: int | None = None) -> int:
    stmt = (
        select(func.count())
        .select_from(Review)
        .where(col(Review.stage).not_in(CLOSED_STAGES), col(Review.closed_on).is_(None))
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    return int(session.exec(stmt).one())


def count_overdue_submissions(session: Session, as_of: date, borough_id: int | None = None) -> int:
    stmt = (
        select(func.count())
        .select_from(Submission)
        .join(Review, Review.id == Submission.review_id)
        .where(
            col(Submission.submitted_on).is_(None),
            col(Submission.submitted_undated).is_(False),
            col(Submission.status).in_(("requested", "in_progress")),
            Submission.due_on < as_of,
        )
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    return int(session.exec(stmt).one())


def count_overdue_actions(session: Session, as_of: date, borough_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(Action).where(action_open(), Action.due_on < as_of)
    if borough_id is not None:
        stmt = in_action_borough(stmt, borough_id)
    return int(session.exec(stmt).one())


def count_les_outstanding(session: Session, scheme_id: int, borough_id: int | None = None) -> int:
    """Returns with a contract sent but no return received yet."""
    stmt = (
        select(func.count())
        .select_from(LesReturn)
        .where(
            LesReturn.scheme_id == scheme_id,
            col(LesReturn.contract_sent_on).is_not(None) | col(LesReturn.contract_sent_undated),
            col(LesReturn.status).not_in(RETURN_RECEIVED_STATUSES),
        )
    )
    if borough_id is not None:
        stmt = stmt.join(Practice, Practice.id == LesReturn.practice_id).where(
            Practice.borough_id == borough_id
        )
    return int(session.exec(stmt).one())


def headline(session: Session, as_of: date, borough_id: int | None = None) -> Headline:
    """The tiles of the Today screen and the headline block of `sgtui stats`."""
    practice_stmt = select(func.count()).select_from(Practice).where(Practice.active == True)  # noqa: E712
    if borough_id is not None:
        practice_stmt = practice_stmt.where(Practice.borough_id == borough_id)
    scheme = latest_scheme(session)
    return Headline(
        as_of=as_of,
        practices=int(session.exec(practice_stmt).one()),
        open_reviews=count_open_reviews(session, borough_id),
        overdue_submissions=count_overdue_submissions(session, as_of, borough_id),
        overdue_actions=count_overdue_actions(session, as_of, borough_id),
        les_year=scheme.year if scheme else None,
        les_outstanding=count_les_outstanding(session, scheme.id, borough_id) if scheme else 0,  # type: ignore[arg-type]
        training_compliance_percent=overall_compliance(session, as_of, borough_id).percent,
    )


def reviews_open_by_type_and_stage(
    session: Session, borough_id: int | None = None
) -> dict[str, dict[str, int]]:
    """{type: {stage: n}} for open reviews."""
    stmt = (
        select(Review.review_type, Review.stage, func.count())
        .where(col(Review.stage).not_in(CLOSED_STAGES), col(Review.closed_on).is_(None))
        .group_by(Review.review_type, Review.stage)
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    table: dict[str, dict[str, int]] = {}
    for review_type, stage, n in session.execute(stmt):
        table.setdefault(review_type, {})[stage] = int(n)
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}
