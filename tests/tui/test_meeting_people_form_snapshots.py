"""Snapshots at 120x40 of the registry's forms for meetings, actions, practices, people and
training, and of the invite picker for a shared name, on the small seeded database.

Review the report before accepting a change with ``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sgtui.services.context import Services
from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE, palette
from tests.support.seed import NETWORK, two_sam_patels
from tests.support.waiting import settled


def on_page(typed: str, hit: str, *keys: str) -> Callable[[Any], Any]:
    """A run_before: open a record with the palette, then press ``keys``, waiting after each."""

    async def run_before(pilot: Any) -> None:
        await settled(pilot)
        await palette(pilot, typed, hit)
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    return run_before


@pytest.mark.parametrize(
    ("typed", "hit", "keys"),
    [
        pytest.param("network", NETWORK, ("e",), id="meeting"),
        pytest.param("network", NETWORK, ("n",), id="action"),
        pytest.param("brixton", "Brixton Hill", ("e",), id="practice"),
        pytest.param("Asha Pat", "Dr Asha Patel", ("e",), id="person"),
        pytest.param("Asha Pat", "Dr Asha Patel", ("t",), id="training"),
    ],
)
def test_form(
    snap_compare: Any, app: SgtuiApp, typed: str, hit: str, keys: tuple[str, ...]
) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=on_page(typed, hit, *keys))


def test_invite_picker_for_a_shared_name(snap_compare: Any, app: SgtuiApp, svc: Services) -> None:
    two_sam_patels(svc)

    async def run_before(pilot: Any) -> None:
        await on_page("network", NETWORK, "i")(pilot)
        pilot.app.screen.query_one("#field-person").value = "Sam Patel"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(pilot.app.screen).__name__ == "ChoiceModal"

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
