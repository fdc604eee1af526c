"""The app tells the officer when the day's backup could not be taken."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sgtui.clock import FixedClock
from sgtui.services.workspace import open_workspace
from sgtui.store import backup
from sgtui.store.errors import DatabaseError
from sgtui.tui.app import SgtuiApp
from tests.support.clock import TODAY
from tests.support.waiting import settled


async def test_a_failed_daily_copy_is_shown_as_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = open_workspace(tmp_path / "start.db", clock=FixedClock.on(TODAY), daily_backup=False)

    def full_disk(*_args: object, **_kwargs: object) -> Path:
        raise DatabaseError("cannot write the copy: the disk is full (nothing was saved)")

    monkeypatch.setattr(backup, "backup_file", full_disk)
    shown: list[tuple[str, str]] = []
    app = SgtuiApp(svc, backup_on_start=True)
    real_notify = app.notify

    def notify(message: str, **kwargs: object) -> None:
        shown.append((message, str(kwargs.get("severity"))))
        real_notify(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        for thread in threading.enumerate():
            if thread.name == "sgtui-daily-backup":
                thread.join(10)
        await settled(pilot)
    svc.db.dispose()
    assert (
        "Today's backup was not taken: cannot write the copy: the disk is full (nothing was saved)",
        "warning",
    ) in shown
