"""The dirty workbook's exact errors, atomicity, --skip-invalid and its rejects workbook."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from sgtui import paths
from sgtui.importers import writer
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.models import Course, Person, TrainingRecord

DIRTY_ERRORS = [
    "Practices!A3 (ODS code): ODS code is missing",
    'Practices!C4 (Borough) "Atlantis": unknown borough (use a SE London borough name or code)',
    'Meetings!B3 (Date) "30/02/2024": no such date',
    'Reviews!B3 (Review type) "Inquiry": unknown review type (use one of RR, CSPR, LCSPR, DHR, SAR, OWHR, OTHER)',
    'Reviews!F4 (Due date) "31/02/2024": no such date',
    "Training!A3 (Staff name): staff name is missing",
    'Training!C4 (Course) "Basket weaving": unknown course (add it to the course catalogue or map it in the mapping file)',
    'Actions!B3 (Meeting) "NOPE-1": no meeting with this ID',
]
"""Actions!E4's status "Maybe" was an error here until issue 9: a coded value that matches
nothing is now kept as written and reported as a warning (below), not a rejected row."""


def test_dirty_workbook_exact_errors_and_nothing_written(
    svc: Services, legacy: Path, counts: Any
) -> None:
    before = counts(svc)
    report = run_import(svc, [legacy / "dirty_tracker.xlsx"])
    assert [str(e) for e in report.errors] == DIRTY_ERRORS
    assert report.errors[4].as_json() == {
        "sheet": "Reviews",
        "row": 4,
        "column": "F",
        "header": "Due date",
        "value": "31/02/2024",
        "message": "no such date",
    }
    assert [u.as_json() for u in report.unmapped] == [
        {
            "sheet": "Actions",
            "column": "E",
            "header": "Status",
            "field": "status",
            "values": {"Maybe": 1},
        }
    ]
    assert [str(w) for w in report.warnings if w.value == "Maybe"] == [
        'Actions!E4 (Status) "Maybe": matches no status; kept as written (1 row). '
        "Map it under [values.status] in the mapping file"
    ]
    assert not report.committed and not report.ok
    assert counts(svc) == before
    assert not (legacy / "dirty_tracker-rejects.xlsx").exists()


def test_skip_invalid_writes_valid_rows_and_rejects_workbook(
    svc: Services, legacy: Path, counts: Any
) -> None:
    before = counts(svc)
    report = run_import(svc, [legacy / "dirty_tracker.xlsx"], skip_invalid=True)
    assert report.committed and report.ok
    assert {s.sheet: (s.inserted, s.rejected) for s in report.sheets} == {
        "Practices": (1, 2),
        "Meetings": (1, 1),
        "Actions": (2, 1),
        "Reviews": (1, 2),
        "Training": (1, 2),
    }
    after = counts(svc)
    assert after["practice"] - before["practice"] == 1
    assert after["trainingrecord"] - before["trainingrecord"] == 1
    with svc.session() as s:
        kit = s.exec(
            select(TrainingRecord)
            .join(Person, Person.id == TrainingRecord.person_id)  # type: ignore[arg-type]
            .join(Course, Course.id == TrainingRecord.course_id)  # type: ignore[arg-type]
            .where(Person.name == "Kit Fox", Course.code == "SGA-L2")
        ).one()
    # openpyxl saved the EDATE formula without a value: the expiry is derived (36 months).
    assert (kit.expires_on, kit.expiry_stated) == (date(2026, 6, 1), False)
    rejects = legacy / "dirty_tracker-rejects.xlsx"
    assert report.rejects_files == [str(rejects)]
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600
    book = load_workbook(rejects, read_only=True)
    assert book.sheetnames == ["Practices", "Meetings", "Actions", "Reviews", "Training"]
    rows = list(book["Practices"].iter_rows(values_only=True))
    assert rows == [
        ("Row", "ODS code", "Practice name", "Borough", "Reason"),
        (3, None, "Nameless Surgery", "Southwark", "ODS code is missing"),
        (
            4,
            "G85203",
            "Herne Hill Practice",
            "Atlantis",
            "unknown borough (use a SE London borough name or code)",
        ),
    ]
    action_rows = list(book["Actions"].iter_rows(values_only=True))
    # Row 4's status "Maybe" is now kept as written, so only row 3 (no such meeting) is rejected.
    assert [r[0] for r in action_rows[1:]] == [3]
    assert action_rows[1][-1] == "no meeting with this ID"


def test_failure_mid_import_leaves_database_as_it_was(
    svc: Services, legacy: Path, counts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(svc)

    def explode(self: object, practices: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer._Writer, "training", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        run_import(svc, [legacy / "lambeth_tracker.xlsx"])
    assert counts(svc) == before


def test_backup_taken_before_commit(sqlite_svc: Services, legacy: Path) -> None:
    report = run_import(sqlite_svc, [legacy / "greenwich_training.xls"])
    assert report.backup is not None
    backup = Path(report.backup)
    assert backup.parent == paths.backup_dir() and "pre-import" in backup.name
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_dry_run_counts_without_writing(svc: Services, legacy: Path, counts: Any) -> None:
    before = counts(svc)
    report = run_import(svc, [legacy / "greenwich_training.xls"], dry_run=True)
    assert report.dry_run and not report.committed and report.ok
    assert report.totals()["inserted"] == 2
    assert report.backup is None
    assert counts(svc) == before


def test_edited_workbook_updates_and_audits(svc: Services, tmp_path: Path) -> None:
    csv_file = tmp_path / "practices.csv"
    csv_file.write_text(
        "ODS code,Practice name,Postcode\nG85001,Hill Surgery,SW2 1AA\nG85002,Park Surgery,SW4 8BB\n"
    )
    run_import(svc, [csv_file])
    csv_file.write_text(
        "ODS code,Practice name,Postcode\nG85001,Hill Surgery,sw2 9zz\nG85002,Park Surgery,SW4 8BB\n"
    )
    report = run_import(svc, [csv_file])
    assert report.totals() == {"inserted": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    from sgtui.services.audit import history
    from sgtui.services.history import record_history as readable
    from sgtui.services.history import resolve
    from sgtui.store.models import Practice

    with svc.session() as s:
        practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
        assert (practice.postcode, practice.version, practice.source) == (
            "SW2 9ZZ",
            2,
            "practices.csv!practices:2",
        )
        entries = history(s, "practice", practice.id)  # type: ignore[arg-type]
        events = readable(s, resolve(s, "practice:G85001"))
    # The insert is audited once for the whole import (not per row); the update per field.
    assert [e.action for e in entries] == ["update"]
    assert entries[0].changes == '{"postcode": ["SW2 1AA", "SW2 9ZZ"]}'
    assert entries[0].actor == "Test Officer" and entries[0].record_key == "G85001"
    assert [e.action for e in events] == ["import", "update"]
    assert events[0].note is not None
    assert events[0].note.endswith("of practices.csv, sheet practices, row 2")


def test_uncached_formula_reported_when_it_cannot_be_derived(
    sqlite_svc: Services, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    path = tmp_path / "actions.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(["Action ref", "Action", "Status", "Due date"])
    sheet.append(["UNC-1", "Follow up", "Open", "=DATE(2024,1,31)"])
    book.save(path)
    report = run_import(sqlite_svc, [path])
    assert report.committed and not report.errors
    assert [str(w) for w in report.warnings] == [
        "Actions!D2 (Due date): formula saved without its value "
        "(open and save the file in Excel, then import again)"
    ]
