"""Driving the app by keys, as an officer would: typing, and the command palette."""

from __future__ import annotations

from typing import Any

from textual.command import CommandList

from tests.support.waiting import settled

SIZE = (120, 40)
"""The terminal size of the Pilot tests and snapshots."""

KEY_NAMES = {" ": "space", "/": "slash"}
"""Characters that Pilot presses by their key name."""


async def type_text(pilot: Any, text: str) -> None:
    """Type ``text`` key by key into whatever has focus."""
    await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in text])


async def wait_for_hits(pilot: Any, expected: str) -> list[str]:
    """The palette's options once one mentions ``expected`` (its search runs in a thread)."""
    prompts: list[str] = []
    for _ in range(50):
        await pilot.pause(0.05)
        options = pilot.app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        if any(expected in p for p in prompts):
            return prompts
    raise AssertionError(f"no palette hit mentions {expected!r}: {prompts}")


async def palette(pilot: Any, text: str, expected: str) -> None:
    """Open the palette, type ``text``, wait for a hit mentioning ``expected``, Enter."""
    await pilot.press("ctrl+p")
    await type_text(pilot, text)
    await wait_for_hits(pilot, expected)
    await pilot.press("enter")
    await settled(pilot)
