"""One import writes at a time, and it reads what it writes over under the same lock.

An import reads every stored row it may update, diffs, then writes. If a colleague's save
(or a second import) lands between the read and the write, the import would overwrite it,
or (two imports inserting the same new records on PostgreSQL) fail half-way with a unique
key error. So the write transaction takes a lock before its first read:

* SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock at once, so the read and the
  write see one state. Forms wait on the busy timeout meanwhile, as for any save.
* PostgreSQL: ``pg_advisory_xact_lock`` serialises imports (released at commit or
  rollback); colleagues' saves to single rows are caught by the version check instead
  (:mod:`sgtui.services.bulk`).

Either way the wait is bounded (:data:`WAIT_SECONDS`); past it the import stops with
:class:`ImportBusy` and writes nothing.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
import sqlalchemy.exc

WAIT_SECONDS = 30.0
"""How long an import waits for another import (or save) to finish before giving up."""
ADVISORY_KEY = 0x5347_5455_4901
"""The PostgreSQL advisory lock key that imports share ("SGTUI" + 1)."""
BUSY_PG = "another import is running: nothing was written; import again once it has finished"
BUSY_SQLITE = (
    "the database is busy (another import or a colleague's save is running): "
    "nothing was written; import again in a moment"
)


class ImportBusy(Exception):
    """Another import held the lock past :data:`WAIT_SECONDS`; the message says so."""


def lock_for_import(conn: sa.Connection) -> None:
    """Take the import's lock on ``conn`` before anything in its transaction reads."""
    if conn.dialect.name == "sqlite":
        _begin_immediate(conn)
    elif conn.dialect.name == "postgresql":
        _advisory_lock(conn)


def _begin_immediate(conn: sa.Connection) -> None:
    """``BEGIN IMMEDIATE``, retried (each try waits the busy timeout) until the deadline.

    The driver opens its transactions lazily (at the first write), so none is open yet
    and this BEGIN is the transaction's start.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except sqlalchemy.exc.OperationalError as exc:
            if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                raise
            if time.monotonic() >= deadline:
                raise ImportBusy(BUSY_SQLITE) from None


def _advisory_lock(conn: sa.Connection) -> None:
    """The transaction-level advisory lock, waiting at most :data:`WAIT_SECONDS`.

    ``lock_timeout`` bounds the wait; it is set for this transaction only and put back
    at once, so the import's own row locks wait as they would otherwise.
    """
    before = conn.execute(sa.text("SELECT current_setting('lock_timeout')")).scalar_one()
    wait = f"{max(1, int(WAIT_SECONDS * 1000))}ms"
    conn.execute(sa.text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": wait})
    try:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})
    except sqlalchemy.exc.OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise ImportBusy(BUSY_PG) from None
        raise
    conn.execute(sa.text("SELECT set_config('lock_timeout', :before, true)"), {"before": before})
