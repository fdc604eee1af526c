"""Statutory reviews and the submissions requested for them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from sgtui.services.catalogues import REVIEW_STAGES, SUBMISSION_KINDS, coded_label
from sgtui.services.lists.base import ListSpec, Row, Scope, Sort, cols, narrow, uk
from sgtui.services.undated import cell_text
from sgtui.store.models import Borough, Review, ReviewAlias, Submission


def _reviews_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            Review.id,
            Review.ref,
            Review.review_type,
            Borough.code,
            Review.stage,
            Review.stage_text,
            Review.notified_on,
            Review.subject,
        )
        .select_from(Review)
        .outerjoin(Borough, Borough.id == Review.borough_id)
    )
    return narrow(stmt, scope, {"borough_id": Review.borough_id})


STAGE_LABELS = dict(REVIEW_STAGES)
FORMER_REFS = (
    select(func.aggregate_strings(ReviewAlias.ref, " "))
    .where(ReviewAlias.review_id == Review.id)
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
        select(Submission.id, Submission.review_id, Review.ref, Submission.kind, Submission.agency)
        .add_columns(Submission.kind_text, Submission.submitted_undated)
        .add_columns(Submission.requested_on, Submission.due_on, Submission.submitted_on)
        .add_columns(Submission.status)
        .select_from(Submission)
        .join(Review, Review.id == Submission.review_id)
    )
    return narrow(stmt, scope, {"borough_id": Review.borough_id, "review_id": Submission.review_id})


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
    cols(
        ("ref", "Reference", 18),
        ("type", "Type", 6),
        ("borough", "Borough", 7),
        ("stage", "Stage", 22),
        ("notified", "Notified", 10),
        ("subject", "Subject", 16),
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
    cols(
        ("review", "Review", 18),
        ("kind", "Request", 26),
        ("agency", "Agency", 10),
        ("requested", "Requested", 10),
        ("due", "Due", 10),
        ("submitted", "Submitted", 10),
        ("status", "Status", 22),
    ),
    {"review": Review.ref, "due": Submission.due_on, "kind": Submission.kind},
    (Review.ref, Submission.kind, Submission.agency),
    Sort("due"),
    _submissions_base,
    _submission_row,
)
