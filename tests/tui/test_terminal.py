"""End to end in a real terminal: `sgtui demo` inside tmux, read back with capture-pane."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.terminal import demo_in_tmux, keys, wait_for, wait_for_exit, wait_for_row

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def tmux_session(tmp_path: Path) -> Iterator[str]:
    """`sgtui demo` as installed, in tmux at 120x40."""
    with demo_in_tmux(tmp_path) as session:
        yield session


def test_demo_today_then_a_practice_then_quit(tmux_session: str) -> None:
    wait_for(tmux_session, "Submissions due or overdue", timeout=120)
    wait_for(tmux_session, "▸1 Today")
    # The tiles and the lists load in their own workers: wait for both, as a user would.
    today = wait_for(tmux_session, "GP practices")
    assert "Training expiring in 30 days" in today
    keys(tmux_session, "6")
    wait_for(tmux_session, "▸6 Practices")
    # The list fills from a worker: Enter before a row is there would open nothing.
    wait_for_row(tmux_session)
    keys(tmux_session, "Enter")
    practice = wait_for(tmux_session, "Safeguarding lead:")
    assert "LES returns" in practice and "Their training" in practice
    keys(tmux_session, "Escape")
    wait_for(tmux_session, "GP practices")
    keys(tmux_session, "q")
    wait_for_exit(tmux_session)
