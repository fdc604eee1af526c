"""End to end in a real terminal: `sgtui demo` inside tmux, read back with capture-pane."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SGTUI = Path(sys.executable).with_name("sgtui")
ODS_ROW = re.compile(r"^\s*[A-Z]\d{5}\s", re.MULTILINE)


def pane(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, text: str, timeout: float = 60.0) -> str:
    """Poll the pane until ``text`` shows (the first demo build takes a few seconds)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = pane(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the pane shows:\n{screen}")


def wait_for_row(session: str, timeout: float = 60.0) -> None:
    """Poll until a practice row (an ODS code at the start of a line) is on screen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ODS_ROW.search(pane(session)):
            return
        time.sleep(0.2)
    raise AssertionError(f"no practice row appeared; the pane shows:\n{pane(session)}")


@pytest.fixture
def tmux_session(tmp_path: Path) -> Iterator[str]:
    name = f"sgtui-{uuid.uuid4().hex[:8]}"
    env = f"SGTUI_DATA_DIR={tmp_path / 'data'} SGTUI_CONFIG={tmp_path / 'config.toml'} XDG_CACHE_HOME={tmp_path / 'cache'}"
    command = f"env -u COLUMNS -u LINES {env} TERM=xterm-256color {SGTUI} demo"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command], check=True
    )
    # A detached session may take the server's default size; pin it to 120x40.
    subprocess.run(["tmux", "set-option", "-t", name, "window-size", "manual"], capture_output=True)
    subprocess.run(
        ["tmux", "resize-window", "-t", name, "-x", "120", "-y", "40"], capture_output=True
    )
    try:
        yield name
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_demo_today_then_a_practice_then_quit(tmux_session: str) -> None:
    wait_for(tmux_session, "Submissions due or overdue", timeout=120)
    wait_for(tmux_session, "▸1 Today")
    # The tiles and the lists load in their own workers: wait for both, as a user would.
    today = wait_for(tmux_session, "GP practices")
    assert "Training expiring in 30 days" in today
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "6"], check=True)
    wait_for(tmux_session, "▸6 Practices")
    # The list fills from a worker: Enter before a row is there would open nothing.
    wait_for_row(tmux_session)
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "Enter"], check=True)
    practice = wait_for(tmux_session, "Safeguarding lead:")
    assert "LES returns" in practice and "Their training" in practice
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "Escape"], check=True)
    wait_for(tmux_session, "GP practices")
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "q"], check=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = subprocess.run(["tmux", "has-session", "-t", tmux_session], capture_output=True)
        if alive.returncode != 0:
            return
        time.sleep(0.2)
    raise AssertionError("sgtui did not quit on q")
