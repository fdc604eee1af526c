"""Today, the LES grid and the Training list at 120x40 and at 80x24, on the demo data.

At 120x40 every column a story needs is on screen; at 80x24 Today keeps three rows in
each panel and the lists at least ten. Review the SVGs before ``--snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest

from sgtui.tui.app import SgtuiApp
from tests.support.snapshots import settle_after

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


async def test_at_80x24_today_keeps_three_rows_a_panel_and_every_list_ten(
    demo_app: SgtuiApp,
) -> None:
    """Rows in view (the table's height less its header), counted on the demo data."""
    from sgtui.tui.widgets.link_table import LinkTable
    from sgtui.tui.widgets.record_table import RecordTable
    from tests.support.waiting import settled

    async with demo_app.run_test(size=SIZES["80x24"]) as pilot:
        await settled(pilot)
        panels = {t.id: t.size.height - 1 for t in demo_app.screen.query(LinkTable)}
        assert len(panels) == 6
        assert min(panels.values()) >= 3, panels
        for key in "234567":
            await pilot.press(key)
            await settled(pilot)
            main = demo_app.screen.query_one("#main-list", RecordTable)
            in_view = main.table.size.height - 1
            assert in_view >= 10, (type(demo_app.screen).__name__, in_view)
            assert main.table.row_count >= in_view  # the demo fills what is in view
