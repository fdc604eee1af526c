"""Backups under faults: a full disk, a damaged database, empty copies, a locked file, a killed run."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from sgtui import paths
from sgtui.cli.main import main
from sgtui.clock import FixedClock
from sgtui.services.workspace import open_workspace
from sgtui.store import backup, restore
from sgtui.store.errors import DatabaseError
from tests.support.disks import Tmpfs

BUSY = "is busy (another sgtui is saving); try again in a moment"


def _workspace(path: Path) -> Path:
    open_workspace(path, practices=False, daily_backup=False).db.dispose()
    return path


def _corrupt(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096)


def _dead_pid() -> int:
    """The id of a process that has exited (so nothing is writing its temporaries)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def small_disk(tmpfs: Tmpfs) -> Callable[[str], Path]:
    """A disk of a given size (``small_disk("128k")``), remountable larger."""
    return tmpfs.mount


def test_full_disk_leaves_no_copy_and_the_daily_copy_is_retried(
    tmp_path: Path,
    small_disk: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    clock: FixedClock,
) -> None:
    live = _workspace(tmp_path / "team.db")  # about 450 KB: more than the disk holds
    disk = small_disk("128k")
    monkeypatch.setenv("SGTUI_DATA_DIR", str(disk / "data"))
    svc = open_workspace(live, clock=clock, practices=False, daily_backup=False)
    try:
        assert backup.ensure_daily_backup(svc.db, clock) is None
        assert _names(paths.backup_dir()) == []  # no empty file passing for a copy
        with pytest.raises(DatabaseError, match="the disk is full"):
            backup.backup_sqlite(svc.db, reason="manual", now=clock.now())
        assert _names(paths.backup_dir()) == []
        small_disk("4m")  # space freed: the next start takes the day's copy
        taken = backup.ensure_daily_backup(svc.db, clock)
    finally:
        svc.db.dispose()
    assert taken is not None and _names(paths.backup_dir()) == [taken.name]
    assert backup.integrity_problems(taken) == []


def test_backup_to_a_file_on_a_full_disk_leaves_nothing(
    tmp_path: Path, small_disk: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    live = _workspace(tmp_path / "team.db")
    target = small_disk("128k") / "copy.db"
    assert main(["backup", str(target), "--db", str(live)]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert _names(target.parent) == []


def test_empty_copies_never_rotate_out_the_good_one(tmp_path: Path, clock: FixedClock) -> None:
    live = _workspace(tmp_path / "team.db")
    good = backup.backup_file(live, reason="daily", now=clock.now())
    folder = good.parent
    for day in range(1, 21):  # twenty later "copies" a full disk left empty
        stamp = (clock.now() + timedelta(days=day)).strftime(backup.STAMP)
        (folder / f"team-daily-{stamp}.db").touch()
    assert backup.rotate(folder, "team") == []
    assert good.exists()
    newer = [
        backup.backup_file(live, reason="daily", now=clock.now() + timedelta(days=30 + day))
        for day in range(14)
    ]
    assert _names(folder) == sorted(p.name for p in newer)  # empties and old copy rotated out


def test_a_damaged_database_is_not_backed_up(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    live = _workspace(tmp_path / "team.db")
    good = backup.backup_file(live, reason="manual", now=clock.now())
    _corrupt(live)
    assert main(["backup", "--db", str(live)]) == 2
    err = capsys.readouterr().err
    assert "team.db is damaged" in err and "it was not backed up" in err
    assert main(["backup", str(tmp_path / "mine.db"), "--db", str(live)]) == 2
    assert not (tmp_path / "mine.db").exists()
    assert _names(good.parent) == [good.name]


def test_doctor_reports_a_truncated_database_and_each_backup(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    live = _workspace(tmp_path / "team.db")
    good = backup.backup_file(live, reason="daily", now=clock.now())
    empty = good.with_name(good.name.replace("daily", "manual"))
    empty.touch()
    os.truncate(live, live.stat().st_size // 2)
    assert main(["doctor", "--db", str(live)]) == 1
    out = capsys.readouterr().out
    assert "[PROBLEM] integrity: team.db is truncated: shorter than its header says" in out
    assert "[PROBLEM] backups:" not in out
    assert "backups: 2 copies, 1 failed; newest good copy 10/03/2025 09:00 (daily)" in out
    assert f"[PROBLEM] backup: {empty.name} (manual, 10/03/2025 09:00): is empty (0 bytes)" in out
    assert f"[     ok] backup: {good.name} (daily, 10/03/2025 09:00): ok" in out


def test_leftovers_of_killed_runs_are_removed_next_time(tmp_path: Path, clock: FixedClock) -> None:
    live = _workspace(tmp_path / "team.db")
    folder = paths.ensure_private_dir(paths.backup_dir())
    pid = _dead_pid()
    stale_copy = folder / f"team-daily-{clock.now().strftime(backup.STAMP)}.db.{pid}.partial"
    stale_restore = tmp_path / f"team.db.{pid}.restoring"
    for stale in (stale_copy, stale_restore, Path(f"{stale_restore}-journal")):
        stale.write_bytes(b"half a copy")
    taken = backup.backup_file(live, reason="manual", now=clock.now())
    assert _names(folder) == [taken.name]
    restore.restore_sqlite(live, taken, now=clock.now())
    assert [p for p in _names(tmp_path) if ".restoring" in p or ".partial" in p] == []


def _sgtui(*args: str) -> tuple[int, str, float]:
    """Run the real CLI in its own process: (exit code, stderr, seconds taken)."""
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "sgtui", *args], capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stderr, time.monotonic() - began


def test_backup_and_restore_say_busy_under_an_exclusive_lock(
    tmp_path: Path, spawn: Callable[..., Any]
) -> None:
    live = _workspace(tmp_path / "team.db")
    copy = tmp_path / "copy.db"
    backup.copy_sqlite_file(live, copy)
    locker = spawn("exclusive", str(live))
    locker.expect("locked")
    for command in (["backup"], ["backup", str(tmp_path / "new.db")], ["restore", str(copy)]):
        code, err, seconds = _sgtui(*command, "--db", str(live))
        assert (code, seconds < 30) == (2, True)
        assert err.strip() == f"sgtui: error: the database sqlite:///{live} {BUSY}"
    assert not (tmp_path / "new.db").exists()
    locker.send("release")
    locker.expect("released")


def test_restore_on_a_full_disk_says_so_and_leaves_no_stray_files(
    tmp_path: Path, small_disk: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    big = _workspace(tmp_path / "big.db")  # about 450 KB
    disk = small_disk("256k")
    live = disk / "team.db"
    conn = sqlite3.connect(live)  # a tiny "sgtui database" that fits
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.close()
    before = live.read_bytes()
    assert main(["restore", str(big), "--db", str(live)]) == 2
    assert "the disk is full (nothing was saved)" in capsys.readouterr().err
    assert _names(disk) == ["team.db"]  # no staging copy, no journal
    assert live.read_bytes() == before


def test_a_damaged_database_is_reported_at_the_daily_copy(
    tmp_path: Path, clock: FixedClock
) -> None:
    live = _workspace(tmp_path / "team.db")
    svc = open_workspace(live, clock=clock, practices=False, daily_backup=False)
    _corrupt(live)
    told: list[str] = []
    try:
        assert backup.ensure_daily_backup(svc.db, clock, told.append) is None
    finally:
        svc.db.dispose()
    assert told == [
        "Today's backup was not taken: team.db is damaged (database disk image is malformed), "
        "so it was not backed up: run `sgtui doctor`"
    ]
    assert _names(paths.backup_dir()) == []


def test_the_command_line_warns_when_the_daily_copy_fails(
    tmp_path: Path,
    small_disk: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    live = _workspace(tmp_path / "team.db")
    monkeypatch.setenv("SGTUI_DATA_DIR", str(small_disk("128k") / "data"))
    assert main(["imports", "--db", str(live)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("sgtui: warning: Today's backup was not taken: cannot write the copy ")
    assert err.endswith(": the disk is full (nothing was saved)\n")


def test_restore_over_a_damaged_database_keeps_it_aside(tmp_path: Path, clock: FixedClock) -> None:
    live = _workspace(tmp_path / "team.db")
    good = backup.backup_file(live, reason="manual", now=clock.now())
    _corrupt(live)
    damaged = live.read_bytes()
    clock.advance(hours=1)
    kept = restore.restore_sqlite(live, good, now=clock.now())
    assert kept is not None and kept.parent == paths.backup_dir()
    assert kept.name == f"team-damaged-{clock.now().strftime(backup.STAMP)}.db.damaged"
    assert kept.read_bytes() == damaged
    assert backup.integrity_problems(live) == []
    assert [b.path for b in backup.list_backups(paths.backup_dir(), "team")] == [good]
