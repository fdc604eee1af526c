"""Child processes for the trust tests: racing savers, a lock holder, a bulk writer.

Run as ``python workers.py COMMAND URL ...``. Each prints one status word per line so
the parent test can wait for it, and reads "go"/"release" lines from stdin when it
must wait for the parent. Synthetic data only.
"""

from __future__ import annotations

import sqlite3
import sys

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.errors import ConflictError
from sgtui.store.engine import open_database
from sgtui.store.models import Practice


def say(word: str) -> None:
    """One status line to the parent, flushed at once."""
    print(word, flush=True)


def racer(url: str, record_id: str, new_name: str) -> None:
    """Open the practice, wait for "go", then save it with the version it was opened at."""
    svc = Services(db=open_database(url, migrate=False), actor=f"racer {new_name}")
    try:
        with svc.session() as session:
            practice = records.get(session, Practice, int(record_id))
            say("ready")
            sys.stdin.readline()
            records.apply_changes(
                session, svc, practice, {"name": new_name}, expected_version=practice.version
            )
        say("saved")
    except ConflictError:
        say("conflict")


def colleague(url: str, ods_code: str, field: str, value: str) -> None:
    """Open a practice by ODS code, wait for "go", then save one field at the version opened."""
    from sqlmodel import select

    svc = Services(db=open_database(url, migrate=False), actor="colleague")
    try:
        with svc.session() as session:
            practice = session.exec(select(Practice).where(Practice.ods_code == ods_code)).one()
            say("ready")
            sys.stdin.readline()
            records.apply_changes(
                session, svc, practice, {field: value}, expected_version=practice.version
            )
        say("saved")
    except ConflictError:
        say("conflict")


def import_paused(url: str, workbook: str) -> None:
    """Import a workbook, pausing once it has read the stored practices (says "read",
    waits for "go"); then print the report's JSON on one line."""
    import json
    from pathlib import Path

    from sgtui.importers.pipeline import run_import
    from sgtui.services import bulk as bulk_service

    real = bulk_service._existing
    paused = []

    def read_then_wait(conn, table, *args):  # type: ignore[no-untyped-def]
        found = real(conn, table, *args)
        if table.name == "practice" and not paused:
            paused.append(True)
            say("read")
            sys.stdin.readline()
        return found

    bulk_service._existing = read_then_wait
    svc = Services(db=open_database(url, migrate=False), actor="importer")
    report = run_import(svc, [Path(workbook)], backup=False)
    print(json.dumps(report.as_json(), default=str), flush=True)


def holder(path: str) -> None:
    """Hold SQLite's write lock (BEGIN IMMEDIATE) until the parent says "release"."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    say("locked")
    sys.stdin.readline()
    conn.execute("COMMIT")
    conn.close()
    say("released")


def exclusive(path: str) -> None:
    """Hold the database in SQLite's exclusive locking mode (kept after a write) until "release"."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE alembic_version SET version_num = version_num")
    conn.execute("COMMIT")  # in exclusive mode the lock outlives the transaction
    say("locked")
    sys.stdin.readline()
    conn.close()
    say("released")


def keeper(url: str) -> None:
    """Keep the database open as the app does; on each "go", save one more practice."""
    from sgtui.store.errors import DatabaseError

    svc = Services(db=open_database(url, migrate=False), actor="keeper")
    say("open")
    for number, _line in enumerate(iter(sys.stdin.readline, "")):
        try:
            with svc.session() as session:
                records.create(session, svc, Practice(ods_code=f"Y07{number:03d}", name="Kept"))
            say("saved")
        except DatabaseError as exc:
            say(f"refused: {exc}")


def bulk(url: str, count: str, start: str = "0") -> None:
    """Create ``count`` practices in one transaction, as an import does."""
    svc = Services(db=open_database(url, migrate=False), actor="bulk writer")
    say("ready")
    with svc.session() as session:
        for number in range(int(start), int(start) + int(count)):
            practice = Practice(ods_code=f"Y{number:05d}", name=f"Synthetic practice {number}")
            records.create(session, svc, practice)
    say("done")


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB.

    Linux's VmHWM belongs to this program image; ``ru_maxrss`` survives exec, so a
    child of a big parent would report the parent's peak. macOS has only ru_maxrss
    (in bytes there).
    """
    import resource

    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def import_file(url: str, workbook: str) -> None:
    """Import one workbook; print JSON with the outcome and the peak memory it added."""
    import json
    import time
    from pathlib import Path

    from sgtui.importers.pipeline import run_import

    svc = Services(db=open_database(url), actor="importer")
    baseline = peak_rss_kb()
    began = time.perf_counter()
    report = run_import(svc, [Path(workbook)], backup=False)
    seconds = time.perf_counter() - began
    peak_kb = peak_rss_kb() - baseline
    outcome = {
        "fatal": report.fatal,
        "committed": report.committed,
        "errors": len(report.errors),
        "first_error": str(report.errors[0]) if report.errors else None,
        "peak_mb": round(peak_kb / 1024, 1),
        "seconds": round(seconds, 2),
    }
    print(json.dumps(outcome), flush=True)


def import_announced(url: str, workbook: str) -> None:
    """Import one workbook as ``import`` does, saying "locking" as it asks for the import
    lock, so the parent knows this import has reached the lock."""
    from sgtui.importers import write_lock

    def announced(take):  # type: ignore[no-untyped-def]
        def take_announced(conn):  # type: ignore[no-untyped-def]
            say("locking")
            take(conn)

        return take_announced

    # The lock's two halves, looked up by lock_for_import at each call, whoever imported it.
    write_lock._begin_immediate = announced(write_lock._begin_immediate)
    write_lock._advisory_lock = announced(write_lock._advisory_lock)
    import_file(url, workbook)


if __name__ == "__main__":
    commands = {
        "racer": racer,
        "colleague": colleague,
        "holder": holder,
        "exclusive": exclusive,
        "keeper": keeper,
        "bulk": bulk,
        "import": import_file,
        "import_paused": import_paused,
        "import_announced": import_announced,
    }
    commands[sys.argv[1]](*sys.argv[2:])
