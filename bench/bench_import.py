"""Benchmark: import a generated 100,000-row training workbook (plus the other sheets).

    python bench/bench_import.py [--rows 100000]

Writes ``bench/out/bench_import.xlsx`` (openpyxl write-only) once, then in fresh
subprocesses (so each peak RSS is its own) times:

1. a bare python-calamine read of every sheet;
2. the floor: that read, plus the hostile-file scan and a raw sqlite3 insert of the
   training rows (what any import of this file must spend, whatever its parsing);
3. the whole sgtui import into a new SQLite database (read, validate, link, write, audit).

Repeats all three ``--repeat`` times, interleaved (the machine may be shared), and prints
the median and range of each figure: rows/second, peak memory, where the import's time
goes, then PASS or FAIL for each target of issue 9: the import within 2x the floor
(median of each run's ratio), peak memory under 300 MB (worst run).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
TARGET_RATIO = 2.0
"""Issue 9: the whole import within 2x the floor (bare read + safety scan + raw insert)."""
TARGET_PEAK_MB = 300
COURSES = (
    "Safeguarding Children Level 3",
    "Safeguarding Adults Level 2",
    "Safeguarding Adults Level 1",
    "Prevent Level 3 (WRAP)",
    "Basic Prevent Awareness",
    "Mental Capacity Act",
)
ROLES = ("GP", "Practice nurse", "Receptionist", "Practice manager", "Administrator")


def generate(path: Path, rows: int) -> None:
    """A borough-style workbook: practices, meetings, actions, reviews and a huge training log."""
    from openpyxl import Workbook

    rng = random.Random(3)
    book = Workbook(write_only=True)
    practices = [(f"G9{n:04d}", f"Bench Practice {n}") for n in range(200)]
    sheet = book.create_sheet("GP Practices")
    sheet.append(["ODS Code", "Practice Name", "Borough", "Postcode", "List Size"])
    for code, name in practices:
        sheet.append([code, name, "Lambeth", "SE1 1AA", rng.randint(3000, 15000)])
    sheet = book.create_sheet("Meetings")
    sheet.append(["Meeting ID", "Date", "Meeting", "Status"])
    for n in range(500):
        sheet.append([f"BEN-M-{n}", date(2020, 1, 1) + timedelta(days=3 * n), "Network", "Held"])
    sheet = book.create_sheet("Action Log")
    sheet.append(["Action Ref", "Meeting", "Action", "Due Date", "Status"])
    for n in range(2000):
        sheet.append([f"BEN-A-{n}", f"BEN-M-{n % 500}", "Do the thing", date(2024, 1, 1), "Open"])
    sheet = book.create_sheet("Case Review Tracker")
    sheet.append(["Reference", "Review Type", "ICB request", "Date requested", "Due date"])
    for n in range(300):
        sheet.append([f"BEN-RR-{n}", "Rapid Review", "Chronology", date(2024, 1, 2), "16/01/2024"])
    sheet = book.create_sheet("LES 2024-25")
    sheet.append(["ODS Code", "Practice", "Return received", "C1 Named lead", "C2 % trained"])
    for code, name in practices:
        sheet.append([code, name, date(2025, 2, 1), "Y", rng.randint(50, 100)])
    sheet = book.create_sheet("Training")
    sheet.append(
        ["Staff Name", "Job Title", "Organisation", "Course", "Date Completed", "Expiry Date"]
    )
    start = date(2019, 1, 1)
    for n in range(rows):
        person = n // 6
        completed = start + timedelta(days=rng.randint(0, 2000))
        expiry = completed + timedelta(days=1095) if n % 2 else None
        sheet.append(
            [
                f"Staff {person}",
                ROLES[person % len(ROLES)],
                practices[person % len(practices)][1],
                COURSES[n % len(COURSES)],
                completed if n % 3 else completed.strftime("%d/%m/%Y"),
                expiry,
            ]
        )
    book.save(path)


def bare_read(path: Path) -> dict[str, float]:
    """Read every cell of every sheet with python-calamine and nothing else."""
    import python_calamine as pc

    began, cpu = time.perf_counter(), time.process_time()
    book = pc.CalamineWorkbook.from_path(str(path))
    rows = 0
    for name in book.sheet_names:
        for _row in book.get_sheet_by_name(name).iter_rows():
            rows += 1
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "cpu": time.process_time() - cpu, "rows": rows}


def full_import(path: Path) -> dict[str, float]:
    """The whole sgtui import into a fresh SQLite database."""
    import os

    os.environ["SGTUI_DATA_DIR"] = str(OUT / "data")  # keep benchmark backups out of the user's
    import sgtui.importers.pipeline as pipeline
    import sgtui.importers.writer as writer
    from sgtui.services.workspace import open_workspace

    phases = {"read+check": 0.0, "rows->records": 0.0, "write+audit": 0.0}
    for module, name, phase in (
        (pipeline, "open_workbook", "read+check"),
        (pipeline, "_parse_sheet", "rows->records"),
        (writer, "write_all", "write+audit"),
    ):
        setattr(module, name, _timed(getattr(module, name), phases, phase))
    run_import = pipeline.run_import
    db = OUT / "bench.db"
    db.unlink(missing_ok=True)
    svc = open_workspace(db)
    began, cpu = time.perf_counter(), time.process_time()
    report = run_import(svc, [path], backup=False)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    if not report.committed:
        raise SystemExit(f"import failed: {report.fatal or [str(e) for e in report.errors[:5]]}")
    totals = report.totals()
    return {"seconds": seconds, "cpu": cpu, "rows": sum(totals.values()), **phases}


def floor(path: Path, rows: int) -> dict[str, float]:
    """What any import of this file must spend, whatever its parsing: the hostile-file
    scan (issue 6) and a raw sqlite3 insert of ``rows`` training records (made up here,
    not read from the file) into sgtui's schema, plain indexes dropped and rebuilt as the
    importer does, foreign keys off, then commit. No parsing, people, audit or checks.
    """
    import os
    import sqlite3

    os.environ["SGTUI_DATA_DIR"] = str(OUT / "data")
    from sgtui.importers.safety import scan_file
    from sgtui.services.workspace import open_workspace

    began, cpu = time.perf_counter(), time.process_time()
    scan_file(path)
    scan, scan_cpu = time.perf_counter() - began, time.process_time() - cpu
    db = OUT / "floor.db"
    for leftover in (db, db.with_name("floor.db-wal"), db.with_name("floor.db-shm")):
        leftover.unlink(missing_ok=True)
    open_workspace(db, daily_backup=False).db.dispose()
    stamp = "2025-03-10 09:00:00.000000"
    records = [
        (n % 20_000 + 1, n % 6 + 1, date(2020, 1, 1) + timedelta(days=n % 1800), None, 0, f"b!{n}")
        for n in range(rows)
    ]
    records = [(*r[:3], r[2] + timedelta(days=1095), *r[4:], stamp, stamp, 1) for r in records]
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = 'trainingrecord' AND sql IS NOT NULL"
    ).fetchall()
    began, cpu = time.perf_counter(), time.process_time()
    con.execute("BEGIN")
    for name, _sql in indexes:
        con.execute(f"DROP INDEX {name}")
    con.executemany(
        "INSERT INTO trainingrecord (person_id, course_id, completed_on, expires_on,"
        " expiry_stated, source, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (a, b, c.isoformat(), d.isoformat(), e, f, g, h, i)
            for a, b, c, d, e, f, g, h, i in records
        ],
    )
    for _name, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    write, write_cpu = time.perf_counter() - began, time.process_time() - cpu
    con.close()
    return {"scan": scan, "write": write, "cpu": scan_cpu + write_cpu}


def _timed(function: Any, phases: dict[str, float], phase: str) -> Any:
    """``function``, adding the seconds each call takes to ``phases[phase]``."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[phase] += time.perf_counter() - began

    return timed


def child(mode: str, path: Path) -> None:
    """Run one measurement and print it with this process's peak RSS."""
    if mode == "floor":
        result = floor(path, int(sys.argv[-1]))
    else:
        result = bare_read(path) if mode == "read" else full_import(path)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(mode: str, path: Path, *extra: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--child", nargs="+", metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench_import_{args.rows}.xlsx"
    if not path.exists():
        generate(path, args.rows)
    runs = []
    for _ in range(args.repeat):  # read, floor, import in turn: all see the same load
        read = measure("read", path)
        bottom = measure("floor", path, str(args.rows))
        imported = measure("import", path)
        floor_s = read["seconds"] + bottom["scan"] + bottom["write"]
        runs.append((read, bottom, imported, imported["seconds"] / floor_s))
    reads = [r[0] for r in runs]
    floors = [r[1] for r in runs]
    imports = [r[2] for r in runs]
    ratios = [r[3] for r in runs]
    ratio = statistics.median(ratios)
    print(
        f"workbook: {path.name}, {path.stat().st_size / 2**20:.1f} MB, "
        f"{reads[0]['rows']:,.0f} rows read; {len(runs)} runs (median, [range])"
    )

    def stat(values: list[float], form: str) -> str:
        low, mid, high = min(values), statistics.median(values), max(values)
        return f"{form.format(mid)} [{form.format(low)}-{form.format(high)}]"

    print(
        f"bare calamine read: {stat([m['seconds'] for m in reads], '{:.2f}')} s, "
        f"{stat([m['rows'] / m['seconds'] for m in reads], '{:,.0f}')} rows/s, "
        f"peak {stat([m['peak_mb'] for m in reads], '{:.0f}')} MB"
    )
    print(
        f"sgtui import:       {stat([m['seconds'] for m in imports], '{:.2f}')} s, "
        f"{stat([m['rows'] / m['seconds'] for m in imports], '{:,.0f}')} rows/s, "
        f"peak {stat([m['peak_mb'] for m in imports], '{:.0f}')} MB"
    )
    parts = ("read+check", "rows->records", "write+audit")
    print(
        "import phases:      "
        + ", ".join(f"{p} {stat([m[p] for m in imports], '{:.2f}')} s" for p in parts)
    )
    totals = [r["seconds"] + f["scan"] + f["write"] for r, f in zip(reads, floors, strict=True)]
    print(
        f"floor (no parsing, people, checks or audit): read "
        f"{stat([m['seconds'] for m in reads], '{:.2f}')} s + hostile-file scan "
        f"{stat([m['scan'] for m in floors], '{:.2f}')} s + raw SQLite insert of "
        f"{args.rows:,} training rows {stat([m['write'] for m in floors], '{:.2f}')} s "
        f"= {stat(totals, '{:.2f}')} s"
    )
    print(
        f"ratio import/read:  {stat([r[2]['seconds'] / r[0]['seconds'] for r in runs], '{:.1f}')}x"
    )
    cpu_ratios = [i["cpu"] / (r["cpu"] + f["cpu"]) for r, f, i, _ in runs]
    print(
        f"CPU time:           import {stat([m['cpu'] for m in imports], '{:.2f}')} s, floor "
        f"{stat([r['cpu'] + f['cpu'] for r, f in zip(reads, floors, strict=True)], '{:.2f}')} s, "
        f"ratio {stat(cpu_ratios, '{:.2f}')}x (steadier than the clock on a shared machine)"
    )
    peak = max(m["peak_mb"] for m in imports)
    print(
        f"ratio import/floor: {stat(ratios, '{:.2f}')}x -> "
        f"{'PASS' if ratio <= TARGET_RATIO else 'FAIL'} (target <= {TARGET_RATIO:g}x, median)"
    )
    print(
        f"peak memory:        {peak:.0f} MB -> "
        f"{'PASS' if peak < TARGET_PEAK_MB else 'FAIL'} (target < {TARGET_PEAK_MB} MB, worst run)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
