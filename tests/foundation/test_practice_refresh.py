"""`sgtui practices refresh FILE`: a hand-written extract in the NHS ODS epraccur layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import func, select

from sgtui.cli.main import main
from sgtui.services.context import Services
from sgtui.services.ods import is_ods_source
from sgtui.services.ods_refresh import OdsFileError, refresh_practices
from sgtui.services.practices import get_practice
from sgtui.services.reference import find_borough, seed_practices
from sgtui.store.models import AuditEntry, Practice


def line(
    code: str,
    name: str,
    address: list[str],
    postcode: str,
    *,
    status: str = "A",
    close: str = "",
    icb: str = "QKK",
    commissioner: str = "72Q",
    setting: str = "4",
) -> str:
    """One epraccur line: 27 columns, no quoting needed for these values."""
    cells = [""] * 27
    cells[0], cells[1], cells[2], cells[3] = code, name, "Y56", icb
    cells[4:9] = (address + [""] * 5)[:5]
    cells[9], cells[10], cells[11], cells[12] = postcode, "19740401", close, status
    cells[13], cells[14], cells[21], cells[23], cells[25] = (
        "B",
        commissioner,
        "0",
        commissioner,
        setting,
    )
    return ",".join(cells)


EXTRACT = "\n".join(
    [
        "Organisation Code,Name,National Grouping",  # a header row some exports add: skipped
        line(  # as we have it: unchanged
            "G85002",
            "STREATHAM HIGH PRACTICE",
            ["STREATHAM HIGH PRACTICE", "2-8 GRACEFIELD GARDENS", "STREATHAM", "LONDON"],
            "SW16 2ST",
        ),
        line(  # renamed: updated
            "G83004",
            "BARNARD MEDICAL GROUP PRACTICE",
            ["BARNARD MEDICAL PRACTICE", "43 GRANVILLE ROAD", "SIDCUP", "KENT"],
            "DA14 4TA",
        ),
        line(  # moved: updated
            "G85001",
            "FOREST HILL GROUP PRACTICE",
            ["1 NEW ROAD", "DULWICH", "LONDON"],
            "SE22 9ZZ",
        ),
        line(  # closed
            "G84017",
            "ADDINGTON ROAD SURGERY",
            ["ADDINGTON ROAD SURGERY", "77 ADDINGTON ROAD", "WEST WICKHAM", "KENT"],
            "BR4 9BG",
            status="C",
            close="20250331",
        ),
        line("Y09999", "NEW STREATHAM SURGERY", ["1 HIGH ROAD", "LONDON"], "SW16 9AA"),
        line("Y09998", "NEW SE1 HUB", ["1 ROAD", "LONDON"], "SE1 7AA"),  # SE1: two boroughs
        line("Y09997", "ELSEWHERE SURGERY", ["LEEDS"], "LS1 1AA", icb="QWO", commissioner="15F"),
        line("Y09996", "WALK-IN CENTRE", ["LONDON"], "SE15 1AA", setting="0"),
        line("Y09995", "GONE ALREADY", ["LONDON"], "SE15 2AA", status="C", close="20200101"),
    ]
)


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    path = tmp_path / "epraccur.csv"
    path.write_text(EXTRACT + "\n", encoding="utf-8")
    return path


@pytest.fixture
def listed(svc: Services) -> Services:
    with svc.session() as s:
        seed_practices(s, svc)
    return svc


def test_refresh_counts_and_values(listed: Services, extract: Path) -> None:
    with listed.session() as s:
        dry = refresh_practices(s, listed, extract, dry_run=True)
    with listed.session() as s:
        audits = s.exec(select(func.count()).select_from(AuditEntry)).one()
        report = refresh_practices(s, listed, extract)
    expected = {"added": 2, "updated": 2, "closed": 1, "unchanged": 1}
    assert dry.counts() == report.counts() == expected
    assert (report.added, report.updated, report.closed) == (
        ["Y09999", "Y09998"],
        ["G83004", "G85001"],
        ["G84017"],
    )
    assert report.codes == ["72Q", "QKK"]
    assert report.without_borough == ["Y09998"]
    assert len(report.not_in_file) == 193
    with listed.session() as s:
        assert s.exec(select(func.count()).select_from(Practice)).one() == 199
        assert s.exec(select(func.count()).select_from(AuditEntry)).one() == audits + 5
        renamed = get_practice(s, "G83004")
        assert renamed.name == "Barnard Medical Group Practice"
        assert renamed.source == "ODS list (epraccur.csv)" and is_ods_source(renamed.source)
        moved = get_practice(s, "G85001")
        assert (moved.postcode, moved.address) == ("SE22 9ZZ", "1 New Road, Dulwich, London")
        closed = get_practice(s, "G84017")
        assert not closed.active and closed.name == "Addington Road Surgery"  # kept, inactive
        new = get_practice(s, "Y09999")
        assert (new.name, new.borough_id, new.active) == (
            "New Streatham Surgery",
            find_borough(s, "Lambeth").id,  # type: ignore[union-attr]
            True,
        )
        assert get_practice(s, "Y09998").borough_id is None
    with listed.session() as s:
        again = refresh_practices(s, listed, extract)
    assert again.counts() == {"added": 0, "updated": 0, "closed": 0, "unchanged": 6}


def test_dry_run_saves_nothing(listed: Services, extract: Path) -> None:
    with listed.session() as s:
        before = s.exec(select(func.count()).select_from(AuditEntry)).one()
        refresh_practices(s, listed, extract, dry_run=True)
    with listed.session() as s:
        assert s.exec(select(func.count()).select_from(AuditEntry)).one() == before
        assert s.exec(select(func.count()).select_from(Practice)).one() == 197
        assert get_practice(s, "G84017").active


def test_a_file_that_is_not_an_extract_is_refused(listed: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,email\nSam,sam@nhs.example\n", encoding="utf-8")
    with listed.session() as s, pytest.raises(OdsFileError, match="epraccur layout"):
        refresh_practices(s, listed, path)


def test_cli_refresh(tmp_path: Path, extract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "practices", "refresh", str(extract), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "epraccur.csv: 2 added, 2 updated, 1 closed, 1 unchanged (dry run: nothing saved)"
    )
    assert "1 new practice(s) without a borough (set it on the Practices screen): Y09998" in out
    assert main(["--db", db, "practices", "refresh", str(extract), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["added"], payload["closed"], payload["dry_run"]) == (2, 1, False)
    assert main(["--db", db, "practices", "refresh", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
