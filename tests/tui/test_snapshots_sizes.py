"""Today, the LES grid and the Training list at 120x40 and at 80x24, on the demo data.

At 120x40 every column a story needs is on screen; at 80x24 Today keeps three rows in
each panel and the lists at least ten. Review the SVGs before ``--snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest

from sgtui.tui.app import SgtuiApp

from .test_snapshots import settle_after

SIZES = {"120x40": (120, 40), "80x24": (80, 24)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("name", "keys"),
    [("today", ()), ("les", ("4",)), ("training", ("5",)), ("les_answers", ("4", "A"))],
)
def test_screens_at_both_sizes(
    snap_compare: Any, demo_app: SgtuiApp, name: str, keys: tuple[str, ...], size: str
) -> None:
    assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=settle_after(*keys))
