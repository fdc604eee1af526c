"""Edit an action, with a version check against colleagues' saves.

Edits pass the version the officer opened (``expected_version``), so a colleague's save
in between raises ``ConflictError`` and the form shows both versions to choose from.
Reviews are added and edited with the registry's form
(:mod:`sgtui.tui.modals.registry_form`).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from sgtui.services import meetings
from sgtui.services.catalogues import ACTION_STATUSES, choices_with
from sgtui.services.context import Services
from sgtui.services.ukdates import format_uk
from sgtui.store.models import Action, Borough
from sgtui.tui.modals.form import FieldSpec, FormModal


def borough_code(session: Session, borough_id: int | None) -> str:
    """The borough's code for a form's choice, "" when there is none."""
    borough = session.get(Borough, borough_id) if borough_id else None
    return borough.code if borough else ""


def action_edit_form(svc: Services, action: Action) -> FormModal:
    """Edit an action: its wording, owner, dates and status."""
    fields = [
        FieldSpec("text", "Action", required=True, default=action.text),
        FieldSpec("owner", "Owner", default=action.owner or ""),
        FieldSpec("raised_on", "Raised on", "date", default=format_uk(action.raised_on)),
        FieldSpec("due_on", "Due", "date", default=format_uk(action.due_on)),
        FieldSpec(
            "status",
            "Status",
            "choice",
            required=True,
            choices=choices_with(
                tuple((s.replace("_", " ").capitalize(), s) for s in ACTION_STATUSES),
                action.status,
                action.status_text,
            ),
            default=action.status,
        ),
    ]

    def save(session: Session, values: dict[str, Any], version: int | None) -> Action:
        values = {**values, "ref": action.ref, "meeting_id": action.meeting_id}
        return meetings.save_action(session, svc, values, expected_version=version)[1]

    return FormModal(f"Edit action {action.ref}", fields, save, expected_version=action.version)
