"""Benchmark: open the database + `stats` on the demo data and on a 100k-training-record database.

Run: python bench/bench_stats.py   (prints figures; not a timed test)
Each figure is the median of several runs of `sgtui stats --json` in a fresh process
(what a user waits for), plus the in-process time of the figures alone.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bigdb import make_big_database  # noqa: E402
from sgtui.clock import FixedClock  # noqa: E402
from sgtui.demo import load_demo  # noqa: E402
from sgtui.services.figures import counts, headline  # noqa: E402
from sgtui.services.workspace import open_workspace  # noqa: E402

RUNS = 5


def cli_seconds(db: Path) -> float:
    """Median wall time of `sgtui stats --json` as a new process."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "sgtui", "--db", str(db), "stats", "--json"],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def inprocess_seconds(db: Path) -> tuple[float, float]:
    """Median seconds to open (migrations checked) and to compute counts + headline."""
    opens, figures = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        svc = open_workspace(db)
        opened = time.perf_counter()
        with svc.session() as s:
            counts(s)
            headline(s, date(2025, 3, 10))
        figures.append(time.perf_counter() - opened)
        opens.append(opened - start)
        svc.db.dispose()
    return statistics.median(opens), statistics.median(figures)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        demo, big = Path(folder) / "demo.db", Path(folder) / "big.db"
        start = time.perf_counter()
        svc = open_workspace(demo, clock=FixedClock.on(date(2025, 3, 10)))
        load_demo(svc)
        svc.db.dispose()
        print(f"built demo database in {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        made = make_big_database(big)
        print(f"built big database {made} in {time.perf_counter() - start:.2f} s")
        results = {}
        for label, path in (("demo", demo), ("100k", big)):
            cli = cli_seconds(path)
            opened, figures = inprocess_seconds(path)
            results[label] = cli
            print(
                f"{label:>5}: sgtui stats --json {cli * 1000:7.1f} ms (process) | open {opened * 1000:6.1f} ms | "
                f"counts+headline {figures * 1000:6.1f} ms | file {path.stat().st_size / 1e6:.1f} MB"
            )
        print(f"ratio 100k/demo for `sgtui stats`: {results['100k'] / results['demo']:.2f}x")


if __name__ == "__main__":
    main()
