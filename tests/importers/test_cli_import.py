"""`sgtui import`: exit codes, JSON shape, the mapping file, the text summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sgtui.cli.main import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_and_exit_codes(
    capsys: pytest.CaptureFixture[str], legacy: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "cli.db")
    code, out, _ = run_cli(
        capsys, "--db", db, "import", str(legacy / "greenwich_training.xls"), "--json"
    )
    payload = json.loads(out)
    assert code == 0 and payload["committed"] is True
    assert payload["sheets"] == [
        {
            "file": "greenwich_training.xls",
            "sheet": "Training 2022",
            "kind": "training",
            "skipped": None,
            "header_row": 2,
            "inserted": 2,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
            "held": 0,
        }
    ]
    assert payload["errors"] == []
    code, out, _ = run_cli(
        capsys, "--db", db, "import", str(legacy / "greenwich_training.xls"), "--json"
    )
    assert code == 0 and json.loads(out)["sheets"][0]["unchanged"] == 2


def test_invalid_rows_exit_1_with_errors(
    capsys: pytest.CaptureFixture[str], legacy: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "cli.db")
    code, out, _ = run_cli(
        capsys, "--db", db, "import", str(legacy / "dirty_tracker.xlsx"), "--json"
    )
    payload = json.loads(out)
    assert code == 1 and payload["committed"] is False
    # Actions!E4's status "Maybe" is kept as written (issue 9): a warning, not an error.
    assert len(payload["errors"]) == 8
    assert payload["unmapped"] == [
        {
            "sheet": "Actions",
            "column": "E",
            "header": "Status",
            "field": "status",
            "values": {"Maybe": 1},
        }
    ]
    assert payload["errors"][2] == {
        "sheet": "Meetings",
        "row": 3,
        "column": "B",
        "header": "Date",
        "value": "30/02/2024",
        "message": "no such date",
    }


def test_refused_file_exit_2_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("hello")
    code, out, err = run_cli(capsys, "--db", str(tmp_path / "cli.db"), "import", str(path))
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        "sgtui: error: notes.xlsx: not a .xlsx workbook (the file's contents are something else)"
    )
    assert "Nothing imported." in out


def test_text_summary_and_dry_run_mapping(
    capsys: pytest.CaptureFixture[str], legacy: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "cli.db")
    code, out, _ = run_cli(capsys, "--db", db, "import", str(legacy / "dirty_tracker.xlsx"))
    assert code == 1
    assert 'Reviews!F4 (Due date) "31/02/2024": no such date' in out
    assert "Nothing written: 8 row(s) have errors" in out
    assert "Values kept as written" in out and "│ Maybe │" in out
    code, out, _ = run_cli(
        capsys, "--db", db, "import", str(legacy / "southwark_tracker.ods"), "--dry-run", "--json"
    )
    payload = json.loads(out)
    assert code == 0 and payload["committed"] is False
    assert payload["mapping"]["sheets"]["Read Me"] == "skip"
    assert payload["mapping"]["headers"]["practices"] == {
        "Prac Code": "ods_code",
        "Surgery": "name",
        "Locality": "borough",
        "PM": "practice_manager",
        "List size": "list_size",
    }


def test_mapping_file_overrides(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "odd.csv"
    data.write_text("Kode,Surgery name,Area\nG85301,Nunhead Surgery,Sarf\n")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[sheets]\nodd = "practices"\n\n[headers.practices]\nKode = "ods_code"\n'
        '"Area" = "borough"\n\n[values.borough]\nSarf = "Southwark"\n'
    )
    db = str(tmp_path / "cli.db")
    code, out, _ = run_cli(
        capsys, "--db", db, "import", str(data), "--mapping", str(mapping), "--json"
    )
    assert code == 0, out
    assert json.loads(out)["sheets"][0]["inserted"] == 1
    bad = tmp_path / "bad.toml"
    bad.write_text('[headers.practices]\nKode = "shoe_size"\n')
    code, _, err = run_cli(capsys, "--db", db, "import", str(data), "--mapping", str(bad))
    assert code == 2 and "no field 'shoe_size'" in err


def test_mapping_can_ignore_a_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A column mapped to "ignore" is left out, even when its header would be guessed."""
    data = tmp_path / "practices.csv"
    data.write_text(
        "ODS code,Practice name,Borough,Postcode\nG85301,Nunhead Surgery,Southwark,SE15 X\n"
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[headers.practices]\nPostcode = "ignore"\n')
    db = str(tmp_path / "cli.db")
    code, out, _ = run_cli(
        capsys, "--db", db, "import", str(data), "--mapping", str(mapping), "--json"
    )
    assert code == 0, out
    assert json.loads(out)["sheets"][0]["inserted"] == 1
    code, out, _ = run_cli(capsys, "--db", db, "show", "practice", "G85301", "--json")
    assert json.loads(out)["practice"]["postcode"] is None


def test_mapping_document_saves_and_reloads(
    legacy: Path, tmp_path: Path, sqlite_svc: object
) -> None:
    from sgtui.importers.mapping import load_mapping, save_mapping
    from sgtui.importers.pipeline import run_import
    from sgtui.importers.report import mapping_document

    progress: list[tuple[int, int]] = []
    report = run_import(
        sqlite_svc,  # type: ignore[arg-type]
        [legacy / "southwark_tracker.ods"],
        dry_run=True,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert progress and progress[-1][0] == progress[-1][1]
    target = tmp_path / "southwark.toml"
    save_mapping(mapping_document(report), target)
    mapping = load_mapping(target)
    assert mapping.sheets["Mtgs 23-24"] == "meetings"
    assert mapping.sheets["Read Me"] == "skip"
    assert mapping.headers["meetings"]["mins circ'd"] == "minutes_circulated_on"
    again = run_import(
        sqlite_svc, [legacy / "southwark_tracker.ods"], mapping=mapping, dry_run=True
    )  # type: ignore[arg-type]
    assert [s.mapping for s in again.sheets] == [s.mapping for s in report.sheets]


def test_progress_covers_reading_then_writing(legacy: Path, sqlite_svc: object) -> None:
    from sgtui.importers.pipeline import run_import

    progress: list[tuple[int, int]] = []
    run_import(
        sqlite_svc,  # type: ignore[arg-type]
        [legacy / "lambeth_tracker.xlsx"],
        progress=lambda done, total: progress.append((done, total)),
    )
    totals = {total for _done, total in progress}
    assert len(totals) == 1
    total = totals.pop()
    dones = [done for done, _total in progress]
    assert dones == sorted(dones) and dones[-1] == total
    assert any(0 < done < total for done in dones)
