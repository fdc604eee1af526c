"""`sgtui export ...` end to end on the fixed dataset (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from sgtui.cli.main import main
from sgtui.services.context import Services
from sgtui.services.ods import shipped_practices


def export(db_url: str, *argv: str) -> int:
    return main(["export", *argv, "--db", db_url])


def test_every_report_writes_a_file(
    dataset: Services, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = {
        "les.xlsx": ["les-return", "--year", "2024/25", "--borough", "Lambeth"],
        "all.xlsx": ["les-return", "--year", "2024/25", "--all"],
        "q.xlsx": ["quarterly", "--quarter", "2024-Q3"],
        "a.csv": ["actions", "--status", "open"],
        "r.xlsx": ["reviews", "--borough", "LAM", "--from", "01/01/2024"],
        "t.xlsx": ["training", "--borough", "Southwark"],
        "m.ics": ["meetings", "--from", "01/11/2024", "--to", "31/12/2024"],
    }
    for name, argv in commands.items():
        assert export(db_url, *argv, "-o", str(tmp_path / name)) == 0, name
    out = capsys.readouterr().out
    assert "Wrote" in out and "2024/25 Q3 (01/10/2024 to 31/12/2024)" in out
    summary = openpyxl.load_workbook(tmp_path / "les.xlsx")["Summary"]
    # The dataset's 4 Lambeth practices, plus the listed Lambeth practices that opening
    # the database through the CLI added (an existing database gets the missing ones).
    own = {"G85001", "G85002", "G85003", "G85004", "G85101"}
    added = [p for p in shipped_practices() if p.borough == "Lambeth" and p.ods_code not in own]
    assert summary["A4"].value == "Practices in scope" and summary["B4"].value == 4 + len(added)
    reviews = openpyxl.load_workbook(tmp_path / "r.xlsx")["Reviews"]
    assert [c.value for c in reviews["A"][1:]] == ["LAM-DHR-2024-01", "LAM-RR-2024-01"]
    training = openpyxl.load_workbook(tmp_path / "t.xlsx")["Training"]
    assert training.max_row == 2 and training["A2"].value == "Cat Nurse"
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").count("\n") == 3
    assert (tmp_path / "m.ics").read_bytes().count(b"BEGIN:VEVENT") == 2


def test_overwrite_needs_force(
    dataset: Services, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "q.xlsx"
    target.write_bytes(b"old")
    assert export(db_url, "quarterly", "--quarter", "2024-Q3", "-o", str(target)) == 2
    assert "already exists (use --force" in capsys.readouterr().err
    assert target.read_bytes() == b"old"
    assert export(db_url, "quarterly", "--quarter", "2024-Q3", "-o", str(target), "--force") == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "Figures"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["les-return", "--year", "2024/25", "-o", "{tmp}/missing/x.xlsx"], "does not exist"),
        (["les-return", "--year", "2024/25", "-o", "{tmp}/x.csv"], "written as a .xlsx"),
        (["les-return", "--year", "2031/32", "-o", "{tmp}/x.xlsx"], "no LES scheme year"),
        (["quarterly", "--quarter", "Q9", "-o", "{tmp}/x.xlsx"], "not a quarter"),
        (["training", "--borough", "Atlantis", "-o", "{tmp}/x.csv"], "no borough"),
        (["actions", "-o", "{tmp}/x.pdf"], ".xlsx or .csv"),
        (["meetings", "-o", "{tmp}/x.xlsx"], ".ics"),
    ],
)
def test_errors_are_one_line(
    dataset: Services,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.replace("{tmp}", str(out)) for a in argv]
    assert export(db_url, *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("sgtui: error:") and message in err and err.count("\n") == 1
    assert not list(out.rglob("*"))
