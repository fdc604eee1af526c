"""Benchmark the app headlessly on the demo data and on a big database.

Run: python bench/bench_tui.py   (prints figures and ratios; not a timed test)

Figures, each the median of several runs:
- start: a new process from launch to the Today screen showing its data (tiles and
  lists), opened the way `sgtui` opens it (daily backup after the first screen), against
  a minimal Textual app that exits as soon as it is mounted (same harness);
- open: from pressing 5 to the Training list showing its first page (the target), and
  to the screen settling with its compliance bars and expiry panel drawn too (printed);
- filter: each keystroke's refresh of the Training list: the new page on screen (query
  + repaint, no debounce). The count follows the page; its time is printed too.

Each target is printed with PASS or FAIL.
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
from sgtui.services.lists import count_text  # noqa: E402
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

# as `sgtui` (cli/cmd_app.py) does: the daily copy is taken in a thread once the app shows
svc = open_workspace(sys.argv[1], clock=FixedClock.on(date(2025, 3, 10)), daily_backup=False)
SgtuiApp(svc, backup_on_start=True).run(headless=True, size=(120, 40), auto_pilot=ready)
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


async def in_app_timings(db: Path) -> tuple[float, list[float], list[float], int, float]:
    """(open seconds, per-keystroke page seconds, per-keystroke count seconds, rows, settled)."""
    from sgtui.tui.app import SgtuiApp
    from sgtui.tui.widgets.record_table import RecordTable

    app = SgtuiApp(open_workspace(db, clock=FixedClock.on(TODAY)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        paged, counted = asyncio.Event(), asyncio.Event()
        show_page, show_count = RecordTable._show_page, RecordTable._show_count

        def on_page(self, request, rows, recount=True):  # noqa: ANN001, ANN202
            show_page(self, request, rows, recount)
            if self.id == "main-list" and request == self.request:
                paged.set()

        def on_count(self, request, total):  # noqa: ANN001, ANN202
            show_count(self, request, total)
            if self.id == "main-list" and request == self.request:
                counted.set()

        RecordTable._show_page = on_page  # type: ignore[method-assign]
        RecordTable._show_count = on_count  # type: ignore[method-assign]
        start = time.perf_counter()
        press = asyncio.create_task(pilot.press("5"))  # returns once the app is idle again
        while not paged.is_set():
            await asyncio.sleep(0.001)
        open_seconds = time.perf_counter() - start
        await press
        await settle(pilot)
        settled_seconds = time.perf_counter() - start
        table = app.screen.query_one("#main-list", RecordTable)
        total = table.total
        pages, counts = [], []
        for n in range(1, len(FILTER_TEXT) + 1):
            paged.clear()
            counted.clear()
            start = time.perf_counter()
            table._apply_filter(FILTER_TEXT[:n])
            while not paged.is_set():
                await asyncio.sleep(0.001)
            pages.append(time.perf_counter() - start)
            while not counted.is_set():
                await asyncio.sleep(0.001)
            counts.append(time.perf_counter() - start)
        RecordTable._show_page, RecordTable._show_count = show_page, show_count  # type: ignore[method-assign]
        await settle(pilot)
    return open_seconds, pages, counts, total, settled_seconds


def measure(label: str, db: Path, minimal: float) -> dict[str, float]:
    start = process_seconds(CHILD_TODAY, str(db))
    runs = [asyncio.run(in_app_timings(db)) for _ in range(3)]
    open_seconds = statistics.median(r[0] for r in runs)
    keys = [statistics.median(r[1][i] for r in runs) for i in range(len(FILTER_TEXT))]
    counts = [statistics.median(r[2][i] for r in runs) for i in range(len(FILTER_TEXT))]
    print(f"\n{label}: {count_text(runs[0][3])} in the Training list")
    print(
        f"  start → Today ready      {start * 1000:7.0f} ms  ({start / minimal:.2f}x minimal app)"
    )
    settled = statistics.median(r[4] for r in runs)
    print(
        f"  open Training list       {open_seconds * 1000:7.0f} ms"
        f"   (screen settled, figures drawn: {settled * 1000:.0f} ms)"
    )
    for n, seconds in enumerate(keys, 1):
        print(
            f"  filter '{FILTER_TEXT[:n]:<{len(FILTER_TEXT)}}' refresh    {seconds * 1000:7.0f} ms"
            f"   (count shown after {counts[n - 1] * 1000:.0f} ms)"
        )
    return {"start": start, "open": open_seconds, "filter": max(keys)}


def verdicts(minimal: float, small: dict[str, float], large: dict[str, float]) -> list[str]:
    """One line per target from issue 4, PASS or FAIL, with the figure it was judged on."""
    checks = []
    for label, figures in (("demo", small), ("big", large)):
        ratio = figures["start"] / minimal
        checks += [
            (f"{label}: start ≤ 2x minimal app", ratio <= 2, f"{ratio:.2f}x"),
            (
                f"{label}: open Training ≤ 300 ms",
                figures["open"] <= 0.3,
                f"{figures['open'] * 1000:.0f} ms",
            ),
            (
                f"{label}: keystroke ≤ 100 ms",
                figures["filter"] <= 0.1,
                f"{figures['filter'] * 1000:.0f} ms",
            ),
        ]
    for key in small:
        ratio = large[key] / small[key]
        checks.append((f"big ÷ demo {key} ≤ 1.5x", ratio <= 1.5, f"{ratio:.2f}x"))
    return [f"  {'PASS' if ok else 'FAIL'}  {what:<32} {figure}" for what, ok, figure in checks]


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
        print("\ntargets (issue 4):")
        print("\n".join(verdicts(minimal, small, large)))


if __name__ == "__main__":
    main()
