"""Help: every key binding that applies here, including the hidden ones."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from sgtui.tui.modals.dialog import SgtuiModal

GENERAL: tuple[tuple[tuple[str, ...] | str, str], ...] = (
    (
        (
            "app.today",
            "app.meetings",
            "app.reviews",
            "app.les",
            "app.training",
            "app.practices",
            "app.people",
        ),
        "Switch area: Today, Meetings, Reviews, LES, Training, Practices, People",
    ),
    ("ctrl+p", "Command palette: jump to a practice, person, review or meeting; change theme"),
    ("Enter", "Open the record on the row under the cursor"),
    (("screen.back",), "Back to where you came from (asks first if a form has changes)"),
    (
        ("table.filter",),
        "Filter the list in view as you type (every column shown, dates as dd/mm/yyyy)",
    ),
    ("← →", "Move between columns: the line under the list shows the cell in full"),
    (
        ("table.sort", "table.sort_descending"),
        "Sort by the column under the cursor (again to reverse) / largest first",
    ),
    (
        ("table.column_filter",),
        "Column filter: Expires < 30d, Status is overdue, Borough = Lambeth, C08 = No",
    ),
    (
        ("table.drop_column_filter",),
        "Remove the last column filter (or click its chip; Backspace in the chips)",
    ),
    (("table.columns",), "Choose the columns shown (remembered for each list)"),
    (("les.answers",), "LES: show or hide each criterion's answer as a column"),
    (
        ("table.prev_page", "table.next_page"),
        "Previous / next page of a long list (moving past the last row also pages)",
    ),
    (("table.export",), "Export what you see to .xlsx or .csv"),
    (("app.import", "app.export"), "Import a legacy workbook / Export a report"),
    (("record.history",), "On a record's page: its history (who changed what, when) and undo"),
    (("meetings.calendar",), "Meetings: switch between the list and the month calendar"),
    (("app.scope",), "Borough scope (remembered)"),
    ("c", "Copy the row under the cursor"),
    ("shift+drag", "Select text with the mouse in most terminals"),
)
"""(binding ids, or keys that are no binding of ours, and what they do) for every screen.

The keys of a binding id are looked up when help opens, so a rebinding in the settings'
``[keymap]`` shows here as it does in the footer."""


class HelpModal(SgtuiModal):
    """A scrollable list of keys; Escape or ? closes it."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close")]

    def __init__(self, declared: dict[str, Binding]) -> None:
        """``declared``: the bindings GENERAL names, by id, as their classes declare them."""
        super().__init__()
        self.declared = declared

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys", classes="dialog-title")
            yield Static(self._table(), id="help-keys")

    def _table(self) -> str:
        declared = self.declared
        lines = [f"[b]{self._keys(keys, declared):>12}[/b]  {what}" for keys, what in GENERAL]
        lines.append("")
        lines.append("[b]On this screen[/b]")
        seen: set[str] = set()
        screen = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else self.app.screen
        for _node, bindings in screen._binding_chain:
            for binding in bindings.key_to_bindings.values():
                for b in binding:
                    if b.description and b.description not in seen and isinstance(b, Binding):
                        seen.add(b.description)
                        lines.append(f"[b]{self.app.get_key_display(b):>12}[/b]  {b.description}")
        return "\n".join(lines)

    def _keys(self, keys: tuple[str, ...] | str, declared: dict[str, Binding]) -> str:
        """The keys bound now to these binding ids (the settings' keymap first), as shown."""
        if isinstance(keys, str):
            return keys
        keymap: dict[str, str] = getattr(self.app, "_keymap", {})
        shown = []
        for binding_id in keys:
            bound = keymap.get(binding_id) or declared[binding_id].key
            shown += [
                self.app.get_key_display(Binding(key.strip(), "")) for key in bound.split(",")
            ]
        return " ".join(shown)

    def action_close(self) -> None:
        self.dismiss(None)
