"""`sgtui undo`: undo your own last change, if nobody has changed that record since.

``sgtui undo --import`` undoes the latest import as a whole (``--import N`` a given
one; ``sgtui imports`` lists them): what it inserted is removed and what it changed is
put back, unless any of it has been changed since.

It shows what it would undo and asks for confirmation. With ``--yes`` it acts without
asking. When stdin is not a terminal (scripts, CI) and ``--yes`` is absent it never
waits for input: it prints what it would undo and exits 1, so nothing changes unasked.
"""

from __future__ import annotations

import argparse
import sys

NAME = "undo"
HELP = "undo your own last change, or a whole import with --import (asks first; --yes skips)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="undo without asking")
    parser.add_argument(
        "--import",
        dest="import_number",
        nargs="?",
        const="last",
        metavar="N",
        help="undo a whole import: the latest, or number N from `sgtui imports`",
    )


def _confirmed(summary: str) -> bool:
    """Ask on a terminal; without one, never prompt (and never act)."""
    if not sys.stdin.isatty():
        print(f"{summary}\nnot undone: re-run with --yes to undo without a terminal")
        return False
    return input(f"{summary}\nUndo it? [y/N] ").strip().lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    if args.import_number is not None:
        return _undo_import(args)
    from sgtui.cli.common import open_services
    from sgtui.clock import to_london
    from sgtui.services.history import undo_last

    svc = open_services(args, create=False)
    try:
        if not args.yes:
            preview = undo_last(svc, dry_run=True)
            when = to_london(preview.undone_at).strftime("%d/%m/%Y %H:%M")
            summary = (
                f"Your last change: {_what(preview.undone_action, preview.record)} at {when}; "
                f"undo would: {preview.effect}."
            )
            if not _confirmed(summary):
                return 1
        result = undo_last(svc)
    finally:
        svc.db.dispose()
    record = result.record
    undone = record.label if record.table == "batch" else f"on {record.table} {record.label}"
    print(f"Undone {undone}: {result.effect}.")
    return 0


def _what(action: str, record: object) -> str:
    """ "update of practice G83004", or a fill-down's own words ("PCN on 3 Practices")."""
    table, label = getattr(record, "table", ""), getattr(record, "label", "")
    return label if table == "batch" else f"{action} of {table} {label}"


def _undo_import(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services
    from sgtui.clock import to_london
    from sgtui.services.errors import ServiceError
    from sgtui.services.imports import get_import, undo_import

    number = None
    if args.import_number != "last":
        text = args.import_number.removeprefix("import:")
        if not text.isdigit():
            raise ServiceError(f"{args.import_number!r}: give the import's number (sgtui imports)")
        number = int(text)
    svc = open_services(args, create=False)
    try:
        if not args.yes:
            preview = undo_import(svc, number, dry_run=True)
            with svc.session() as session:
                summary = get_import(session, preview.number)
            when = to_london(summary.at).strftime("%d/%m/%Y %H:%M")
            what = f"import {summary.number} of {', '.join(summary.files)} by {summary.actor}"
            if not _confirmed(f"{what} at {when}; undo would: {preview.effect}."):
                return 1
        result = undo_import(svc, number)
    finally:
        svc.db.dispose()
    print(f"Undone import {result.number}: {result.effect}.")
    return 0
