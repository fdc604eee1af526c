"""Each kind of record's own rules, run on a record as it would be saved by :mod:`editing`.

A LES return's status follows its dated steps; a review's commissioning body follows
its type; an action or recommendation marked done gets today's date, and a done-on
date marks it done; a training record's expiry follows its course unless stated; a
meeting marked held before its date is asked about. Each rule takes the record's
columns as they would be saved (``merged``) and as stored (``before``, empty when
adding), and returns the columns to write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session

from sgtui.services import records
from sgtui.services.catalogues import settle_coded
from sgtui.services.context import Services
from sgtui.services.errors import NeedsConfirmation, ValidationError
from sgtui.services.ukdates import format_uk
from sgtui.services.undated import flag_of
from sgtui.store.models import Course, MeetingType, Review

Settle = Callable[[Session, Services, dict[str, Any], dict[str, Any], bool], dict[str, Any]]
"""(session, services, merged columns, stored columns, confirmed) -> the columns to write."""


def _settle_review(
    session: Session, svc: Services, merged: dict[str, Any], _b: dict[str, Any], _c: bool
) -> dict[str, Any]:
    from sgtui.services.reviews import commissioning_body

    merged["commissioning_body"] = commissioning_body(merged["review_type"])
    merged["ref"] = str(merged["ref"]).strip().upper()
    return settle_coded("review", merged)


def _status_follows_step(
    merged: dict[str, Any],
    before: dict[str, Any],
    today: date,
    column: str,
    done: tuple[str, ...],
    still_open: tuple[str, ...],
) -> None:
    """Keep a status and its "done on" step in step, whichever the officer changed.

    A step newly done (a date or "yes") moves an open status to done; a status newly
    set to done with no date gets today's; a status set back to open clears the step.
    """
    flag = flag_of(column)
    is_done = merged.get(column) is not None or bool(merged.get(flag))
    was_done = before.get(column) is not None or bool(before.get(flag))
    status, was = merged.get("status"), before.get("status")
    if is_done and not was_done and status in (None, *still_open):
        merged["status"] = done[0]
    elif status in done and was not in done and not is_done:
        merged[column] = today
    elif status in still_open and was in done and is_done and was_done:
        merged[column], merged[flag] = None, False


def _settle_action(
    session: Session, svc: Services, merged: dict[str, Any], before: dict[str, Any], _c: bool
) -> dict[str, Any]:
    _status_follows_step(
        merged, before, svc.clock.today(), "completed_on", ("complete", "closed"),
        ("open", "in_progress", "carried_forward"),
    )  # fmt: skip
    return settle_coded("action", merged)


def _settle_recommendation(
    session: Session, svc: Services, merged: dict[str, Any], before: dict[str, Any], _c: bool
) -> dict[str, Any]:
    _status_follows_step(
        merged, before, svc.clock.today(), "completed_on", ("complete",), ("open",)
    )
    return settle_coded("recommendation", merged)


def _settle_submission(
    session: Session, svc: Services, merged: dict[str, Any], before: dict[str, Any], _c: bool
) -> dict[str, Any]:
    from sgtui.services.reviews import propose_due

    merged["agency"] = merged.get("agency") or "ICB"
    merged["requested_on"] = merged.get("requested_on") or svc.clock.today()
    if not merged.get("due_on"):
        review = records.get(session, Review, merged["review_id"])
        merged["due_on"] = propose_due(
            session, review, merged["kind"], merged["requested_on"]
        ).due_on
    _status_follows_step(
        merged, before, svc.clock.today(), "submitted_on", ("submitted",),
        ("requested", "in_progress"),
    )  # fmt: skip
    return settle_coded("submission", merged)


def _settle_meeting(
    session: Session, svc: Services, merged: dict[str, Any], before: dict[str, Any], confirmed: bool
) -> dict[str, Any]:
    today = svc.clock.today()
    newly_held = merged.get("status") == "held" and before.get("status") != "held"
    if newly_held and merged["meeting_date"] > today and not confirmed:
        raise NeedsConfirmation(
            f"This meeting is on {format_uk(merged['meeting_date'])}, still to come. "
            "Mark it held anyway?",
            "status",
        )
    steps = (("minutes_approved_on", "approved"), ("minutes_circulated_on", "circulated"),
             ("minutes_drafted_on", "draft"))  # fmt: skip
    order = ("none", "draft", "circulated", "approved")
    for column, status in steps:
        dated = merged.get(column) is not None or (
            column == "minutes_circulated_on" and merged.get("minutes_circulated_undated")
        )
        if dated and order.index(merged.get("minutes_status") or "none") < order.index(status):
            merged["minutes_status"] = status
            break
    if not merged.get("ref"):
        from sgtui.services.meetings import meeting_ref
        from sgtui.store.models import Borough

        type_id, borough_id = merged.get("meeting_type_id"), merged.get("borough_id")
        kind = session.get(MeetingType, type_id) if type_id else None
        borough = session.get(Borough, borough_id) if borough_id else None
        merged["ref"] = meeting_ref(
            kind.code if kind else "MTG", borough.code if borough else None, merged["meeting_date"]
        )
    return settle_coded("meeting", merged)


def _settle_les_return(
    session: Session, svc: Services, merged: dict[str, Any], _b: dict[str, Any], _c: bool
) -> dict[str, Any]:
    from sgtui.services.les import derive_status
    from sgtui.store.models import LesReturn

    merged["status"] = derive_status(LesReturn(**merged))
    return merged


def _settle_training(
    session: Session, svc: Services, merged: dict[str, Any], _b: dict[str, Any], _c: bool
) -> dict[str, Any]:
    """A stated expiry is kept; otherwise it follows the course's validity from completion."""
    from sgtui.services.training import derive_expiry

    if merged["completed_on"] > svc.clock.today():
        raise ValidationError({"completed_on": "is in the future"})
    course = records.get(session, Course, merged["course_id"])
    if not merged.get("expiry_stated") or merged.get("expires_on") is None:
        merged["expiry_stated"] = False
        merged["expires_on"] = derive_expiry(merged["completed_on"], course.validity_months)
    return merged


def _settle_person(
    session: Session, svc: Services, merged: dict[str, Any], _b: dict[str, Any], _c: bool
) -> dict[str, Any]:
    from sgtui.services.namesakes import person_key

    if not merged.get("key"):
        merged["key"] = person_key(merged["name"], merged.get("organisation"), merged.get("email"))
    return merged


def _settle_practice(
    session: Session, svc: Services, merged: dict[str, Any], _b: dict[str, Any], _c: bool
) -> dict[str, Any]:
    from sgtui.services.practices import ODS_PRACTICE, normalise_ods

    merged["ods_code"] = normalise_ods(merged["ods_code"])
    if not ODS_PRACTICE.match(merged["ods_code"]):
        raise ValidationError(
            {"ods_code": f"{merged['ods_code']!r} is not a GP practice ODS code (e.g. G83004)"}
        )
    return merged


def _settle_scheme(
    session: Session, svc: Services, merged: dict[str, Any], _b: dict[str, Any], _c: bool
) -> dict[str, Any]:
    from sgtui.services.les import normalise_year

    merged["year"] = normalise_year(merged["year"])
    return merged


def _settle_criterion(
    session: Session, svc: Services, merged: dict[str, Any], _b: dict[str, Any], _c: bool
) -> dict[str, Any]:
    merged["code"] = str(merged["code"]).strip().upper()
    return merged


SETTLE: dict[str, Settle] = {
    "review": _settle_review,
    "action": _settle_action,
    "recommendation": _settle_recommendation,
    "submission": _settle_submission,
    "meeting": _settle_meeting,
    "les_return": _settle_les_return,
    "training": _settle_training,
    "person": _settle_person,
    "practice": _settle_practice,
    "les_scheme": _settle_scheme,
    "les_criterion": _settle_criterion,
}
"""Each kind's own rules, run on the record as it would be saved."""
