"""Snapshot runs: keys pressed before the screenshot, each waited out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.waiting import settled


def settle_after(*keys: str) -> Callable[[Any], Any]:
    """A run_before that presses ``keys``, waiting after each until the screen has loaded."""

    async def run_before(pilot: Any) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    return run_before
