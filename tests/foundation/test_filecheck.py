"""Every command taking a file checks it is a regular file first, and says what it is instead.

A named pipe given as ``--db``, ``--mapping``, a workbook or a backup used to block for
ever; a folder or a symbolic link loop was reported as "no such file". The commands
that could hang run in a child process with a timeout, so a regression fails, not hangs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sgtui.cli.main import main
from sgtui.filecheck import FileRefused, check_regular_file, read_limited
from sgtui.importers.mapping import MAX_MAPPING_BYTES, load_mapping
from sgtui.importers.safety import UnreadableFile

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
CSV = "ODS code,Practice name\nG83004,Synthetic Surgery\n"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe nobody writes to: opening it for reading waits for ever."""
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    """Two symbolic links pointing at each other."""
    first, second = tmp_path / "loop.csv", tmp_path / "loop2.csv"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def sgtui(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process; a hang fails the test after 30 seconds."""
    return subprocess.run(
        [sys.executable, "-m", "sgtui", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@posix_only
def test_each_kind_of_path_is_named(tmp_path: Path, fifo: Path, loop: Path) -> None:
    regular = tmp_path / "ok.csv"
    regular.write_text(CSV)
    messages = {}
    for path in (tmp_path, fifo, loop, tmp_path / "gone.csv"):
        with pytest.raises(FileRefused) as caught:
            check_regular_file(path)
        messages[path.name] = str(caught.value)
    assert messages == {
        tmp_path.name: f"{tmp_path} is a folder, not a file",
        "pipe.csv": f"{fifo} is a named pipe, not a file",
        "loop.csv": f"{loop} is a symbolic link loop, not a file",
        "gone.csv": f"no such file: {tmp_path / 'gone.csv'}",
    }
    assert check_regular_file(regular) == len(CSV)


@posix_only
def test_fifo_as_db_is_refused_not_waited_on(fifo: Path) -> None:
    done = sgtui("--db", str(fifo), "stats")
    assert (done.returncode, done.stderr.strip()) == (
        2,
        f"sgtui: error: {fifo} is a named pipe, not a file",
    )


@posix_only
def test_fifo_as_mapping_is_refused_not_waited_on(tmp_path: Path, fifo: Path) -> None:
    source = tmp_path / "practices.csv"
    source.write_text(CSV)
    db = str(tmp_path / "cli.db")
    done = sgtui("--db", db, "import", str(source), "--mapping", str(fifo), "--json")
    payload = json.loads(done.stdout)
    assert done.returncode == 2
    assert (payload["committed"], payload["fatal"]) == (
        False,
        f"mapping file: {fifo} is a named pipe, not a file",
    )


@posix_only
def test_fifo_as_backup_to_restore_is_refused(tmp_path: Path, fifo: Path) -> None:
    done = sgtui("--db", str(tmp_path / "live.db"), "restore", str(fifo))
    assert (done.returncode, done.stderr.strip()) == (
        2,
        f"sgtui: error: {fifo} is a named pipe, not a file",
    )


@posix_only
def test_import_says_folder_pipe_or_loop_not_no_such_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fifo: Path, loop: Path
) -> None:
    db = str(tmp_path / "cli.db")
    said = {}
    for path in (tmp_path, fifo, loop):
        code = main(["--db", db, "import", str(path), "--json"])
        said[path.name] = (code, json.loads(capsys.readouterr().out)["fatal"])
    assert said == {
        tmp_path.name: (2, f"{tmp_path} is a folder, not a file"),
        "pipe.csv": (2, f"{fifo} is a named pipe, not a file"),
        "loop.csv": (2, f"{loop} is a symbolic link loop, not a file"),
    }


def test_mapping_file_over_its_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text("# padding\n" * (MAX_MAPPING_BYTES // 5))
    with pytest.raises(UnreadableFile) as caught:
        load_mapping(path)
    assert (
        str(caught.value) == "mapping file: mapping.toml is too large (2.0 MB; the limit is 1.0 MB)"
    )


def test_read_limited_reads_a_small_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "small.toml"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100
    with pytest.raises(
        FileRefused, match=r"^small.toml is too large \(100 bytes; the limit is 99 bytes\)$"
    ):
        read_limited(path, 99)


@posix_only
def test_fifo_as_practice_list_is_refused_not_waited_on(tmp_path: Path, fifo: Path) -> None:
    done = sgtui("--db", str(tmp_path / "cli.db"), "practices", "refresh", str(fifo))
    assert (done.returncode, done.stderr.strip()) == (
        2,
        f"sgtui: error: {fifo} is a named pipe, not a file",
    )


@posix_only
def test_fifo_as_settings_file_is_refused_not_waited_on(fifo: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from sgtui.config import ConfigError, load_settings\n"
        "try: load_settings(Path(sys.argv[1]))\n"
        "except ConfigError as exc: print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.stdout.strip() == f"{fifo} is a named pipe, not a file"


def test_any_command_failing_under_json_prints_one_json_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["--db", str(tmp_path), "stats", "--json"])
    out, err = capsys.readouterr()
    assert (code, json.loads(out), err) == (
        2,
        {"committed": False, "fatal": f"{tmp_path} is a directory, not a database file"},
        "",
    )


@posix_only
def test_import_with_a_pipe_as_db_under_json(tmp_path: Path, fifo: Path) -> None:
    source = tmp_path / "practices.csv"
    source.write_text(CSV)
    done = sgtui("--db", str(fifo), "import", str(source), "--json")
    assert (done.returncode, json.loads(done.stdout)["fatal"], done.stderr) == (
        2,
        f"{fifo} is a named pipe, not a file",
        "",
    )


def test_a_folder_that_cannot_be_opened_is_still_called_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows refuses os.open on a folder with "permission denied"; the sentence must not.
    real_open = os.open

    def windows_like(path: object, flags: int, *args: object) -> int:
        if Path(str(path)).is_dir():
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", windows_like)
    with pytest.raises(FileRefused, match=r" is a folder, not a file$"):
        read_limited(tmp_path, 100)


def test_a_command_line_mistake_under_json_is_json_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["import", "--json"])
    out, _ = capsys.readouterr()
    assert (exited.value.code, json.loads(out)) == (
        2,
        {"committed": False, "fatal": "sgtui import: the following arguments are required: PATH"},
    )
    with pytest.raises(SystemExit):
        main(["import"])  # without --json, argparse's own usage message (stderr only)
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines()[-1] == (
        "sgtui import: error: the following arguments are required: PATH"
    )
