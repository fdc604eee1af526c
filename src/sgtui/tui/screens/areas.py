"""Area screens that are one list: the generic list screen, Practices and People."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from sgtui.tui.base import SgtuiScreen
from sgtui.tui.widgets.record_table import RecordTable


class ListAreaScreen(SgtuiScreen):
    """A title and one paged list, following the borough scope."""

    list_name = ""
    title_text = ""
    BINDINGS = [
        Binding(
            "ctrl+z",
            "undo_here",
            "Undo",
            show=False,
            id="list.undo",
            tooltip="Undo my last change in this list (shows what it will undo first)",
        )
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(self.title_text, classes="screen-title")
        yield from self.compose_body()
        yield from self.compose_footer()

    def compose_body(self) -> ComposeResult:
        """The list; subclasses add panels around it."""
        yield RecordTable(self.list_name, self.scope(), id="main-list")

    def on_mount(self) -> None:
        self.watch(self.app, "borough_id", lambda _b: self.rescope(), init=False)

    def action_undo_here(self) -> None:
        """Undo my last change to what this list shows, or made on this screen."""
        from sgtui.tui.screens.history import undo_list_modal

        self.app.push_screen(undo_list_modal(self.main_list.kinds, self.made_here))

    def rescope(self) -> None:
        """The borough scope changed: show its records."""
        self.main_list.set_scope(self.scope())

    @property
    def main_list(self) -> RecordTable:
        return self.query_one("#main-list", RecordTable)


class PracticesScreen(ListAreaScreen):
    """All GP practices in scope; Enter opens a practice's page."""

    mode = "practices"
    list_name = "practices"
    title_text = "GP practices"


class PeopleScreen(ListAreaScreen):
    """Staff, practice leads and designates; Enter opens a person's page."""

    mode = "people"
    list_name = "people"
    title_text = "People"
