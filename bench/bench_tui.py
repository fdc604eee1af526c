"""Benchmark the app headlessly on the demo data and on a big database.

Run: python bench/bench_tui.py   (prints figures and ratios; not a timed test)

Figures, each the median of several runs:
- start: a new process from launch to the Today screen showing its data, against a
  minimal Textual app that exits as soon as it is mounted (same harness);
- open: from pressing 5 to the 100k-record Training list showing its first page;
- filter: each keystroke's refresh of the Training list (query + repaint, no debounce).
"""

from __future__ import annotations

import asyncio
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
from sgtui.services.workspace import open_workspace  # noqa: E402

TODAY = date(2025, 3, 10)
RUNS = 5
FILTER_TEXT = "jam"

CHILD_TODAY = """
import sys
from datetime import date
from sgtui.clock import FixedClock
from sgtui.services.workspace import open_workspace
from sgtui.tui.app import SgtuiApp

async def ready(pilot):
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if pilot.app.screen.query("#today-submissions") and pilot.app.screen.query_one("#tile-practices").render().plain != "…":
            break
    pilot.app.exit()

svc = open_workspace(sys.argv[1], clock=FixedClock.on(date(2025, 3, 10)))
SgtuiApp(svc).run(headless=True, size=(120, 40), auto_pilot=ready)
"""

CHILD_MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self):
        yield Static("hello")
        yield Footer()

async def ready(pilot):
    await pilot.pause()
    pilot.app.exit()

Minimal().run(headless=True, size=(120, 40), auto_pilot=ready)
"""


def process_seconds(code: str, *args: str) -> float:
    """Median wall time of a fresh Python process running ``code``."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def settle(pilot) -> None:  # noqa: ANN001
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def in_app_timings(db: Path) -> tuple[float, list[float], int]:
    """(open Training list seconds, per-keystroke refresh seconds, rows in the list)."""
    from sgtui.tui.app import SgtuiApp
    from sgtui.tui.widgets.record_table import RecordTable

    app = SgtuiApp(open_workspace(db, clock=FixedClock.on(TODAY)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        loaded = asyncio.Event()
        original = RecordTable._show

        def show(self, request, rows, total):  # noqa: ANN001, ANN202
            original(self, request, rows, total)
            if self.id == "main-list":
                loaded.set()

        RecordTable._show = show  # type: ignore[method-assign]
        start = time.perf_counter()
        await pilot.press("5")
        while not loaded.is_set():
            await asyncio.sleep(0.001)
        open_seconds = time.perf_counter() - start
        table = app.screen.query_one("#main-list", RecordTable)
        total = table.total
        keystrokes = []
        for n in range(1, len(FILTER_TEXT) + 1):
            loaded.clear()
            start = time.perf_counter()
            table._apply_filter(FILTER_TEXT[:n])
            while not loaded.is_set():
                await asyncio.sleep(0.001)
            keystrokes.append(time.perf_counter() - start)
        RecordTable._show = original  # type: ignore[method-assign]
        await settle(pilot)
    return open_seconds, keystrokes, total


def measure(label: str, db: Path, minimal: float) -> dict[str, float]:
    start = process_seconds(CHILD_TODAY, str(db))
    runs = [asyncio.run(in_app_timings(db)) for _ in range(3)]
    open_seconds = statistics.median(r[0] for r in runs)
    keys = [statistics.median(r[1][i] for r in runs) for i in range(len(FILTER_TEXT))]
    print(f"\n{label}: {runs[0][2]:,} training records")
    print(
        f"  start → Today ready      {start * 1000:7.0f} ms  ({start / minimal:.2f}x minimal app)"
    )
    print(f"  open Training list       {open_seconds * 1000:7.0f} ms")
    for n, seconds in enumerate(keys, 1):
        print(
            f"  filter '{FILTER_TEXT[:n]:<{len(FILTER_TEXT)}}' refresh    {seconds * 1000:7.0f} ms"
        )
    return {"start": start, "open": open_seconds, "filter": max(keys)}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.db"
        svc = open_workspace(demo, clock=FixedClock.on(TODAY))
        load_demo(svc)
        svc.db.dispose()
        big = Path(folder) / "big.db"
        make_big_database(big, training=100_000, meetings=10_000, actions=20_000)
        minimal = process_seconds(CHILD_MINIMAL)
        print(f"minimal Textual app, start → first screen: {minimal * 1000:.0f} ms")
        small = measure("demo", demo, minimal)
        large = measure("big", big, minimal)
        print("\nbig ÷ demo: " + ", ".join(f"{k} {large[k] / small[k]:.2f}x" for k in small))
        print("targets: start ≤ 2x minimal, open ≤ 300 ms, keystroke ≤ 100 ms, big ≤ 1.5x demo")


if __name__ == "__main__":
    main()
