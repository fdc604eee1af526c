"""The forms officers fill in that the field registry does not build: recurring series.

Each builder returns a :class:`FormModal` with its fields (choices from the catalogues)
and a save function that turns codes into ids and calls the service, which validates
and audits. Field names match the service's, so its errors land under the right field.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from sgtui.services import meetings
from sgtui.services.catalogues import (
    BOROUGHS,
    MEETING_TYPES,
)
from sgtui.services.context import Services
from sgtui.services.meetings import SeriesPlan
from sgtui.services.reference import find_borough
from sgtui.tui.modals.form import FormField, FormModal

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
    """A recurring series (e.g. the six-weekly network) and its next eight meetings.

    Dismisses with the :class:`~sgtui.services.meetings.SeriesPlan` (None on Escape).
    """
    fields = [
        FormField("code", "Series code", required=True, hint="e.g. LAM-SG-NETWORK"),
        FormField("title", "Title", required=True),
        FormField("meeting_type", "Type", "choice", required=True, choices=MEETING_TYPE_CHOICES),
        FormField("borough", "Borough", "choice", choices=BOROUGH_CHOICES, default=borough_code),
        FormField("first_date", "First date", "date", required=True),
        FormField(
            "cadence_unit",
            "Repeats in",
            "choice",
            required=True,
            choices=(("Weeks", "weeks"), ("Months", "months")),
            default="weeks",
        ),
        FormField(
            "cadence_every",
            "Every",
            "number",
            required=True,
            default="6",
            hint="e.g. 6 for six-weekly",
        ),
        FormField("location", "Location or Teams"),
    ]

    def save(session: Session, values: dict[str, Any], _version: int | None) -> SeriesPlan:
        """The plan, not just the meetings: the screen says which dates moved."""
        values = _meeting_ids(session, values)
        values["cadence_every"] = int(values["cadence_every"])
        return meetings.create_series(session, svc, values)

    return FormModal("Add a recurring series", fields, save)
