"""Refusals that must be clear and lose nothing: rejects that cannot be saved, CSV rows
past their limit, pipes, disk errors under ``--json``.

``--skip-invalid`` used to commit first and then fail writing the rejects workbook,
exiting with a traceback and leaving a world-readable ``*-rejects.tmp`` holding names.
Now the workbook is written first, owner-only from creation, and the import commits only
once it exists.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from openpyxl.workbook.workbook import Workbook as OpenpyxlBook

from sgtui.cli.main import main
from sgtui.importers import writer
from sgtui.importers.pipeline import run_import
from sgtui.importers.reader import MAX_CSV_ROW_CHARS
from sgtui.services.context import Services

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and pipes are POSIX")
PRACTICES = (
    "ODS code,Practice name,Borough\n"
    "Y99001,Synthetic Surgery,Lambeth\n"
    ",Nameless Surgery,Southwark\n"
)
NOT_SAVED = "cannot save the rejected rows to practices-rejects.xlsx ({}), so nothing was imported"


def practices_csv(folder: Path) -> Path:
    """One valid practice row and one without an ODS code (rejected)."""
    path = folder / "practices.csv"
    path.write_text(PRACTICES)
    return path


def test_rejects_that_cannot_be_saved_commit_nothing(
    sqlite_svc: Services, tmp_path: Path, counts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    source = practices_csv(folder)

    def full_after_a_few_bytes(self: object, filename: Any) -> None:
        filename.write(b"PK\x03\x04 half a workbook")  # names would be in here
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(OpenpyxlBook, "save", full_after_a_few_bytes)
    before = counts(sqlite_svc)
    report = run_import(sqlite_svc, [source], skip_invalid=True)
    assert (report.committed, report.fatal) == (False, NOT_SAVED.format("the disk is full"))
    assert report.rejects_files == []
    assert counts(sqlite_svc) == before
    assert sorted(p.name for p in folder.iterdir()) == ["practices.csv"]


@posix_only
def test_rejects_file_is_owner_only_while_it_is_written(
    sqlite_svc: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []
    save = OpenpyxlBook.save

    def watched(self: OpenpyxlBook, filename: Any) -> None:
        save(self, filename)  # before any rename or chmod that follows
        modes.append(stat.S_IMODE(os.stat(getattr(filename, "name", filename)).st_mode))

    monkeypatch.setattr(OpenpyxlBook, "save", watched)
    umask = os.umask(0o022)
    try:
        report = run_import(sqlite_svc, [practices_csv(tmp_path)], skip_invalid=True)
    finally:
        os.umask(umask)
    assert report.committed and modes == [0o600]
    assert report.rejects_files == [str(tmp_path / "practices-rejects.xlsx")]


def test_a_failed_write_leaves_no_rejects_behind(
    sqlite_svc: Services, legacy: Path, counts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(sqlite_svc)

    def explode(self: object, practices: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(writer._Writer, "training", explode)
    with pytest.raises(RuntimeError, match="the database went away"):
        run_import(sqlite_svc, [legacy / "dirty_tracker.xlsx"], skip_invalid=True)
    assert counts(sqlite_svc) == before
    assert not (legacy / "dirty_tracker-rejects.xlsx").exists()


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [("fill", "the disk is full"), ("read_only", "the folder is on a read-only disk")],
)
def test_skip_invalid_on_a_full_or_read_only_disk(
    small_disk: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    spoil: str,
    reason: str,
) -> None:
    source = practices_csv(small_disk.path)
    getattr(small_disk, spoil)()
    db = str(tmp_path / "cli.db")
    code = main(["--db", db, "import", str(source), "--skip-invalid", "--json"])
    out, err = capsys.readouterr()
    payload = json.loads(out)
    assert (code, payload["committed"], payload["fatal"], err) == (
        2,
        False,
        NOT_SAVED.format(reason),
        "",
    )
    left = {p.name for p in small_disk.path.iterdir()} - {"filler"}
    assert left == {"practices.csv"}  # no partial *-rejects.tmp
    code = main(["--db", db, "stats", "--json"])
    assert code == 0 and '"Y99001"' not in capsys.readouterr().out


def test_disk_full_under_json_is_one_json_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sgtui.importers.pipeline as pipeline

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "cli.db"))

    monkeypatch.setattr(pipeline, "run_import", full)
    source = practices_csv(tmp_path)
    code = main(["--db", str(tmp_path / "cli.db"), "import", str(source), "--json"])
    out, err = capsys.readouterr()
    assert (code, json.loads(out), err) == (
        2,
        {
            "committed": False,
            "sheets": [],
            "errors": [],
            "warnings": [],
            "changes": [],
            "conflicts": [],
            "fatal": f"the disk is full ({tmp_path / 'cli.db'})",
        },
        "",
    )


def test_a_row_spread_over_many_quoted_lines_is_bounded_too(
    sqlite_svc: Services, tmp_path: Path
) -> None:
    # Each line is short; the quoted cells make them one row, and a row has one limit.
    path = tmp_path / "quoted.csv"
    cells = ",".join(['"x\nx"'] * (MAX_CSV_ROW_CHARS // 5 + 10))
    path.write_text(f"ODS code,Practice name\n{cells}\n")
    report = run_import(sqlite_svc, [path])
    assert report.fatal == (
        "quoted.csv: refused: row 2 is longer than 2,000,000 characters (is it a CSV file?)"
    )


def test_a_row_wider_than_excel_is_refused(sqlite_svc: Services, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("ODS code,Practice name,Borough\n" + "," * 20_000 + "\n")
    report = run_import(sqlite_svc, [path])
    assert report.fatal == "wide.csv: refused: row 2 has 20,001 columns (Excel's limit is 16,384)"


def test_a_csv_with_more_cells_than_a_sheet_may_hold_is_refused(
    sqlite_svc: Services, tmp_path: Path, counts: Any
) -> None:
    path = tmp_path / "huge.csv"
    row = "Y99003,Many Rows Surgery,Lambeth," + "x," * 196 + "x\n"  # 200 cells
    path.write_text("ODS code,Practice name,Borough\n" + row * 20_000)
    before = counts(sqlite_svc)
    report = run_import(sqlite_svc, [path])
    assert report.fatal == (
        "huge.csv: refused: more than 4,000,000 cells by row 20,001 (split the file)"
    )
    assert counts(sqlite_svc) == before


def test_rows_up_to_the_limit_still_import(sqlite_svc: Services, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    row = "Y99002,Long Row Surgery,Lambeth" + ("," + "x" * 9_900) * 199  # 197 unnamed columns
    assert MAX_CSV_ROW_CHARS - 40_000 < len(row) < MAX_CSV_ROW_CHARS
    path.write_text(f"ODS code,Practice name,Borough\n{row}\n")
    report = run_import(sqlite_svc, [path])
    assert (report.fatal, report.committed) == (None, True)
    assert [(s.sheet, s.inserted) for s in report.sheets] == [("long", 1)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_the_importer_itself_refuses_a_pipe(sqlite_svc: Services, tmp_path: Path) -> None:
    # The TUI's Import screen calls run_import directly, without the CLI's own check.
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    report = run_import(sqlite_svc, [fifo])
    assert (report.fatal, report.committed) == (f"{fifo} is a named pipe, not a file", False)


MAPPING = {"sheets": {"Staff": "training"}, "people": {"sam patel|lambeth": "new"}}


@posix_only
def test_a_saved_mapping_is_owner_only_and_replaces_the_old_one_whole(tmp_path: Path) -> None:
    from sgtui.importers.mapping import load_mapping, save_mapping

    target = tmp_path / "mapping.toml"
    target.write_text("[sheets]\n")
    target.chmod(0o644)
    umask = os.umask(0o022)
    try:
        save_mapping(MAPPING, target)  # it names people: never world-readable
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert load_mapping(target).people == {"sam patel|lambeth": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mapping.toml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_a_mapping_is_not_saved_into_a_pipe(tmp_path: Path) -> None:
    from sgtui.importers.mapping import save_mapping
    from sgtui.importers.safety import UnreadableFile

    fifo = tmp_path / "mapping.toml"
    os.mkfifo(fifo)  # opening it to write would wait for a reader for ever
    outcome: list[str] = []

    def save() -> None:
        try:
            save_mapping(MAPPING, fifo)
            outcome.append("saved")
        except UnreadableFile as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=save, daemon=True)  # a daemon: a hang cannot stop pytest
    worker.start()
    worker.join(timeout=10)
    assert outcome == [f"mapping file: {fifo} is a named pipe, not a file"]


@pytest.mark.parametrize("cut", range(1, 12))
def test_cdata_is_measured_even_when_a_chunk_ends_inside_its_marker(cut: int) -> None:
    from sgtui.importers.extent import CDataScan, GiantTag, TextBudget

    xml = b"<t><![CDATA[" + b"a<" * 600 + b"]]></t>"
    budget = TextBudget()
    scan = CDataScan(budget, limit=1000)
    with pytest.raises(GiantTag, match=r"^a cell holds more than 1 MB of text"):
        scan.feed(xml[:cut])
        scan.feed(xml[cut:])
    assert budget.used > 1000
