"""A person's page: their details, training, the meetings they attend, the actions they own.

``e`` edits their details and ``t`` adds a training record, both with the registry's form;
Enter on a training row edits it and Delete deletes it (asked first; ctrl+z brings it
back). ``m`` merges this person into another record of the same person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Static

from sgtui.services import people, records
from sgtui.services.field_values import describe_person
from sgtui.store.models import Borough, Person, Practice
from sgtui.tui.context import services_of
from sgtui.tui.modals.registry_form import open_form
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable

TYPED = "typed"
"""The merge picker's last choice: type a name, e-mail or person:ID instead."""


@dataclass(frozen=True)
class PersonPage:
    person: Person
    practice: Practice | None
    borough: str


@dataclass(frozen=True)
class MergeTarget:
    """Someone this person may be merged into, described so namesakes can be told apart."""

    person_id: int
    name: str
    description: str


class PersonScreen(RecordScreen):
    """One member of staff, practice lead or designate."""

    kind = "person"
    BINDINGS = [
        Binding("e", "edit", "Edit", id="person.edit", tooltip="Name, role, organisation, e-mail"),
        Binding("t", "add_training", "Add training", id="person.add_training"),
        Binding(
            "delete",
            "delete_training",
            "Delete training",
            id="person.delete_training",
            tooltip="Delete the training record under the cursor (ctrl+z brings it back)",
        ),
        Binding(
            "m",
            "merge",
            "Merge into…",
            id="person.merge",
            tooltip="This is a duplicate: move everything to the right person",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        scope = self.linked_scope(person_id=self.record_id)
        with Grid(classes="record-grid"):
            yield section(
                "Training (t add · Enter edit · Del delete)",
                RecordTable("training", scope, id="person-training"),
            )
            yield section("Meetings", RecordTable("meetings", scope, id="person-meetings"))
            yield section("Actions they own", RecordTable("actions", scope, id="person-actions"))
        yield from self.compose_footer()

    def load(self, session: Session) -> PersonPage:
        person = records.get(session, Person, self.record_id)
        practice = session.get(Practice, person.practice_id) if person.practice_id else None
        borough = session.get(Borough, person.borough_id) if person.borough_id else None
        return PersonPage(person, practice, borough.name if borough else "no borough")

    def show(self, data: PersonPage) -> None:
        person, practice = data.person, data.practice
        where = f"{practice.ods_code} {practice.name}" if practice else (person.organisation or "—")
        self.query_one("#record-header", Static).update(
            f"[b]{person.name}[/b] · {person.role or 'no role'} · {where} · {data.borough}"
            f" · {person.email or 'no e-mail'}{'' if person.active else ' · INACTIVE'}"
        )

    @property
    def training_table(self) -> RecordTable:
        return self.query_one("#person-training", RecordTable)

    # --- Details and training ----------------------------------------------------------

    def action_edit(self) -> None:
        """Every detail of the person in one form."""
        open_form(self, "person", self.record_id, then=self.after_save)

    def action_add_training(self) -> None:
        """A completion for this person; its expiry follows from the course unless stated."""
        name = self.data.person.name if self.data is not None else "this person"
        open_form(
            self,
            "training",
            None,
            parent_id=self.record_id,
            title=f"Add training for {name}",
            then=self.after_save,
        )

    def _open_record(self, event: LinkTable.RecordChosen) -> None:
        """Enter on a training row edits that record; other rows open their record."""
        if event.row.key.startswith("training:"):
            event.stop()
            record_id = int(event.row.key.split(":")[1])
            open_form(self, "training", record_id, then=self.after_save)
            return
        super()._open_record(event)

    def action_delete_training(self) -> None:
        """Delete the training record under the cursor, after asking."""
        from sgtui.tui.modals.delete_record import confirm_delete

        row = self.training_table.table.current_row
        if row is None or not self.training_table.table.has_focus:
            self.notify("Choose a training record first", severity="warning")
            return
        course, completed = row.cells[1], row.cells[2]
        confirm_delete(
            self,
            "training",
            int(row.key.split(":")[1]),
            question=f"Delete the {course} training completed on {completed}?",
            done=f"Deleted the {course} training of {completed}",
            then=self.reload,
        )

    # --- Merging a duplicate -----------------------------------------------------------

    def action_merge(self) -> None:
        """Choose who this person really is, confirm, and merge them into that person."""
        self._load_merge_targets()

    @work(thread=True, exclusive=True, exit_on_error=False, description="Finding namesakes")
    def _load_merge_targets(self) -> None:
        with services_of(self).session() as session:
            targets = [
                MergeTarget(p.id, p.name, describe_person(session, p))  # type: ignore[arg-type]
                for p in people.merge_candidates(session, self.record_id)
            ]
        self.app.call_from_thread(self._choose_merge_target, targets)

    def _choose_merge_target(self, targets: list[MergeTarget]) -> None:
        from sgtui.tui.modals.field_choice import ChoiceModal

        name = self.data.person.name if self.data is not None else "this person"
        options = [(str(t.person_id), f"{t.name} · {t.description}") for t in targets]
        options.append((TYPED, "Someone else: type their name or e-mail"))

        def chosen(choice: str | None) -> None:
            if choice == TYPED:
                self._type_merge_target(name)
            elif choice:
                target = next(t for t in targets if str(t.person_id) == choice)
                self._confirm_merge(name, target)

        self.app.push_screen(ChoiceModal(f"Merge {name} into:", options, None), chosen)

    def _type_merge_target(self, name: str) -> None:
        from sgtui.tui.modals.form import FormField, FormModal

        def find(session: Session, values: dict[str, object], _v: int | None) -> MergeTarget:
            person = people.find_merge_target(session, str(values["person"]), self.record_id)
            return MergeTarget(person.id, person.name, describe_person(session, person))  # type: ignore[arg-type]

        def found(target: MergeTarget | None) -> None:
            if target is not None:
                self._confirm_merge(name, target)

        spec = FormField(
            "person", "Merge into", required=True, hint="Their name, e-mail or person:ID"
        )
        self.app.push_screen(FormModal(f"Merge {name} into", [spec], find), found)

    def _confirm_merge(self, name: str, target: MergeTarget) -> None:
        from sgtui.tui.modals.confirm import ConfirmModal

        def answered(sure: bool | None) -> None:
            if sure:
                self._merge(target.person_id)

        question = (
            f"Merge {name} into {target.name} ({target.description})? Their training, "
            "meetings and actions move to them, and this record is deleted. "
            "This cannot be undone with ctrl+z."
        )
        self.app.push_screen(ConfirmModal(question, "Merge", "Go back"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Merging")
    def _merge(self, keep_id: int) -> None:
        svc = services_of(self)
        with svc.session() as session:
            summary = people.merge_people(session, svc, keep_id, self.record_id).summary()
        self.app.call_from_thread(self._merged, keep_id, summary)

    def _merged(self, keep_id: int, summary: str) -> None:
        """This person no longer exists: show the one they were merged into in their place."""
        self.notify(summary, timeout=8)
        self.app.switch_screen(PersonScreen(keep_id))
