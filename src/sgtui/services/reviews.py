"""Statutory reviews, their submissions to the ICB and their recommendations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, or_, select

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
    is_unmapped,
    settle_coded,
)
from sgtui.services.context import Services
from sgtui.services.deadlines import Deadline, propose_submission_due, review_deadlines
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.reference import normalise
from sgtui.services.registry import REVIEW as REVIEW_KIND
from sgtui.services.ukdates import format_uk
from sgtui.services.validation import MAX_SHORT_TEXT, MAX_TEXT, Checker, clean
from sgtui.store.models import (
    Borough,
    Meeting,
    Recommendation,
    Review,
    ReviewAlias,
    ReviewTheme,
    Submission,
)

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
    if existing is None and (renamed := review_by_alias(session, ref)) is not None:
        raise ValidationError({"ref": f"{ref} is the former reference of {renamed.ref}"})
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
        for t in session.exec(select(ReviewTheme).where(col(ReviewTheme.review_id) == review.id))
    }
    for theme, row in current.items():
        if theme not in wanted:
            records.delete(session, svc, ReviewTheme, row.id)  # type: ignore[arg-type]
    for theme in wanted:
        if theme not in current:
            records.create(session, svc, ReviewTheme(review_id=review.id, theme=theme))  # type: ignore[arg-type]


def themes_of(session: Session, review_id: int) -> list[str]:
    stmt = (
        select(col(ReviewTheme.theme))
        .where(col(ReviewTheme.review_id) == review_id)
        .order_by(col(ReviewTheme.id))
    )
    return list(session.exec(stmt))


def get_review(session: Session, ref: str) -> Review:
    """The review with reference ``ref``, or whose former reference it was (see ReviewAlias)."""
    wanted = ref.strip().upper()
    review = session.exec(select(Review).where(col(Review.ref) == wanted)).first()
    if review is None:
        review = review_by_alias(session, wanted)
    if review is None:
        raise NotFound(f"no review with reference {wanted}")
    return review


def review_by_alias(session: Session, ref: str) -> Review | None:
    """The review that used to be called ``ref`` (an RR reference before a conversion)."""
    stmt = (
        select(Review)
        .join(ReviewAlias, col(ReviewAlias.review_id) == Review.id)
        .where(func.upper(col(ReviewAlias.ref)) == ref.strip().upper())
    )
    return session.exec(stmt).first()


def aliases_of(session: Session, review_id: int) -> list[str]:
    """The review's former references, oldest first."""
    stmt = select(col(ReviewAlias.ref)).where(col(ReviewAlias.review_id) == review_id)
    return list(session.exec(stmt.order_by(col(ReviewAlias.id))))


CONVERSIONS = ("CSPR", "LCSPR", "SAR", "DHR")
"""What a Rapid Review may become (S-CRT counts these as "converted")."""
DECIDED_STAGE = "decision"
"""The stage a conversion sets: the partners have decided to commission the new review.
Not "commissioned": that stage means terms of reference agreed, on ``commissioned_on``."""


def convert_review(
    session: Session,
    svc: Services,
    review: Review,
    new_type: str,
    decision_on: date | None,
    *,
    expected_version: int | None = None,
) -> Review:
    """Make a Rapid Review the CSPR, LCSPR, SAR or DHR it became, on the same record.

    The record keeps its id, audit history, submissions and themes; it gets the new type
    (and its commissioning body), the decision date, the decided stage and a reference in
    the new type's pattern (``LAM-CSPR-2025-01``: borough, type, decision year, next
    free number). The old reference stays findable as a :class:`ReviewAlias`, and
    ``former_type`` keeps the RR's own deadlines on the timeline. Both writes are
    audited as "convert", which undo leaves alone: undoing one half would split them.
    """
    target = _check_conversion(review, new_type, decision_on)
    assert decision_on is not None  # checked above
    old_ref = review.ref
    values = {
        "ref": next_review_ref(session, _borough_code(session, review), target, decision_on.year),
        "review_type": target,
        "commissioning_body": commissioning_body(target),
        "former_type": review.review_type,
        "decision_on": decision_on,
        **_decided_stage(review),
    }
    records.apply_changes(
        session, svc, review, values, expected_version=expected_version, action="convert"
    )
    alias = ReviewAlias(review_id=review.id, ref=old_ref)  # type: ignore[arg-type]
    records.create(session, svc, alias, action="convert")
    return review


def _check_conversion(review: Review, new_type: str, decision_on: date | None) -> str:
    """The target type code, or :class:`ValidationError` naming each field that is wrong."""
    check = Checker()
    if review.review_type != "RR":
        label = REVIEW_TYPES.get(review.review_type, (review.review_type,))[0]
        check.fail("review_type", f"only a Rapid Review can be converted; this is a {label}")
    try:
        target = review_type_code(new_type)
    except ValueError:
        target = new_type.strip()
    if not target:
        check.fail("review_type", "is required")
    elif target not in CONVERSIONS:
        check.fail(
            "review_type", f"a Rapid Review becomes a {', '.join(CONVERSIONS)}, not {target!r}"
        )
    values = {"decision_on": decision_on, "notified_on": review.notified_on}
    check.required(values, "decision_on")
    check.not_before(values, "decision_on", "notified_on")
    check.raise_if_any()
    return target


def _decided_stage(review: Review) -> dict[str, Any]:
    """The decided stage, unless the review is already further on and still open."""
    after_decision = STAGE_CODES[STAGE_CODES.index(DECIDED_STAGE) + 1]
    if _stage_reached(review.stage, after_decision) and review.stage not in CLOSED_STAGES:
        return {}
    return {"stage": DECIDED_STAGE, "stage_text": None}


def _borough_code(session: Session, review: Review) -> str:
    """The review's borough code; else its reference's first part; else SEL (the ICB)."""
    borough = session.get(Borough, review.borough_id) if review.borough_id else None
    if borough is not None:
        return borough.code
    first = review.ref.split("-", 1)[0]
    return first if "-" in review.ref and first.isalpha() else "SEL"


def next_review_ref(session: Session, borough_code: str, review_type: str, year: int) -> str:
    """``LAM-CSPR-2025-03``: the next number after any reference, current or former, so far."""
    prefix = f"{borough_code}-{review_type}-{year}-".upper()
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    taken = [
        *session.exec(select(col(Review.ref)).where(col(Review.ref).startswith(prefix))),
        *session.exec(select(col(ReviewAlias.ref)).where(col(ReviewAlias.ref).startswith(prefix))),
    ]
    numbers = [int(m.group(1)) for ref in taken if (m := pattern.match(ref.upper()))]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


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
    stmt = select(Submission).where(col(Submission.review_id) == review_id)
    return list(session.exec(stmt.order_by(col(Submission.due_on), col(Submission.kind))))


def recommendations_of(session: Session, review_id: int) -> list[Recommendation]:
    recs = list(
        session.exec(select(Recommendation).where(col(Recommendation.review_id) == review_id))
    )
    return sorted(recs, key=lambda r: (len(r.number), r.number))


def is_open(review: Review) -> bool:
    return review.stage not in CLOSED_STAGES and review.closed_on is None


def review_open() -> Any:
    """SQL: :func:`is_open`, for the "Open statutory reviews" figure and its lists."""
    return col(Review.stage).not_in(CLOSED_STAGES) & col(Review.closed_on).is_(None)


def submission_overdue(before: date) -> Any:
    """SQL: a request not yet submitted (dated or "Y") whose due date is before ``before``.

    The one rule behind the "Overdue submissions" figure, the Today list and the
    quarterly workbook.
    """
    return (
        col(Submission.submitted_on).is_(None)
        & col(Submission.submitted_undated).is_(False)
        & col(Submission.status).in_(("requested", "in_progress"))
        & (col(Submission.due_on) < before)
    )


def overdue_submissions(
    session: Session, as_of: date, *, within_days: int = 0, borough_id: int | None = None
) -> list[tuple[Submission, Review]]:
    """Requests not yet submitted whose due date is before ``as_of`` (+ ``within_days``)."""
    from datetime import timedelta

    stmt = (
        select(Submission, Review)
        .join(Review, col(Review.id) == Submission.review_id)
        .where(submission_overdue(as_of + timedelta(days=within_days)))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
    return [tuple(row) for row in session.execute(stmt.order_by(col(Submission.due_on)))]


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
        "review_type": REVIEW_TYPES[review.review_type][0]
        + (f" (from {REVIEW_TYPES[review.former_type][0]})" if review.former_type else ""),
        "stage": coded_value(review, "stage", STAGE_LABELS),
    }
    fields = []
    for label, attr in SCRT_FIELDS:
        value = derived[attr] if attr in derived else getattr(review, attr)
        text = format_uk(value) if isinstance(value, date) else (str(value) if value else "")
        fields.append(ScrtField(label, text))
    return fields


REVIEW_EVENTS: tuple[tuple[str, str], ...] = (
    ("incident_on", "Incident"),
    ("notified_on", "Notified"),
    ("decision_on", "Decision"),
    ("commissioned_on", "Commissioned"),
    ("signed_off_on", "Report signed off"),
    ("published_on", "Published"),
    ("scrt_entered_on", "Entered on S-CRT"),
    ("closed_on", "Closed"),
)
"""The review's dated events, as (column, timeline label)."""

STAGE_MILESTONES: dict[str, tuple[str, str]] = {
    "panel_notification": ("notified_on", "rapid_review"),
    "rr_complete": ("decision_on", "decision"),
    "decision": ("decision_on", "commissioned"),
    "report_complete": ("signed_off_on", "awaiting_qa"),
}
"""Milestone -> (review date that meets it, first stage that shows it met without a date).

The timescale rules (:data:`~sgtui.services.catalogues.TIMESCALE_RULES`) name two kinds
of milestone. A submission kind (information, chronology, imr, rr_return, ...) is met
when the review's request of that kind is submitted. The rest are steps of the review
itself, met by one of its dates: the LA notified the National Panel (``notified_on``);
a Rapid Review is complete when the partners decide what follows (``decision_on``); a
DHR/OWHR decision is ``decision_on``; a report is complete when signed off
(``signed_off_on``). A review whose stage has moved past the step (a legacy record with
the stage but not the date) has met it, date not recorded.
"""


@dataclass(frozen=True)
class TimelineEvent:
    """One line of a review's timeline: something that happened, or a deadline.

    For a deadline, ``met`` says whether its milestone is done, ``met_on`` when (None if
    not done or not recorded), and ``days_late`` how many calendar days after the due
    date it was met, or, still unmet, how far past due it is on the ``as_of`` date.
    ``upcoming`` is an event after ``as_of`` or an unmet deadline not yet passed.
    """

    day: date
    label: str
    kind: str
    """Either "event" or "deadline"."""
    upcoming: bool = False
    milestone: str = ""
    met: bool = False
    met_on: date | None = None
    days_late: int | None = None

    @property
    def mark(self) -> str:
        """✓ done or met on time, ✗ missed or met late, · still to come: never ✓ for a miss."""
        if self.upcoming:
            return "·"
        if self.kind == "event" or (self.met and not self.days_late):
            return "✓"
        return "✗"

    @property
    def note(self) -> str:
        """How a deadline stands in words ("met 05/03/2025, 3 days late"); "" otherwise."""
        if self.kind != "deadline" or self.upcoming:
            return ""
        if not self.met:
            return f"not met, {_days_late_text(self.days_late or 0)}"
        when = f"met {format_uk(self.met_on)}" if self.met_on else "met (date not recorded)"
        return f"{when}, {_days_late_text(self.days_late)}" if self.days_late else when


def _days_late_text(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''} late"


def timeline(session: Session, review: Review, as_of: date) -> list[TimelineEvent]:
    """Dated events on the review, with the deadlines its rules give, in date order.

    Each deadline says whether it was met (see :data:`STAGE_MILESTONES`) and, judged
    on ``as_of`` (the services' clock, never the machine's), how late it is or was.
    """
    events = [
        TimelineEvent(day, label, "event", upcoming=day > as_of)
        for column, label in REVIEW_EVENTS
        if (day := getattr(review, column)) is not None
    ]
    submissions = submissions_of(session, review.id)  # type: ignore[arg-type]
    for review_type, prefix in _deadline_types(review):
        for deadline in review_deadlines(session, review, review_type=review_type):
            done = milestone_met(review, submissions, deadline.milestone)
            if done is None:
                continue  # every request for it was withdrawn or not required: nothing is owed
            label = f"{prefix}: {deadline.description} ({deadline.rule})"
            events.append(_deadline_event(deadline, label, *done, as_of))
    return sorted(events, key=lambda e: e.day)


def _deadline_types(review: Review) -> list[tuple[str, str]]:
    """(review type, label prefix) whose rules give the timeline's deadlines.

    A converted review keeps its former type's deadlines as history ("Due as RR: ...").
    """
    types = [(review.review_type, "Due")]
    if review.former_type and review.former_type != review.review_type:
        types.append((review.former_type, f"Due as {review.former_type}"))
    return types


def _deadline_event(
    deadline: Deadline, label: str, met: bool, met_on: date | None, as_of: date
) -> TimelineEvent:
    """A deadline as a timeline line, with its lateness on ``as_of``."""
    due = deadline.due_on
    late: int | None
    if met:
        late = (met_on - due).days if met_on and met_on > due else 0
    else:
        late = (as_of - due).days if as_of > due else None
    return TimelineEvent(
        due,
        label,
        "deadline",
        upcoming=not met and as_of <= due,
        milestone=deadline.milestone,
        met=met,
        met_on=met_on,
        days_late=late or None,
    )


def milestone_met(
    review: Review, submissions: list[Submission], milestone: str
) -> tuple[bool, date | None] | None:
    """(whether ``milestone`` is done, the date it was done if recorded), or None if void.

    A review step is met as :data:`STAGE_MILESTONES` says. A submission milestone is
    met when every live request of that kind is submitted, on the last of their dates;
    with requests but none live (all withdrawn or not required) nothing is owed: None.
    A milestone with no request, or of a kind neither knows, is not met.
    """
    if milestone in STAGE_MILESTONES:
        column, stage = STAGE_MILESTONES[milestone]
        if (day := getattr(review, column)) is not None:
            return True, day
        return _stage_reached(review.stage, stage), None
    requests = [s for s in submissions if s.kind == milestone]
    live = [s for s in requests if s.status not in DROPPED_REQUESTS]
    if requests and not live:
        return None
    if not live or not all(_submitted(s) for s in live):
        return False, None
    dated = [s.submitted_on for s in live if s.submitted_on is not None]
    return True, max(dated) if len(dated) == len(live) else None


DROPPED_REQUESTS = ("withdrawn", "not_required")
"""Request statuses that mean nothing is coming: such a request neither meets nor misses."""


def _submitted(submission: Submission) -> bool:
    """Submitted with a date, flagged done without one, or given the status submitted."""
    return undated.done(submission, "submitted_on") or submission.status == "submitted"


def _stage_reached(stage: str, wanted: str) -> bool:
    """True when ``stage`` is ``wanted`` or later in :data:`REVIEW_STAGES` order."""
    if stage not in STAGE_CODES:
        return False  # an unmapped stage ("unmapped:…") shows nothing done
    return STAGE_CODES.index(stage) >= STAGE_CODES.index(wanted)


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


def recommendation_is_open(status: str, completed_on: date | None, completed_undated: bool) -> bool:
    """The recommendation is not done: :func:`recommendation_open` on one row, in Python."""
    done = completed_on is not None or completed_undated
    return (status == "open" or is_unmapped(status)) and not done


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
        .join(Review, col(Review.id) == Recommendation.review_id)
        .where(recommendation_open())
        .where(col(Recommendation.target_on) < as_of + timedelta(days=within_days))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Review.borough_id) == borough_id)
    stmt = stmt.order_by(col(Recommendation.target_on), col(Review.ref), col(Recommendation.id))
    rows = session.execute(stmt if limit is None else stmt.limit(limit))
    return [tuple(row) for row in rows]


def meetings_to_link(
    session: Session, review: Review, as_of: date, limit: int = 20
) -> list[Meeting]:
    """Meetings from ``as_of`` on in the review's borough not yet linked to it, by date.

    A review with no borough is offered every borough's meetings; cancelled meetings
    are left out.
    """
    stmt = select(Meeting).where(
        col(Meeting.meeting_date) >= as_of,
        col(Meeting.status) != "cancelled",
        or_(col(Meeting.review_id).is_(None), col(Meeting.review_id) != review.id),
    )
    if review.borough_id is not None:
        stmt = stmt.where(col(Meeting.borough_id) == review.borough_id)
    return list(
        session.exec(stmt.order_by(col(Meeting.meeting_date), col(Meeting.ref)).limit(limit))
    )
