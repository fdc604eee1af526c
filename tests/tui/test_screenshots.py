"""Save SVG screenshots of the main screens for the README.

Run with ``SGTUI_SCREENSHOTS=1 pytest tests/tui/test_screenshots.py``; skipped otherwise,
so the ordinary suite never rewrites files under docs/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE
from tests.support.snapshots import settle_after

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.skipif(not os.environ.get("SGTUI_SCREENSHOTS"), reason="set SGTUI_SCREENSHOTS=1")
@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("today", ()),
        ("meetings", ("2",)),
        ("review", ("3", "enter")),
        ("les", ("4",)),
        ("training", ("5",)),
        ("practice", ("6", "enter")),
    ],
)
async def test_save_screenshot(demo_app: SgtuiApp, name: str, keys: tuple[str, ...]) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle_after(*keys)(pilot)
        demo_app.save_screenshot(f"{name}.svg", path=str(SCREENSHOTS))
    assert (SCREENSHOTS / f"{name}.svg").stat().st_size > 10_000
