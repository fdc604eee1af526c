"""A write that fails (full disk, read-only folder, no permission) is one sentence, no file.

The full disk and the read-only folder are real: small tmpfs mounts, which need root
(CI runs the tests as root); elsewhere those tests are skipped and the unit tests of
:func:`sgtui.exporters.safety.write_failure` still cover the wording.
"""

from __future__ import annotations

import errno
import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sgtui.cli.main import main
from sgtui.exporters.safety import ExportError, atomic_target, write_failure
from sgtui.exporters.table import export_table
from sgtui.services.context import Services
from tests.support.disks import Tmpfs

MADE = datetime(2025, 3, 10, 9, tzinfo=UTC)
"""When these workbooks say they were made (the clock's instant, passed in)."""

EXPORTS = {
    "a.csv": ["actions"],
    "r.xlsx": ["reviews"],
    "les.xlsx": ["les-return", "--year", "2024/25"],
    "q.xlsx": ["quarterly", "--quarter", "2024-Q3"],
    "m.ics": ["meetings"],
}


@pytest.fixture
def full_disk(tmpfs: Tmpfs) -> Path:
    """A folder on a 64 KiB disk filled to the last byte by one file, ``filler``."""
    folder = tmpfs.mount("64k")
    tmpfs.fill()
    return folder


@pytest.fixture
def read_only(tmpfs: Tmpfs) -> Path:
    """A folder on a read-only disk (where even root cannot write)."""
    return tmpfs.mount("64k", read_only=True)


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The "Exception ignored in ..." reports (each prints a traceback) made while a test runs."""
    seen: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    yield seen
    gc.collect()


def export(db_url: str, *argv: str) -> int:
    return main(["export", *argv, "--db", db_url])


@pytest.mark.parametrize("name", list(EXPORTS))
def test_a_full_disk_is_one_sentence_and_leaves_no_file(
    dataset: Services,
    db_url: str,
    full_disk: Path,
    capsys: pytest.CaptureFixture[str],
    unraisable: list[Any],
    name: str,
) -> None:
    target = full_disk / name
    assert export(db_url, *EXPORTS[name], "-o", str(target)) == 2
    err = capsys.readouterr().err
    assert err == (
        f"sgtui: error: cannot write {target}: the disk holding {full_disk} is full;"
        " nothing was written\n"
    )
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
    gc.collect()
    assert unraisable == []


@pytest.mark.parametrize("name", ["a.csv", "r.xlsx", "m.ics"])
def test_a_read_only_folder_is_one_sentence(
    dataset: Services,
    db_url: str,
    read_only: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    target = read_only / name
    assert export(db_url, *EXPORTS[name], "-o", str(target)) == 2
    assert capsys.readouterr().err == (
        f"sgtui: error: cannot write {target}: the folder {read_only} is read-only\n"
    )
    assert list(read_only.iterdir()) == []


def test_the_command_prints_no_traceback_on_a_full_disk(
    dataset: Services, db_url: str, full_disk: Path
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("one run is enough: the database is not what fails")
    target = full_disk / "r.xlsx"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("SGTUI_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "sgtui", "export", "reviews", "-o", str(target), "--db", db_url],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"sgtui: error: cannot write {target}: the disk holding {full_disk} is full;"
        " nothing was written\n"
    )
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the disk holding {folder} is full"),
        (errno.EROFS, "the folder {folder} is read-only"),
        (errno.EACCES, "no permission to write in {folder}"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_a_write_failing_part_way_is_one_sentence(tmp_path: Path, code: int, reason: str) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(ExportError) as caught, atomic_target(target, force=True) as temp:
        temp.write_text("half")
        raise OSError(code, os.strerror(code))
    folder = reason.format(folder=tmp_path)
    assert str(caught.value) == f"cannot write {target}: {folder}; nothing was written"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_the_message_names_the_file_never_the_rows(tmp_path: Path) -> None:
    error = write_failure(tmp_path / "x.xlsx", OSError(errno.ENOSPC, "No space left on device"))
    assert str(error) == (
        f"cannot write {tmp_path / 'x.xlsx'}: the disk holding {tmp_path} is full;"
        " nothing was written"
    )


def test_a_table_export_onto_a_full_disk_keeps_the_old_file(
    full_disk: Path, unraisable: list[Any]
) -> None:
    rows = [[f"Row {n}", n] for n in range(5000)]  # more than the disk's 64 KiB
    target = full_disk / "filler"
    with pytest.raises(ExportError, match="is full; nothing was written"):
        export_table(["Text", "N"], rows, full_disk / "t.xlsx", title="T", created=MADE)
    with pytest.raises(ExportError, match="is full; nothing was written"):
        export_table(["Text", "N"], rows, full_disk / "t.csv", title="T", created=MADE)
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
    assert target.stat().st_size > 0
    gc.collect()
    assert unraisable == []


@pytest.mark.parametrize("rows", [5000, 3])
def test_a_full_temporary_folder_is_one_sentence_too(
    full_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unraisable: list[Any],
    rows: int,
) -> None:
    """openpyxl streams rows through the system's temporary folder: that disk fills too.

    5000 rows fill it while they are streamed; 3 rows only when the sheet is finished.
    """
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(full_disk))
    target = tmp_path / "t.xlsx"
    with pytest.raises(ExportError) as caught:
        export_table(
            ["Text", "N"], [[f"Row {n}", n] for n in range(rows)], target, title="T", created=MADE
        )
    assert str(caught.value) == (
        "cannot prepare the export in the temporary folder: the disk holding"
        f" {full_disk} is full; nothing was written"
    )
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == [full_disk.name]
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
    gc.collect()
    assert unraisable == []
