"""The sgtui Textual application: areas as modes, global keys, scope, theme, errors.

Kept small on purpose: each area's workflow lives in its screen module; this file
holds the mode table, the keys that work everywhere and the settings they change.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from sgtui.config import ConfigError, Settings, load_settings, save_settings
from sgtui.services.context import Services

if TYPE_CHECKING:
    from textual.screen import Screen

    from sgtui.services.changes_feed import ChangesFeed
    from sgtui.tui.fresh import DataChanged


def _lazy(module: str, name: str) -> Any:
    """A mode factory that imports its screen on first use (keeps start-up quick)."""

    def make() -> Any:
        import importlib

        return getattr(importlib.import_module(f"sgtui.tui.screens.{module}"), name)()

    return make


def _jump_provider() -> Any:
    """The palette's record search, imported when the palette first opens."""
    from sgtui.tui.commands import JumpProvider

    return JumpProvider


class SgtuiApp(App[None]):
    """sgtui on one database."""

    TITLE = "sgtui"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    MODES = {
        "today": _lazy("today", "TodayScreen"),
        "meetings": _lazy("meetings", "MeetingsScreen"),
        "reviews": _lazy("reviews", "ReviewsScreen"),
        "les": _lazy("les", "LesScreen"),
        "training": _lazy("training", "TrainingScreen"),
        "practices": _lazy("areas", "PracticesScreen"),
        "people": _lazy("areas", "PeopleScreen"),
    }
    DEFAULT_MODE = "today"
    COMMANDS = App.COMMANDS | {_jump_provider}
    BINDINGS = [
        Binding("1", "switch_mode('today')", "Today", show=False, id="app.today"),
        Binding("2", "switch_mode('meetings')", "Meetings", show=False, id="app.meetings"),
        Binding("3", "switch_mode('reviews')", "Reviews", show=False, id="app.reviews"),
        Binding("4", "switch_mode('les')", "LES", show=False, id="app.les"),
        Binding("5", "switch_mode('training')", "Training", show=False, id="app.training"),
        Binding("6", "switch_mode('practices')", "Practices", show=False, id="app.practices"),
        Binding("7", "switch_mode('people')", "People", show=False, id="app.people"),
        Binding(
            "b", "choose_scope", "Scope", id="app.scope", tooltip="Choose the borough you work on"
        ),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every key binding"),
        Binding(
            "ctrl+z",
            "undo_last",
            "Undo",
            show=False,
            id="app.undo",
            tooltip="Undo my last change (shows what it will undo first)",
        ),
        Binding("f6", "open_import", "Import", show=False, id="app.import"),
        Binding("f7", "open_export", "Export", show=False, id="app.export"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    CHANGES_POLL_SECONDS = 3.0
    """How often to look for colleagues' saves (one indexed ``max(id)`` each time)."""

    borough_id: reactive[int | None] = reactive(None)
    """The borough every list is scoped to; None for all of SE London."""
    scope_label: reactive[str] = reactive("All boroughs")
    """The scope in words, shown in the mode bar."""

    def __init__(
        self, svc: Services, settings: Settings | None = None, *, backup_on_start: bool = False
    ) -> None:
        super().__init__()
        self.svc = svc
        self.backup_on_start = backup_on_start
        """Take the day's first backup in a thread once the first screen is up."""
        try:
            self.settings = settings or load_settings()
        except ConfigError as exc:
            self.settings = Settings()
            self._config_problem: str | None = str(exc)
        else:
            self._config_problem = None
        self.fresh_screens: weakref.WeakSet[Screen[Any]] = weakref.WeakSet()
        """Screens told about every DataChanged (they register themselves on mount)."""
        self._feed: ChangesFeed | None = None

    def on_mount(self) -> None:
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self._config_problem:
            self.notify(self._config_problem, severity="warning")
        self._apply_borough_code(self.settings.borough)
        self.watch(self, "theme", self._remember_theme, init=False)
        if self.backup_on_start:
            self.call_after_refresh(self._start_daily_backup)
        self.svc.listeners.append(self._committed)
        self.call_after_refresh(self._start_changes_feed)

    def on_unmount(self) -> None:
        if self._committed in self.svc.listeners:
            self.svc.listeners.remove(self._committed)

    # --- Always fresh --------------------------------------------------------------

    def _committed(self, kinds: frozenset[str], ids: tuple[int, ...]) -> None:
        """A save, delete or undo in this app committed (any thread): tell the screens."""
        from sgtui.tui.fresh import DataChanged

        if self._feed is not None:
            self._feed.saw_own(ids)
        self.post_message(DataChanged(kinds, ids))

    def _start_changes_feed(self) -> None:
        from sgtui.services.changes_feed import ChangesFeed

        self._feed = ChangesFeed()
        self._poll_changes()
        self.set_interval(self.CHANGES_POLL_SECONDS, self._poll_changes)

    def _poll_changes(self) -> None:
        self.run_worker(
            self._read_changes,
            thread=True,
            exclusive=True,
            group="changes-feed",
            exit_on_error=False,
            description="Looking for colleagues' changes",
        )

    def _read_changes(self) -> None:
        """In a thread: what others saved since the last look (a failed look is retried)."""
        from sgtui.services.errors import ServiceError
        from sgtui.store.engine import DatabaseError
        from sgtui.tui.fresh import DataChanged

        if self._feed is None:
            return
        try:
            kinds = self._feed.poll(self.svc)
        except (DatabaseError, ServiceError):
            return  # busy or unreachable for a moment: the next poll tries again
        if kinds:
            self.post_message(DataChanged(kinds))

    def on_data_changed(self, message: DataChanged) -> None:
        """Every registered screen reloads what depends on the kinds (or marks itself stale)."""
        from textual.screen import ModalScreen

        if message.own_entries:  # made on the page under any dialog: its ctrl+z undoes it
            home = next(s for s in reversed(self.screen_stack) if not isinstance(s, ModalScreen))
            made_here = getattr(home, "made_here", None)
            if isinstance(made_here, list):
                made_here.extend(message.own_entries)
        for screen in list(self.fresh_screens):
            changed = getattr(screen, "data_changed", None)
            if callable(changed):
                changed(message.kinds)

    def _start_daily_backup(self) -> None:
        from sgtui.store.backup import start_daily_backup

        start_daily_backup(self.svc.db, self.svc.clock)

    def _apply_borough_code(self, code: str | None) -> None:
        """Set the scope from a borough code (reference data is tiny: read it here)."""
        from sgtui.services.reference import find_borough

        with self.svc.session() as session:
            borough = find_borough(session, code) if code else None
            self.borough_id = borough.id if borough else None
            self.scope_label = borough.name if borough else "All boroughs"

    def set_borough(self, code: str | None) -> None:
        """Scope the app to a borough (None: all) and remember it in the settings file."""
        self._apply_borough_code(code)
        self.settings.borough = code
        self._save_settings()

    def _remember_theme(self, theme: str) -> None:
        self.settings.theme = theme
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            self.notify(f"Could not save your settings: {exc.strerror}", severity="warning")

    def action_choose_scope(self) -> None:
        from sgtui.tui.modals.scope import ScopeModal

        def chosen(code: str | None) -> None:
            if code is not None:
                self.set_borough(code or None)

        self.push_screen(ScopeModal(self.borough_id), chosen)

    def action_help(self) -> None:
        from sgtui.tui.modals.help import HelpModal

        self.push_screen(HelpModal())

    def action_open_import(self) -> None:
        from sgtui.tui.screens.import_screen import ImportScreen

        self.push_screen(ImportScreen())

    def action_open_export(self) -> None:
        from sgtui.tui.screens.export_screen import ExportScreen

        self.push_screen(ExportScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+z is the screen's own where it has one (the Import screen undoes its import)."""
        if action == "undo_last" and getattr(self.screen, "OWNS_UNDO", False):
            return False
        return super().check_action(action, parameters)

    def action_undo_last(self) -> None:
        from sgtui.tui.screens.history import UndoModal

        self.push_screen(UndoModal())


def run_app(svc: Services) -> None:
    """Run the app until the user quits (the daily backup is taken once it shows)."""
    SgtuiApp(svc, backup_on_start=True).run()
