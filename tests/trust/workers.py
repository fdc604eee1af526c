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


def holder(path: str) -> None:
    """Hold SQLite's write lock (BEGIN IMMEDIATE) until the parent says "release"."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    say("locked")
    sys.stdin.readline()
    conn.execute("COMMIT")
    conn.close()
    say("released")


def bulk(url: str, count: str, start: str = "0") -> None:
    """Create ``count`` practices in one transaction, as an import does."""
    svc = Services(db=open_database(url, migrate=False), actor="bulk writer")
    say("ready")
    with svc.session() as session:
        for number in range(int(start), int(start) + int(count)):
            practice = Practice(ods_code=f"Y{number:05d}", name=f"Synthetic practice {number}")
            records.create(session, svc, practice)
    say("done")


if __name__ == "__main__":
    {"racer": racer, "holder": holder, "bulk": bulk}[sys.argv[1]](*sys.argv[2:])
