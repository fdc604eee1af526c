"""Statutory reviews, their submissions to the ICB and their recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, or_, select

from sgtui.services import records, undated
from sgtui.services.catalogues import (
    CLOSED_STAGES,
    RAG_VALUES,
    RECOMMENDATION_STATUSES,
    REVIEW_STAGES,
    REVIEW_TYPE_SYNONYMS,
    REVIEW_TYPES,
    SCRT_FIELDS,
    STAGE_LABELS,
    SUBMISSION_KINDS,
    SUBMISSION_STATUSES,
    UNMAPPED,
    coded_value,
    settle_coded,
)
from sgtui.services.context import Services
from sgtui.services.deadlines import Deadline, propose_submission_due, review_deadlines
from sgtui.services.errors import NotFound
from sgtui.services.reference import normalise
from sgtui.services.registry import REVIEW as REVIEW_KIND
from sgtui.services.validation import MAX_SHORT_TEXT, MAX_TEXT, Checker, clean
from sgtui.store.models import Borough, Meeting, Recommendation, Review, ReviewTheme, Submission

STAGE_CODES = tuple(code for code, _label in REVIEW_STAGES)


def review_type_code(text: str) -> str:
    """The type code for "RR", "Rapid Review", "DARDR", ...; ValueError if unknown."""
    key = normalise(text)
    if text.strip().upper() in REVIEW_TYPES:
        return text.strip().upper()
    if key in REVIEW_TYPE_SYNONYMS:
        return REVIEW_TYPE_SYNONYMS[key]
    raise ValueError(f"{text!r} is not a review type ({', '.join(REVIEW_TYPES)})")


def commissioning_body(review_type: str) -> str:
    """SCP, CSP, SAB or OWHR: follows from the type."""
    return REVIEW_TYPES[review_type][1]


def save_review(
    session: Session,
    svc: Services,
    values: dict[str, Any],
    *,
    themes: list[str] | None = None,
    expected_version: int | None = None,
) -> tuple[records.Outcome, Review]:
    """Create or update a review by reference, after validation; optionally set its themes."""
    values = clean(values)
    check = Checker()
    check.required(values, "ref", "review_type")
    if values.get("review_type"):
        try:
            values["review_type"] = review_type_code(values["review_type"])
        except ValueError as exc:
            check.fail("review_type", str(exc))
    check.choice(values, "stage", STAGE_CODES)
    check.text_length(
        values, {"subject": MAX_SHORT_TEXT, "case_summary": MAX_TEXT, "lessons_learnt": MAX_TEXT}
    )
    for later, earlier in (
        ("decision_on", "notified_on"),
        ("commissioned_on", "notified_on"),
        ("published_on", "notified_on"),
        ("closed_on", "notified_on"),
    ):
        check.not_before(values, later, earlier)
    check.raise_if_any()
    values = settle_coded("review", undated.settle(values))
    values["commissioning_body"] = commissioning_body(values["review_type"])
    ref = values.pop("ref").strip().upper()
    existing = records.find(session, Review, {"ref": ref})
    if existing is not None and expected_version is not None:
        records.apply_changes(session, svc, existing, values, expected_version=expected_version)
        outcome, review = records.Outcome.UPDATED, existing
    else:
        outcome, review = records.upsert(session, svc, Review, {"ref": ref}, values)
    if themes is not None:
        set_themes(session, svc, review, themes)
    return outcome, review


def set_themes(session: Session, svc: Services, review: Review, themes: list[str]) -> None:
    """Make the review's learning-theme tags exactly ``themes`` (trimmed, de-duplicated)."""
    wanted = {t.strip(): None for t in themes if t and t.strip()}
    current = {
        t.theme: t
        for t in session.exec(select(ReviewTheme).where(ReviewTheme.review_id == review.id))
    }
    for theme, row in current.items():
        if theme not in wanted:
            records.delete(session, svc, ReviewTheme, row.id)  # type: ignore[arg-type]
    for theme in wanted:
        if theme not in current:
            records.create(session, svc, ReviewTheme(review_id=review.id, theme=theme))  # type: ignore[arg-type]


def themes_of(session: Session, review_id: int) -> list[str]:
    stmt = (
        select(ReviewTheme.theme).where(ReviewTheme.review_id == review_id).order_by(ReviewTheme.id)
    )
    return list(session.exec(stmt))


def get_review(session: Session, ref: str) -> Review:
    review = session.exec(select(Review).where(Review.ref == ref.strip().upper())).first()
    if review is None:
        raise NotFound(f"no review with reference {ref.strip().upper()}")
    return review


def propose_due(session: Session, review: Review, kind: str, requested_on: date) -> Deadline:
    """The due date the timescale rules give a new request (shown before saving)."""
    return propose_submission_due(session, review, kind, requested_on)


def save_submission(
    session: Session,
    svc: Services,
    review: Review,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> tuple[records.Outcome, Submission]:
    """Record a request to the ICB; with no due date given, the rules propose one."""
    values = clean(values)
    check = Checker()
    check.required(values, "kind")
    check.choice(values, "kind", SUBMISSION_KINDS)
    check.choice(values, "status", SUBMISSION_STATUSES)
    check.not_before(values, "due_on", "requested_on")
    check.not_before(values, "submitted_on", "requested_on")
    check.raise_if_any()
    requested = values.get("requested_on") or svc.clock.today()
    values["requested_on"] = requested
    if not values.get("due_on"):
        values["due_on"] = propose_due(session, review, values["kind"], requested).due_on
    values = settle_coded("submission", undated.settle(values))
    done = values.get("submitted_on") or values.get("submitted_undated")
    if done and values.get("status") in (None, "requested", "in_progress"):
        values["status"] = "submitted"
    key = {
        "review_id": review.id,
        "kind": values.pop("kind"),
        "agency": values.pop("agency", None) or "ICB",
    }
    existing = records.find(session, Submission, key)
    if existing is not None and expected_version is not None:
        records.apply_changes(session, svc, existing, values, expected_version=expected_version)
        return records.Outcome.UPDATED, existing
    return records.upsert(session, svc, Submission, key, values)


def save_recommendation(
    session: Session, svc: Services, review: Review, values: dict[str, Any]
) -> tuple[records.Outcome, Recommendation]:
    values = clean(values)
    check = Checker()
    check.required(values, "number", "text")
    check.choice(values, "rag", RAG_VALUES)
    check.choice(values, "status", RECOMMENDATION_STATUSES)
    check.text_length(values, {"text": MAX_TEXT, "health_action": MAX_TEXT, "lead": MAX_SHORT_TEXT})
    check.raise_if_any()
    values = settle_coded("recommendation", undated.settle(values))
    key = {"review_id": review.id, "number": str(values.pop("number"))}
    return records.upsert(session, svc, Recommendation, key, values)


def submissions_of(session: Session, review_id: int) -> list[Submission]:
    stmt = select(Submission).where(Submission.review_id == review_id)
    return list(session.exec(stmt.order_by(Submission.due_on, Submission.kind)))


def recommendations_of(session: Session, review_id: int) -> list[Recommendation]:
    recs = list(session.exec(select(Recommendation).where(Recommendation.review_id == review_id)))
    return sorted(recs, key=lambda r: (len(r.number), r.number))


def is_open(review: Review) -> bool:
    return review.stage not in CLOSED_STAGES and review.closed_on is None


def overdue_submissions(
    session: Session, as_of: date, *, within_days: int = 0, borough_id: int | None = None
) -> list[tuple[Submission, Review]]:
    """Requests not yet submitted whose due date is before ``as_of`` (+ ``within_days``)."""
    from datetime import timedelta

    stmt = (
        select(Submission, Review)
        .join(Review, Review.id == Submission.review_id)
        .where(col(Submission.submitted_on).is_(None), col(Submission.submitted_undated).is_(False))
        .where(col(Submission.status).in_(("requested", "in_progress")))
        .where(Submission.due_on < as_of + timedelta(days=within_days))
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    return [tuple(row) for row in session.execute(stmt.order_by(Submission.due_on))]  # type: ignore[misc]


@dataclass(frozen=True)
class ScrtField:
    """One S-CRT field: its label, the value to copy, and whether it is still missing."""

    label: str
    value: str

    @property
    def missing(self) -> bool:
        return not self.value


def scrt_fields(session: Session, review: Review) -> list[ScrtField]:
    """Every S-CRT field for the review, ready to copy into NHS England's tracker."""
    from sgtui.services.ukdates import format_uk

    borough = session.get(Borough, review.borough_id) if review.borough_id else None
    recommendation_count = len(recommendations_of(session, review.id))  # type: ignore[arg-type]
    body = {"SCP": "scp_name", "SAB": "sab_name", "CSP": "csp_name"}.get(review.commissioning_body)
    derived = {
        "scrt_status": "Closed"
        if not is_open(review) or undated.done(review, "published_on")
        else "Open",
        "partnership_name": getattr(borough, body, "") if borough and body else "",
        "themes": "; ".join(themes_of(session, review.id)),  # type: ignore[arg-type]
        "borough": borough.name if borough else "",
        "recommendations": str(recommendation_count) if recommendation_count else "",
        "review_type": REVIEW_TYPES[review.review_type][0],
        "stage": coded_value(review, "stage", STAGE_LABELS),
    }
    fields = []
    for label, attr in SCRT_FIELDS:
        value = derived[attr] if attr in derived else getattr(review, attr)
        text = format_uk(value) if isinstance(value, date) else (str(value) if value else "")
        fields.append(ScrtField(label, text))
    return fields


def timeline(session: Session, review: Review) -> list[tuple[date, str]]:
    """Dated events on the review, with the deadlines its rules give, in date order."""
    events = [
        (getattr(review, f), label)
        for f, label in (
            ("incident_on", "Incident"),
            ("notified_on", "Notified"),
            ("decision_on", "Decision"),
            ("commissioned_on", "Commissioned"),
            ("signed_off_on", "Report signed off"),
            ("published_on", "Published"),
            ("scrt_entered_on", "Entered on S-CRT"),
            ("closed_on", "Closed"),
        )
        if getattr(review, f)
    ]
    events += [
        (d.due_on, f"Due: {d.description} ({d.rule})") for d in review_deadlines(session, review)
    ]
    return sorted(events, key=lambda e: e[0])


SCRT_SET_ON_ADDING = ("ref", "review_type", "borough")
"""S-CRT fields the review is given when it is added (its identity, type and locality)."""
SCRT_EDITABLE: tuple[str, ...] = (
    *(
        attr
        for _label, attr in SCRT_FIELDS
        if attr in {f.name for f in REVIEW_KIND.fields} and attr not in SCRT_SET_ON_ADDING
    ),
    "scrt_entered_on",
    "scrt_updated_on",
    "scrt_ref",
)
"""The S-CRT fields the review holds itself, in the tracker's order, plus its S-CRT entry.

The rest of the tracker's fields are worked out (status, partnership, recommendations
count) or set when the review is added, so the "fill the S-CRT fields" form leaves
them out.
"""


def recommendation_open() -> Any:
    """SQL: the recommendation is not done.

    Open, or a status an import kept as written on one with no completion (dated or
    not): such a recommendation is not known done, as for actions.
    """
    unmapped = col(Recommendation.status).like(f"{UNMAPPED}%")
    not_done = col(Recommendation.completed_on).is_(None) & col(
        Recommendation.completed_undated
    ).is_(False)
    return or_(col(Recommendation.status) == "open", unmapped) & not_done


def due_recommendations(
    session: Session,
    as_of: date,
    *,
    within_days: int = 0,
    borough_id: int | None = None,
    limit: int | None = None,
) -> list[tuple[Recommendation, Review]]:
    """Open recommendations whose target date is before ``as_of`` (+ ``within_days``).

    The window matches :func:`overdue_submissions`, so Today's lists agree on "due".
    """
    from datetime import timedelta

    stmt = (
        select(Recommendation, Review)
        .join(Review, Review.id == Recommendation.review_id)
        .where(recommendation_open())
        .where(Recommendation.target_on < as_of + timedelta(days=within_days))
    )
    if borough_id is not None:
        stmt = stmt.where(Review.borough_id == borough_id)
    stmt = stmt.order_by(Recommendation.target_on, Review.ref, Recommendation.id)
    rows = session.execute(stmt if limit is None else stmt.limit(limit))
    return [tuple(row) for row in rows]  # type: ignore[misc]


def meetings_to_link(
    session: Session, review: Review, as_of: date, limit: int = 20
) -> list[Meeting]:
    """Meetings from ``as_of`` on in the review's borough not yet linked to it, by date.

    A review with no borough is offered every borough's meetings; cancelled meetings
    are left out.
    """
    stmt = select(Meeting).where(
        Meeting.meeting_date >= as_of,
        Meeting.status != "cancelled",
        or_(col(Meeting.review_id).is_(None), Meeting.review_id != review.id),
    )
    if review.borough_id is not None:
        stmt = stmt.where(Meeting.borough_id == review.borough_id)
    return list(session.exec(stmt.order_by(Meeting.meeting_date, Meeting.ref).limit(limit)))
