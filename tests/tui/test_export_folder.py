"""`x` ("export what I see") offers the same folder as F7: Documents, via platformdirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from sgtui import paths
from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE
from tests.support.waiting import settled


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with a OneDrive-redirected Documents folder, as platformdirs reports it."""
    home = tmp_path / "home"
    folder = home / "OneDrive - NHS" / "Documents"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(paths.platformdirs, "user_documents_path", lambda: folder)
    return folder


async def test_export_what_i_see_offers_documents_and_expands_home(
    app: SgtuiApp, documents: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        await pilot.press("x")
        await settled(pilot)
        field = app.screen.query_one("#export-path", Input)
        assert field.value == "~/OneDrive - NHS/Documents/practices.xlsx"
        field.value = "~/OneDrive - NHS/Documents/mine.csv"
        field.focus()
        await pilot.press("enter")
        await settled(pilot)
    lines = (documents / "mine.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("ODS") and len(lines) > 1


async def test_f7_offers_the_same_folder(app: SgtuiApp, documents: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f7")
        await settled(pilot)
        output = app.screen.query_one("#export-output", Input)
        assert output.value.startswith("~/OneDrive - NHS/Documents/")
