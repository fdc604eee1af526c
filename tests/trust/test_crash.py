"""A process SIGKILLed mid-transaction leaves the database exactly as before, or complete."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sgtui.store.engine import open_database

from .crash import BATCH, kill_runs

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]

KILLS = 5
SEED = 20250310


def test_sigkill_mid_import_never_leaves_a_partial_write(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    open_database(path).dispose()
    outcomes = kill_runs(path, KILLS, SEED)
    assert all(o.zero_loss for o in outcomes), outcomes
    assert any(o.killed for o in outcomes), "no kill landed while the writer was running"
    assert all(o.after - o.before in (0, BATCH) for o in outcomes)
