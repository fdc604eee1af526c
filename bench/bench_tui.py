"""Benchmark the app headlessly on the demo data and on a big database.

Run: python bench/bench_tui.py   (prints figures and ratios; not a timed test)
     python bench/bench_tui.py --start   (only issue 11's start-up and demo-build figures)
     BENCH_RUNS=3 ...   (runs per figure; 5 by default)

Figures, each the median of several runs:
- first frame: a new process from launch to the first rendering of Today's frame (its
  tiles still showing "…"), opened the way `sgtui` opens it, against a minimal Textual
  app's first rendering (same harness); the line says whether SQLAlchemy was imported yet;
- start → Today ready: a new process from launch to exit, having waited for Today's
  tiles to show their figures (the database opened in a worker after the first frame,
  the daily backup in a thread after that), against the minimal app exiting once mounted;
- demo first build: `sgtui demo --no-app` with an empty cache, so it builds the day's
  demo database;
- open: from pressing 5 to the Training list showing its first page (the target), and
  to the screen settling with its compliance bars and expiry panel drawn too (printed);
- filter: each keystroke's refresh of the Training list: the new page on screen (query
  + repaint, no debounce). The count follows the page; its time is printed too.

sgtui's modules are byte-compiled first, as installing a wheel does (pip compiles every
module it installs, as it did Textual's): where PYTHONDONTWRITEBYTECODE is set, each child
would otherwise compile sgtui's sources afresh while Textual's come precompiled.

Wall times are the targets; each start-up line also gives CPU seconds in brackets,
which hold steady when other work shares the machine. Each target is printed with
PASS or FAIL.
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bigdb import make_big_database  # noqa: E402
from sgtui.clock import FixedClock  # noqa: E402
from sgtui.demo import load_demo  # noqa: E402
from sgtui.services.lists import count_text  # noqa: E402
from sgtui.services.workspace import open_workspace  # noqa: E402

TODAY = date(2025, 3, 10)
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
"""Runs per figure, of which the median is printed (BENCH_RUNS=3 for a quicker look)."""
FILTER_TEXT = "jam"

FIRST_FRAME = """
import sys, time

def report_first_frame(app_class, painted):
    # The moment the first frame of the screen is rendered for the terminal (headless
    # runs render it and drop the bytes): prints `frame <time.time()> <tile> <db?> <cpu>`.
    display = app_class._display
    def first(self, screen, renderable):
        if renderable is not None and not getattr(self, "_framed", False) and painted(screen):
            self._framed = True
            tile = screen.query("#tile-practices")
            shown = tile.first().render().plain.split()[0] if tile else "-"
            print("frame", time.time(), shown, "sqlalchemy" in sys.modules,
                  time.process_time(), flush=True)
        display(self, screen, renderable)
    app_class._display = first
"""

CHILD_TODAY = (
    FIRST_FRAME
    + """
from datetime import date
from sgtui.clock import FixedClock
from sgtui.tui.app import SgtuiApp
report_first_frame(SgtuiApp, lambda screen: bool(screen.query("#today-grid")))

async def ready(pilot):
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if pilot.app.screen.query("#today-submissions") and pilot.app.screen.query_one("#tile-practices").render().plain != "…":
            break
    pilot.app.exit()

OPENING
"""
)
OPEN_LIKE_SGTUI = """
# as `sgtui` (cli/cmd_app.py) does: the database opens in a worker once the first frame is
# up, and the daily copy is taken in a thread after that
from sgtui.tui.app import open_app
app = open_app(sys.argv[1], clock=FixedClock.on(date(2025, 3, 10)))
app.run(headless=True, size=(120, 40), auto_pilot=ready)
"""
CHILD_TODAY = CHILD_TODAY.replace("OPENING", OPEN_LIKE_SGTUI)

CHILD_MINIMAL = (
    FIRST_FRAME
    + """
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self):
        yield Static("hello")
        yield Footer()

async def ready(pilot):
    await pilot.pause()
    pilot.app.exit()

report_first_frame(Minimal, lambda screen: True)
Minimal().run(headless=True, size=(120, 40), auto_pilot=ready)
"""
)


@dataclass
class Timed:
    """Medians over the runs of one child: wall and CPU seconds, to exit and to first frame.

    CPU seconds (all the child's threads) barely move when other work shares the
    machine, so they show the same ratios as an idle machine's wall times would.
    """

    total: float
    frame: float
    cpu_total: float
    cpu_frame: float
    shown: str
    """The last run's frame line: ``frame <time> <tile text> <SQLAlchemy imported?> <cpu>``."""


def process_seconds(code: str, *args: str) -> Timed:
    """Run ``code`` in fresh Python processes; the child prints its frame line once its
    first screen is rendered."""
    runs, shown = [], ""
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        launched, start = time.time(), time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
        )
        total = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        shown = next(line for line in done.stdout.splitlines() if line.startswith("frame "))
        fields = shown.split()
        runs.append((total, float(fields[1]) - launched, cpu, float(fields[4])))
    medians = [statistics.median(r[i] for r in runs) for i in range(4)]
    return Timed(*medians, shown=shown)


def demo_build_seconds() -> tuple[float, float]:
    """Median wall and CPU seconds of `sgtui demo --no-app` building its first database
    (an empty cache folder, so nothing is reused)."""
    runs = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as cache:
            env = os.environ | {"XDG_CACHE_HOME": cache}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "sgtui", "demo", "--no-app"],
                check=True,
                capture_output=True,
                env=env,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            runs.append((time.perf_counter() - start, cpu))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def start_lines(db: Path, minimal: Timed) -> tuple[list[str], Timed]:
    """The start-up lines for ``db``: first frame and Today ready, each against the minimal
    app (wall time; CPU time in brackets, the same ratio on a busy machine)."""
    timed = process_seconds(CHILD_TODAY, str(db))
    _word, _time, tile, imported, _cpu = timed.shown.split()
    frame, ready = timed.frame / minimal.frame, timed.total / minimal.total
    cpu_frame, cpu_ready = timed.cpu_frame / minimal.cpu_frame, timed.cpu_total / minimal.cpu_total
    lines = [
        f"  first frame  {timed.frame * 1000:.0f} ms  ({frame:.2f}x minimal app)"
        f"   [CPU {timed.cpu_frame * 1000:.0f} ms, {cpu_frame:.2f}x;"
        f" tiles showing {tile!r}, SQLAlchemy imported: {imported}]",
        f"  start → Today ready  {timed.total * 1000:.0f} ms  ({ready:.2f}x minimal app)"
        f"   [CPU {timed.cpu_total * 1000:.0f} ms, {cpu_ready:.2f}x]",
    ]
    return lines, timed


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


def measure(label: str, db: Path, minimal: Timed) -> dict[str, float]:
    lines, timed = start_lines(db, minimal)
    start = timed.total
    runs = [asyncio.run(in_app_timings(db)) for _ in range(3)]
    open_seconds = statistics.median(r[0] for r in runs)
    keys = [statistics.median(r[1][i] for r in runs) for i in range(len(FILTER_TEXT))]
    counts = [statistics.median(r[2][i] for r in runs) for i in range(len(FILTER_TEXT))]
    print(f"\n{label}: {count_text(runs[0][3])} in the Training list")
    print("\n".join(lines))
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


def start_verdicts(minimal: Timed, db: Path) -> list[str]:
    """Issue 11's start-up targets on ``db``, and the demo's first build, PASS or FAIL."""
    lines, timed = start_lines(db, minimal)
    frame, ready = timed.frame / minimal.frame, timed.total / minimal.total
    build, build_cpu = demo_build_seconds()
    print("\n".join(lines))
    print(f"  demo first build  {build:.1f} s   [CPU {build_cpu:.1f} s]")
    checks = [
        ("first frame ≤ 1.3x minimal app", frame <= 1.3, f"{frame:.2f}x"),
        ("start → Today ready ≤ 3x minimal app", ready <= 3, f"{ready:.2f}x"),
        ("demo first build < 5 s", build < 5, f"{build:.1f} s"),
    ]
    return [f"  {'PASS' if ok else 'FAIL'}  {what:<38} {figure}" for what, ok, figure in checks]


def demo_database(folder: str) -> Path:
    """The demo data, built as the bench's "small" database."""
    demo = Path(folder) / "demo.db"
    svc = open_workspace(demo, clock=FixedClock.on(TODAY))
    load_demo(svc)
    svc.db.dispose()
    return demo


def compile_sources() -> None:
    """Byte-compile sgtui as an installed wheel has it (see the module docstring)."""
    import compileall

    import sgtui

    compileall.compile_dir(Path(sgtui.__file__).parent, quiet=1)


def main() -> None:
    """All figures; ``--start`` for issue 11's start-up and demo-build figures only."""
    compile_sources()
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_database(folder)
        minimal = process_seconds(CHILD_MINIMAL)
        print(
            f"minimal Textual app, start → first screen: {minimal.total * 1000:.0f} ms"
            f" (first frame {minimal.frame * 1000:.0f} ms;"
            f" CPU {minimal.cpu_total * 1000:.0f} ms, {minimal.cpu_frame * 1000:.0f} ms)"
        )
        if "--start" in sys.argv:
            print("\ndemo:")
            print("\n".join(start_verdicts(minimal, demo)))
            return
        big = Path(folder) / "big.db"
        make_big_database(big, training=100_000, meetings=10_000, actions=20_000)
        small = measure("demo", demo, minimal)
        large = measure("big", big, minimal)
        print("\nbig ÷ demo: " + ", ".join(f"{k} {large[k] / small[k]:.2f}x" for k in small))
        print("\ntargets (issue 4):")
        print("\n".join(verdicts(minimal.total, small, large)))
        print("\ntargets (issue 11):")
        print("\n".join(start_verdicts(minimal, demo)))


if __name__ == "__main__":
    main()
