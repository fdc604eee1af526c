"""Where exports go: one default folder (Documents), ``~`` expanded, and a file open in Excel.

platformdirs and the home folder are monkeypatched, so no test looks at the real user's
folders.
"""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sgtui import paths
from sgtui.cli.main import main
from sgtui.exporters import safety
from sgtui.exporters.safety import ExportError
from sgtui.exporters.table import export_table
from sgtui.services.context import Services

MADE = datetime(2025, 3, 10, 9, tzinfo=UTC)
"""When these workbooks say they were made (the clock's instant, passed in)."""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of our own (HOME on POSIX, USERPROFILE on Windows)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    return folder


def test_the_default_folder_is_platformdirs_documents(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    redirected = tmp_path / "OneDrive - NHS" / "Documents"
    redirected.mkdir(parents=True)
    monkeypatch.setattr(paths.platformdirs, "user_documents_path", lambda: redirected)
    assert paths.documents_folder() == redirected


def test_the_default_folder_is_home_when_documents_is_missing(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths.platformdirs, "user_documents_path", lambda: tmp_path / "gone")
    assert paths.documents_folder() == home


@pytest.mark.parametrize(
    ("typed", "inside_home"),
    [("~/exports/a.xlsx", "exports/a.xlsx"), (' "~/my files/b.csv" ', "my files/b.csv")],
)
def test_typed_paths_expand_the_home_folder(home: Path, typed: str, inside_home: str) -> None:
    assert paths.typed_path(typed) == home / inside_home


def test_cli_output_expands_the_home_folder(
    dataset: Services, db_url: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "exports").mkdir()
    assert main(["export", "actions", "-o", "~/exports/a.csv", "--db", db_url]) == 0
    assert capsys.readouterr().out == f"Wrote {home / 'exports' / 'a.csv'}: 3 actions\n"
    assert (home / "exports" / "a.csv").is_file()


def old_export(tmp_path: Path) -> Path:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")
    return target


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("name", ["report.xlsx", "report.csv"])
def test_a_file_excel_has_open_is_not_replaced(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"old")
    (tmp_path / f"~${name}").write_bytes(b"owner")  # Excel's lock file beside it
    with pytest.raises(ExportError) as caught:
        export_table(["A"], [["x"]], target, title="T", created=MADE, force=True)
    assert str(caught.value) == (
        f"{target} is open in Excel or another program: close it in Excel first;"
        " nothing was written"
    )
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_a_refused_replace_says_close_it_not_the_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file Excel holds open, naming the hidden temp file."""
    target = old_export(tmp_path)

    def refused(source: str | os.PathLike[str], _dest: str | os.PathLike[str]) -> None:
        raise PermissionError(errno.EACCES, "Access is denied", str(source))

    monkeypatch.setattr(safety.os, "replace", refused)
    with pytest.raises(ExportError) as caught:
        export_table(["A"], [["x"]], target, title="T", created=MADE, force=True)
    assert str(caught.value) == (
        f"{target} is open in Excel or another program: close it in Excel first;"
        " nothing was written"
    )
    assert ".part" not in str(caught.value)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_an_old_lock_file_without_its_workbook_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "~$report.xlsx").write_bytes(b"owner")  # left by a crash; no report.xlsx
    written = export_table(["A"], [["x"]], tmp_path / "report.xlsx", title="T", created=MADE)
    assert written.stat().st_size > 0
