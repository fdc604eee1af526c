"""Add or edit a review, with a version check against colleagues' saves.

Edits pass the version the officer opened (``expected_version``), so a colleague's save
in between raises ``ConflictError`` and the form shows both versions to choose from.
The review subject is checked as it is typed: it must be a pseudonym or initials.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from textual.widgets import Input, Static

from sgtui.services import records, reviews
from sgtui.services.catalogues import (
    BOROUGHS,
    REVIEW_STAGES,
    REVIEW_TYPES,
    choices_with,
)
from sgtui.services.context import Services
from sgtui.services.errors import ValidationError
from sgtui.services.privacy import check_subject
from sgtui.services.reference import find_borough
from sgtui.services.ukdates import format_uk
from sgtui.store.models import Review
from sgtui.tui.modals.form import FieldSpec, FormModal

SUBJECT_HINT = "Pseudonym or initials only (e.g. 'Child P', 'Adult B'): never a real name"


class ReviewFormModal(FormModal):
    """A review form that warns, as the subject is typed, when it may identify someone."""

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "field-subject":
            return
        warnings = check_subject(event.value)
        hint = self.query_one("#hint-subject", Static)
        if warnings:
            hint.update("\n".join(f"⚠ Subject {w}" for w in warnings))
            hint.add_class("field-error")
        else:
            hint.update(SUBJECT_HINT)
            hint.remove_class("field-error")


def review_form(svc: Services, review: Review | None, borough: str = "") -> ReviewFormModal:
    """Add a review (``review`` None) or edit one; ``borough`` is the code to preselect."""
    fields = (
        [] if review else [FieldSpec("ref", "Reference", required=True, hint="e.g. LAM-RR-2025-03")]
    )
    fields += [
        FieldSpec(
            "review_type",
            "Type",
            "choice",
            required=True,
            choices=tuple((f"{code} {name}", code) for code, (name, _body) in REVIEW_TYPES.items()),
            default=review.review_type if review else "",
        ),
        FieldSpec(
            "borough",
            "Borough",
            "choice",
            choices=tuple((b.name, b.code) for b in BOROUGHS),
            default=borough,
        ),
        FieldSpec(
            "subject",
            "Subject (pseudonym or initials only)",
            default=(review.subject or "") if review else "",
            hint=SUBJECT_HINT,
        ),
        FieldSpec(
            "notified_on",
            "Notified on",
            "date",
            default=format_uk(review.notified_on) if review else "",
        ),
        FieldSpec(
            "stage",
            "Stage",
            "choice",
            required=True,
            choices=choices_with(
                tuple((label, code) for code, label in REVIEW_STAGES),
                review.stage if review else None,
                review.stage_text if review else None,
            ),
            default=review.stage if review else "notified",
        ),
    ]

    def save(session: Session, values: dict[str, Any], version: int | None) -> Review:
        values = dict(values)
        found = find_borough(session, values.pop("borough", None))
        values["borough_id"] = found.id if found else None
        if review is None:
            if records.find(session, Review, {"ref": str(values["ref"]).strip().upper()}):
                raise ValidationError({"ref": "is already used by another review"})
        else:
            values["ref"] = review.ref
        return reviews.save_review(session, svc, values, expected_version=version)[1]

    title = f"Edit review {review.ref}" if review else "Add a review"
    return ReviewFormModal(title, fields, save, expected_version=review.version if review else None)
