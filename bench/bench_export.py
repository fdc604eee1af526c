"""Benchmark: export 10k and 100k training records to .xlsx (openpyxl write-only, streamed).

Run: python bench/bench_export.py   (prints figures; not a timed test)

For each size it prints:
- end to end: the `sgtui export training` path (query streamed in batches + workbook),
  rows/second and peak traced Python memory;
- writer only: the same rows, already fetched, through sgtui's workbook writer
  (formats, neutralisation, widths, RAG rules) against openpyxl's bare write-only mode
  writing the same cells with no styling, and the ratio of the two speeds.
Peak memory is measured with tracemalloc in a separate pass so it does not slow the
timed passes; "flat" means the 100k peak is close to the 10k peak.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bigdb import make_big_database  # noqa: E402
from sgtui.clock import FixedClock  # noqa: E402
from sgtui.exporters import lists  # noqa: E402
from sgtui.services import reports  # noqa: E402
from sgtui.services.workspace import open_workspace  # noqa: E402

TODAY = date(2025, 3, 10)
CREATED = datetime(2025, 3, 10, 9, tzinfo=UTC)
SIZES = (10_000, 100_000)


def export_end_to_end(db: Path, out: Path) -> int:
    """What `sgtui export training -o out.xlsx` does; returns rows written."""
    svc = open_workspace(db, clock=FixedClock.on(TODAY))
    count = 0
    try:
        with svc.session() as session:
            lines = reports.training_lines(session, TODAY, reports.Filters())

            def counted() -> Any:
                nonlocal count
                for row in lists.training_rows(lines):
                    count += 1
                    yield row

            lists.write_list(
                "training",
                counted(),
                out,
                title="Training",
                author="bench",
                created=CREATED,
                force=True,
            )
    finally:
        svc.db.dispose()
    return count


def fetch_rows(db: Path) -> list[list[Any]]:
    """The export's rows, fetched once so the writers can be timed alone."""
    svc = open_workspace(db, clock=FixedClock.on(TODAY))
    try:
        with svc.session() as session:
            return list(
                lists.training_rows(reports.training_lines(session, TODAY, reports.Filters()))
            )
    finally:
        svc.db.dispose()


def sgtui_writer(rows: list[list[Any]], out: Path) -> None:
    lists.write_list(
        "training", iter(rows), out, title="Training", author="bench", created=CREATED, force=True
    )


def bare_openpyxl(rows: list[list[Any]], out: Path) -> None:
    """openpyxl write-only with the same cells and nothing else (the speed ceiling)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("Training")
    ws.append([c.header for c in lists.TRAINING_COLUMNS])
    for row in rows:
        ws.append(row)
    book.save(out)


def timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def peak_mib(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def run_size(n: int, folder: Path) -> dict[str, float]:
    db = folder / f"bench-{n}.db"
    make_big_database(db, training=n, meetings=100, actions=100)
    out = folder / f"training-{n}.xlsx"
    end_to_end = timed(lambda: export_end_to_end(db, out))
    e2e_peak = peak_mib(lambda: export_end_to_end(db, out))
    rows = fetch_rows(db)
    ours = timed(lambda: sgtui_writer(rows, out))
    bare = timed(lambda: bare_openpyxl(rows, folder / "bare.xlsx"))
    return {
        "rows": len(rows),
        "e2e_rows_per_s": len(rows) / end_to_end,
        "e2e_seconds": end_to_end,
        "e2e_peak_mib": e2e_peak,
        "writer_rows_per_s": len(rows) / ours,
        "bare_rows_per_s": len(rows) / bare,
        "ratio": (len(rows) / ours) / (len(rows) / bare),
        "file_mib": out.stat().st_size / 2**20,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {n: run_size(n, Path(tmp)) for n in SIZES}
    print(f"{'rows':>8} {'e2e rows/s':>11} {'e2e s':>7} {'peak MiB':>9} "
          f"{'writer rows/s':>14} {'bare rows/s':>12} {'ratio':>6} {'file MiB':>9}")  # fmt: skip
    for r in results.values():
        print(
            f"{r['rows']:>8.0f} {r['e2e_rows_per_s']:>11,.0f} {r['e2e_seconds']:>7.2f} "
            f"{r['e2e_peak_mib']:>9.1f} {r['writer_rows_per_s']:>14,.0f} "
            f"{r['bare_rows_per_s']:>12,.0f} {r['ratio']:>6.2f} {r['file_mib']:>9.1f}"
        )
    small, big = results[SIZES[0]], results[SIZES[-1]]
    print(f"peak memory 100k / 10k: {big['e2e_peak_mib'] / small['e2e_peak_mib']:.2f}x "
          f"for {SIZES[-1] // SIZES[0]}x the rows")  # fmt: skip


if __name__ == "__main__":
    main()
