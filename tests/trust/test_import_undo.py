"""An import is audited once, as a whole; its records' history says where they came from;
and the whole import can be undone, exactly, unless something it touched changed since."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from sgtui.cli.main import main
from sgtui.clock import FixedClock
from sgtui.importers.pipeline import run_import
from sgtui.services import history, imports, records
from sgtui.services.context import Services
from sgtui.services.reference import seed_reference_data
from sgtui.store.database import Database
from sgtui.store.models import AuditEntry, Note, Person, Practice, TrainingRecord

STAMPS = {"created_at", "updated_at", "version"}
PRACTICES = "ODS code,Practice name,Borough,Postcode,List size\n"
FIRST = PRACTICES + "G85001,Hill Surgery,Lambeth,SW2 1AA,9000\nG85002,Park Surgery,,SW4 8BB,\n"
SECOND = PRACTICES + (
    "G85001,Hill Surgery,Lambeth,SW2 9ZZ,9100\n"  # postcode and list size change
    "G85002,Park Surgery,Southwark,SW4 8BB,7000\n"  # a blank borough filled, list size set
    "G85003,New Surgery,Lambeth,SE1 1AA,5000\n"  # inserted
)
TRAINING = "Staff Name,Organisation,Course,Date Completed\n" + (
    "Ann Lee,G85003,Safeguarding Children Level 3,01/02/2024\n"
    "Ann Lee,G85003,Safeguarding Adults Level 2,03/02/2024\n"
    "Bo Reed,G85001,Safeguarding Children Level 3,05/02/2024\n"
)


def _svc(db: Database, clock: FixedClock) -> Services:
    svc = Services(db=db, clock=clock, actor="Test Officer")
    with svc.session() as session:
        seed_reference_data(session, svc)
    return svc


def _state(svc: Services) -> dict[str, list[dict[str, Any]]]:
    """Every record of every table but the audit log, without the bookkeeping stamps."""
    with svc.db.engine.connect() as conn:
        return {
            str(table.name): [
                {k: v for k, v in row._mapping.items() if k not in STAMPS}
                for row in conn.execute(sa.select(table).order_by(table.c.id))
            ]
            for table in SQLModel.metadata.sorted_tables
            if table.name != "auditentry"
        }


@pytest.fixture
def imported(db: Database, clock: FixedClock, tmp_path: Path) -> tuple[Services, Any, Any]:
    """First import; the state before the second; the second import's report."""
    svc = _svc(db, clock)
    (tmp_path / "first.csv").write_text(FIRST)
    (tmp_path / "second.csv").write_text(SECOND)
    (tmp_path / "staff.csv").write_text(TRAINING)
    assert run_import(svc, [tmp_path / "first.csv"], backup=False).committed
    clock.advance(minutes=10)
    before = _state(svc)
    report = run_import(svc, [tmp_path / "second.csv", tmp_path / "staff.csv"], backup=False)
    assert report.committed and not report.errors
    clock.advance(minutes=10)
    return svc, before, report


def _number(svc: Services) -> int:
    with svc.session() as session:
        return imports.get_import(session).number


def test_one_audit_entry_per_import_names_what_it_inserted(
    imported: tuple[Services, Any, Any],
) -> None:
    svc, _before, report = imported
    assert report.totals() == {"inserted": 4, "updated": 2, "unchanged": 0, "rejected": 0}
    # filling in a blank borough overwrites nothing, so it is written, not held back
    assert ("practice G85002", "borough", None, "Southwark", False) in [
        (c.record, c.field, c.old, c.new, c.held) for c in report.changes
    ]
    assert report.held == []
    with svc.session() as session:
        found = imports.list_imports(session)
        imported_tables = ["practice", "person", "trainingrecord", "import"]
        actions = session.exec(
            select(AuditEntry.action, AuditEntry.record_type).where(
                sa.column("record_type").in_(imported_tables)
            )
        ).all()
        new_ids = {
            "practice": session.exec(
                select(Practice.id).where(Practice.ods_code == "G85003")
            ).one(),
            "person": sorted(session.exec(select(Person.id)).all()),
            "trainingrecord": sorted(session.exec(select(TrainingRecord.id)).all()),
        }
    latest = found[0]
    assert len(found) == 2 and latest.undone is None
    assert latest.files == ["second.csv", "staff.csv"]
    assert latest.counts == {"inserted": 4, "updated": 2, "unchanged": 0, "rejected": 0}
    assert [s["sheet"] for s in latest.sheets] == ["second", "staff"]
    assert latest.inserted == {
        "practice": [[new_ids["practice"], new_ids["practice"]]],
        "person": imports.id_ranges(new_ids["person"]),
        "trainingrecord": imports.id_ranges(new_ids["trainingrecord"]),
    }
    assert latest.inserted_count() == 1 + 2 + 3
    # No "create" entry per inserted row: two imports and the two practices' updates.
    assert sorted(actions) == [
        ("import", "import"),
        ("import", "import"),
        ("update", "practice"),
        ("update", "practice"),
    ]


def test_history_of_an_imported_record(imported: tuple[Services, Any, Any]) -> None:
    svc, _before, _report = imported
    number = _number(svc)
    with svc.session() as session:
        created = history.record_history(session, history.resolve(session, "practice:G85003"))
        changed = history.record_history(session, history.resolve(session, "practice:G85001"))
    assert [(c.action, c.note) for c in created] == [
        ("import", f"created by import {number} of second.csv, sheet second, row 4")
    ]
    assert created[0].actor == "Test Officer" and created[0].fields == {}
    assert [c.action for c in changed] == ["import", "update"]
    assert changed[0].note is not None and changed[0].note.startswith("created by import ")
    assert changed[0].note.endswith(" of first.csv")  # its source now names the second file
    assert changed[1].fields == {
        "list_size": (9000, 9100),
        "postcode": ("SW2 1AA", "SW2 9ZZ"),
        "source": ("first.csv!first:2", "second.csv!second:2"),
    }


def test_undo_restores_the_exact_previous_state(imported: tuple[Services, Any, Any]) -> None:
    svc, before, _report = imported
    number = _number(svc)
    preview = imports.undo_import(svc, dry_run=True)
    assert preview.number == number and _state(svc) != before  # a preview changes nothing
    result = imports.undo_import(svc)
    assert result.removed == {"practice": 1, "person": 2, "trainingrecord": 3}
    assert result.restored == {"practice": 2}
    assert result.effect == "remove 2 person, 1 practice, 3 trainingrecord; put back 2 practice"
    assert _state(svc) == before
    with svc.session() as session:
        latest = imports.list_imports(session)[0]
        undo = session.exec(
            select(AuditEntry).where(
                AuditEntry.record_type == "import", AuditEntry.action == "undo"
            )
        ).one()
        events = history.record_history(session, history.resolve(session, "practice:G85001"))
    assert latest.number == number and latest.undone == "10/03/2025 09:20 by Test Officer"
    assert json.loads(undo.changes) == {"removed": result.removed, "restored": result.restored}
    assert [e.action for e in events] == ["import", "update", "undo"]
    with pytest.raises(imports.ImportUndoRefused, match=f"import {number} was already undone"):
        imports.undo_import(svc, number)


def _refused(svc: Services, match: str) -> None:
    state = _state(svc)
    with pytest.raises(imports.ImportUndoRefused, match=match):
        imports.undo_import(svc)
    assert _state(svc) == state


def test_undo_refused_when_an_inserted_record_was_edited_since(
    imported: tuple[Services, Any, Any],
) -> None:
    svc, _before, _report = imported
    with svc.session() as session:
        practice = session.exec(select(Practice).where(Practice.ods_code == "G85003")).one()
        records.apply_changes(session, svc, practice, {"pcn": "North PCN"})
    number = _number(svc)
    _refused(
        svc,
        f"cannot undo import {number}: practice G85003 was changed since "
        r"\(update by Test Officer, 10/03/2025 09:20\)",
    )


def test_undo_refused_when_a_changed_record_was_edited_since(
    imported: tuple[Services, Any, Any],
) -> None:
    svc, _before, _report = imported
    with svc.session() as session:
        practice = session.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
        records.apply_changes(session, svc, practice, {"postcode": "SW2 7XX"})
    _refused(svc, "practice G85001 was changed since")


def test_undo_refused_when_changed_outside_sgtui(imported: tuple[Services, Any, Any]) -> None:
    svc, _before, _report = imported
    with svc.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE practice SET list_size = 1 WHERE ods_code = 'G85002'"))
    _refused(svc, "practice G85002 was changed outside sgtui since")


def test_undo_refused_when_new_records_refer_to_imported_ones(
    imported: tuple[Services, Any, Any],
) -> None:
    svc, _before, _report = imported
    with svc.session() as session:
        person = session.exec(select(Person).where(Person.name == "Ann Lee")).one()
        records.create(
            session,
            svc,
            TrainingRecord(person_id=person.id, course_id=1, completed_on=date(2025, 1, 6)),
        )
    _refused(svc, "1 trainingrecord record\\(s\\) added since refer to person records")


def test_undo_refused_when_a_note_was_added(imported: tuple[Services, Any, Any]) -> None:
    svc, _before, _report = imported
    with svc.session() as session:
        practice = session.exec(select(Practice).where(Practice.ods_code == "G85003")).one()
        note = Note(
            record_type="practice", record_id=practice.id, noted_on=date(2025, 3, 10), text="x"
        )
        records.create(session, svc, note)
    _refused(svc, "1 note\\(s\\) were added since to practice records")


def test_undo_of_own_last_change_points_at_the_import(
    imported: tuple[Services, Any, Any],
) -> None:
    svc, _before, _report = imported
    number = _number(svc)
    with pytest.raises(history.UndoRefused, match=f"sgtui undo --import {number}"):
        history.undo_last(svc, dry_run=True)


def _sgtui(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_imports_history_and_undo_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # Rich tables wrap to the terminal's width
    db = str(tmp_path / "cli.db")
    (tmp_path / "first.csv").write_text(FIRST)
    (tmp_path / "second.csv").write_text(SECOND)
    assert _sgtui(capsys, "--db", db, "import", str(tmp_path / "first.csv"))[0] == 0
    code, imported, _ = _sgtui(capsys, "--db", db, "import", str(tmp_path / "second.csv"))
    assert code == 0
    code, out, _ = _sgtui(capsys, "imports", "--json", "--db", db)
    listed = json.loads(out)
    assert code == 0 and [i["files"] for i in listed] == [["second.csv"], ["first.csv"]]
    assert listed[0]["inserted"] == {"practice": 1} and listed[0]["undone"] is None
    number = listed[0]["number"]
    assert f"(import {number}: `sgtui undo --import {number}` takes it back)" in imported
    code, out, _ = _sgtui(capsys, "history", "practice:G85003", "--db", db)
    assert code == 0 and f"created by import {number} of second.csv, sheet second, row 4" in out
    code, out, _ = _sgtui(capsys, "history", "practice:G85003", "--json", "--db", db)
    assert [c["note"] for c in json.loads(out)["changes"]] == [
        f"created by import {number} of second.csv, sheet second, row 4"
    ]
    code, _, err = _sgtui(capsys, "undo", "--db", db)
    assert code == 2 and f"sgtui undo --import {number}" in err
    code, out, _ = _sgtui(capsys, "undo", "--import", "--db", db)
    assert code == 1 and "re-run with --yes" in out
    assert "remove 1 practice; put back 2 practice" in out
    code, out, _ = _sgtui(capsys, "undo", "--import", str(number), "--yes", "--db", db)
    assert code == 0
    assert out.strip() == f"Undone import {number}: remove 1 practice; put back 2 practice."
    code, _, err = _sgtui(capsys, "undo", "--import", str(number), "--yes", "--db", db)
    assert code == 2 and f"import {number} was already undone" in err
    code, _, err = _sgtui(capsys, "undo", "--import", "nonsense", "--yes", "--db", db)
    assert code == 2 and err.startswith("sgtui: error: 'nonsense': give the import's number")
