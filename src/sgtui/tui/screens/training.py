"""Training: compliance by course and by borough as bars, who expires soon, every record."""

from __future__ import annotations

from sqlmodel import Session
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from sgtui.services.expiry import EXPIRING_DAYS
from sgtui.services.lists import Column
from sgtui.services.pages import TrainingSummary, training_summary
from sgtui.tui.context import services_of
from sgtui.tui.screens.areas import ListAreaScreen
from sgtui.tui.widgets.bars import Bars
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable

EXPIRING_SHOWN = 100
"""The soonest expiries in the side panel; the full list is the main list sorted by expiry."""
EXPIRING_COLUMNS = (
    Column("person", "Person", 20),
    Column("course", "Course", 12),
    Column("expires", "Expires", 10),
    Column("when", "When", 14),
)


class TrainingScreen(ListAreaScreen):
    """Compliance at a glance, then the paged list of every completion."""

    mode = "training"
    list_name = "training"
    title_text = "Training"

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="training-top"):
            with Vertical(id="training-bars"):
                yield Label("Compliance by course", classes="section-title")
                yield Bars(id="by-course")
                yield Label("By borough (all required courses)", classes="section-title")
                yield Bars(id="by-borough")
            with Vertical(id="training-expiring"):
                yield Label(
                    f"Expiring in {EXPIRING_DAYS} days",
                    classes="section-title",
                    id="expiring-title",
                )
                yield LinkTable(EXPIRING_COLUMNS, id="expiring")
        yield RecordTable(self.list_name, self.scope(), id="main-list")

    def on_record_table_loaded(self, event: RecordTable.Loaded) -> None:
        """Start the (heavier) compliance figures once the list has painted, not before."""
        if event.table.id == "main-list" and not self._summary_started:
            self._summary_started = True
            self.reload_panels()

    _summary_started = False
    depends_on = frozenset({"trainingrecord", "course", "person", "practice", "borough"})

    def reload_panels(self) -> None:
        """Training was imported, added, edited or deleted: the bars and the expiring
        panel follow the list (once they have first been worked out)."""
        if self._summary_started:
            super().reload_panels()

    def on_record_table_edited(self, event: RecordTable.Edited) -> None:
        """A date edited in place (or filled down) moves the bars and the expiring panel."""
        self.reload_panels()

    def rescope(self) -> None:
        super().rescope()
        self.reload_panels()

    def load_panels(self, session: Session) -> TrainingSummary:
        today = services_of(self).clock.today()
        borough_id = getattr(self.app, "borough_id", None)
        return training_summary(session, today, borough_id, EXPIRING_SHOWN + 1)

    def show_panels(self, data: TrainingSummary) -> None:
        self._show_summary(data)

    def _show_summary(self, summary: TrainingSummary) -> None:
        self.query_one("#by-course", Bars).show(
            [(c.label, c.percent, f"{c.compliant}/{c.required}") for c in summary.by_course]
        )
        self.query_one("#by-borough", Bars).show(
            [(c.label, c.percent, f"{c.compliant}/{c.required}") for c in summary.by_borough]
        )
        expiring = self.query_one("#expiring", LinkTable)
        expiring.show_rows(summary.expiring[:EXPIRING_SHOWN])
        if len(summary.expiring) > EXPIRING_SHOWN:
            self.query_one("#expiring-title", Label).update(
                f"Expiring in {EXPIRING_DAYS} days: the soonest {EXPIRING_SHOWN} (sort by Expires for all)"
            )
