"""Dated notes on any record, through the services and the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sgtui.cli.main import main
from sgtui.clock import FixedClock
from sgtui.services import notes, practices
from sgtui.services.context import Services
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.history import record_history, resolve
from sgtui.store.database import Database


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    return Services(db=db, clock=clock, actor="Test Officer")


def test_notes_are_dated_signed_audited_and_newest_first(svc: Services) -> None:
    with svc.session() as s:
        practice = practices.save_practice(s, svc, {"ods_code": "G83004", "name": "Barnard"})[1]
        notes.add_note(
            s, svc, "practice", practice.id, "Contract posted", noted_on=date(2025, 3, 3)
        )  # type: ignore[arg-type]
        notes.add_note(s, svc, "practice", practice.id, "  Rang PM: return promised Friday ")  # type: ignore[arg-type]
        listed = notes.notes_for(s, "practice", practice.id)  # type: ignore[arg-type]
        assert [(n.noted_on, n.author, n.text) for n in listed] == [
            (date(2025, 3, 10), "Test Officer", "Rang PM: return promised Friday"),
            (date(2025, 3, 3), "Test Officer", "Contract posted"),
        ]
        assert [c.action for c in record_history(s, resolve(s, f"note:{listed[0].id}"))] == [
            "create"
        ]


def test_bad_notes_are_refused(svc: Services) -> None:
    with svc.session() as s:
        practice = practices.save_practice(s, svc, {"ods_code": "G83004", "name": "Barnard"})[1]
    with pytest.raises(ValidationError, match="text: is required"), svc.session() as s:
        notes.add_note(s, svc, "practice", practice.id, "   ")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="noted_on: is in the future"), svc.session() as s:
        notes.add_note(s, svc, "practice", practice.id, "x", noted_on=date(2025, 3, 11))  # type: ignore[arg-type]
    with pytest.raises(NotFound), svc.session() as s:
        notes.add_note(s, svc, "practice", 999, "x")
    with pytest.raises(NotFound, match="no kind of record"), svc.session() as s:
        notes.add_note(s, svc, "spaceship", 1, "x")


def test_note_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "n.db")
    assert main(["init", "--db", db]) == 0
    from sgtui.services.workspace import open_workspace

    svc = open_workspace(db)
    with svc.session() as s:
        practices.save_practice(s, svc, {"ods_code": "G83004", "name": "Barnard"})
    svc.db.dispose()
    capsys.readouterr()
    assert (
        main(["note", "practice:G83004", "Chased by e-mail", "--date", "03/03/2025", "--db", db])
        == 0
    )
    assert "note added to" in capsys.readouterr().out
    assert main(["note", "practice:G83004", "--db", db]) == 0
    assert "03/03/2025" in capsys.readouterr().out
    assert main(["note", "practice:G83004", "x", "--date", "31/02/2025", "--db", db]) == 2
    assert capsys.readouterr().err.strip() == "sgtui: error: '31/02/2025': no such date"
