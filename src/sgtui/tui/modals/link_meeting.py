"""Linking a meeting to a review: pick one of the borough's coming meetings, or type its reference.

The link is the meeting's own "review" field, set through
:func:`sgtui.services.editing.update`, so it is audited (ctrl+z undoes it) and the
review's linked-meetings list shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from sgtui.services import editing, records, reviews
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.ukdates import format_uk
from sgtui.store.models import Meeting, Review
from sgtui.tui.context import services_of
from sgtui.tui.modals.form import FormField, FormModal

BY_REFERENCE = "by-reference"
"""The picker's last choice: type the reference of a meeting not listed."""


def meeting_label(meeting: Meeting, linked_to: str | None) -> str:
    """A picker line: date, title, reference, and the review it is for now, if any."""
    now_for = f" · now for {linked_to}" if linked_to else ""
    return f"{format_uk(meeting.meeting_date)}  {meeting.title} · {meeting.ref}{now_for}"


def link(session: Session, svc: Any, meeting_id: int, review: Review) -> str:
    """Set the meeting's review; returns how the notice names the meeting."""
    editing.update(session, svc, "meeting", meeting_id, {"review": review.ref})
    meeting = records.get(session, Meeting, meeting_id)
    return f"{meeting.title} on {format_uk(meeting.meeting_date)} to {review.ref}"


def choose_meeting(screen: Any, review_id: int, *, then: Callable[[str | None], None]) -> None:
    """Offer the coming meetings of the review's borough; ``then`` gets what was linked."""

    def load() -> None:
        svc = services_of(screen)
        with svc.session() as session:
            review = records.get(session, Review, review_id)
            found = reviews.meetings_to_link(session, review, svc.clock.today())
            others = {m.review_id for m in found if m.review_id}
            refs = {i: records.get(session, Review, i).ref for i in others}
        options = [(str(m.id), meeting_label(m, refs.get(m.review_id or 0))) for m in found]
        options.append((BY_REFERENCE, "Another meeting: type its reference…"))
        screen.app.call_from_thread(_ask, screen, review, options, then)

    screen.run_worker(load, thread=True, exit_on_error=False, description="Finding meetings")


def _ask(
    screen: Any,
    review: Review,
    options: list[tuple[str, str]],
    then: Callable[[str | None], None],
) -> None:
    from sgtui.tui.modals.field_choice import ChoiceModal

    def chosen(choice: str | None) -> None:
        if choice == BY_REFERENCE:
            screen.app.push_screen(reference_form(screen, review), then)
        elif choice:
            _link_chosen(screen, int(choice), review, then)

    question = f"Link which meeting to {review.ref}?"
    screen.app.push_screen(ChoiceModal(question, options, None), chosen)


def _link_chosen(
    screen: Any, meeting_id: int, review: Review, then: Callable[[str | None], None]
) -> None:
    def save() -> None:
        svc = services_of(screen)
        with svc.session() as session:
            what = link(session, svc, meeting_id, review)
        screen.app.call_from_thread(then, what)

    screen.run_worker(save, thread=True, exit_on_error=False, description="Linking the meeting")


def reference_form(screen: Any, review: Review) -> FormModal:
    """One field: the meeting's reference (as on its page); a wrong one says so under it."""
    svc = services_of(screen)

    def save(session: Session, values: dict[str, Any], _version: int | None) -> str:
        try:
            _kind, meeting = editing.find_record(session, f"meeting:{values['meeting']}")
        except NotFound as exc:
            raise ValidationError({"meeting": str(exc)}) from None
        return link(session, svc, meeting.id, review)  # type: ignore[attr-defined]

    field = FormField(
        "meeting",
        "Meeting reference",
        required=True,
        hint="As on the meeting's page, e.g. SG_CLA_NETWORK-LAM-2025-03-13",
    )
    return FormModal(f"Link a meeting to {review.ref}", [field], save)
