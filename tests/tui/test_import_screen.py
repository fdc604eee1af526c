"""The Import screen: dry run, errors, a mapping fix saved and used, commit, bad files."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import func, select
from textual.widgets import Checkbox, DataTable, DirectoryTree

from sgtui.services.context import Services
from sgtui.store.models import Practice
from sgtui.tui.app import SgtuiApp
from tests.support.import_screen import cells, open_and_run, status
from tests.support.keys import SIZE
from tests.support.waiting import settled, wait_until

LEGACY = Path(__file__).parents[2] / "sample_data" / "legacy"


def count(svc: Services, model: type) -> int:
    with svc.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


async def test_dry_run_of_a_dirty_workbook_lists_its_errors(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    before = count(svc, Practice)
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/dirty_tracker.xlsx")
        assert status(app).startswith("✗ Dry run of dirty_tracker.xlsx, nothing written")
        errors = cells(app, "#import-errors")
        assert ["Actions", "3", "B", "Meeting", "NOPE-1", "✗ no meeting with this ID"] in errors
        assert ["Training", "3", "A", "Staff name", "", "✗ staff name is missing"] in errors
        sheets = {row[0]: row for row in cells(app, "#import-sheets")}
        assert sheets["Actions"][1] == "actions"
        # the columns of the highlighted sheet, each with what it is imported as
        columns = cells(app, "#import-columns")
        assert columns and all(len(row) == 4 for row in columns)
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✗ Nothing imported from dirty_tracker.xlsx")
    assert count(svc, Practice) == before


async def test_commit_a_clean_workbook_and_today_counts_change(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        practices_tile = str(app.screen.query_one("#tile-practices").render())
        await open_and_run(pilot, "~/lambeth_tracker.xlsx")
        assert status(app).startswith("✓ Dry run of lambeth_tracker.xlsx, nothing written")
        kinds = [row[1] for row in cells(app, "#import-sheets")]
        # Skip reasons now name the closest kind after the category (issue #9).
        assert any(k.startswith("skipped: dashboard: closest to") for k in kinds), kinds
        assert "les" in kinds, kinds
        assert "warning: no ODS code" in " ".join(r[5] for r in cells(app, "#import-errors"))
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported lambeth_tracker.xlsx")
        bar = app.screen.query_one("#import-progress")
        assert bar.percentage == 1  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert str(app.screen.query_one("#tile-practices").render()) != practices_tile
        assert f"{count(svc, Practice)}" in str(app.screen.query_one("#tile-practices").render())


async def test_fix_a_column_mapping_save_it_and_dry_run_with_it(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/practices.csv")
        assert status(app).startswith("✓ Dry run of practices.csv")
        headers = [row[1] for row in cells(app, "#import-columns")]
        row = cells(app, "#import-columns")[headers.index("Person in charge")]
        assert row[2:] == ["— not imported", ""]
        columns = app.screen.query_one("#import-columns", DataTable)
        columns.focus()
        columns.move_cursor(row=headers.index("Person in charge"))
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "FieldChoiceModal"
        choices = app.screen.query_one("#field-choices")
        ids = [choices.get_option_at_index(i).id for i in range(choices.option_count)]  # type: ignore[attr-defined]
        choices.highlighted = ids.index("practice_manager")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settled(pilot)
        row = cells(app, "#import-columns")[headers.index("Person in charge")]
        assert row[2:] == ["practice_manager", "✎ changed, not saved"]
        await pilot.press("f5")
        await settled(pilot)
        assert "save it (ctrl+s) first" in status(app)
        await pilot.press("ctrl+s")
        await settled(pilot)
        saved = (home / "practices-mapping.toml").read_text(encoding="utf-8")
        assert '"Person in charge" = "practice_manager"' in saved
        mapping_input = app.screen.query_one("#import-mapping")
        assert mapping_input.value == "~/practices-mapping.toml"  # type: ignore[attr-defined]
        assert status(app).startswith("✓ Dry run of practices.csv")
        row = cells(app, "#import-columns")[headers.index("Person in charge")]
        assert row[2:] == ["practice_manager", ""]
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported practices.csv: 1 new, 1 updated")
    with svc.session() as s:
        managers = dict(s.exec(select(Practice.ods_code, Practice.practice_manager)).all())
    assert managers["G85077"] == "Sam Smith" and managers["G85001"] == "Jo Bloggs"


async def test_choose_in_the_tree_and_a_bad_file_gets_one_line(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f6")
        await settled(pilot)
        tree = app.screen.query_one(DirectoryTree)
        await wait_until(pilot, lambda _app: tree.root.children, "the folder tree")
        await settled(pilot)
        names = [str(node.label) for node in tree.root.children]
        assert "broken.xlsx" in names and "notes.txt" not in names
        tree.focus()
        tree.move_cursor(tree.root.children[names.index("broken.xlsx")])
        await pilot.press("enter")
        await settled(pilot)
        assert str(app.screen.query_one("#import-path").value) == "~/broken.xlsx"  # type: ignore[attr-defined]
        line = status(app)
        assert line.startswith("✗ broken.xlsx: ") and "\n" not in line
        assert "Traceback" not in line


async def test_accept_identifiers_lets_a_named_subject_in(
    app: SgtuiApp, svc: Services, home: Path
) -> None:
    """A subject that looks like a real name stops the import; the box lets it through."""
    from openpyxl import Workbook

    from sgtui.store.models import Review

    book = Workbook()
    sheet = book.active
    sheet.title = "Case Review Tracker"
    sheet.append(["Reference", "Review Type", "Subject", "Date notified"])
    sheet.append(["R-1", "Rapid Review", "John Smith", "01/02/2025"])
    book.save(home / "named.xlsx")
    async with app.run_test(size=SIZE) as pilot:
        await open_and_run(pilot, "~/named.xlsx")
        assert status(app).startswith("✗ Dry run of named.xlsx, nothing written")
        errors = " ".join(" ".join(row) for row in cells(app, "#import-errors"))
        assert "tick Accept identifiers" in errors
        assert "John Smith" not in errors  # the report never repeats the cell
        app.screen.query_one("#import-accept-identifiers", Checkbox).value = True
        await pilot.press("f9")
        await settled(pilot)
        assert status(app).startswith("✓ Imported named.xlsx")
    with svc.session() as s:
        assert s.exec(select(Review.subject).where(Review.ref == "R-1")).one() == "John Smith"
