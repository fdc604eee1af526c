"""`sgtui demo` in a real terminal (tmux), read back with capture-pane.

Every wait here polls the pane for what the officer would see, with a deadline, and
says what the pane showed when the deadline passed: no fixed sleeps.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

SGTUI = Path(sys.executable).with_name("sgtui")
"""The `sgtui` script beside this Python."""
ODS_ROW = re.compile(r"^\s*[A-Z]\d{5}\s", re.MULTILINE)
"""A practice row: an ODS code at the start of a line."""
POLL_SECONDS = 0.2

T = TypeVar("T")


def poll(check: Callable[[], T | None], timeout: float = 60.0) -> T | None:
    """Call ``check`` until it returns something other than None; None at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found is not None or time.monotonic() >= deadline:
            return found
        time.sleep(POLL_SECONDS)


def pane(session: str) -> str:
    """What the tmux session's pane shows now."""
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for_match(session: str, pattern: re.Pattern[str], timeout: float = 60.0) -> str:
    """Poll the pane until ``pattern`` matches it; return the pane."""

    def shown() -> str | None:
        screen = pane(session)
        return screen if pattern.search(screen) else None

    screen = poll(shown, timeout)
    if screen is None:
        raise AssertionError(
            f"{pattern.pattern!r} never appeared; the pane shows:\n{pane(session)}"
        )
    return screen


def wait_for(session: str, text: str, timeout: float = 60.0) -> str:
    """Poll the pane until ``text`` shows (the first demo build takes a few seconds)."""
    return wait_for_match(session, re.compile(re.escape(text)), timeout)


def wait_for_row(session: str, timeout: float = 60.0) -> str:
    """Poll until a practice row (an ODS code at the start of a line) is on screen."""
    return wait_for_match(session, ODS_ROW, timeout)


def keys(session: str, *sent: str) -> None:
    """Send keys to the session, as tmux send-keys names them."""
    subprocess.run(["tmux", "send-keys", "-t", session, *sent], check=True)


def wait_for_exit(session: str, timeout: float = 10.0) -> None:
    """Poll until the session has ended (sgtui quit)."""

    def ended() -> bool | None:
        alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
        return True if alive.returncode != 0 else None

    if poll(ended, timeout) is None:
        raise AssertionError(
            f"sgtui is still running in {session}; the pane shows:\n{pane(session)}"
        )


@contextmanager
def demo_in_tmux(tmp_path: Path, *, source: Path | None = None) -> Iterator[str]:
    """`sgtui demo` at 120x40 in a new tmux session, its files under ``tmp_path``.

    ``source``: run the sgtui package found there (this checkout) rather than the
    installed one.
    """
    name = f"sgtui-{uuid.uuid4().hex[:8]}"
    env = (
        f"SGTUI_DATA_DIR={tmp_path / 'data'} SGTUI_CONFIG={tmp_path / 'config.toml'} "
        f"XDG_CACHE_HOME={tmp_path / 'cache'}"
    )
    if source is not None:
        env = f"PYTHONPATH={source} {env}"
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
