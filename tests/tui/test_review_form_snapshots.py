"""Snapshots of the review page's forms at 120x40 on the small seeded data, today 10/03/2025.

The review's own form (e), its S-CRT fields (s), a new submission with the due date the
rules propose (a), and a new recommendation (r). Review the report before accepting a
change with ``--snapshot-update``: a changed SVG is a changed form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE, palette
from tests.support.waiting import settled


def on_review_press(key: str, then: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """A run_before: open LAM-RR-2025-03 from the palette, press ``key``, wait for the form."""

    async def run_before(pilot: Any) -> None:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        await settled(pilot)
        await pilot.press(key)
        await settled(pilot)
        if then is not None:
            await then(pilot)
            await settled(pilot)

    return run_before


async def choose_an_imr(pilot: Any) -> None:
    pilot.app.screen.query_one("#field-kind").value = "IMR / agency report"


@pytest.mark.parametrize(
    ("key", "then"),
    [("e", None), ("s", None), ("a", choose_an_imr), ("r", None)],
    ids=["review", "scrt", "submission", "recommendation"],
)
def test_review_page_forms(
    snap_compare: Any, app: SgtuiApp, key: str, then: Callable[[Any], Any] | None
) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=on_review_press(key, then))
