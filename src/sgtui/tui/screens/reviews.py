"""Reviews: open reviews by type and stage, and the tracker list."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from sgtui.services.catalogues import REVIEW_STAGES, coded_label
from sgtui.services.figures import reviews_open_by_type_and_stage
from sgtui.tui.context import services_of
from sgtui.tui.screens.areas import ListAreaScreen
from sgtui.tui.widgets.record_table import RecordTable

STAGE_LABEL = dict(REVIEW_STAGES)


class ReviewsScreen(ListAreaScreen):
    """The review tracker: a summary line per type, then every review."""

    mode = "reviews"
    list_name = "reviews"
    title_text = "Statutory reviews"

    def compose_body(self) -> ComposeResult:
        yield Static("…", id="reviews-summary", classes="detail")
        yield RecordTable(self.list_name, self.scope(), id="main-list")

    def on_mount(self) -> None:
        super().on_mount()
        self._load_summary(getattr(self.app, "borough_id", None))

    depends_on = frozenset({"review", "submission", "borough"})

    def reload_panels(self) -> None:
        self._load_summary(getattr(self.app, "borough_id", None))

    def rescope(self) -> None:
        super().rescope()
        self._load_summary(getattr(self.app, "borough_id", None))

    @work(thread=True, exclusive=True, exit_on_error=False, description="Counting reviews")
    def _load_summary(self, borough_id: int | None) -> None:
        with services_of(self).session() as session:
            table = reviews_open_by_type_and_stage(session, borough_id)
        lines = [
            f"[b]{review_type:>6}[/b] {sum(stages.values()):>3} open: "
            + ", ".join(
                f"{coded_label(stage, None, STAGE_LABEL)} {n}" for stage, n in stages.items()
            )
            for review_type, stages in table.items()
        ]
        text = "\n".join(lines) or "No open reviews in scope."
        self.app.call_from_thread(self.query_one("#reviews-summary", Static).update, text)
