"""Snapshots of editing in place at 120x40: the one-line editor over its cell, and a choice."""

from __future__ import annotations

from typing import Any

import pytest

from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE
from tests.support.snapshots import settle_after


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("meeting_date", ("2", "down", "f2")),
        ("les_selected_chased", ("4", "space", "down", "space", "down", "down", "space")),
        ("practice_pcn", ("6", "right", "right", "right", "f2")),
        ("meeting_date_bad_value", ("2", "down", "f2", "ctrl+u", "x", "enter")),
    ],
)
def test_cell_editor(
    snap_compare: Any, demo_app: SgtuiApp, name: str, keys: tuple[str, ...]
) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=settle_after(*keys))
