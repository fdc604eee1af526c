"""The Import screen's review tabs, as an officer uses them: map a value sgtui could not
match, accept a change to master data, and say which of two namesakes a row means.

Each choice is made once on screen, saved in the mapping file (ctrl+s), and the dry run
runs again with it; F9 then writes exactly what the officer chose.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import Checkbox, DataTable, TabbedContent

from sgtui.services import people
from sgtui.services.context import Services
from sgtui.store.models import Borough, Person, Practice, Review, TrainingRecord
from sgtui.tui.app import SgtuiApp
from sgtui.tui.screens.import_screen import CLASH_NOTE
from tests.support.import_screen import cells, open_and_run, status
from tests.support.keys import SIZE
from tests.support.waiting import settled


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "reviews.csv").write_text(
        "Reference,Review type,Stage\n"
        "LAM-SAR-2025-07,SAR,See Kim about it\n"
        "LAM-SAR-2025-08,SAR,See Kim about it\n",
        encoding="utf-8",
    )
    (folder / "practices.csv").write_text(
        "ODS code,Practice name,Borough,Postcode\nG85001,Brixton Hill Surgery,Southwark,SW2 1AA\n",
        encoding="utf-8",
    )
    (folder / "training.csv").write_text(
        "Staff name,Course,Date completed\nSam Patel,Safeguarding Children Level 2,03/02/2025\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(folder))
    return folder


async def show_tab(pilot, pane: str, table: str) -> DataTable:  # noqa: ANN001
    """Open a review tab and put the cursor in its table, as Tab/arrow keys would."""
    pilot.app.screen.query_one("#import-tabs", TabbedContent).active = pane
    await pilot.pause()
    found = pilot.app.screen.query_one(table, DataTable)
    found.focus()
    await pilot.pause()
    return found


async def choose(pilot, option_id: str) -> None:  # noqa: ANN001
    """Pick an option in the open choice dialog by its id, then Enter."""
    options = pilot.app.screen.query_one("#field-choices")
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(option_id)
    await pilot.press("enter")
    await settled(pilot)


def review_line(app: SgtuiApp) -> str:
    return str(app.screen.query_one("#import-review").render())


async def test_an_unmapped_value_is_mapped_once_saved_and_imported(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/reviews.csv")
        assert "1 value(s) to map" in status(app)
        assert review_line(app) == (
            "Columns of reviews · values to map: 1 · changes: 0 · names to match: 0"
        )
        await show_tab(pilot, "tab-values", "#import-values")
        assert cells(app, "#import-values") == [
            ["reviews", "C", "Stage", "See Kim about it", "2", "— kept as written"]
        ]
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "ValueChoiceModal"
        await choose(pilot, "panel")
        assert cells(app, "#import-values")[0][5] == "Panel / practitioner events  ✎ not saved"
        await pilot.press("f9")
        await settled(pilot)
        assert "save it (ctrl+s) first" in status(app)
        await pilot.press("ctrl+s")
        await settled(pilot)
        saved = (home / "reviews-mapping.toml").read_text(encoding="utf-8")
        assert '[values.stage]\n"See Kim about it" = "panel"' in saved
        assert status(app).startswith("✓ Dry run of reviews.csv")
        assert cells(app, "#import-values") == []
        assert "values to map: 0" in review_line(app)
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported reviews.csv: 2 new")
    with svc.session() as s:
        stages = {r.ref: (r.stage, r.stage_text) for r in s.exec(select(Review))}
    assert stages["LAM-SAR-2025-07"] == ("panel", None)
    assert stages["LAM-SAR-2025-08"] == ("panel", None)


async def test_master_data_changes_are_held_until_accepted(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/practices.csv")
        assert "2 change(s) held back until you tick Accept changes" in status(app)
        await show_tab(pilot, "tab-changes", "#import-changes")
        rows = cells(app, "#import-changes")
        held = "held back: tick Accept changes"
        assert sorted(rows) == sorted(
            [
                ["practice G85001", "borough", "Lambeth", "Southwark", held],
                ["practice G85001", "name", "Brixton Hill Group Practice", "Brixton Hill Surgery", held],
                ["practice G85001", "postcode", "(blank)", "SW2 1AA", ""],
            ]
        )  # fmt: skip
        assert "changes: 3, 2 held back" in review_line(app)
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported practices.csv: 0 new, 1 updated")
        with svc.session() as s:
            practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
            assert (practice.name, practice.postcode) == ("Brixton Hill Group Practice", "SW2 1AA")
        app.screen.query_one("#import-accept-changes", Checkbox).value = True
        await pilot.press("f5")
        await settled(pilot)
        rows = cells(app, "#import-changes")
        assert all(row[4] == "" for row in rows) and len(rows) == 2
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported practices.csv: 0 new, 1 updated")
    with svc.session() as s:
        practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
        southwark = s.exec(select(Borough).where(Borough.name == "Southwark")).one()
    assert (practice.name, practice.borough_id) == ("Brixton Hill Surgery", southwark.id)


async def test_a_record_a_colleague_saved_meanwhile_is_kept_and_shown(
    app: SgtuiApp, svc: Services, home: Path, colleague_saves_after_read: Callable[..., None]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/practices.csv")
        colleague_saves_after_read("G85001", {"postcode": "SW2 5XX"})
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported practices.csv: 0 new, 0 updated, 1 unchanged")
        assert "1 record(s) saved by a colleague meanwhile, kept as they saved them" in status(app)
        await show_tab(pilot, "tab-changes", "#import-changes")
        assert cells(app, "#import-changes")[0] == [
            "practice G85001",
            "Postcode",
            "SW2 5XX",
            "SW2 1AA",
            CLASH_NOTE,
        ]
    with svc.session() as s:
        practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
    assert practice.postcode == "SW2 5XX"


async def test_a_name_of_two_people_is_settled_once_on_screen(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    with svc.session() as s:
        people.save_person(s, svc, {"name": "Sam Patel", "organisation": "G85001"})
        _o, chosen = people.save_person(s, svc, {"name": "Sam Patel", "organisation": "G85099"})
        chosen_id, chosen_key = chosen.id, chosen.key
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/training.csv")
        assert "1 name(s) to match to a person, 1 row(s) held back" in status(app)
        await show_tab(pilot, "tab-people", "#import-people")
        row = cells(app, "#import-people")[0]
        assert row[:5] == ["training", "2", "Sam Patel", "", "2 people · 1 row(s) held back"]
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "PersonChoiceModal"
        await choose(pilot, chosen_key)
        assert cells(app, "#import-people")[0][5].endswith("✎ not saved")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "[people]" in (home / "training-mapping.toml").read_text(encoding="utf-8")
        assert cells(app, "#import-people") == []
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported training.csv: 1 new")
    with svc.session() as s:
        record = s.exec(select(TrainingRecord).where(TrainingRecord.person_id == chosen_id)).all()
        namesakes = s.exec(select(Person).where(Person.name == "Sam Patel")).all()
    assert len(record) == 1 and len(namesakes) == 2


async def test_an_import_is_undone_from_the_screen_that_made_it(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    (home / "more.csv").write_text(
        "ODS code,Practice name,Borough,Postcode\n"
        "G85001,Brixton Hill Surgery,Lambeth,SW2 1AA\n"
        "G99901,New Road Surgery,Lambeth,SE11 4AA\n",
        encoding="utf-8",
    )
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/more.csv")
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported more.csv: 1 new, 1 updated")
        assert "ctrl+z undoes import" in status(app)
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("escape")
        await settled(pilot)
        assert status(app).startswith("Cancelled: import")
        with svc.session() as s:
            assert s.exec(select(Practice).where(Practice.ods_code == "G99901")).first()
        await pilot.press("ctrl+z")
        await settled(pilot)
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert status(app).startswith("✓ Undid import")
        assert "remove 1 practice; put back 1 practice" in status(app)
        assert cells(app, "#import-sheets") == [] and cells(app, "#import-changes") == []
        await pilot.press("ctrl+z")  # nothing left to undo: the key does nothing
        await settled(pilot)
        assert type(app.screen).__name__ == "ImportScreen"
    with svc.session() as s:
        assert s.exec(select(Practice).where(Practice.ods_code == "G99901")).first() is None
        kept = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
    assert (kept.name, kept.postcode) == ("Brixton Hill Group Practice", None)


async def test_at_80x24_the_sheets_tabs_and_problems_all_stay_on_screen(
    app: SgtuiApp, home: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_and_run(pilot, "~/reviews.csv")
        screen = app.screen
        assert not screen.query_one("#import-tree").display  # the typed path stands in
        await show_tab(pilot, "tab-values", "#import-values")
        for widget in ("#import-sheets", "#import-tabs", "#import-values", "#import-errors"):
            region = screen.query_one(widget).region
            assert region.height >= 2 and region.bottom <= 23, (widget, region)
        assert "values to map: 1" in review_line(app)


async def test_a_save_after_the_dry_run_is_kept_and_shown_when_f9_commits(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    """The officer reviews the dry run's changes, a colleague then saves one of those
    records in a form, and F9 keeps the colleague's value instead of overwriting it."""
    from sgtui.services import editing

    (home / "postcodes.csv").write_text(
        "ODS code,Practice name,Postcode\n"
        "G85001,Brixton Hill Group Practice,SW2 1AA\n"
        "G85002,Clapham Family Practice,SW4 2BB\n",
        encoding="utf-8",
    )
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/postcodes.csv")
        await show_tab(pilot, "tab-changes", "#import-changes")
        assert cells(app, "#import-changes") == [
            ["practice G85001", "postcode", "(blank)", "SW2 1AA", ""],
            ["practice G85002", "postcode", "(blank)", "SW4 2BB", ""],
        ]
        with svc.session() as s:
            practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
            assert practice.id is not None
            editing.update(
                s, svc, "practice", practice.id, {"postcode": "SW2 5XX"},
                expected_version=practice.version,
            )  # fmt: skip
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported postcodes.csv: 0 new, 1 updated, 1 unchanged")
        assert "1 record(s) saved by a colleague meanwhile, kept as they saved them" in status(app)
        assert cells(app, "#import-changes") == [
            ["practice G85001", "Postcode", "SW2 5XX", "SW2 1AA", CLASH_NOTE],
            ["practice G85002", "postcode", "(blank)", "SW4 2BB", ""],
        ]
    with svc.session() as s:
        postcodes = {p.ods_code: p.postcode for p in s.exec(select(Practice))}
    assert postcodes == {"G85001": "SW2 5XX", "G85002": "SW4 2BB", "G85099": None}


def test_a_dry_run_is_of_the_same_files_only_while_they_are_unchanged(tmp_path: Path) -> None:
    """F9 uses the dry run's versions only for the files it read, as they were then."""
    from sgtui.tui.screens.import_screen import _files_of

    workbook, mapping = tmp_path / "practices.csv", tmp_path / "practices-mapping.toml"
    header = "ODS code,Practice name,Postcode\n"
    workbook.write_text(header + "G85001,Brixton Hill Group Practice,SW2 1AA\n", encoding="utf-8")
    before = _files_of(workbook, mapping)
    assert before[1] is None and before[0] is not None
    assert before[0][0] == str(workbook.resolve())
    assert _files_of(workbook, mapping) == before
    workbook.write_text("ODS code,Postcode\nG85001,SW2 1AB\nG85002,SW4 2BB\n", encoding="utf-8")
    assert _files_of(workbook, mapping) != before
    changed = _files_of(workbook, mapping)
    mapping.write_text('[sheets]\npractices = "practices"\n', encoding="utf-8")
    assert _files_of(workbook, mapping)[0] == changed[0]
    assert _files_of(workbook, mapping) != changed
    assert _files_of(workbook, None) == (changed[0], None)


async def test_f9_after_the_workbook_changed_on_disk_reads_it_afresh(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    """The dry run on screen was of another file's contents: its versions are not used,
    so the commit diffs the new workbook against what is stored now."""
    from sgtui.services import editing

    workbook = home / "postcodes.csv"
    header = "ODS code,Practice name,Postcode\n"
    workbook.write_text(header + "G85001,Brixton Hill Group Practice,SW2 1AA\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/postcodes.csv")
        with svc.session() as s:
            practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
            assert practice.id is not None
            editing.update(s, svc, "practice", practice.id, {"postcode": "SW2 5XX"})
        fixed = header + "G85001,Brixton Hill Group Practice,SW12 1AB\n"  # another size too
        workbook.write_text(fixed, encoding="utf-8")
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported postcodes.csv: 0 new, 1 updated, 0 unchanged")
        await show_tab(pilot, "tab-changes", "#import-changes")
        assert cells(app, "#import-changes") == [
            ["practice G85001", "postcode", "SW2 5XX", "SW12 1AB", ""]
        ]
    with svc.session() as s:
        practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
    assert practice.postcode == "SW12 1AB"
