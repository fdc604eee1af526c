"""Help: every key binding that applies here, including the hidden ones."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from sgtui.tui.base import SgtuiModal

GENERAL = (
    ("1 … 7", "Switch area: Today, Meetings, Reviews, LES, Training, Practices, People"),
    ("ctrl+p", "Command palette: jump to a practice, person, review or meeting; change theme"),
    ("Enter", "Open the record on the row under the cursor"),
    ("Escape", "Back to where you came from (asks first if a form has changes)"),
    ("/", "Filter the list in view as you type (every column shown, dates as dd/mm/yyyy)"),
    ("← →", "Move between columns: the line under the list shows the cell in full"),
    ("s / D", "Sort by the column under the cursor (again to reverse) / largest first"),
    ("f", "Column filter: Expires < 30d, Status is overdue, Borough = Lambeth, C08 = No"),
    ("F", "Remove the last column filter (or click its chip; Backspace in the chips)"),
    ("v", "Choose the columns shown (remembered for each list)"),
    ("A", "LES: show or hide each criterion's answer as a column"),
    ("[ ]", "Previous / next page of a long list (moving past the last row also pages)"),
    ("x", "Export what you see to .xlsx or .csv"),
    ("F6 / F7", "Import a legacy workbook / Export a report"),
    ("h", "On a record's page: its history (who changed what, when) and undo"),
    ("m", "Meetings: switch between the list and the month calendar"),
    ("b", "Borough scope (remembered)"),
    ("c", "Copy the row under the cursor"),
    ("shift+drag", "Select text with the mouse in most terminals"),
)


class HelpModal(SgtuiModal):
    """A scrollable list of keys; Escape or ? closes it."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys", classes="dialog-title")
            yield Static(self._table(), id="help-keys")

    def _table(self) -> str:
        lines = [f"[b]{keys:>12}[/b]  {what}" for keys, what in GENERAL]
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

    def action_close(self) -> None:
        self.dismiss(None)
