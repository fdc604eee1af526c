"""A practice's page: its LES returns, people, their training, meetings and actions naming it."""

from __future__ import annotations

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Static

from sgtui.services import records
from sgtui.store.models import Borough, Practice
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.record_table import RecordTable


class PracticeScreen(RecordScreen):
    """One GP practice."""

    kind = "practice"
    BINDINGS = [
        Binding(
            "e", "edit", "Edit", id="practice.edit", tooltip="Name, PCN, address, leads, e-mail"
        )
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        scope = self.linked_scope(practice_id=self.record_id)
        with Grid(classes="record-grid"):
            yield section("LES returns", RecordTable("les", scope, id="practice-les"))
            yield section("People", RecordTable("people", scope, id="practice-people"))
            yield section("Their training", RecordTable("training", scope, id="practice-training"))
            yield section(
                "Actions naming the practice", RecordTable("actions", scope, id="practice-actions")
            )
        yield from self.compose_footer()

    def load(self, session: Session) -> tuple[Practice, str]:
        practice = records.get(session, Practice, self.record_id)
        borough = session.get(Borough, practice.borough_id) if practice.borough_id else None
        return practice, borough.name if borough else "no borough"

    def show(self, data: tuple[Practice, str]) -> None:
        p, borough = data
        size = f"list size {p.list_size:,}" if p.list_size is not None else "list size —"
        self.query_one("#record-header", Static).update(
            f"[b]{p.ods_code} {p.name}[/b] · {borough} · PCN {p.pcn or '—'}"
            f" · {p.postcode or 'no postcode'} · {size}\n"
            f"Safeguarding lead: {p.safeguarding_lead or '—'} · Practice manager: {p.practice_manager or '—'}"
            f" · {p.email or 'no e-mail'}{'' if p.active else ' · CLOSED'}"
        )

    def action_edit(self) -> None:
        """Every detail of the practice in one form (its ODS code is its identity: kept)."""
        from sgtui.tui.modals.registry_form import open_form

        open_form(self, "practice", self.record_id, then=self.after_save)
