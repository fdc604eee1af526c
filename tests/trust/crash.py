"""SIGKILL a bulk write at random moments and check nothing partial is left behind.

Shared by the crash-safety test and ``bench/bench_trust.py``.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

WORKERS = Path(__file__).with_name("workers.py")


@dataclass(frozen=True)
class KillOutcome:
    """One kill: when it landed, the counts around it, and whether the file is sound."""

    delay: float
    before: int
    after: int
    integrity: str
    killed: bool

    @property
    def zero_loss(self) -> bool:
        """All or nothing: the count is the before or the complete after state."""
        return self.integrity == "ok" and self.after in (self.before, self.before + BATCH)


BATCH = 1000
"""Records written in the one transaction the child is killed in."""


def counts(path: Path) -> tuple[int, str]:
    """(practices, integrity_check result) read with a plain connection."""
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        total = conn.execute("SELECT count(*) FROM practice").fetchone()[0]
        audits = conn.execute("SELECT count(*) FROM auditentry WHERE action='create'").fetchone()[0]
    finally:
        conn.close()
    return int(total), check if audits == total else f"audit rows {audits} != records {total}"


def _start(path: Path, start: int) -> subprocess.Popen[str]:
    args = [sys.executable, str(WORKERS), "bulk", str(path), str(BATCH), str(start)]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def time_one_run(path: Path) -> float:
    """Seconds from "ready" to a committed bulk write, to spread the kills over."""
    child = _start(path, 90000)
    began = time.perf_counter()
    child.wait(timeout=120)
    return time.perf_counter() - began


def kill_runs(path: Path, kills: int, seed: int) -> list[KillOutcome]:
    """Run the bulk writer ``kills`` times, SIGKILLing each at a seeded random moment."""
    rng = random.Random(seed)
    span = time_one_run(path) * 1.1
    outcomes = []
    for number in range(kills):
        before, _ = counts(path)
        child = _start(path, number * BATCH)
        delay = rng.uniform(0, span)
        time.sleep(delay)
        killed = child.poll() is None
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        after, integrity = counts(path)
        outcomes.append(KillOutcome(delay, before, after, integrity, killed))
    return outcomes
