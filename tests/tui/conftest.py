"""Fixtures for the app's tests: a seeded database on a fixed clock, cursor blink off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sgtui.clock import FixedClock
from sgtui.services.context import Services
from sgtui.services.workspace import open_workspace
from sgtui.tui.app import SgtuiApp
from tests.support.app import still
from tests.support.clock import TODAY
from tests.support.seed import seed_small

LEGACY = Path(__file__).parents[2] / "sample_data" / "legacy"
"""The sample workbooks, as teams' own trackers have them."""


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots differ run to run."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    """A small seeded SQLite database with "today" fixed at 10 March 2025."""
    services = open_workspace(
        tmp_path / "tui.db", clock=FixedClock.on(TODAY), actor="Test Officer", practices=False
    )
    seed_small(services)
    try:
        yield services
    finally:
        services.db.dispose()


@pytest.fixture
def app(svc: Services) -> SgtuiApp:
    return still(SgtuiApp(svc))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test run on the fixed clock."""
    from sgtui.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    svc = open_workspace(path, clock=FixedClock.on(TODAY), actor="Demo")
    load_demo(svc)
    svc.db.dispose()
    return path


@pytest.fixture
def demo_app(demo_template: Path, tmp_path: Path) -> SgtuiApp:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_template, copy)
    return still(SgtuiApp(open_workspace(copy, clock=FixedClock.on(TODAY), actor="Demo")))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder holding copies of the sample workbooks (the screen writes beside them)."""
    folder = tmp_path / "home"
    folder.mkdir()
    for name in ("dirty_tracker.xlsx", "lambeth_tracker.xlsx", "greenwich_training.xls"):
        shutil.copy(LEGACY / name, folder / name)
    (folder / "practices.csv").write_text(
        "ODS code,Practice name,Borough,Postcode,Person in charge\n"
        "G85001,Brixton Hill Group Practice,Lambeth,SW2 1AA,Jo Bloggs\n"
        "G85077,Stockwell Practice,Lambeth,SW9 9AA,Sam Smith\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text("not a workbook")
    (folder / "broken.xlsx").write_text("this is not a zip file")
    monkeypatch.setenv("HOME", str(folder))
    return folder
