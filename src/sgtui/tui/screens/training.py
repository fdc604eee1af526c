"""Training: compliance by course and by borough as bars, who expires soon, every record."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from sgtui.services import training
from sgtui.services.lists import Column, Row
from sgtui.services.ukdates import format_uk
from sgtui.tui.context import services_of
from sgtui.tui.loaders import EXPIRY_DAYS, days_word
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


@dataclass(frozen=True)
class TrainingSummary:
    by_course: list[training.Compliance]
    by_borough: list[training.Compliance]
    expiring: list[Row]


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
                    f"Expiring in {EXPIRY_DAYS} days", classes="section-title", id="expiring-title"
                )
                yield LinkTable(EXPIRING_COLUMNS, id="expiring")
        yield RecordTable(self.list_name, self.scope(), id="main-list")

    def on_record_table_loaded(self, event: RecordTable.Loaded) -> None:
        """Start the (heavier) compliance figures once the list has painted, not before."""
        if event.table.id == "main-list" and not self._summary_started:
            self._summary_started = True
            self._load_summary(getattr(self.app, "borough_id", None))

    _summary_started = False

    depends_on = frozenset({"trainingrecord", "course", "person", "practice", "borough"})

    def reload_panels(self) -> None:
        """Training was imported, added, edited or deleted: the bars and the expiring
        panel follow the list (once they have first been worked out)."""
        if self._summary_started:
            self._load_summary(getattr(self.app, "borough_id", None))

    def rescope(self) -> None:
        super().rescope()
        self._load_summary(getattr(self.app, "borough_id", None))

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="training-summary",
        description="Working out compliance",
    )
    def _load_summary(self, borough_id: int | None) -> None:
        svc = services_of(self)
        today = svc.clock.today()
        with svc.session() as session:
            expiring = [
                Row(
                    f"training:{rec.id}",
                    "person",
                    person.id,
                    (
                        person.name,
                        course.code,
                        format_uk(rec.expires_on),
                        days_word(rec.expires_on, today),
                    ),
                )  # type: ignore[arg-type]
                for rec, person, course in training.expiring_within(
                    session, today, EXPIRY_DAYS, borough_id, limit=EXPIRING_SHOWN + 1
                )
            ]
            by_course, by_borough = training.compliance_by_course_and_borough(
                session, today, borough_id
            )
            summary = TrainingSummary(by_course, by_borough, expiring)
        self.app.call_from_thread(self._show_summary, summary)

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
                f"Expiring in {EXPIRY_DAYS} days: the soonest {EXPIRING_SHOWN} (sort by Expires for all)"
            )
