"""Snapshots of the Import, Export and History screens at 120x40, "today" fixed at 10/03/2025.

The import screen lists the home folder, so HOME points at a folder of copies of the
sample workbooks (shown as ``~``) and the snapshot never depends on the machine.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, DirectoryTree

from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE
from tests.support.waiting import settled, wait_until

KEYS = {"/": "slash", "~": "tilde", ".": "full_stop", "_": "underscore", " ": "space"}
LEGACY = Path(__file__).parents[2] / "sample_data" / "legacy"


def tree_filled(app: Any) -> bool:
    """The screen has no folder tree, or its tree has listed its folder (in its own worker)."""
    trees = app.screen.query(DirectoryTree)
    return not trees or bool(trees.first().root.children)


def after(
    *steps: str | tuple[str, str], until: Callable[[Any], bool] | None = None
) -> Callable[[Any], Any]:
    """A run_before pressing keys; ("type", text) types text into the focused input.

    ``until`` names the end state to wait for before the screenshot is taken.
    """

    async def run_before(pilot: Any) -> None:
        await settled(pilot)
        for step in steps:
            if isinstance(step, tuple):
                await pilot.press(*[KEYS.get(c, c) for c in step[1]])
            else:
                await pilot.press(step)
            await settled(pilot)
        await wait_until(pilot, tree_filled, "the folder tree")
        if until is not None:
            await wait_until(pilot, until, "the screen's end state")
            await settled(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    for name in ("dirty_tracker.xlsx", "lambeth_tracker.xlsx"):
        shutil.copy(LEGACY / name, folder / name)
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_import_dirty_dry_run(snap_compare: Any, demo_app: SgtuiApp, home: Path) -> None:
    def reported(app: SgtuiApp) -> bool:
        """The dry run's report, its 9 problems (8 errors, 1 unmapped-value warning), its columns."""
        screen = app.screen
        return (
            str(screen.query_one("#import-status").render()).startswith("✗ Dry run")
            and screen.query_one("#import-errors", DataTable).row_count == 9
            and screen.query_one("#import-columns", DataTable).row_count > 0
            and len(screen.query_one(DirectoryTree).root.children) == 2
        )

    steps = after("f6", ("type", "~/dirty_tracker.xlsx"), "enter", until=reported)
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=steps)


def test_history_of_a_review(snap_compare: Any, demo_app: SgtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3", "enter", "h"))


def test_undo_preview(snap_compare: Any, demo_app: SgtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3", "enter", "h", "u"))


def wrote(app: SgtuiApp) -> bool:
    return str(app.screen.query_one("#export-message").render()).startswith("✓ Wrote")


def test_export_les_return_written(
    snap_compare: Any, demo_app: SgtuiApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("f7", "f9", until=wrote))


def test_review_form_warns_about_a_real_name(snap_compare: Any, demo_app: SgtuiApp) -> None:
    async def run_before(pilot: Any) -> None:
        await after("3", "enter", "e")(pilot)
        subject = pilot.app.screen.query_one("#field-subject")
        subject.focus()
        subject.value = "John Smith"
        await settled(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)
