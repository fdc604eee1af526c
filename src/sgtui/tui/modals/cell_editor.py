"""A one-field editor that opens over a list cell: F2 edits in place, as in a spreadsheet.

The field's editor comes from the registry, as in the full form: a line for text,
dates (dd/mm/yyyy, today, +5wd), numbers and people; a short pick list for a choice.
Enter saves through :mod:`sgtui.services.editing` (the same reading and checks as the
form and ``sgtui set``); a bad value keeps the editor open with the service's message
under the line, and Escape leaves the record as it was. The same editor sets one
value on every selected row (a fill-down): only what it saves with differs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Offset
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from sgtui.services.errors import ConflictError, NeedsConfirmation, ServiceError, ValidationError
from sgtui.services.field_values import OPEN_CATALOGUES
from sgtui.services.registry import FieldDef, FieldType
from sgtui.tui.context import services_of
from sgtui.tui.modals.dialog import SgtuiModal
from sgtui.tui.modals.registry_form import PLACEHOLDERS, FormData

CellSave = Callable[[Session, str, bool], Any]
"""(session, the text typed, confirmed) -> what was saved; raises the services' errors."""

EDITOR_WIDTH = 44


@dataclass(frozen=True)
class CellEdit:
    """What the editor edits: the field, its current text, where to open, how to save."""

    data: FormData
    field: FieldDef
    heading: str
    save: CellSave
    at: Offset = Offset(0, 0)
    text: str | None = None
    """The text to start from (None: the field's current value; "" for a fill-down)."""


class CellEditorModal(SgtuiModal):
    """Dismisses True once saved, None when Escape leaves the value as it was."""

    DEFAULT_CSS = """
    CellEditorModal { align: left top; background: $background 30%; }
    CellEditorModal #cell-editor {
        width: 44; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    CellEditorModal #cell-editor-title { text-style: bold; }
    CellEditorModal OptionList { height: auto; max-height: 8; }
    CellEditorModal #cell-editor-message { color: $text-muted; }
    CellEditorModal #cell-editor-message.field-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cell.cancel")]

    def __init__(self, edit: CellEdit) -> None:
        super().__init__()
        self.edit = edit
        self.confirmed = False

    @property
    def choosing(self) -> bool:
        """A closed choice (status, RAG...) is picked from a list, not typed."""
        field = self.edit.field
        return field.type is FieldType.CHOICE and field.catalogue not in OPEN_CATALOGUES

    @property
    def start_text(self) -> str:
        if self.edit.text is not None:
            return self.edit.text
        return self.edit.data.texts.get(self.edit.field.name, "")

    def compose(self) -> ComposeResult:
        with Vertical(id="cell-editor"):
            yield Label(self.edit.heading, id="cell-editor-title")
            if self.choosing:
                options = self.edit.data.options.get(self.edit.field.name, [])
                yield OptionList(
                    *(Option(label, id=value) for label, value in options), compact=True
                )
            else:
                placeholder = PLACEHOLDERS.get(self.edit.field.type, "")
                # Not select-on-focus: focus that arrives again mid-typing (the terminal
                # window regaining focus) would select what was typed and the next key
                # would replace it, as a tmux test caught ("Tmux Test PCN" -> "est PCN").
                yield Input(
                    self.start_text,
                    placeholder=placeholder,
                    id="cell-editor-input",
                    compact=True,
                    select_on_focus=False,
                )
            yield Static("Enter saves · Escape cancels", id="cell-editor-message")

    def on_mount(self) -> None:
        self.styles.align = ("left", "top")  # the app's modals are centred; this sits on its cell
        box = self.query_one("#cell-editor")
        limit = self.app.size
        x = max(0, min(self.edit.at.x, limit.width - EDITOR_WIDTH))
        y = max(0, min(self.edit.at.y, limit.height - 8))
        box.styles.offset = (x, y)
        if self.choosing:
            picker = self.query_one(OptionList)
            ids = [option.id for option in picker.options]
            if self.start_text in ids:
                picker.highlighted = ids.index(self.start_text)
            picker.focus()
        else:
            self.query_one(Input).focus()

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.value)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._submit(event.option.id or "")

    def _submit(self, text: str) -> None:
        """Save what was typed or picked; the value it started with is no change at all."""
        if self.edit.text is None and text == self.start_text:
            self.notify("Nothing changed")
            self.dismiss(None)
            return
        self._save(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_message(self, text: str, *, error: bool = True) -> None:
        """A sentence under the line (the service's reason for refusing), editor kept open."""
        message = self.query_one("#cell-editor-message", Static)
        message.update(text)
        message.set_class(error, "field-error")

    @work(thread=True, exclusive=True, exit_on_error=False, group="cell-save", description="Saving")
    def _save(self, text: str) -> None:
        """Save through the services; a refusal or a question comes back to the editor."""
        try:
            with services_of(self).session() as session:
                self.edit.save(session, text, self.confirmed)
        except ValidationError as exc:
            self.app.call_from_thread(self.show_message, self._reason(exc))
            return
        except NeedsConfirmation as exc:
            self.app.call_from_thread(self._ask, exc, text)
            return
        except ConflictError as exc:
            reason = f"{exc}: Escape, then F2 again to see their value"
            self.app.call_from_thread(self.show_message, reason)
            return
        except ServiceError as exc:
            self.app.call_from_thread(self.show_message, str(exc))
            return
        self.app.call_from_thread(self.dismiss, True)

    def _reason(self, error: ValidationError) -> str:
        label = self.edit.field.label
        return "; ".join(
            f"{label} {message}" if field == self.edit.field.name else f"{field}: {message}"
            for field, message in error.errors.items()
        )

    def _ask(self, question: NeedsConfirmation, text: str) -> None:
        from sgtui.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.confirmed = True
                self._save(text)
            else:
                self.show_message("Not saved: change the value, or Escape", error=False)

        self.app.push_screen(
            ConfirmModal(question.question, "Save anyway", "Go back", focus_no=True), answered
        )
