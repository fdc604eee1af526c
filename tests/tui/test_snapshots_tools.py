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
from textual.widgets import DirectoryTree

from sgtui.tui.app import SgtuiApp

SIZE = (120, 40)
LEGACY = Path(__file__).parents[2] / "sample_data" / "legacy"


async def settle(pilot: Any) -> None:
    """Wait for every worker except the directory tree's loader, which never finishes."""
    for _ in range(20):
        await pilot.pause()
        busy = [
            w
            for w in pilot.app.workers
            if not isinstance(w.node, DirectoryTree) and not w.is_finished
        ]
        if not busy:
            break
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause(0.1)
    await pilot.pause()


def after(*steps: str | tuple[str, str]) -> Callable[[Any], Any]:
    """A run_before pressing keys; ("type", text) types text into the focused input."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        for step in steps:
            if isinstance(step, tuple):
                await pilot.press(
                    *[
                        {
                            "/": "slash",
                            "~": "tilde",
                            ".": "full_stop",
                            "_": "underscore",
                            " ": "space",
                        }.get(c, c)
                        for c in step[1]
                    ]
                )
            else:
                await pilot.press(step)
            await settle(pilot)

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
    steps = after("f6", ("type", "~/dirty_tracker.xlsx"), "enter")
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=steps)


def test_history_of_a_review(snap_compare: Any, demo_app: SgtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3", "enter", "h"))


def test_undo_preview(snap_compare: Any, demo_app: SgtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("3", "enter", "h", "u"))


def test_export_les_return_written(
    snap_compare: Any, demo_app: SgtuiApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("f7", "f9"))
