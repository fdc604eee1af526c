"""The column filters in force, as small removable chips above a list.

A chip reads as its condition with a ✗ ("Expires < 30d ✗"), so what narrows the list is
always in view; a click on a chip removes it, and Backspace or Delete in the bar (Tab
reaches it) removes the last one. The bar hides itself when no filter is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static


class FilterChip(Static):
    """One condition; a click removes it."""

    DEFAULT_CSS = """
    FilterChip {
        width: auto;
        height: 1;
        margin: 0 1 0 0;
        padding: 0 1;
        background: $primary-muted;
        color: $text;
    }
    FilterChip:hover { background: $primary; }
    """

    def __init__(self, text: str, index: int) -> None:
        super().__init__(f"{text} ✗", markup=False)  # the officer's own text, as typed
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(FilterChips.Removed(self.index))


class FilterChips(Horizontal, can_focus=True):
    """A row of chips, one per column filter."""

    DEFAULT_CSS = """
    FilterChips { height: 1; padding: 0 1; }
    FilterChips:focus { background: $boost; }
    FilterChips > .filter-chips--title { width: auto; color: $text-muted; margin: 0 1 0 0; }
    """
    BINDINGS = [
        Binding("backspace,delete", "remove_last", "Remove filter", tooltip="Remove the last"),
    ]

    class Removed(Message):
        """The officer removed the chip at ``index`` (-1: the last)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self) -> None:
        super().__init__()
        self.conditions: tuple[str, ...] = ()
        self.display = False

    def show(self, conditions: Sequence[str]) -> None:
        """Show exactly these conditions (nothing to do when they did not change)."""
        if tuple(conditions) == self.conditions:
            return
        self.conditions = tuple(conditions)
        self.remove_children()
        if self.conditions:
            self.mount(Static("Filters:", classes="filter-chips--title"))
            self.mount_all(FilterChip(text, i) for i, text in enumerate(self.conditions))
        self.display = bool(self.conditions)

    def action_remove_last(self) -> None:
        if self.conditions:
            self.post_message(self.Removed(-1))
