"""Page loaders: what an area screen's own panels show, read in one call.

Each takes a session and the scope and returns plain text, rows and dataclasses, so the
screen's one worker calls it and the screen only lays out what it is given (the same
shape as a record page's ``load``/``show``). Textual-free and testable without an app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from sgtui.services import les, training
from sgtui.services.catalogues import STAGE_LABELS, coded_label
from sgtui.services.figures import reviews_open_by_type_and_stage
from sgtui.services.lists import Row
from sgtui.services.ukdates import format_uk


def days_word(due: date | None, as_of: date) -> str:
    """ "✗ 3d late" / "! due today" / "due in 2d": words and shapes, not just colour,
    short enough for the Today panels' When column (12 characters)."""
    if due is None:
        return "no date"
    delta = (due - as_of).days
    if delta < 0:
        return f"✗ {-delta}d late"
    if delta == 0:
        return "! due today"
    return f"due in {delta}d"


def reviews_summary(session: Session, borough_id: int | None) -> str:
    """One line per review type: how many are open, at which stages."""
    table = reviews_open_by_type_and_stage(session, borough_id)
    lines = [
        f"[b]{review_type:>6}[/b] {sum(stages.values()):>3} open: "
        + ", ".join(f"{coded_label(stage, None, STAGE_LABELS)} {n}" for stage, n in stages.items())
        for review_type, stages in table.items()
    ]
    return "\n".join(lines) or "No open reviews in scope."


@dataclass(frozen=True)
class TrainingSummary:
    """The Training screen's bars and its "expiring soon" panel."""

    by_course: list[training.Compliance]
    by_borough: list[training.Compliance]
    expiring: list[Row]


def training_summary(
    session: Session, today: date, borough_id: int | None, limit: int
) -> TrainingSummary:
    """Compliance by course and by borough, and the ``limit`` soonest expiries."""
    expiring = [
        Row(
            f"training:{rec.id}",
            "person",
            person.id,  # type: ignore[arg-type]
            (person.name, course.code, format_uk(rec.expires_on), days_word(rec.expires_on, today)),
        )
        for rec, person, course in training.expiring_within(
            session, today, borough_id=borough_id, limit=limit
        )
    ]
    by_course, by_borough = training.compliance_by_course_and_borough(session, today, borough_id)
    return TrainingSummary(by_course, by_borough, expiring)


@dataclass(frozen=True)
class LesSummary:
    """The LES screen's bars for one scheme year."""

    scheme_id: int
    rates: list[les.ReturnRate]
    compliance: list[les.CriterionCompliance]


def les_summary(session: Session, scheme_id: int, borough_id: int | None) -> LesSummary:
    """Return rates by borough and how many practices meet each criterion."""
    return LesSummary(
        scheme_id,
        les.return_rates(session, scheme_id),
        les.criterion_compliance(session, scheme_id, borough_id),
    )
