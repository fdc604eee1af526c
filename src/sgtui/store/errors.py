"""The database's errors, each a sentence for the user, and the text that goes in them.

Every layer above raises or catches these, and the store's own modules (the engine,
the open-lock, backups, migrations) share them, so they live apart from the modules
that do the work; a PostgreSQL password never appears in any of them.
"""

from __future__ import annotations

import sqlalchemy.exc
from sqlalchemy.engine import URL, make_url


class DatabaseError(Exception):
    """A database problem explained in one line for the user."""


class DatabaseBusy(DatabaseError):
    """Another process held the write lock past the busy timeout; the save can be retried."""


def is_busy(exc: sqlalchemy.exc.OperationalError) -> bool:
    """True for SQLite's "database is locked/busy" (lock held past the busy timeout)."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return "locked" in text or "busy" in text


def safe_url(url: URL | str) -> str:
    """The URL as text with the password replaced by ***."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except sqlalchemy.exc.ArgumentError:
            return "<unparseable database URL>"
    return url.render_as_string(hide_password=True)


def busy_message(where: str) -> str:
    """The one sentence for a lock held past the busy timeout, whatever command met it."""
    return f"the database {where} is busy (another sgtui is saving); try again in a moment"


def describe_operational_error(exc: sqlalchemy.exc.OperationalError, url: URL) -> str:
    """One line for a connection-level failure, without the password."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    where = safe_url(url)
    if is_busy(exc):
        return busy_message(where)
    if "file is not a database" in text:
        return f"{where} is not an sgtui database (not an SQLite file)"
    if url.get_backend_name() == "postgresql":
        first = text.strip().splitlines()[0] if text.strip() else "connection failed"
        if url.password:
            first = first.replace(str(url.password), "***")
        return f"cannot reach the PostgreSQL server at {where}: {first}"
    return f"cannot open {where}: {text.strip().splitlines()[0] if text.strip() else 'error'}"
