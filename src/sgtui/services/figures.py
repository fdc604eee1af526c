"""Counts and headline figures: `sgtui stats`, the Today screen's tiles, the exports' totals.

Every figure takes an ``as_of`` date (from the injectable clock) and an optional
borough, so "overdue" means the same thing in every screen and report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import Session, col, select

from sgtui.services.catalogues import RETURN_RECEIVED_STATUSES
from sgtui.services.meetings import action_open, in_action_borough
from sgtui.services.reviews import review_open, submission_overdue
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
    stmt = select(func.count()).select_from(Review).where(review_open())
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
    return int(session.exec(stmt).one())


def count_overdue_submissions(session: Session, as_of: date, borough_id: int | None = None) -> int:
    stmt = (
        select(func.count())
        .select_from(Submission)
        .join(Review, col(Review.id) == Submission.review_id)
        .where(submission_overdue(as_of))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
    return int(session.exec(stmt).one())


def count_overdue_actions(session: Session, as_of: date, borough_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(Action).where(action_open(), col(Action.due_on) < as_of)
    if borough_id is not None:
        stmt = in_action_borough(stmt, borough_id)
    return int(session.exec(stmt).one())


def les_outstanding_condition() -> ColumnElement[bool]:
    """The one rule for "Returns outstanding", on ``LesReturn`` joined to its ``Practice``.

    A BSO means the returns they are waiting for and can chase: the contract went out
    (dated or "Y"), no return has come back, and the practice is still open. A practice
    never sent a contract owes nothing yet, and a closed practice will never return one,
    so counting either (as the workbook once did) made the same label show two numbers.
    """
    return and_(
        col(LesReturn.contract_sent_on).is_not(None) | col(LesReturn.contract_sent_undated),
        col(LesReturn.status).not_in(RETURN_RECEIVED_STATUSES),
        col(Practice.active) == True,  # noqa: E712
    )


def les_outstanding_ids(
    session: Session, scheme_id: int, borough_id: int | None = None
) -> set[int]:
    """The ids of the outstanding returns, so a report lists exactly what the tile counts."""
    stmt = (
        select(col(LesReturn.id))
        .join(Practice, col(Practice.id) == LesReturn.practice_id)
        .where(col(LesReturn.scheme_id) == scheme_id, les_outstanding_condition())
    )
    if borough_id is not None:
        stmt = stmt.where(col(Practice.borough_id) == borough_id)
    return {i for i in session.exec(stmt) if i is not None}


def count_les_outstanding(session: Session, scheme_id: int, borough_id: int | None = None) -> int:
    """How many returns are outstanding (see :func:`les_outstanding_condition`)."""
    return len(les_outstanding_ids(session, scheme_id, borough_id))


def count_active_practices(session: Session, borough_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(Practice).where(col(Practice.active) == True)  # noqa: E712
    if borough_id is not None:
        stmt = stmt.where(col(Practice.borough_id) == borough_id)
    return int(session.exec(stmt).one())


@dataclass(frozen=True)
class FigureScope:
    """What every figure is counted for: a date, maybe a borough, maybe a LES scheme year."""

    as_of: date
    borough_id: int | None = None
    scheme_id: int | None = None


@dataclass(frozen=True)
class Figure:
    """One headline figure: its name in :class:`Headline`, its label, what it counts, how.

    ``meaning`` is the sentence the workbooks' Data notes print, so the note and the
    number come from the same place.
    """

    name: str
    label: str
    meaning: str
    compute: Callable[[Session, FigureScope], int | float | None]


def _les_outstanding(session: Session, scope: FigureScope) -> int:
    if scope.scheme_id is None:
        return 0
    return count_les_outstanding(session, scope.scheme_id, scope.borough_id)


FIGURES: tuple[Figure, ...] = (
    Figure(
        "practices",
        "Active GP practices",
        "GP practices marked active; closed practices are not counted.",
        lambda s, scope: count_active_practices(s, scope.borough_id),
    ),
    Figure(
        "open_reviews",
        "Open statutory reviews",
        "Reviews not at a closed stage and with no closing date.",
        lambda s, scope: count_open_reviews(s, scope.borough_id),
    ),
    Figure(
        "overdue_submissions",
        "Overdue submissions",
        "Requested or in-progress submissions not yet made whose due date has passed.",
        lambda s, scope: count_overdue_submissions(s, scope.as_of, scope.borough_id),
    ),
    Figure(
        "overdue_actions",
        "Overdue actions",
        "Open actions whose due date has passed.",
        lambda s, scope: count_overdue_actions(s, scope.as_of, scope.borough_id),
    ),
    Figure(
        "les_outstanding",
        "Returns outstanding",
        "Open practices sent the LES contract (dated or marked Y) whose return has not been"
        " received; practices never sent a contract and closed practices are not counted.",
        _les_outstanding,
    ),
    Figure(
        "training_compliance_percent",
        "Training compliance",
        "Required (person, course) pairs with an in-date completion, as a percentage of all"
        " required pairs.",
        lambda s, scope: overall_compliance(s, scope.as_of, scope.borough_id).percent,
    ),
)
FIGURE_BY_NAME = {figure.name: figure for figure in FIGURES}


def headline(session: Session, as_of: date, borough_id: int | None = None) -> Headline:
    """The tiles of the Today screen and the headline block of `sgtui stats`."""
    scheme = latest_scheme(session)
    scope = FigureScope(as_of, borough_id, scheme.id if scheme else None)
    values = {figure.name: figure.compute(session, scope) for figure in FIGURES}
    return Headline(as_of=as_of, les_year=scheme.year if scheme else None, **values)  # type: ignore[arg-type]


def reviews_open_by_type_and_stage(
    session: Session, borough_id: int | None = None
) -> dict[str, dict[str, int]]:
    """{type: {stage: n}} for open reviews."""
    stmt = (
        select(col(Review.review_type), col(Review.stage), func.count())
        .where(review_open())
        .group_by(col(Review.review_type), col(Review.stage))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
    table: dict[str, dict[str, int]] = {}
    for review_type, stage, n in session.execute(stmt):
        table.setdefault(review_type, {})[stage] = int(n)
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}
