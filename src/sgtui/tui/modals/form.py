"""A record form as a modal: typed fields, inline errors, saving through the services.

The form parses what it can (UK dates, numbers, times) and shows each problem under
its field; the service then validates again and its ``ValidationError.errors`` land
under the same fields. A save that races a colleague's (``ConflictError``) shows both
versions and lets the officer choose. Escape with unsaved changes asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from sgtui.services.errors import ConflictError, ValidationError
from sgtui.services.ukdates import DateParseError, parse_date_input
from sgtui.tui.context import services_of
from sgtui.tui.modals.dialog import SgtuiModal

SaveFunction = Callable[[Session, dict[str, Any], int | None], Any]
"""(session, parsed values, expected version or None) -> the saved record."""


@dataclass(frozen=True)
class FormField:
    """One form field: ``kind`` is text, date, time, number or choice."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs for a choice field."""
    default: str = ""
    hint: str = ""


def parse_field(spec: FormField, raw: str, today: date) -> Any:
    """The typed value of a field's text; ValueError with a reason the officer can act on."""
    raw = raw.strip()
    if not raw:
        if spec.required:
            raise ValueError("is required")
        return None
    if spec.kind == "date":
        try:
            return parse_date_input(raw, today)
        except DateParseError as exc:
            raise ValueError(str(exc)) from None
    if spec.kind == "number":
        try:
            return float(raw.rstrip("%"))
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
    if spec.kind == "time":
        try:
            hours, minutes = raw.replace(".", ":").split(":")
            return time(int(hours), int(minutes))
        except ValueError:
            raise ValueError(f"{raw!r} is not a time (use hh:mm, e.g. 14:30)") from None
    return raw


class FormModal(SgtuiModal):
    """Dismisses with the saved record, or None when the officer backs out."""

    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save", id="form.save", tooltip="Save (the service checks it too)"
        ),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        save: SaveFunction,
        *,
        expected_version: int | None = None,
        intro: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.save_function = save
        self.expected_version = expected_version
        self.intro = intro
        self._initial: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(self.title_text, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="form-intro")
            for spec in self.fields:
                yield Label(spec.label + (" *" if spec.required else ""), classes="field-label")
                yield self._widget(spec)
                yield Static(spec.hint, id=f"hint-{spec.name}", classes="field-hint")
                yield Static("", id=f"error-{spec.name}", classes="field-error")
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="form-save", variant="primary")
                yield Button("Cancel (esc)", id="form-cancel")
            yield Label(
                "* required · dates dd/mm/yyyy, today, +5wd (working days), +2w",
                classes="dialog-hint",
            )

    def _widget(self, spec: FormField) -> Input | Select[str]:
        if spec.kind == "choice":
            return Select(
                [(label, value) for label, value in spec.choices],
                value=spec.default if spec.default else Select.NULL,
                allow_blank=not spec.required,
                id=f"field-{spec.name}",
            )
        placeholder = {"date": "dd/mm/yyyy", "time": "hh:mm"}.get(spec.kind, "")
        return Input(spec.default, placeholder=placeholder, id=f"field-{spec.name}")

    def on_mount(self) -> None:
        self._initial = self.raw_values()
        self.query_one(VerticalScroll).can_focus = False
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    def raw_values(self) -> dict[str, str]:
        """What is typed or chosen in each field, as text."""
        values = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                values[spec.name] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                values[spec.name] = widget.value  # type: ignore[attr-defined]
        return values

    def set_raw(self, name: str, text: str) -> None:
        """Put text in a field (e.g. a proposed due date)."""
        self.query_one(f"#field-{name}", Input).value = text

    @property
    def changed(self) -> bool:
        return self.raw_values() != self._initial

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; messages for no field go at the bottom."""
        names = {spec.name for spec in self.fields}
        for spec in self.fields:
            label = spec.label
            message = errors.get(spec.name, "")
            self.query_one(f"#error-{spec.name}", Static).update(
                f"✗ {label} {message}" if message else ""
            )
        others = [f"{k}: {v}" for k, v in errors.items() if k not in names]
        self.query_one("#form-error", Static).update("✗ " + "; ".join(others) if others else "")
        if errors:
            first = next((s.name for s in self.fields if s.name in errors), None)
            if first:
                self.query_one(f"#field-{first}").focus()

    def parse(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed values and the errors found before asking the service."""
        values, errors = {}, {}
        today = services_of(self).clock.today()
        for spec, raw in zip(self.fields, self.raw_values().values(), strict=True):
            try:
                values[spec.name] = parse_field(spec, raw, today)
            except ValueError as exc:
                errors[spec.name] = str(exc)
        return values, errors

    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        values, errors = self.parse()
        self.show_errors(errors)
        if not errors:
            self._save(values, self.expected_version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-save", description="Saving")
    def _save(self, values: dict[str, Any], expected_version: int | None) -> None:
        """Save through the service; validation and conflicts come back to the form."""
        try:
            with services_of(self).session() as session:
                saved = self.save_function(session, values, expected_version)
        except ValidationError as exc:
            self.app.call_from_thread(self.show_errors, exc.errors)
            return
        except ConflictError as exc:
            self.app.call_from_thread(self._conflict, values, exc)
            return
        self.app.call_from_thread(self.dismiss, saved)

    def _conflict(self, values: dict[str, Any], error: ConflictError) -> None:
        """Someone saved first: show the fields that differ, by label, and let the officer choose."""
        from sgtui.tui.modals.confirm import differing_rows

        labels = {spec.name: spec.label for spec in self.fields}
        self.show_conflict(values, differing_rows(labels, values, error.current))

    def show_conflict(self, values: dict[str, Any], rows: list[tuple[str, str, str]]) -> None:
        """Ask "mine or theirs?"; either way the page then shows the version kept."""
        from sgtui.tui.modals.confirm import ConflictModal

        def resolved(choice: str | None) -> None:
            if choice == "mine":
                self._save(values, None)
            elif choice == "theirs":
                self.notify("Kept your colleague's version; your edits were not saved")
                self.kept_theirs()
                self.dismiss(None)

        self.app.push_screen(ConflictModal(rows), resolved)

    def kept_theirs(self) -> None:
        """The page under the form shows the colleague's version (read it again)."""
        from sgtui.tui.fresh import notify_changed

        notify_changed(self.app)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        from sgtui.tui.modals.confirm import ConfirmModal

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal("Discard your changes?", "Discard", "Keep editing"), answered
        )
