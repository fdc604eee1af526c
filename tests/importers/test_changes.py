"""An import never erases, lists every update as a field-by-field diff, and holds master
data (a practice's name or borough, a person's organisation) until the officer accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from sgtui.cli.main import main
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.models import Action, Borough, LesReturn, Meeting, Person, Practice, Review

HEADER = "ODS code,Practice name,Borough,Postcode,List size,Practice manager,Email\n"
FIRST = HEADER + (
    "G99001,Hill Surgery,Lambeth,SW2 1AA,9000,Sam Manager,hill@nhs.example\n"
    "G99002,Park Surgery,Lambeth,SW4 8BB,8000,Jo Office,park@nhs.example\n"
)
SECOND = HEADER + (
    "G99001,Hill Surgery,Southwark,SW2 9ZZ,,Kim New,\n"
    "G99002,Park Road Surgery,Lambeth,SW4 8BB,8100,,\n"
    "G99003,New Surgery,,SE1 1AA,,,\n"
)
HELD = [
    ("practice G99001", "borough", "Lambeth", "Southwark", True),
    ("practice G99002", "name", "Park Surgery", "Park Road Surgery", True),
]
WRITTEN = [
    ("practice G99001", "postcode", "SW2 1AA", "SW2 9ZZ", False),
    ("practice G99001", "practice manager", "Sam Manager", "Kim New", False),
    ("practice G99002", "list size", 8000, 8100, False),
]


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _diffs(report: Any) -> list[tuple[Any, ...]]:
    return [(c.record, c.field, c.old, c.new, c.held) for c in report.changes]


def _practices(svc: Services) -> dict[str, tuple[Any, ...]]:
    with svc.session() as s:
        boroughs = {b.id: b.name for b in s.exec(select(Borough))}
        return {
            p.ods_code: (
                p.name,
                boroughs.get(p.borough_id),
                p.postcode,
                p.list_size,
                p.practice_manager,
                p.email,
            )
            for p in s.exec(select(Practice))
        }


@pytest.fixture
def practices_csv(svc: Services, tmp_path: Path) -> Path:
    """Two practices imported, and the edited list that would change them."""
    assert run_import(svc, [_csv(tmp_path, "first.csv", FIRST)]).committed
    return _csv(tmp_path, "second.csv", SECOND)


def test_every_update_is_an_exact_diff_and_blanks_keep_values(
    svc: Services, practices_csv: Path
) -> None:
    report = run_import(svc, [practices_csv])
    assert report.committed
    assert report.totals() == {"inserted": 1, "updated": 2, "unchanged": 0, "rejected": 0}
    assert _diffs(report) == HELD + WRITTEN
    assert [c.kind for c in report.changes] == ["practice"] * 5
    assert report.changes[0].key == ("G99001",)
    assert str(report.changes[0]) == "practice G99001 borough: Lambeth → Southwark"
    assert report.as_json()["changes"][0] == {
        "record": "practice G99001",
        "field": "borough",
        "old": "Lambeth",
        "new": "Southwark",
        "held": True,
    }
    assert _practices(svc) == {
        # borough held back; blank list size and e-mail kept; postcode and manager written
        "G99001": ("Hill Surgery", "Lambeth", "SW2 9ZZ", 9000, "Kim New", "hill@nhs.example"),
        # name held back; blank manager and e-mail kept
        "G99002": ("Park Surgery", "Lambeth", "SW4 8BB", 8100, "Jo Office", "park@nhs.example"),
        # a new record stores its blanks as nothing
        "G99003": ("New Surgery", None, "SE1 1AA", None, None, None),
    }


def test_dry_run_lists_the_same_diffs_and_writes_nothing(
    svc: Services, practices_csv: Path, counts: Any
) -> None:
    before, stored = counts(svc), _practices(svc)
    report = run_import(svc, [practices_csv], dry_run=True)
    assert report.ok and not report.committed
    assert _diffs(report) == HELD + WRITTEN
    assert counts(svc) == before and _practices(svc) == stored


def test_held_changes_are_written_once_accepted_then_nothing_changes(
    svc: Services, practices_csv: Path, counts: Any
) -> None:
    run_import(svc, [practices_csv])
    again = run_import(svc, [practices_csv])
    assert _diffs(again) == HELD  # still held, still listed; nothing else left to write
    assert again.totals()["updated"] == 0
    accepted = run_import(svc, [practices_csv], accept_changes=True)
    assert _diffs(accepted) == [(r, f, o, n, False) for r, f, o, n, _ in HELD]
    assert accepted.totals() == {"inserted": 0, "updated": 2, "unchanged": 1, "rejected": 0}
    stored = _practices(svc)
    assert stored["G99001"][1] == "Southwark" and stored["G99002"][0] == "Park Road Surgery"
    before = counts(svc)
    last = run_import(svc, [practices_csv])
    assert last.changes == [] and last.totals()["unchanged"] == 3
    assert counts(svc) == before  # not even an audit entry


def test_a_person_organisation_is_master_data(svc: Services, tmp_path: Path) -> None:
    header = "Staff Name,Organisation,Email,Course,Date Completed\n"
    course = "Safeguarding Children Level 3"
    first = f"{header}Ann Lee,Hill Surgery,ann@nhs.example,{course},01/02/2024\n"
    moved = f"{header}Ann Lee,Park Surgery,ann@nhs.example,{course},01/02/2024\n"
    run_import(svc, [_csv(tmp_path, "t1.csv", first)])
    report = run_import(svc, [_csv(tmp_path, "t2.csv", moved)])
    assert _diffs(report) == [
        ("person Ann Lee", "organisation", "Hill Surgery", "Park Surgery", True)
    ]
    with svc.session() as s:
        assert s.exec(select(Person.organisation)).all() == ["Hill Surgery"]
    run_import(svc, [_csv(tmp_path, "t2.csv", moved)], accept_changes=True)
    with svc.session() as s:
        assert s.exec(select(Person.organisation)).all() == ["Park Surgery"]


def test_defaults_worked_out_from_blank_cells_never_overwrite(
    svc: Services, tmp_path: Path
) -> None:
    meetings = "Meeting ID,Date,Meeting,Venue,Status\n"
    actions = "Action Ref,Meeting,Action,Status,Date Completed\n"
    run_import(
        svc,
        [
            _csv(tmp_path, "m1.csv", meetings + "M-1,01/03/2025,Network,Teams,Held\n"),
            _csv(tmp_path, "a1.csv", actions + "A-1,M-1,Chase reports,Complete,02/03/2025\n"),
        ],
    )
    # Blank title, venue and status would otherwise read as "M-1", in person, "planned"
    # and "open"; a blank completion date would read as nothing.
    report = run_import(
        svc,
        [
            _csv(tmp_path, "m2.csv", meetings + "M-1,01/03/2025,,,\n"),
            _csv(tmp_path, "a2.csv", actions + "A-1,M-1,,,\n"),
        ],
    )
    assert report.changes == []
    assert report.totals() == {"inserted": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    with svc.session() as s:
        meeting = s.exec(select(Meeting)).one()
        action = s.exec(select(Action)).one()
    assert (meeting.title, meeting.location, meeting.virtual, meeting.status) == (
        "Network",
        "Teams",
        True,
        "held",
    )
    assert (action.text, action.status, str(action.completed_on)) == (
        "Chase reports",
        "complete",
        "2025-03-02",
    )


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_defaults_for_columns_a_sheet_lacks_never_overwrite(svc: Services, tmp_path: Path) -> None:
    review = ["Reference", "Review Type", "Subject", "Date commissioned"]
    first = {
        "Meetings": [
            ["Meeting ID", "Date", "Meeting", "Chair"],
            ["M-1", "01/03/2025", "Network", "Jo"],
        ],
        "Case Review Tracker": [
            [*review, "Status"],
            ["R-1", "Rapid Review", "Child A", "01/02/2025", "Draft report"],
        ],
    }
    # No title or stage column: the importer would call the meeting "M-1" and work the
    # stage out from the dates ("commissioned"); neither says anything about these records.
    second = {
        "Meetings": [["Meeting ID", "Date", "Chair"], ["M-1", "01/03/2025", "Jo"]],
        "Case Review Tracker": [review, ["R-1", "Rapid Review", "Child A", "01/02/2025"]],
    }
    assert run_import(svc, [_book(tmp_path / "one.xlsx", first)]).totals()["inserted"] == 2
    report = run_import(svc, [_book(tmp_path / "two.xlsx", second)])
    assert [s.kind for s in report.sheets] == ["meetings", "reviews"]
    assert report.changes == [] and report.totals()["unchanged"] == 2
    with svc.session() as s:
        assert s.exec(select(Meeting.title)).one() == "Network"
        assert s.exec(select(Review.stage)).one() == "draft_report"


def test_les_status_follows_the_steps_as_stored(svc: Services, tmp_path: Path) -> None:
    from openpyxl import Workbook

    run_import(svc, [_csv(tmp_path, "p.csv", FIRST)])

    def les(name: str, *row: object) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.title = "LES 2024-25"
        sheet.append(["ODS Code", "Practice", "Contract sent", "Return received", "Chased"])
        sheet.append(list(row))
        book.save(tmp_path / name)
        return tmp_path / name

    run_import(svc, [les("l1.xlsx", "G99001", "Hill Surgery", "01/04/2024", "03/02/2025", 2)])
    with svc.session() as s:
        first = s.exec(select(LesReturn)).one()
    report = run_import(svc, [les("l2.xlsx", "G99001", "Hill Surgery", "01/04/2024", None, None)])
    assert report.changes == []
    with svc.session() as s:
        kept = s.exec(select(LesReturn)).one()
    assert (kept.status, kept.chase_count, kept.return_received_on) == (
        first.status,
        2,
        first.return_received_on,
    )
    assert kept.status == "return_received" and kept.version == 1


def _sgtui(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_cli_lists_diffs_says_what_is_held_and_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "cli.db")
    first, second = _csv(tmp_path, "first.csv", FIRST), _csv(tmp_path, "second.csv", SECOND)
    assert _sgtui(capsys, "--db", db, "import", str(first))[0] == 0
    code, out = _sgtui(capsys, "--db", db, "import", str(second), "--dry-run")
    text = " ".join(out.split())  # Rich wraps long lines
    assert code == 0
    assert "Changes to master data held back (2)" in text
    assert "practice G99001 borough: Lambeth → Southwark" in text
    assert "Changes it would write (3)" in text
    assert "practice G99002 list size: 8000 → 8100" in text
    assert "2 change(s) to master data" in text and "--accept-changes" in text
    code, out = _sgtui(capsys, "--db", db, "import", str(second), "--json")
    payload = json.loads(out)
    assert [(c["record"], c["field"], c["held"]) for c in payload["changes"]] == [
        (r, f, h) for r, f, _o, _n, h in HELD + WRITTEN
    ]
    code, out = _sgtui(capsys, "--db", db, "import", str(second), "--accept-changes")
    text = " ".join(out.split())
    assert "Changes written (2)" in text and "held back" not in text
    monkeypatch.setattr("sgtui.cli.cmd_import.MAX_PRINTED_CHANGES", 1)
    edited = _csv(tmp_path, "third.csv", FIRST.replace("9000", "9100").replace("8000", "8200"))
    code, out = _sgtui(capsys, "--db", db, "import", str(edited), "--dry-run")
    text = " ".join(out.split())
    assert "Changes it would write (" in text and "… and " in text and "more (use --json" in text
