"""Behaviour every sgtui screen shares: worker failures as notices, rows open records."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker

from sgtui.services.lists import Scope
from sgtui.tui.areas import AREAS
from sgtui.tui.context import clock_of, services_of
from sgtui.tui.modals.dialog import report_worker_failure
from sgtui.tui.widgets.link_table import LinkTable


class ModeBar(Static):
    """The top line: the areas and their keys (current one marked ▸), scope and date."""

    DEFAULT_CSS = """
    ModeBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, current: str) -> None:
        super().__init__(id="mode-bar")
        self.current = current

    def on_mount(self) -> None:
        self.watch(self.app, "scope_label", self._refresh_text)

    def _refresh_text(self, _label: str = "") -> None:
        parts = [
            f"[b]▸{area.key} {area.label}[/b]"
            if area.mode == self.current
            else f"{area.key} {area.label}"
            for area in AREAS
        ]
        today = clock_of(self).today().strftime("%a %d/%m/%Y")
        scope = getattr(self.app, "scope_label", "All boroughs")
        self.update("  ".join(parts) + f"   │ Scope: {scope} (b) │ {today}")


class SgtuiScreen(Screen[None]):
    """An area or record screen."""

    AUTO_FOCUS = "LinkTable"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    """An 80x24 terminal gets "-short": app.tcss shrinks the panels above a list there,
    so every list keeps at least 10 rows in view."""
    mode = ""
    """The area this screen belongs to, marked in the mode bar."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="screen.back", tooltip="Back to where you came from")
    ]
    depends_on: frozenset[str] | None = None
    """The tables whose changes this screen's own panels show (None: any table); its
    record lists follow their own tables whatever this says."""
    _stale: frozenset[str] = frozenset()
    """Kinds changed while the screen was hidden: reloaded when it is shown again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.made_here: list[int] = []
        """Audit ids of the officer's changes made on this screen (its ctrl+z undoes them)."""

    def on_mount(self) -> None:
        registered = getattr(self.app, "fresh_screens", None)
        if registered is not None:
            registered.add(self)

    def on_unmount(self) -> None:
        registered = getattr(self.app, "fresh_screens", None)
        if registered is not None:
            registered.discard(self)

    def data_changed(self, kinds: frozenset[str]) -> None:
        """Records of ``kinds`` changed: reload now if shown, else when shown again."""
        if self.app.screen is self:
            self.refresh_for(kinds)
        else:
            self._stale = self._stale | kinds

    def on_screen_resume(self) -> None:
        if self._stale:
            kinds, self._stale = self._stale, frozenset()
            self.refresh_for(kinds)

    def refresh_for(self, kinds: frozenset[str]) -> None:
        """Reload the lists that show ``kinds``, and the screen's own panels if they do."""
        from sgtui.tui.fresh import touches
        from sgtui.tui.widgets.record_table import RecordTable

        for table in self.query(RecordTable):
            if table.is_mounted and touches(table.kinds, kinds):
                table.reload()
        if touches(self.depends_on, kinds):
            self.reload_panels()

    def reload_panels(self) -> None:
        """Read the screen's own figures and panels again (by default its page loader)."""
        if type(self).load_panels is not SgtuiScreen.load_panels:
            self._panel_loads += 1
            self._load_panels(self._panel_loads)

    _panel_loads = 0
    """Panel loads started: each load's :class:`Loaded` names its number, so a load a
    newer one replaced cannot say the screen has loaded."""
    _panels_shown = 0
    """The number of the last load whose parts have all been shown."""

    @property
    def loaded(self) -> bool:
        """The screen's own panels show the latest load (no load under way).

        Its record lists say so for themselves (:attr:`RecordTable.loaded`).
        """
        return self._panels_shown == self._panel_loads

    # --- Load and show: one worker per screen, one message back ------------------------

    class PanelsLoaded(Message):
        """What :meth:`load_panels` read, on its way to :meth:`show_panels`."""

        def __init__(self, data: Any) -> None:
            super().__init__()
            self.data = data

    class Loaded(Message):
        """Every part of a panel load has been shown: the screen's "ready" signal.

        Posted after the last :class:`PanelsLoaded`, so it is handled after that part is
        on screen; tests wait for it instead of sleeping.
        """

        def __init__(self, screen: SgtuiScreen, load: int) -> None:
            super().__init__()
            self.screen = screen
            self.load = load

    def load_panels(self, session: Any) -> Any:
        """Read what the screen's own panels show, via a page loader in the services
        (runs in the screen's worker thread).

        A generator may yield its parts one by one (Today: the tiles, then the lists):
        each reaches :meth:`show_panels` as soon as it is read.
        """
        return None

    def show_panels(self, data: Any) -> None:
        """Lay out what :meth:`load_panels` returned, or one part it yielded (UI thread)."""

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="panels",
        description="Loading the screen",
    )
    def _load_panels(self, load: int) -> None:
        """Read and post the parts of load number ``load`` while it is the newest.

        A newer load replaces this one, which stops at its next part. The newest is
        told by its number rather than by the worker's cancelled flag: a load asked for
        twice in one go (the scope's first value, then the settings' borough) had its
        newest worker report itself cancelled and the older one not, so no load said
        the screen had loaded.
        """
        with services_of(self).session() as session:
            data = self.load_panels(session)
            for part in data if isinstance(data, Generator) else (data,):
                if load != self._panel_loads:
                    return  # a newer load replaced this one: it shows its own parts
                self.post_message(self.PanelsLoaded(part))
        if load == self._panel_loads:
            self.post_message(self.Loaded(self, load))

    def on_sgtui_screen_panels_loaded(self, message: PanelsLoaded) -> None:
        message.stop()
        self.show_panels(message.data)

    def on_sgtui_screen_loaded(self, message: Loaded) -> None:
        if message.screen is self:
            self._panels_shown = max(self._panels_shown, message.load)

    def compose_frame(self) -> ComposeResult:
        """The mode bar; screens yield it first and a Footer last."""
        yield ModeBar(self.mode or self.app.current_mode)

    def compose_footer(self) -> ComposeResult:
        yield Footer()

    def scope(self, **linked: int | None) -> Scope:
        """Today's date and the borough scope, plus any linked record (``practice_id=...``)."""
        return Scope(
            as_of=clock_of(self).today(),
            borough_id=getattr(self.app, "borough_id", None),
            **linked,  # type: ignore[arg-type]
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return len(self.app.screen_stack) > 1
        return True

    def action_back(self) -> None:
        self.dismiss()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_failure(self, event)

    def on_link_table_record_chosen(self, event: LinkTable.RecordChosen) -> None:
        self._open_record(event)

    def _open_record(self, event: LinkTable.RecordChosen) -> None:
        from sgtui.tui.navigation import open_record

        open_record(self.app, event.row.kind, event.row.record_id)
