"""Statutory reviews, the submissions requested for them and their recommendations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlmodel import col

from sgtui.services.catalogues import (
    RAG_LABELS,
    RECOMMENDATION_STATUS_LABELS,
    STAGE_LABELS,
    SUBMISSION_KINDS,
    coded_label,
)
from sgtui.services.lists.base import ListSpec, Row, Scope, Sort, cols, editable, narrow, uk
from sgtui.services.reviews import recommendation_is_open, submission_overdue
from sgtui.services.undated import cell_text
from sgtui.store.models import Borough, Recommendation, Review, ReviewAlias, Submission


def _reviews_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(Review.id),
            col(Review.ref),
            col(Review.review_type),
            col(Borough.code),
            col(Review.stage),
            col(Review.stage_text),
            col(Review.notified_on),
            col(Review.subject),
        )
        .select_from(Review)
        .outerjoin(Borough, col(Borough.id) == Review.borough_id)
    )
    return narrow(stmt, scope, {"borough_id": Review.borough_id})


FORMER_REFS = (
    select(func.aggregate_strings(col(ReviewAlias.ref), " "))
    .where(col(ReviewAlias.review_id) == Review.id)
    .correlate(Review)
    .scalar_subquery()
)
"""A review's former references in one string, so typing an RR's old reference (in the
list filter or the command palette) still finds the CSPR it became."""


def _review_row(r: Any, scope: Scope) -> Row:
    stage = coded_label(r.stage, r.stage_text, STAGE_LABELS)  # "Draft report", not draft_report
    cells = (r.ref, r.review_type, r.code or "", stage, uk(r.notified_on), r.subject or "")
    return Row(f"review:{r.id}", "review", r.id, cells)


def _submissions_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(Submission.id),
            col(Submission.review_id),
            col(Review.ref),
            col(Submission.kind),
            col(Submission.agency),
        )
        .add_columns(col(Submission.kind_text), col(Submission.submitted_undated))
        .add_columns(
            col(Submission.requested_on), col(Submission.due_on), col(Submission.submitted_on)
        )
        .add_columns(col(Submission.status))
        .select_from(Submission)
        .join(Review, col(Review.id) == Submission.review_id)
    )
    return narrow(stmt, scope, {"borough_id": Review.borough_id, "review_id": Submission.review_id})


def _submission_overdue(scope: Scope) -> Any:
    """The SQL of :func:`_submission_row`'s "! Overdue": the "Overdue submissions" rule."""
    return submission_overdue(scope.as_of)


SUBMISSION_STATUSES: dict[str, Callable[[Scope], Any]] = {"overdue": _submission_overdue}
"""Status words worked out, not stored, for "Status is overdue"."""


def _submission_row(r: Any, scope: Scope) -> Row:
    done = r.submitted_on is not None or r.submitted_undated
    late = not done and r.due_on is not None and r.due_on < scope.as_of
    status = (
        f"! Overdue ({r.status})" if late and r.status in ("requested", "in_progress") else r.status
    )
    cells = (
        r.ref,
        coded_label(r.kind, r.kind_text, SUBMISSION_KINDS),
        r.agency,
        uk(r.requested_on),
        uk(r.due_on),
        cell_text(r.submitted_on, r.submitted_undated),
        status,
    )
    return Row(f"submission:{r.id}", "review", r.review_id, cells)


REVIEWS = ListSpec(
    "reviews",
    "Reviews",
    editable(
        cols(
            ("ref", "Reference", 18),
            ("type", "Type", 6),
            ("borough", "Borough", 7),
            ("stage", "Stage", 22),
            ("notified", "Notified", 10),
            ("subject", "Subject", 16),
        ),
        type="review_type",
        borough="borough",
        stage="stage",
        notified="notified_on",
        subject="subject",
    ),
    {"ref": Review.ref, "type": Review.review_type, "notified": Review.notified_on},
    (Review.ref, Review.subject, Review.review_type, FORMER_REFS),
    Sort("notified", descending=True),
    _reviews_base,
    _review_row,
)
SUBMISSIONS = ListSpec(
    "submissions",
    "Submissions",
    editable(
        cols(
            ("review", "Review", 18),
            ("kind", "Request", 26),
            ("agency", "Agency", 10),
            ("requested", "Requested", 10),
            ("due", "Due", 10),
            ("submitted", "Submitted", 10),
            ("status", "Status", 22),
        ),
        kind="kind",
        agency="agency",
        requested="requested_on",
        due="due_on",
        submitted="submitted_on",
        status="status",
    ),
    {"review": Review.ref, "due": Submission.due_on, "kind": Submission.kind},
    (Review.ref, Submission.kind, Submission.agency),
    Sort("due"),
    _submissions_base,
    _submission_row,
    column_exprs={
        "agency": Submission.agency,
        "requested": Submission.requested_on,
        "submitted": Submission.submitted_on,
        "status": Submission.status,
    },
    statuses={"status": SUBMISSION_STATUSES},
)


def _own_submission_row(r: Any, scope: Scope) -> Row:
    """A submission on its review's page: the review column would only repeat the page's."""
    row = _submission_row(r, scope)
    return replace(row, cells=row.cells[1:])


def _recommendations_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(col(Recommendation.id), col(Recommendation.review_id), col(Recommendation.number))
        .add_columns(
            col(Recommendation.text), col(Recommendation.health_action), col(Recommendation.lead)
        )
        .add_columns(
            col(Recommendation.target_on), col(Recommendation.rag), col(Recommendation.rag_text)
        )
        .add_columns(col(Recommendation.status), col(Recommendation.completed_on))
        .add_columns(col(Recommendation.completed_undated))
        .select_from(Recommendation)
        .join(Review, col(Review.id) == Recommendation.review_id)
    )
    return narrow(
        stmt, scope, {"borough_id": Review.borough_id, "review_id": Recommendation.review_id}
    )


def _recommendation_row(r: Any, scope: Scope) -> Row:
    still_open = recommendation_is_open(r.status, r.completed_on, r.completed_undated)
    late = still_open and r.target_on is not None and r.target_on < scope.as_of
    status = coded_label(r.status, None, RECOMMENDATION_STATUS_LABELS)
    cells = (
        r.number,
        r.text,
        r.health_action or "",
        r.lead or "",
        uk(r.target_on),
        coded_label(r.rag, r.rag_text, RAG_LABELS) if r.rag else "",
        ("! Overdue" if r.status == "open" else f"! Overdue ({status})") if late else status,
        cell_text(r.completed_on, r.completed_undated),
    )
    return Row(f"recommendation:{r.id}", "review", r.review_id, cells)


NUMBER_ORDER = func.substr(
    literal(" " * 10).concat(Recommendation.number), func.length(col(Recommendation.number)) + 1
)
"""Numbers as the report lists them, 2 before 10 (padded on the left with spaces, which
sort first; substr and || work on SQLite and PostgreSQL alike)."""

RECOMMENDATIONS = ListSpec(
    "recommendations",
    "Recommendations",
    editable(
        cols(
            ("number", "No.", 3),
            ("text", "Recommendation", 16),
            ("health_action", "Health action", 14),
            ("lead", "Lead", 10),
            ("target", "Target", 10),
            ("rag", "RAG", 5),
            ("status", "Status", 10),
            ("completed", "Completed", 10),
        ),
        text="text",
        health_action="health_action",
        lead="lead",
        target="target_on",
        rag="rag",
        status="status",
        completed="completed_on",
    ),
    {
        "number": NUMBER_ORDER,
        "target": Recommendation.target_on,
        "lead": Recommendation.lead,
        "status": Recommendation.status,
    },
    (
        Recommendation.number,
        Recommendation.text,
        Recommendation.health_action,
        Recommendation.lead,
    ),
    Sort("number"),
    _recommendations_base,
    _recommendation_row,
)
REVIEW_SUBMISSIONS = ListSpec(
    "review_submissions",
    "Submissions",
    editable(
        cols(
            ("kind", "Request", 20),
            ("agency", "Agency", 6),
            ("requested", "Requested", 10),
            ("due", "Due", 10),
            ("submitted", "Submitted", 10),
            ("status", "Status", 16),
        ),
        kind="kind",
        agency="agency",
        requested="requested_on",
        due="due_on",
        submitted="submitted_on",
        status="status",
    ),
    {"due": Submission.due_on, "kind": Submission.kind},
    (Submission.kind, Submission.agency),
    Sort("due"),
    _submissions_base,
    _own_submission_row,
    column_exprs={
        "agency": Submission.agency,
        "requested": Submission.requested_on,
        "submitted": Submission.submitted_on,
        "status": Submission.status,
    },
    statuses={"status": SUBMISSION_STATUSES},
)
"""One review's submissions, for its page (narrow enough to show every column)."""
