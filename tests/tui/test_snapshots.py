"""Snapshots of each main screen at 120x40 on the demo data, "today" fixed at 10/03/2025.

Review the report (pytest --snapshot-report) before accepting changes with
``--snapshot-update``: a changed SVG is a changed screen.
"""

from __future__ import annotations

from typing import Any

import pytest

from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE
from tests.support.snapshots import settle_after


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("today", ()),
        ("meetings", ("2",)),
        ("reviews", ("3",)),
        ("les", ("4",)),
        ("training", ("5",)),
        ("practices", ("6",)),
        ("review_page", ("3", "enter")),
        ("practice_page", ("6", "enter")),
    ],
)
def test_main_screens(
    snap_compare: Any, demo_app: SgtuiApp, name: str, keys: tuple[str, ...]
) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=settle_after(*keys))
