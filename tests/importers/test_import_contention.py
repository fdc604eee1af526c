"""An import honours colleagues' saves: a record saved after the import read it is left as
saved and reported as a conflict; only differing fields are written; a busy lock stops the
import with one clear line (and one JSON document) instead of a traceback."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from sgtui.cli.main import main
from sgtui.importers import write_lock
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.models import AuditEntry, Practice

HEADER = "ODS code,Practice name,Borough,Postcode,List size,Practice manager,Email\n"
FIRST = HEADER + (
    "G99001,Hill Surgery,Lambeth,SW2 1AA,9000,Sam Manager,hill@nhs.example\n"
    "G99002,Park Surgery,Lambeth,SW4 8BB,8000,Jo Office,park@nhs.example\n"
)
SECOND = HEADER + (
    "G99001,Hill Surgery,Lambeth,SW2 9ZZ,9000,Kim New,\n"
    "G99002,Park Surgery,Lambeth,SW4 8BB,8100,,\n"
)


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _stored(svc: Services) -> dict[str, tuple[Any, ...]]:
    with svc.session() as s:
        return {
            p.ods_code: (p.postcode, p.list_size, p.practice_manager, p.email, p.version)
            for p in s.exec(select(Practice))
        }


@pytest.fixture
def second(svc: Services, tmp_path: Path) -> Path:
    """Two practices imported (version 1 each), and a workbook that changes both."""
    assert run_import(svc, [_csv(tmp_path, "first.csv", FIRST)]).committed
    return _csv(tmp_path, "second.csv", SECOND)


def test_a_colleague_save_between_read_and_write_is_kept_and_reported(
    svc: Services, second: Path, colleague_saves_after_read: Callable[..., None]
) -> None:
    colleague_saves_after_read("G99001", {"postcode": "SW2 7CC"})
    report = run_import(svc, [second])
    assert report.committed
    assert _stored(svc) == {
        "G99001": ("SW2 7CC", 9000, "Sam Manager", "hill@nhs.example", 2),  # the colleague's
        "G99002": ("SW4 8BB", 8100, "Jo Office", "park@nhs.example", 2),  # the import's
    }
    assert [str(c) for c in report.conflicts] == [
        "practice G99001 Postcode: theirs SW2 7CC, workbook SW2 9ZZ",
        "practice G99001 Practice manager: theirs Sam Manager, workbook Kim New",
    ]
    assert report.as_json()["conflicts"] == [
        {
            "record": "practice G99001",
            "field": "Postcode",
            "theirs": "SW2 7CC",
            "workbook": "SW2 9ZZ",
        },
        {
            "record": "practice G99001",
            "field": "Practice manager",
            "theirs": "Sam Manager",
            "workbook": "Kim New",
        },
    ]
    assert [(c.record, c.field) for c in report.changes] == [("practice G99002", "list size")]
    assert [(s.updated, s.unchanged) for s in report.sheets] == [(1, 1)]


def test_a_colleague_who_saved_the_workbook_values_is_no_conflict(
    svc: Services, second: Path, colleague_saves_after_read: Callable[..., None]
) -> None:
    colleague_saves_after_read("G99001", {"postcode": "SW2 9ZZ", "practice_manager": "Kim New"})
    report = run_import(svc, [second])
    assert report.committed and report.conflicts == []
    assert _stored(svc)["G99001"] == ("SW2 9ZZ", 9000, "Kim New", "hill@nhs.example", 2)


def test_a_record_deleted_meanwhile_stays_deleted_and_is_reported(
    svc: Services, second: Path, colleague_saves_after_read: Callable[..., None]
) -> None:
    colleague_saves_after_read("G99001", None)
    report = run_import(svc, [second])
    assert report.committed
    assert sorted(_stored(svc)) == ["G99002"]
    assert [str(c) for c in report.conflicts] == [
        "practice G99001 Postcode: theirs (deleted meanwhile), workbook SW2 9ZZ",
        "practice G99001 Practice manager: theirs (deleted meanwhile), workbook Kim New",
    ]


def test_a_record_a_colleague_added_meanwhile_stops_the_import_with_one_line(
    svc: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sgtui.importers.writer import ADDED_MEANWHILE
    from sgtui.services import bulk

    real = bulk._existing

    def read_then_colleague_adds(conn: sa.Connection, table: sa.Table, *args: Any) -> Any:
        found = real(conn, table, *args)
        if table.name == "practice":
            conn.execute(sa.insert(table).values(ods_code="G99001", name="Added", version=1))
        return found

    monkeypatch.setattr(bulk, "_existing", read_then_colleague_adds)
    report = run_import(svc, [_csv(tmp_path, "first.csv", FIRST)], backup=False)
    assert (report.fatal, report.committed, report.busy) == (ADDED_MEANWHILE, False, True)
    assert _stored(svc) == {}


def test_an_import_sets_only_the_fields_that_differ_and_audits_only_those(
    svc: Services, second: Path
) -> None:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE PRACTICE"):
            statements.append(" ".join(statement.split()))

    sa.event.listen(svc.db.engine, "before_cursor_execute", seen)
    try:
        report = run_import(svc, [second])
    finally:
        sa.event.remove(svc.db.engine, "before_cursor_execute", seen)
    assert report.committed
    set_clauses = sorted(s.split(" SET ")[1].split(" WHERE ")[0] for s in statements)
    assert [_columns(c) for c in set_clauses] == [
        ["list_size", "source", "updated_at", "version"],
        ["postcode", "practice_manager", "source", "updated_at", "version"],
    ]
    with svc.session() as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.action == "update")).all()
        logged = {e.record_key: json.loads(e.changes) for e in entries}
    assert logged == {
        "G99001": {
            "postcode": ["SW2 1AA", "SW2 9ZZ"],
            "practice_manager": ["Sam Manager", "Kim New"],
            "source": ["first.csv!first:2", "second.csv!second:2"],
        },
        "G99002": {
            "list_size": [8000, 8100],
            "source": ["first.csv!first:3", "second.csv!second:3"],
        },
    }


def _columns(set_clause: str) -> list[str]:
    return sorted(part.split("=")[0].strip() for part in set_clause.split(","))


@pytest.fixture
def lock_held(svc: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Another import's lock is held (PostgreSQL's advisory lock, SQLite's write lock)."""
    monkeypatch.setattr(write_lock, "WAIT_SECONDS", 0.3)
    if svc.db.is_sqlite:
        from sgtui.store import database

        monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 100)
        svc.db.dispose()  # new connections wait 100 ms, not 5 s
        other = sqlite3.connect(str(svc.db.sqlite_path), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
        other.close()
        return
    other_engine = sa.create_engine(svc.db.url)
    with other_engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": write_lock.ADVISORY_KEY})
        yield
        conn.rollback()
    other_engine.dispose()


def test_another_import_running_stops_this_one_with_one_line(
    svc: Services, second: Path, lock_held: None
) -> None:
    before = _stored(svc)
    report = run_import(svc, [second], backup=False)
    busy = write_lock.BUSY_SQLITE if svc.db.is_sqlite else write_lock.BUSY_PG
    assert (report.fatal, report.committed, report.busy) == (busy, False, True)
    assert report.conflicts == [] and report.changes == []
    assert _stored(svc) == before


def test_a_busy_import_prints_one_json_document_with_committed_false(
    svc: Services, second: Path, lock_held: None, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(svc.db.sqlite_path) if svc.db.is_sqlite else svc.db.url.render_as_string(False)
    code = main(["--db", url, "import", str(second), "--json"])
    out, err = capsys.readouterr()
    payload = json.loads(out)
    if svc.db.is_sqlite:  # SQLite's write lock already stops opening the workspace
        busy = f"the database {svc.db.display} is busy (another sgtui is saving); try again in a moment"
    else:
        busy = write_lock.BUSY_PG
    assert (code, payload["committed"], payload["fatal"], err) == (1, False, busy, "")


def test_the_text_report_lists_a_colleagues_record_as_not_written(
    svc: Services,
    second: Path,
    colleague_saves_after_read: Callable[..., None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    colleague_saves_after_read("G99001", {"postcode": "SW2 7CC"})
    url = str(svc.db.sqlite_path) if svc.db.is_sqlite else svc.db.url.render_as_string(False)
    capsys.readouterr()
    assert main(["--db", url, "import", str(second)]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    start = lines.index("Saved by a colleague meanwhile: not written (1 record(s))")
    assert lines[start + 1 : start + 4] == [
        "practice G99001 Postcode: theirs SW2 7CC, workbook SW2 9ZZ",
        "practice G99001 Practice manager: theirs Sam Manager, workbook Kim New",
        "Their values are kept: edit by hand where the workbook is right.",
    ]


def _colleague_saves(svc: Services, ods_code: str, raw: dict[str, str]) -> None:
    """A colleague's save through the forms' service, at the version they opened."""
    from sgtui.services import editing

    with svc.session() as s:
        practice = s.exec(select(Practice).where(Practice.ods_code == ods_code)).one()
        assert practice.id is not None
        editing.update(s, svc, "practice", practice.id, raw, expected_version=practice.version)


def test_a_save_after_the_dry_run_is_a_conflict_at_its_commit(svc: Services, second: Path) -> None:
    dry = run_import(svc, [second], dry_run=True)
    with svc.session() as s:
        ids = {p.ods_code: p.id for p in s.exec(select(Practice))}
    assert dry.read_versions == {"practice": {ids["G99001"]: 1, ids["G99002"]: 1}}
    assert "read_versions" not in dry.as_json()
    _colleague_saves(svc, "G99001", {"postcode": "SW2 7CC"})
    report = run_import(svc, [second], read_versions=dry.read_versions)
    assert report.committed
    assert _stored(svc) == {
        "G99001": ("SW2 7CC", 9000, "Sam Manager", "hill@nhs.example", 2),  # the colleague's
        "G99002": ("SW4 8BB", 8100, "Jo Office", "park@nhs.example", 2),  # the import's
    }
    assert [str(c) for c in report.conflicts] == [
        "practice G99001 Postcode: theirs SW2 7CC, workbook SW2 9ZZ",
        "practice G99001 Practice manager: theirs Sam Manager, workbook Kim New",
    ]
    assert [(c.record, c.field) for c in report.changes] == [("practice G99002", "list size")]
    assert report.read_versions == {}  # only a dry run hands versions on


def test_without_the_dry_runs_versions_a_save_after_it_is_overwritten_as_before(
    svc: Services, second: Path
) -> None:
    """What ``read_versions`` is for: a commit that reads afresh sees no conflict."""
    run_import(svc, [second], dry_run=True)
    _colleague_saves(svc, "G99001", {"postcode": "SW2 7CC"})
    report = run_import(svc, [second])
    assert report.committed and report.conflicts == []
    assert _stored(svc)["G99001"] == ("SW2 9ZZ", 9000, "Kim New", "hill@nhs.example", 3)


def test_a_record_the_dry_run_did_not_list_is_checked_as_read_at_commit(
    svc: Services, tmp_path: Path, second: Path
) -> None:
    """G99002 was unchanged in the dry run; a colleague's later save of it is the stored
    value the commit diffs against, and the workbook's differing field is written."""
    same = _csv(tmp_path, "same.csv", FIRST)
    dry = run_import(svc, [same], dry_run=True)
    assert dry.read_versions == {} and dry.changes == []
    _colleague_saves(svc, "G99002", {"list_size": "8200"})
    report = run_import(svc, [same], read_versions=dry.read_versions)
    assert report.committed and report.conflicts == []
    assert _stored(svc)["G99002"] == ("SW4 8BB", 8000, "Jo Office", "park@nhs.example", 3)


def test_a_record_deleted_after_the_dry_run_stops_its_commit_with_one_line(
    svc: Services, tmp_path: Path
) -> None:
    """Writing would add the deleted record back, so nothing is written at all."""
    from sgtui.importers.writer import DELETED_SINCE_DRY_RUN
    from sgtui.services import editing
    from sgtui.store.models import Action

    header = "Action ref,Action,Due date\n"
    first = header + "A1,Send the minutes,03/03/2025\nA2,Book the room,04/03/2025\n"
    assert run_import(svc, [_csv(tmp_path, "first.csv", first)]).committed
    second = _csv(tmp_path, "second.csv", header + "A1,Send minutes,03/03/2025\nA2,Book it,\n")
    dry = run_import(svc, [second], dry_run=True)
    assert [(c.record, c.field) for c in dry.changes] == [
        ("action A1", "text"),
        ("action A2", "text"),
    ]
    with svc.session() as s:
        gone = s.exec(select(Action).where(Action.ref == "A1")).one()
        assert gone.id is not None
        editing.delete(s, svc, "action", gone.id, expected_version=gone.version)
    report = run_import(svc, [second], read_versions=dry.read_versions, backup=False)
    assert (report.fatal, report.committed, report.busy) == (DELETED_SINCE_DRY_RUN, False, True)
    assert report.changes == [] and report.conflicts == []
    with svc.session() as s:
        stored = {a.ref: (a.text, a.version) for a in s.exec(select(Action))}
    assert stored == {"A2": ("Book the room", 1)}
