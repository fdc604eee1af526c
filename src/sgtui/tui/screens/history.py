"""A record's history (who changed what, when) and "Undo my last change".

Both read the audit log through :mod:`sgtui.services.history`, the same functions as
``sgtui history`` and ``sgtui undo``; undo always previews first (a dry run that rolls
back) and shows the refusal reason when the change is no longer safe to undo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label, Static

from sgtui.clock import to_london
from sgtui.services import audit
from sgtui.services.context import Services
from sgtui.services.errors import ServiceError
from sgtui.services.history import Change, RecordRef, UndoResult, record_history
from sgtui.services.history_text import readable
from sgtui.services.ukdates import format_uk
from sgtui.store.models import LesReturn, LesScheme, Meeting, Person, Practice, Review
from sgtui.tui.base import SgtuiScreen
from sgtui.tui.context import services_of
from sgtui.tui.modals.dialog import SgtuiModal

KIND_MODELS: dict[str, type[SQLModel]] = {
    "practice": Practice,
    "person": Person,
    "review": Review,
    "meeting": Meeting,
    "les": LesReturn,
    "les_scheme": LesScheme,
}
"""The record page kinds and the tables their audit entries name."""

ACTION_WORDS = {
    "create": "+ created",
    "update": "~ changed",
    "delete": "✗ deleted",
    "undo": "↶ undone",
    "import": "+ imported",
    "convert": "⇄ converted",
    "batch": "≡ set",
}


def london_time(instant: datetime) -> str:
    """A stored UTC instant as dd/mm/yyyy HH:MM in London time."""
    return to_london(instant).strftime("%d/%m/%Y %H:%M")


def value_text(value: Any) -> str:
    """An audit value as an officer reads it: UK dates, "—" for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return format_uk(date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def history_rows(changes: list[Change]) -> list[tuple[str, str, str, str, str, str]]:
    """Newest change first; one row per field, the change's who/when on its first row."""
    rows: list[tuple[str, str, str, str, str, str]] = []
    for change in reversed(changes):
        fields = sorted(change.fields.items()) or [(change.note or "", (None, None))]
        for number, (name, (before, after)) in enumerate(fields):
            lead = (
                (
                    london_time(change.at),
                    change.actor,
                    ACTION_WORDS.get(change.action, change.action),
                )
                if number == 0
                else ("", "", "")
            )
            rows.append((*lead, name, value_text(before), value_text(after)))
    return rows


@dataclass(frozen=True)
class HistoryPage:
    ref: RecordRef
    changes: list[Change]


def load_history(session: Session, kind: str, record_id: int) -> HistoryPage:
    """The record's label and its changes (oldest first, as the service gives them)."""
    model = KIND_MODELS[kind]
    record = session.get(model, record_id)
    label = (audit.natural_key(record) if record else None) or f"{kind} {record_id}"
    ref = RecordRef(audit.record_type(model), record_id, label)
    changes = [readable(session, ref.table, c) for c in record_history(session, ref)]
    return HistoryPage(ref, changes)


class HistoryScreen(SgtuiScreen):
    """Every change to one record, newest first; u (or ctrl+z) undoes your own last change
    to this record."""

    AUTO_FOCUS = "#history-table"
    DEFAULT_CSS = """
    #history-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("u,ctrl+z", "undo_here", "Undo my last change here", id="history.undo"),
    ]

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__()
        self.kind, self.record_id = kind, record_id
        self.undone = False
        """True once an undo went through, so the record page reloads on the way back."""

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label("History", id="history-title", classes="screen-title")
        yield Static("Loading…", id="history-summary", classes="detail")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        for heading, width in (
            ("When (London)", 16),
            ("Who", 16),
            ("Action", 10),
            ("Field", 22),
            ("Before", 22),
            ("After", 22),
        ):
            table.add_column(heading, width=width)
        self.reload_panels()

    def load_panels(self, session: Session) -> HistoryPage:
        return load_history(session, self.kind, self.record_id)

    def show_panels(self, page: HistoryPage) -> None:
        self.query_one("#history-title", Label).update(f"History of {page.ref.label}")
        count = len(page.changes)
        self.query_one("#history-summary", Static).update(
            f"{count} change{'s' if count != 1 else ''}, newest first · "
            "u undoes your own last change to this record if nobody has changed it since"
        )
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for row in history_rows(page.changes):
            table.add_row(*row)

    def action_undo_here(self) -> None:
        def finished(result: UndoResult | None) -> None:
            if result is not None:
                self.undone = True

        self.app.push_screen(undo_record_modal(self.kind, self.record_id), finished)

    def action_back(self) -> None:
        self.dismiss(self.undone)  # type: ignore[arg-type]


UndoRun = Callable[[Services, bool], UndoResult]
"""(services, dry run?) -> what was (or would be) undone; raises UndoRefused."""


def _undo_anywhere(svc: Services, dry_run: bool) -> UndoResult:
    from sgtui.services.history import undo_last

    return undo_last(svc, dry_run=dry_run)


def undo_record_modal(kind: str, record_id: int, made_here: Iterable[int] = ()) -> UndoModal:
    """Undo my last change to this record (or made from its page), previewed first."""
    from sgtui.services.history import undo_last_for

    table = audit.record_type(KIND_MODELS[kind])
    ids = tuple(made_here)

    def run(svc: Services, dry_run: bool) -> UndoResult:
        return undo_last_for(svc, table, record_id, made_here=ids, dry_run=dry_run)

    return UndoModal(run, "Undo my last change to this record")


def undo_list_modal(tables: Iterable[str], made_here: Iterable[int] = ()) -> UndoModal:
    """Undo my last change to what this list shows (or made from its screen)."""
    from sgtui.services.history import undo_last_in

    wanted, ids = frozenset(tables), tuple(made_here)

    def run(svc: Services, dry_run: bool) -> UndoResult:
        return undo_last_in(svc, wanted, made_here=ids, dry_run=dry_run)

    return UndoModal(run, "Undo my last change in this list")


class UndoModal(SgtuiModal):
    """Previews the officer's last change (a dry run), then undoes it on "Undo".

    ``run`` picks which change: the last anywhere (the default, as in the palette), to
    the record on screen, or in the list on screen. Dismisses with the
    :class:`UndoResult` when undone, None when cancelled or refused.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, run: UndoRun = _undo_anywhere, title: str = "Undo my last change") -> None:
        super().__init__()
        self.run_undo, self.title_text = run, title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static("Checking what would be undone…", id="undo-preview")
            with Horizontal(classes="form-buttons"):
                yield Button("Undo it", id="undo-yes", variant="warning", disabled=True)
                yield Button("Cancel (esc)", id="undo-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#undo-no", Button).focus()
        self._run(dry_run=True)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Undo")
    def _run(self, *, dry_run: bool) -> None:
        try:
            result = self.run_undo(services_of(self), dry_run)
        except ServiceError as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        done = self._preview if dry_run else self._undone
        self.app.call_from_thread(done, result)

    def _describe(self, result: UndoResult) -> str:
        what = ACTION_WORDS.get(result.undone_action, result.undone_action).split(" ", 1)[-1]
        record = result.record
        name = (
            record.label
            if record.label.startswith(record.table) or record.table == "batch"
            else f"{record.table} {record.label}"
        )
        effect = result.effect
        if result.columns:
            from sgtui.services.history_text import labels_of

            effect = "put back " + labels_of(record.table, result.columns)
        return (
            f"Your last change: {what} [b]{name}[/b]"
            f" at {london_time(result.undone_at)}.\nUndo would {effect}."
        )

    def _preview(self, result: UndoResult) -> None:
        self.query_one("#undo-preview", Static).update(self._describe(result))
        button = self.query_one("#undo-yes", Button)
        button.disabled = False
        button.focus()

    def _refused(self, reason: str) -> None:
        self.query_one("#undo-preview", Static).update(f"✗ Not undone: {reason}")
        self.query_one("#undo-yes", Button).disabled = True
        self.query_one("#undo-no", Button).label = "Close (esc)"
        self.query_one("#undo-no", Button).focus()

    def _undone(self, result: UndoResult) -> None:
        self.notify(f"Undone: {result.effect} ({result.record.label})")
        self.dismiss(result)

    @on(Button.Pressed, "#undo-yes")
    def _confirmed(self) -> None:
        self.query_one("#undo-yes", Button).disabled = True
        self._run(dry_run=False)

    @on(Button.Pressed, "#undo-no")
    def action_cancel(self) -> None:
        self.dismiss(None)
