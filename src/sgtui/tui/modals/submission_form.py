"""Adding a submission request to a review: every field, and the due date the rules give.

The form is the registry's (so it has every field and saves through
:func:`sgtui.services.editing.create`); as the officer picks the request and its date,
it asks the timescale rules for the due date and fills it in, unless the officer has
typed their own. Left blank, the service works out the same date on saving.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on, work
from textual.widgets import Input, Select, Static

from sgtui.services import records, reviews
from sgtui.services.field_values import FieldError, parse_value
from sgtui.services.ukdates import format_uk
from sgtui.store.models import Review
from sgtui.tui.context import services_of
from sgtui.tui.modals.registry_form import FormData, RegistryFormModal, load_form


class NewSubmissionFormModal(RegistryFormModal):
    """The registry's submission form, proposing the due date as the request is chosen."""

    def __init__(self, data: FormData, review_id: int) -> None:
        super().__init__(data, parent_id=review_id)
        self._proposed = ""
        """The due date this form last filled in (replaced by the next proposal)."""

    @on(Select.Changed, "#field-kind")
    def _kind_chosen(self) -> None:
        self._propose()

    @on(Input.Changed, "#field-requested_on")
    def _requested_typed(self) -> None:
        self._propose()

    def _propose(self) -> None:
        raw = self.raw_values()
        if raw["kind"].strip() and raw["requested_on"].strip():
            self._propose_due(raw["kind"], raw["requested_on"])

    @work(thread=True, exclusive=True, exit_on_error=False, description="Proposing a due date")
    def _propose_due(self, kind_text: str, requested_text: str) -> None:
        """Read the two fields as the service will, then ask the rules (SQL: a worker)."""
        svc = services_of(self)
        kind = self.data.kind
        with svc.session() as session:
            try:
                code = parse_value(session, kind.field("kind"), kind_text, svc.clock.today())
                requested = parse_value(
                    session, kind.field("requested_on"), requested_text, svc.clock.today()
                )
            except FieldError:
                return  # the form says what is wrong when it is saved
            if not isinstance(requested, date) or not code or self.parent_id is None:
                return
            review = records.get(session, Review, self.parent_id)
            deadline = reviews.propose_due(session, review, str(code), requested)
        self.app.call_from_thread(self._show_proposal, deadline.due_on, str(deadline.rule))

    def _show_proposal(self, due: date, rule: str) -> None:
        """Fill in the due date unless the officer typed one of their own."""
        if self.raw_values()["due_on"] in ("", self._proposed):
            self._proposed = format_uk(due)
            self.set_raw("due_on", self._proposed)
        self.query_one("#hint-due_on", Static).update(
            f"Proposed by the rules: {format_uk(due)} ({rule})"
        )


def open_new_submission(
    screen: Any, review_id: int, *, then: Callable[[Any], None] | None = None
) -> None:
    """Load the form in a worker (requested today, for the ICB), then show it."""

    def load() -> None:
        svc = services_of(screen)
        with svc.session() as session:
            review = records.get(session, Review, review_id)
            data = load_form(
                session,
                "submission",
                None,
                title=f"Add a submission to {review.ref}",
                preset={"requested_on": format_uk(svc.clock.today()), "agency": "ICB"},
            )
        form = NewSubmissionFormModal(data, review_id)
        screen.app.call_from_thread(screen.app.push_screen, form, then)

    screen.run_worker(load, thread=True, exit_on_error=False, description="Opening the form")
