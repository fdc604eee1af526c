"""`sgtui restore FILE`: replace the SQLite database with a backup, after checking it.

The backup must pass SQLite's integrity check and carry a schema this sgtui knows;
the current database is copied to the backups folder first, so a restore can itself
be undone by restoring that copy. A database open in another sgtui is refused
unless ``--force`` is given; that sgtui then stops saving until it is reopened.
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "restore"
HELP = "replace the SQLite database with a backup FILE (checked first; current one kept)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    parser.add_argument(
        "--force",
        action="store_true",
        help="restore even though another sgtui has the database open (it stops saving)",
    )


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.cmd_backup import sqlite_target
    from sgtui.clock import Clock
    from sgtui.filecheck import check_regular_file
    from sgtui.store.restore import restore_sqlite

    target = sqlite_target(args)
    check_regular_file(args.file)  # a named pipe would hang the restore; a folder is no backup
    safety = restore_sqlite(target, args.file, now=Clock().now(), force=args.force)
    print(f"Restored {target} from {args.file}")
    if safety is not None:
        print(f"The database as it was before is kept at {safety}")
    return 0
