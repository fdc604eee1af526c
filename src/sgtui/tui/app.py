"""The sgtui Textual application (a first screen; the full set of screens builds on it)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from sgtui.services.context import Services


class SgtuiApp(App[None]):
    """sgtui on one database."""

    TITLE = "sgtui"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, svc: Services) -> None:
        super().__init__()
        self.svc = svc

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Database: {self.svc.db.display}", id="where")
        yield Footer()


def run_app(svc: Services) -> None:
    """Run the app until the user quits."""
    SgtuiApp(svc).run()
