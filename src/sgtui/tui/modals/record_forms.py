"""The forms not yet built from the field registry: a recurring series, a submission
request with its proposed due date, and an LES return criterion by criterion.

Each builder returns a :class:`FormModal` with its fields (choices from the catalogues)
and a save function that turns codes into ids and calls the service, which validates
and audits. Field names match the service's, so its errors land under the right field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session
from textual import work

from sgtui.services import les, meetings, reviews
from sgtui.services.catalogues import (
    BOROUGHS,
    MEETING_TYPES,
    SUBMISSION_KINDS,
    SUBMISSION_STATUSES,
)
from sgtui.services.context import Services
from sgtui.services.reference import find_borough
from sgtui.services.ukdates import format_uk
from sgtui.store.models import LesCriterion, LesReturn, LesScheme, Meeting, Practice, Review
from sgtui.tui.context import services_of
from sgtui.tui.modals.form import FieldSpec, FormModal


def _choices(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((v.replace("_", " ").capitalize(), v) for v in values)


MEETING_TYPE_CHOICES = tuple((t.name, t.code) for t in MEETING_TYPES)
BOROUGH_CHOICES = tuple((b.name, b.code) for b in BOROUGHS)


def _meeting_ids(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Form codes (meeting type, borough) as the ids the service stores."""
    values = dict(values)
    type_code, borough_code = values.pop("meeting_type", None), values.pop("borough", None)
    if type_code:
        values["meeting_type_id"] = meetings.meeting_type(session, type_code).id
    borough = find_borough(session, borough_code)
    values["borough_id"] = borough.id if borough else None
    return values


def series_form(svc: Services, borough_code: str = "") -> FormModal:
    """A recurring series (e.g. the six-weekly network) and its next eight meetings."""
    fields = [
        FieldSpec("code", "Series code", required=True, hint="e.g. LAM-SG-NETWORK"),
        FieldSpec("title", "Title", required=True),
        FieldSpec("meeting_type", "Type", "choice", required=True, choices=MEETING_TYPE_CHOICES),
        FieldSpec("borough", "Borough", "choice", choices=BOROUGH_CHOICES, default=borough_code),
        FieldSpec("first_date", "First date", "date", required=True),
        FieldSpec(
            "cadence_unit",
            "Repeats in",
            "choice",
            required=True,
            choices=(("Weeks", "weeks"), ("Months", "months")),
            default="weeks",
        ),
        FieldSpec(
            "cadence_every",
            "Every",
            "number",
            required=True,
            default="6",
            hint="e.g. 6 for six-weekly",
        ),
        FieldSpec("location", "Location or Teams"),
    ]

    def save(session: Session, values: dict[str, Any], _version: int | None) -> list[Meeting]:
        values = _meeting_ids(session, values)
        values["cadence_every"] = int(values["cadence_every"])
        return meetings.create_series(session, svc, values)[1]

    return FormModal("Add a recurring series", fields, save)


class SubmissionFormModal(FormModal):
    """A submission request whose due date the timescale rules propose as you choose."""

    def __init__(self, svc: Services, review: Review, today: date) -> None:
        fields = [
            FieldSpec(
                "kind",
                "Request",
                "choice",
                required=True,
                choices=tuple((v, k) for k, v in SUBMISSION_KINDS.items()),
            ),
            FieldSpec("agency", "Agency", default="ICB"),
            FieldSpec(
                "requested_on", "Requested on", "date", required=True, default=format_uk(today)
            ),
            FieldSpec(
                "due_on", "Due", "date", hint="Choose the request to see the date the rules give"
            ),
            FieldSpec(
                "status",
                "Status",
                "choice",
                choices=_choices(SUBMISSION_STATUSES),
                default="requested",
            ),
        ]

        def save(session: Session, values: dict[str, Any], version: int | None) -> Any:
            return reviews.save_submission(session, svc, review, values, expected_version=version)[
                1
            ]

        super().__init__(f"Add a submission to {review.ref}", fields, save)
        self.review = review
        self._proposed = ""

    def on_select_changed(self) -> None:
        self._propose()

    def on_input_changed(self, event: Any) -> None:
        if getattr(event.input, "id", "") == "field-requested_on":
            self._propose()

    def _propose(self) -> None:
        values, errors = self.parse()
        if values.get("kind") and values.get("requested_on") and "requested_on" not in errors:
            self._propose_due(values["kind"], values["requested_on"])

    @work(thread=True, exclusive=True, exit_on_error=False, description="Proposing a due date")
    def _propose_due(self, kind: str, requested_on: date) -> None:
        """Ask the timescale rules for the due date (a database read, so off the UI thread)."""
        with services_of(self).session() as session:
            deadline = reviews.propose_due(session, self.review, kind, requested_on)
        self.app.call_from_thread(self._show_proposal, deadline.due_on, str(deadline.rule))

    def _show_proposal(self, due: date, rule: str) -> None:
        current = self.raw_values()["due_on"]
        if current in ("", self._proposed):
            self.set_raw("due_on", format_uk(due))
            self._proposed = format_uk(due)
        self.query_one("#hint-due_on").update(f"Proposed by the rules: {format_uk(due)} ({rule})")  # type: ignore[attr-defined]


def les_return_form(
    svc: Services,
    scheme: LesScheme,
    practice: Practice,
    les_return: LesReturn,
    criteria: list[LesCriterion],
    answers: dict[int, str],
) -> FormModal:
    """A practice's return, criterion by criterion; blank answers stay visibly missing."""
    kind_hint = {
        "yes_no": "Yes or No",
        "number": "a number",
        "percent": "a percentage",
        "date": "a date (dd/mm/yyyy)",
        "text": "text",
    }
    fields = [
        FieldSpec(
            "return_received_on",
            "Return received on",
            "date",
            default=format_uk(les_return.return_received_on),
        )
    ]
    for criterion in criteria:
        threshold = (
            f"; meets at ≥ {criterion.threshold:g}" if criterion.threshold is not None else ""
        )
        fields.append(
            FieldSpec(
                criterion.code,
                f"{criterion.code} {criterion.question}",
                default=answers.get(criterion.id or 0, ""),
                hint=f"Answer: {kind_hint.get(criterion.answer_type, 'text')}{threshold}",
            )  # type: ignore[arg-type]
        )

    def save(session: Session, values: dict[str, Any], _version: int | None) -> Any:
        from sgtui.services.errors import ValidationError

        _o, saved = les.save_return(
            session, svc, scheme, practice, {"return_received_on": values["return_received_on"]}
        )
        errors: dict[str, str] = {}
        for criterion in criteria:
            try:
                les.save_answer(session, svc, saved, criterion, values.get(criterion.code))
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        return saved

    intro = f"{practice.ods_code} {practice.name} · scheme {scheme.year}"
    return FormModal("Record the LES return", fields, save, intro=intro)
