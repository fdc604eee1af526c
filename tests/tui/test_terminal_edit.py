"""An in-place edit in a real terminal: `sgtui demo` in tmux, F2 on a cell, type, Enter."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import sgtui
from tests.support.terminal import (
    ODS_ROW,
    demo_in_tmux,
    keys,
    wait_for,
    wait_for_match,
    wait_for_row,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ON_PCN = re.compile(r"^\s*PCN:(\s|$)", re.MULTILINE)
"""The detail line under the list when the cursor is on a PCN cell."""
EDITOR_ENDS_WITH_Z = re.compile(r"PCN · practice \w+\s+│[^\n]*\n[^\n]*│ [^│\n]*Z\s*│")
"""The editor's line (under its heading) ends with the marker typed into it."""
EDITOR_EMPTY = re.compile(r"PCN · practice \w+\s+│[^\n]*\n[^\n]*│\s+│")
"""The editor's line is empty."""


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[str]:
    """`sgtui demo` at 120x40, running this checkout's code (not an installed copy)."""
    with demo_in_tmux(tmp_path, source=Path(sgtui.__file__).parents[1]) as session:
        yield session


def test_f2_edits_a_practice_pcn_in_place(demo_session: str) -> None:
    session = demo_session
    wait_for(session, "▸1 Today", timeout=120)
    wait_for(session, "GP practices")
    keys(session, "6")
    wait_for(session, "▸6 Practices")
    wait_for_row(session)
    keys(session, "Right", "Right", "Right")  # ODS, Practice, Borough, then PCN
    wait_for_match(session, ON_PCN)  # the cursor has reached the PCN column
    keys(session, "F2")
    editor = wait_for(session, "Enter saves · Escape cancels")
    assert "PCN · practice G8" in editor
    # Ctrl+U reaches the line by a longer road (a key binding) than typed characters, so
    # a burst of keys can have its letters typed before the line is cleared. A marker
    # that must show, then vanish, proves the clearing is done before the text is typed.
    keys(session, "-l", "Z")
    wait_for_match(session, EDITOR_ENDS_WITH_Z)
    keys(session, "C-u")
    wait_for_match(session, EDITOR_EMPTY)
    keys(session, "-l", "Tmux Test PCN")
    wait_for(session, "Tmux Test PCN")  # typed into the editor's line
    keys(session, "Enter")
    shown = wait_for(session, "Saved")
    assert "Enter saves · Escape cancels" not in shown
    first_row = next(line for line in shown.splitlines() if ODS_ROW.match(line))
    assert "Tmux Test PCN" in first_row  # saved, shown in its cell, the cursor's row
