"""Help lists the keys as they are bound now, and a bad theme in the settings is said."""

from __future__ import annotations

from textual.widgets import Static

from sgtui.config import Settings
from sgtui.services.context import Services
from sgtui.tui.app import SgtuiApp
from sgtui.tui.modals.help import HelpModal
from tests.support.app import notices, still
from tests.support.keys import SIZE
from tests.support.waiting import settled


def _help_lines(app: SgtuiApp) -> list[str]:
    return str(app.screen.query_one("#help-keys", Static).render()).splitlines()


async def test_help_shows_a_rebinding_from_the_settings(svc: Services) -> None:
    settings = Settings(keymap={"table.filter": "ctrl+f", "les.chased": "K", "app.help": "f1"})
    app = still(SgtuiApp(svc, settings))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("f1")
        await settled(pilot)
        assert isinstance(app.screen, HelpModal)
        lines = _help_lines(app)
    assert f"{'^f':>12}  Filter the list in view as you type" in "\n".join(lines)
    assert f"{'/':>12}  Filter the list in view as you type" not in "\n".join(lines)
    assert f"{'K':>12}  Chased today" in lines
    assert f"{'1 2 3 4 5 6 7':>12}  Switch area: Today" in "\n".join(lines)


async def test_an_unknown_theme_is_reported_with_the_ones_there_are(svc: Services) -> None:
    app = still(SgtuiApp(svc, Settings(theme="nordd")))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        messages = notices(app)
        known = ", ".join(sorted(app.available_themes))
        default = app.theme
    assert (
        f"Theme 'nordd' in your settings does not exist, so the default is used;"
        f" the themes are: {known}"
    ) in messages
    assert "nord" in known and default == "textual-dark"
