"""`sgtui history` and `sgtui undo` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sgtui.cli.main import main

DB = "--db"


def _sgtui(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_file(tmp_path: Path) -> str:
    from sgtui.services import records
    from sgtui.services.workspace import open_workspace
    from sgtui.store.models import Practice

    path = str(tmp_path / "cli.db")
    svc = open_workspace(path, practices=False)  # G83004 is ours alone
    with svc.session() as session:
        practice = records.create(session, svc, Practice(ods_code="G83004", name="Before"))
        records.apply_changes(session, svc, practice, {"name": "After"})
    svc.db.dispose()
    return path


def test_history_json_and_table(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _sgtui(capsys, "history", "practice:G83004", "--json", DB, db_file)
    payload = json.loads(out)
    assert code == 0
    assert [c["action"] for c in payload["changes"]] == ["create", "update"]
    assert payload["changes"][1]["fields"]["name"] == ["Before", "After"]
    code, out, _ = _sgtui(capsys, "history", "practice:G83004", DB, db_file)
    assert code == 0 and "Test Officer" in out and "After" in out


def test_history_unknown_record_is_one_line(
    db_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _sgtui(capsys, "history", "review:NOPE", DB, db_file)
    assert code == 2 and err.strip() == "sgtui: error: no review NOPE"


def test_undo_without_yes_and_without_terminal_changes_nothing(
    db_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _sgtui(capsys, "undo", DB, db_file)
    assert code == 1 and "re-run with --yes" in out and "put back name" in out
    code, out, _ = _sgtui(capsys, "undo", "--yes", DB, db_file)
    assert code == 0 and "put back name" in out
    _, out, _ = _sgtui(capsys, "history", "practice:G83004", "--json", DB, db_file)
    assert json.loads(out)["changes"][-1]["action"] == "undo"
    code, _, err = _sgtui(capsys, "undo", "--yes", DB, db_file)
    assert code == 2 and "already been undone" in err
