"""Reviews: open reviews by type and stage, and the tracker list."""

from __future__ import annotations

from sqlmodel import Session
from textual.app import ComposeResult
from textual.widgets import Static

from sgtui.services.pages import reviews_summary
from sgtui.tui.screens.areas import ListAreaScreen
from sgtui.tui.widgets.record_table import RecordTable


class ReviewsScreen(ListAreaScreen):
    """The review tracker: a summary line per type, then every review."""

    mode = "reviews"
    list_name = "reviews"
    title_text = "Statutory reviews"

    def compose_body(self) -> ComposeResult:
        yield Static("…", id="reviews-summary", classes="detail")
        yield RecordTable(self.list_name, self.scope(), id="main-list")

    depends_on = frozenset({"review", "submission", "borough"})

    def on_mount(self) -> None:
        self.reload_panels()

    def rescope(self) -> None:
        super().rescope()
        self.reload_panels()

    def load_panels(self, session: Session) -> str:
        return reviews_summary(session, getattr(self.app, "borough_id", None))

    def show_panels(self, data: str) -> None:
        self.query_one("#reviews-summary", Static).update(data)
