"""The import asks the services' privacy rule: identifying review subjects are errors.

A subject that looks like a real name or holds an NHS number (Modulus 11, spaced or not)
stops the import until it is mapped to a pseudonym or the officer passes
``--accept-identifiers``; an NHS number in free text (an action, a recommendation) is a
warning. No message or report repeats the cell's text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from sgtui.cli.main import main
from sgtui.importers.mapping import parse_mapping
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.models import Action, Review

HEADER = ["Reference", "Review Type", "Subject", "Date notified"]
ROWS = [
    ["R-1", "Rapid Review", "Child A", "01/02/2025"],
    ["R-2", "Rapid Review", "John Smith", "01/02/2025"],
    ["R-3", "Rapid Review", "943 476 5919", "01/02/2025"],
]
NAME = (
    "subject looks like a real name: use a pseudonym or initials (e.g. 'Child P', 'Adult B',"
    " 'JS') (map it to a pseudonym under [values.subject] in the mapping file, or import"
    " with --accept-identifiers (in the app: tick Accept identifiers))"
)
NUMBER = (
    "subject contains what looks like an NHS number: record pseudonyms only (map it to a"
    " pseudonym under [values.subject] in the mapping file, or import with"
    " --accept-identifiers (in the app: tick Accept identifiers))"
)


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _reviews(tmp_path: Path) -> Path:
    return _book(tmp_path / "reviews.xlsx", {"Case Review Tracker": [HEADER, *ROWS]})


def _subjects(svc: Services) -> list[str | None]:
    with svc.session() as session:
        return list(session.exec(select(Review.subject).order_by(Review.ref)))


def test_identifying_subjects_are_errors_that_never_repeat_the_text(
    svc: Services, tmp_path: Path
) -> None:
    report = run_import(svc, [_reviews(tmp_path)])
    assert not report.committed
    found = [(e.row, e.column, e.header, e.value, e.message) for e in report.errors]
    assert found == [
        (3, "C", "Subject", None, NAME),
        (4, "C", "Subject", None, NUMBER),
    ]
    assert "John" not in json.dumps(report.as_json()) and "476" not in json.dumps(report.as_json())
    assert _subjects(svc) == []


def test_accept_identifiers_imports_them(svc: Services, tmp_path: Path) -> None:
    report = run_import(svc, [_reviews(tmp_path)], accept_identifiers=True)
    assert report.committed and report.errors == []
    assert _subjects(svc) == ["Child A", "John Smith", "943 476 5919"]


def test_a_mapping_to_pseudonyms_fixes_them(svc: Services, tmp_path: Path) -> None:
    mapping = parse_mapping(
        {"values": {"subject": {"John Smith": "Child J", "943 476 5919": "Child K"}}}
    )
    report = run_import(svc, [_reviews(tmp_path)], mapping=mapping)
    assert report.committed and report.errors == []
    assert _subjects(svc) == ["Child A", "Child J", "Child K"]


def test_an_nhs_number_in_free_text_is_a_warning(svc: Services, tmp_path: Path) -> None:
    sheets = {
        "Meetings": [["Meeting ID", "Date", "Meeting"], ["M-1", "01/03/2025", "Network"]],
        "Actions": [
            ["Action ID", "Meeting ID", "Action", "Status"],
            ["A-1", "M-1", "Call GP about 9434765919", "Open"],
            ["A-2", "M-1", "Call GP about 9434765918", "Open"],  # fails Modulus 11
        ],
    }
    report = run_import(svc, [_book(tmp_path / "actions.xlsx", sheets)])
    assert report.committed and report.errors == []
    assert [(w.sheet, w.row, w.column, w.value, w.message) for w in report.warnings] == [
        (
            "Actions",
            2,
            "C",
            None,
            "Action contains what looks like an NHS number: remove it or confirm it must be kept",
        )
    ]
    with svc.session() as session:
        texts = list(session.exec(select(Action.text).order_by(Action.ref)))
    assert texts == ["Call GP about 9434765919", "Call GP about 9434765918"]


def test_the_command_takes_accept_identifiers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _reviews(tmp_path)
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "import", str(path), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert [e["message"] for e in payload["errors"]] == [NAME, NUMBER]
    assert main(["--db", db, "import", str(path), "--json", "--accept-identifiers"]) == 0
    assert json.loads(capsys.readouterr().out)["committed"] is True
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "--accept-identifiers" in capsys.readouterr().out
