"""The sgtui Textual application: areas as modes, global keys, scope, theme, errors.

Kept small on purpose: each area's workflow lives in its screen module; this file
holds the mode table, the keys that work everywhere and the settings they change.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from sgtui.clock import Clock
from sgtui.config import ConfigError, Settings, load_settings, save_settings
from sgtui.tui.areas import area_bindings, modes

if TYPE_CHECKING:
    from sgtui.services.context import Services

if TYPE_CHECKING:
    from textual.screen import Screen

    from sgtui.services.changes_feed import ChangesFeed
    from sgtui.tui.fresh import DataChanged


def _jump_provider() -> Any:
    """The palette's record search, imported when the palette first opens."""
    from sgtui.tui.commands import JumpProvider

    return JumpProvider


class SgtuiApp(App[None]):
    """sgtui on one database."""

    TITLE = "sgtui"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    MODES = modes()
    DEFAULT_MODE = "today"
    COMMANDS = App.COMMANDS | {_jump_provider}
    BINDINGS = [
        *area_bindings(),
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
        self,
        svc: Services | None = None,
        settings: Settings | None = None,
        *,
        backup_on_start: bool = False,
        opener: Callable[[], Services] | None = None,
        clock: Clock | None = None,
    ) -> None:
        """Run on ``svc``, or on what ``opener`` opens once the first frame is painted.

        The opener is how `sgtui` starts: the shell paints before SQLAlchemy and the
        models are even imported, and the figures fill in when the database is open.
        """
        super().__init__()
        # The scope's reactives start set, here on the UI thread: Textual sets a reactive
        # on its first read and runs its watchers there, and that first read may be a
        # screen's loader in a worker thread (its watcher then started a load from that
        # thread, out of order with the UI thread's, and Today never said it had loaded).
        self.set_reactive(SgtuiApp.borough_id, None)
        self.set_reactive(SgtuiApp.scope_label, "All boroughs")
        self._svc = svc
        self._opener = opener
        self._opened = threading.Event()
        self._open_lock = threading.Lock()
        self._open_error: BaseException | None = None
        if svc is not None:
            self._opened.set()
        self.clock = svc.clock if svc is not None else clock or Clock()
        """Today's date comes from here until (and after) the database is open."""
        self.backup_on_start = backup_on_start
        """Take the day's first backup in a thread once the first screen is up."""
        self.freeze_after_open = False
        """Move everything imported so far out of the garbage collector's sight once the
        database is open (``gc.freeze``): Textual, SQLAlchemy and the models live as long
        as the process, so later collections and the exit need not walk them."""
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
        self._apply_theme(self.settings.theme)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self._config_problem:
            self.notify(self._config_problem, severity="warning")
        self.watch(self, "theme", self._remember_theme, init=False)
        if self._svc is not None:
            self._apply_borough_code(self.settings.borough)
            if self.backup_on_start:
                self.call_after_refresh(self._start_daily_backup)
            self._listen_for_changes()
        else:
            self.screen.call_after_refresh(self._open_workspace)

    @property
    def svc(self) -> Services:
        """The database, clock and actor; waits for the database while it is being opened.

        Screens read it in their thread workers, which therefore simply start a moment
        later on the first screen. Code on the UI thread that asks before the opening
        worker has begun opens the database itself rather than wait on a worker that
        cannot start while it waits. If opening failed, the app is closing: say why.
        """
        if not self._opened.is_set() and threading.get_ident() == self._thread_id:
            self._open_now()
        self._opened.wait()
        if self._svc is None:
            raise RuntimeError("the database could not be opened") from self._open_error
        return self._svc

    @svc.setter
    def svc(self, svc: Services) -> None:
        self._svc = svc
        self._opened.set()

    @property
    def open_error(self) -> BaseException | None:
        """Why the database could not be opened (the app exits; the caller reports it)."""
        return self._open_error

    def _open_now(self) -> None:
        """Run the opener once, whichever thread gets here first (the other waits)."""
        with self._open_lock:
            if self._opened.is_set():
                return
            assert self._opener is not None
            try:
                self._svc = self._opener()
            except BaseException as exc:  # reported by the caller once the app has closed
                self._open_error = exc
            finally:
                self._opened.set()

    @work(thread=True, exit_on_error=False, group="open", description="Opening the database")
    def _open_workspace(self) -> None:
        """Open (and if need be migrate and seed) the database, off the UI thread."""
        self._open_now()
        if self._open_error is not None:
            self.call_from_thread(self.exit, return_code=2)
            return
        self.call_from_thread(self._workspace_opened)

    def _workspace_opened(self) -> None:
        if self.freeze_after_open:
            import gc

            gc.freeze()
        self._apply_borough_code(self.settings.borough)
        if self.backup_on_start:
            self._start_daily_backup()
        self._listen_for_changes()

    def _listen_for_changes(self) -> None:
        """Once the database is open: hear this app's commits, and poll for colleagues'."""
        self.svc.listeners.append(self._committed)
        self.call_after_refresh(self._start_changes_feed)

    def on_unmount(self) -> None:
        svc = self._svc  # not self.svc: a database that never opened is not waited for
        if svc is not None and self._committed in svc.listeners:
            svc.listeners.remove(self._committed)

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
        from sgtui.store.errors import DatabaseError
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

        start_daily_backup(self.svc.db, self.svc.clock, report=self._backup_not_taken)

    def _backup_not_taken(self, message: str) -> None:
        """From the backup thread: tell the officer why today's copy was not taken."""
        import contextlib

        with contextlib.suppress(RuntimeError):  # the app has already closed
            self.call_from_thread(
                self.notify, message, title="Backup", severity="warning", timeout=15
            )

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

    def remember_hidden_columns(self, list_name: str, keys: frozenset[str]) -> None:
        """Remember the columns hidden in a list (none: forget it) in the settings file."""
        if keys:
            self.settings.hidden_columns[list_name] = sorted(keys)
        else:
            self.settings.hidden_columns.pop(list_name, None)
        self._save_settings()

    def _apply_theme(self, theme: str | None) -> None:
        """Use the settings' theme; an unknown name is said, not silently ignored."""
        if not theme:
            return
        if theme in self.available_themes:
            self.theme = theme
            return
        known = ", ".join(sorted(self.available_themes))
        self.notify(
            f"Theme {theme!r} in your settings does not exist, so the default is used;"
            f" the themes are: {known}",
            severity="warning",
            timeout=15,
        )

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

        self.push_screen(HelpModal(declared_bindings()))

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


def open_app(
    target: str | os.PathLike[str] | None = None,
    *,
    clock: Clock | None = None,
    actor: str | None = None,
) -> SgtuiApp:
    """The app on ``target`` as `sgtui` starts it: the frame at once, the database in a
    worker, the daily backup in a thread once that is open."""

    def opener() -> Services:
        from sgtui.services.workspace import open_workspace

        return open_workspace(target, clock=clock, actor=actor, daily_backup=False)

    app = SgtuiApp(opener=opener, clock=clock, backup_on_start=True)
    app.freeze_after_open = True  # one app per process here, unlike in the tests
    return app


def run_app(app: SgtuiApp) -> None:
    """Run the app until the user quits, then close its database.

    A database that could not be opened is raised here, after the terminal is
    restored, so the command line reports it as one sentence.
    """
    try:
        app.run()
    finally:
        if app._opened.is_set() and app._svc is not None:
            app._svc.db.dispose()
    if app.open_error is not None:
        raise app.open_error


def declared_bindings() -> dict[str, Binding]:
    """Every binding help lists, by id, as its class declares it (before the keymap).

    Here, not in the help dialog, so dialogs never import the app or its screens.
    """
    from sgtui.tui.base import SgtuiScreen
    from sgtui.tui.screens.les import LesScreen
    from sgtui.tui.screens.meetings import MeetingsScreen
    from sgtui.tui.screens.record import RecordScreen
    from sgtui.tui.widgets.record_table import RecordTable

    owners = (SgtuiApp, SgtuiScreen, LesScreen, MeetingsScreen, RecordScreen, RecordTable)
    return {
        b.id: b
        for owner in owners
        for b in owner.BINDINGS
        if isinstance(b, Binding) and b.id is not None
    }
