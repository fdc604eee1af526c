"""The app's first frame comes before the database: the shell, Today's frame, then figures."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sgtui.clock import FixedClock
from sgtui.services.context import Services
from sgtui.store.errors import DatabaseError
from sgtui.tui.app import SgtuiApp, open_app, run_app
from tests.support.clock import TODAY
from tests.support.keys import SIZE
from tests.support.waiting import settled

DATABASE_LAYER = ("sqlalchemy", "sqlmodel", "sgtui.store", "sgtui.services.context")


def test_the_shell_and_todays_frame_import_no_database_layer() -> None:
    """In a fresh interpreter, as `sgtui` starts: nothing SQL before the first frame."""
    code = (
        "import sys\n"
        "import sgtui.cli.cmd_app, sgtui.tui.app, sgtui.tui.screens.today\n"
        f"print([m for m in sys.modules if m.startswith({DATABASE_LAYER!r})])\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert shown.strip() == "[]"


async def test_today_paints_its_frame_while_the_database_opens(svc: Services) -> None:
    """The tiles show "…" and the mode bar its date while the opener is still working;
    the figures fill in once it returns."""
    may_open = threading.Event()
    opened: list[bool] = []

    def opener() -> Services:
        may_open.wait(10)
        opened.append(True)
        return svc

    app = SgtuiApp(opener=opener, clock=svc.clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert opened == []
            assert str(app.screen.query_one("#tile-practices").render()) == "…"
            assert "Mon 10/03/2025" in str(app.screen.query_one("#mode-bar").render())
            may_open.set()
            await settled(pilot)
            assert opened == [True]
            assert "GP practices" in str(app.screen.query_one("#tile-practices").render())
            assert app.screen.query_one("#today-submissions").row_count > 0
    finally:
        may_open.set()


async def test_the_settings_scope_applies_once_the_database_is_open(svc: Services) -> None:
    from sgtui.config import Settings

    app = SgtuiApp(opener=lambda: svc, clock=svc.clock, settings=Settings(borough="LAM"))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.scope_label == "Lambeth"
        assert app.borough_id is not None


async def test_a_database_that_cannot_be_opened_closes_the_app_and_says_why() -> None:
    def opener() -> Services:
        raise DatabaseError("the database file is locked by another program")

    app = SgtuiApp(opener=opener, clock=FixedClock.on(TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert isinstance(app.open_error, DatabaseError)


def test_run_app_raises_the_opening_error_for_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`sgtui` prints the sentence once the terminal is back (cli.main turns it into one line)."""
    app = open_app(tmp_path / "new.db", clock=FixedClock.on(TODAY))
    failure = DatabaseError("no room left on the disk")

    def run_without_terminal(self: SgtuiApp, *args: object, **kwargs: object) -> None:
        self._open_error = failure

    monkeypatch.setattr(SgtuiApp, "run", run_without_terminal)
    with pytest.raises(DatabaseError, match="no room left"):
        run_app(app)


async def test_asking_for_the_database_on_the_ui_thread_early_opens_it_there(
    svc: Services,
) -> None:
    """A mount handler that reads ``app.svc`` before the opening worker has started
    must not wait for that worker forever: it opens the database itself, once."""
    calls: list[bool] = []

    def opener() -> Services:
        calls.append(True)
        return svc

    class EarlyReader(SgtuiApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.early_actor = self.svc.actor

    app = EarlyReader(opener=opener, clock=svc.clock)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.early_actor == svc.actor
        assert calls == [True]
        assert "GP practices" in str(app.screen.query_one("#tile-practices").render())
