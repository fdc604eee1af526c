"""Restore while sgtui has the database open elsewhere: refused, or (forced) the other stops saving."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sgtui.cli.main import main
from sgtui.services.workspace import open_workspace
from sgtui.store import backup
from sgtui.store.open_lock import open_folder


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM practice").fetchone()[0])
    finally:
        conn.close()


def _live_and_copy(tmp_path: Path) -> tuple[Path, Path]:
    live, copy = tmp_path / "team.db", tmp_path / "copy.db"
    open_workspace(live, practices=False, daily_backup=False).db.dispose()
    backup.copy_sqlite_file(live, copy)
    return live, copy


def test_restore_is_refused_while_another_sgtui_has_it_open(
    tmp_path: Path, spawn: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    live, copy = _live_and_copy(tmp_path)
    other = spawn("keeper", str(live))
    other.expect("open")
    other.send("go")
    other.expect("saved")
    assert main(["restore", str(copy), "--db", str(live)]) == 2
    assert capsys.readouterr().err == (
        f"sgtui: error: the database {live} is open in another sgtui: close sgtui there "
        "first, or restore with --force (that sgtui then stops saving until it is reopened)\n"
    )
    other.send("go")
    other.expect("saved")
    assert _count(live) == 2  # nothing replaced, nothing lost


def test_forced_restore_stops_the_other_sgtui_saving(
    tmp_path: Path, spawn: Callable[..., Any]
) -> None:
    live, copy = _live_and_copy(tmp_path)
    other = spawn("keeper", str(live))
    other.expect("open")
    other.send("go")
    other.expect("saved")
    assert main(["restore", str(copy), "--force", "--db", str(live)]) == 0
    for _ in range(3):  # every later save is refused, none reported as saved
        other.send("go")
        assert other.read() == (
            f"refused: the database {live} was replaced (restored from a backup?) while "
            "sgtui had it open, so nothing more was saved: close sgtui and open it again"
        )
    assert _count(live) == 0


def test_a_killed_sgtui_does_not_block_restore(tmp_path: Path, spawn: Callable[..., Any]) -> None:
    live, copy = _live_and_copy(tmp_path)
    other = spawn("keeper", str(live))
    other.expect("open")
    other.close()  # killed: the operating system drops its lock
    assert len(list(open_folder(live).glob("*.lock"))) == 1
    assert main(["restore", str(copy), "--db", str(live)]) == 0
    assert list(open_folder(live).glob("*.lock")) == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_open_lock_is_owner_only_and_goes_on_close(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        svc = open_workspace(tmp_path / "team.db", practices=False, daily_backup=False)
    finally:
        os.umask(old_umask)
    folder = open_folder(tmp_path / "team.db")
    (lock,) = folder.glob("*.lock")
    assert (stat.S_IMODE(folder.stat().st_mode), stat.S_IMODE(lock.stat().st_mode)) == (
        0o700,
        0o600,
    )
    assert lock.name.startswith(f"{os.getpid()}-")
    svc.db.dispose()
    assert not folder.exists()  # the last one to close removes the folder
