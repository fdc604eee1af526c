"""An in-place edit in a real terminal: `sgtui demo` in tmux, F2 on a cell, type, Enter."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import sgtui

from .test_terminal import ODS_ROW, SGTUI, wait_for, wait_for_row

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def keys(session: str, *sent: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *sent], check=True)


@pytest.fixture
def demo_in_tmux(tmp_path: Path) -> Iterator[str]:
    """`sgtui demo` at 120x40, running this checkout's code (not an installed copy)."""
    name = f"sgtui-{uuid.uuid4().hex[:8]}"
    source = Path(sgtui.__file__).parents[1]
    env = (
        f"PYTHONPATH={source} SGTUI_DATA_DIR={tmp_path / 'data'} "
        f"SGTUI_CONFIG={tmp_path / 'config.toml'} XDG_CACHE_HOME={tmp_path / 'cache'}"
    )
    command = f"env -u COLUMNS -u LINES {env} TERM=xterm-256color {SGTUI} demo"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command], check=True
    )
    subprocess.run(["tmux", "set-option", "-t", name, "window-size", "manual"], capture_output=True)
    subprocess.run(
        ["tmux", "resize-window", "-t", name, "-x", "120", "-y", "40"], capture_output=True
    )
    try:
        yield name
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_f2_edits_a_practice_pcn_in_place(demo_in_tmux: str) -> None:
    session = demo_in_tmux
    wait_for(session, "▸1 Today", timeout=120)
    wait_for(session, "GP practices")
    keys(session, "6")
    wait_for(session, "▸6 Practices")
    wait_for_row(session)
    keys(session, "Right", "Right", "Right")  # ODS, Practice, Borough, then PCN
    time.sleep(0.5)
    keys(session, "F2")
    editor = wait_for(session, "Enter saves · Escape cancels")
    assert "PCN · practice G8" in editor
    keys(session, "C-u")
    keys(session, "-l", "Tmux Test PCN")
    wait_for(session, "Tmux Test PCN")  # typed into the editor's line
    keys(session, "Enter")
    shown = wait_for(session, "Saved")
    assert "Enter saves · Escape cancels" not in shown
    first_row = next(line for line in shown.splitlines() if ODS_ROW.match(line))
    assert "Tmux Test PCN" in first_row  # saved, shown in its cell, the cursor's row
