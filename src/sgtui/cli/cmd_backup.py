"""`sgtui backup [FILE]`: a consistent copy of the SQLite database, even while it is open."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "backup"
HELP = "copy the SQLite database to FILE (default: a dated copy in the backups folder)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", nargs="?", type=Path, help="where to write the copy"
    )


def sqlite_target(args: argparse.Namespace) -> Path:
    """The SQLite file named by --db/SGTUI_DB/default; PostgreSQL is pointed at pg_dump."""
    from sgtui.paths import guide
    from sgtui.store.engine import resolve_url
    from sgtui.store.errors import DatabaseError

    url = resolve_url(getattr(args, "db", None))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise DatabaseError(
            "sgtui backs up SQLite files only; for PostgreSQL use pg_dump"
            f" (see {guide('backups.md')})"
        )
    return Path(url.database)


def run(args: argparse.Namespace) -> int:
    from sgtui.clock import Clock
    from sgtui.store import scratch
    from sgtui.store.backup import PARTIAL, backup_file, is_sqlite_file, take_copy
    from sgtui.store.errors import DatabaseError

    source = sqlite_target(args)
    if not is_sqlite_file(source):
        raise DatabaseError(f"no sgtui database at {source}")
    if args.file is None:
        print(f"Backed up to {backup_file(source, reason='manual', now=Clock().now())}")
        return 0
    if args.file.exists():
        raise DatabaseError(f"{args.file} already exists: choose a new file name")
    scratch.sweep(args.file.parent, f"{args.file.name}.", PARTIAL)  # from a killed run
    take_copy(source, args.file)
    print(f"Backed up to {args.file}")
    return 0
