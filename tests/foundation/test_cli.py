"""The command line: demo data, stats, show, and one-line errors with non-zero exits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sgtui.cli.main import main
from sgtui.clock import FixedClock
from sgtui.demo import load_demo
from sgtui.services.workspace import open_workspace


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database built once for this module (around 10/03/2025)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    svc = open_workspace(path, clock=FixedClock.on(date(2025, 3, 10)))
    load_demo(svc)
    svc.db.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_template, copy)
    return copy


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_counts(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stats = run_json(capsys, "--db", str(demo_db), "stats", "--json")
    counts = stats["counts"]
    assert counts["practices"] == 197
    assert counts["training_records"] == 1500
    assert counts["reviews"] == 32
    assert counts["les_returns"] == 197
    assert counts["meetings"] > 150 and counts["actions"] > 300
    assert set(counts) == {
        "practices",
        "people",
        "meetings",
        "actions",
        "reviews",
        "submissions",
        "recommendations",
        "les_returns",
        "training_records",
    }
    assert set(stats["headline"]) >= {
        "open_reviews",
        "overdue_submissions",
        "training_compliance_percent",
    }


def test_demo_is_deterministic(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = tmp_path / "again.db"
    svc = open_workspace(again, clock=FixedClock.on(date(2025, 3, 10)))
    load_demo(svc)
    svc.db.dispose()
    first = run_json(capsys, "--db", str(demo_template), "stats", "--json")["counts"]
    second = run_json(capsys, "--db", str(again), "stats", "--json")["counts"]
    assert first == second


def test_demo_has_practices_by_borough(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lambeth = run_json(capsys, "--db", str(demo_db), "stats", "--json", "--borough", "lambeth")
    assert lambeth["headline"]["practices"] == 45


def test_show_practice_json_uses_iso_dates(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = run_json(capsys, "--db", str(demo_db), "show", "practice", "g83004", "--json")
    assert shown["practice"]["ods_code"] == "G83004"
    assert shown["practice"]["borough"] == "Bexley"
    assert shown["les_returns"][0]["year"] == "2024/25"
    sent = shown["les_returns"][0]["contract_sent_on"]
    assert sent is None or date.fromisoformat(sent)


def test_show_review_and_meeting(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stats = run_json(capsys, "--db", str(demo_db), "stats", "--json")
    assert stats["counts"]["reviews"] == 32
    from sqlmodel import select

    from sgtui.services.context import Services
    from sgtui.store.engine import open_database
    from sgtui.store.models import Meeting, Review

    svc = Services(open_database(demo_db))
    with svc.session() as s:
        ref = s.exec(select(Review.ref).order_by(Review.ref)).first()
        meeting_ref = s.exec(select(Meeting.ref).where(Meeting.status == "held")).first()
    svc.db.dispose()
    review = run_json(capsys, "--db", str(demo_db), "show", "review", ref.lower(), "--json")  # type: ignore[union-attr]
    assert review["review"]["ref"] == ref
    assert {"submissions", "recommendations", "meetings"} <= set(review)
    meeting = run_json(capsys, "--db", str(demo_db), "show", "meeting", meeting_ref, "--json")  # type: ignore[arg-type]
    assert meeting["actions"] and all(a["ref"].startswith(meeting_ref) for a in meeting["actions"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "practice", "Z99999"], "no practice with ODS code Z99999"),
        (["show", "review", "NOPE-1"], "no review with reference NOPE-1"),
        (["show", "person", "Nobody Atall"], "no person named 'Nobody Atall'"),
    ],
)
def test_show_unknown_keys(
    demo_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["--db", str(demo_db), *argv]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"sgtui: error: {message}"


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database")
    cases = [
        (["--db", str(tmp_path), "stats"], "is a directory, not a database file"),
        (["--db", str(text_file), "stats"], "is not an sgtui database"),
        (["--db", str(tmp_path / "missing.db"), "stats"], "no database at"),
        (
            ["--db", "postgresql://bso:hunter2@127.0.0.1:1/x", "stats"],
            "cannot reach the PostgreSQL server",
        ),
    ]
    for argv, message in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("sgtui: error: ") and message in err, err
        assert "Traceback" not in err and "hunter2" not in err
        assert len(err.strip().splitlines()) == 1


def test_init_then_stats_on_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.db"
    assert main(["init", "--db", str(path)]) == 0
    assert "sgtui database ready at" in capsys.readouterr().out
    counts = run_json(capsys, "--db", str(path), "stats", "--json")["counts"]
    # A new database knows the ICB's 197 GP practices from the ODS list, and nothing else.
    assert {k: v for k, v in counts.items() if v} == {"practices": 197}


def test_python_m_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sgtui", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("sgtui ")
