"""`sgtui undo`: undo your own last change, if nobody has changed that record since.

It shows what it would undo and asks for confirmation. With ``--yes`` it acts without
asking. When stdin is not a terminal (scripts, CI) and ``--yes`` is absent it never
waits for input: it prints what it would undo and exits 1, so nothing changes unasked.
"""

from __future__ import annotations

import argparse
import sys

NAME = "undo"
HELP = "undo your own last change (asks first; --yes to skip the question)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="undo without asking")


def _confirmed(summary: str) -> bool:
    """Ask on a terminal; without one, never prompt (and never act)."""
    if not sys.stdin.isatty():
        print(f"{summary}\nnot undone: re-run with --yes to undo without a terminal")
        return False
    return input(f"{summary}\nUndo it? [y/N] ").strip().lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services
    from sgtui.clock import to_london
    from sgtui.services.history import undo_last

    svc = open_services(args, create=False)
    try:
        if not args.yes:
            preview = undo_last(svc, dry_run=True)
            when = to_london(preview.undone_at).strftime("%d/%m/%Y %H:%M")
            summary = (
                f"Your last change: {preview.undone_action} of {preview.record.table} "
                f"{preview.record.label} at {when}; undo would: {preview.effect}."
            )
            if not _confirmed(summary):
                return 1
        result = undo_last(svc)
    finally:
        svc.db.dispose()
    print(f"Undone on {result.record.table} {result.record.label}: {result.effect}.")
    return 0
