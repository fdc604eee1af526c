"""A person's page: the meetings they attend, the actions they own, their training."""

from __future__ import annotations

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Static

from sgtui.services import records
from sgtui.store.models import Person, Practice
from sgtui.tui.context import services_of
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.record_table import RecordTable


class PersonScreen(RecordScreen):
    """One member of staff, practice lead or designate."""

    kind = "person"
    BINDINGS = [Binding("t", "add_training", "Add training", id="person.add_training")]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        scope = self.linked_scope(person_id=self.record_id)
        with Grid(classes="record-grid"):
            yield section(
                "Training (t to add)", RecordTable("training", scope, id="person-training")
            )
            yield section("Meetings", RecordTable("meetings", scope, id="person-meetings"))
            yield section("Actions they own", RecordTable("actions", scope, id="person-actions"))
        yield from self.compose_footer()

    def load(self, session: Session) -> tuple[Person, Practice | None]:
        person = records.get(session, Person, self.record_id)
        practice = session.get(Practice, person.practice_id) if person.practice_id else None
        return person, practice

    def show(self, data: tuple[Person, Practice | None]) -> None:
        person, practice = data
        where = f"{practice.ods_code} {practice.name}" if practice else (person.organisation or "—")
        self.query_one("#record-header", Static).update(
            f"[b]{person.name}[/b] · {person.role or 'no role'} · {where} · {person.email or 'no e-mail'}"
        )

    def action_add_training(self) -> None:
        from sgtui.tui.modals.record_forms import training_form

        if self.data is not None:
            form = training_form(services_of(self), self.record_id, self.data[0].name)
            self.app.push_screen(form, self.after_save)
