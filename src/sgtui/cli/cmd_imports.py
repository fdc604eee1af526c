"""`sgtui imports`: every import made, newest first, to find one to undo."""

from __future__ import annotations

import argparse

NAME = "imports"
HELP = "list the imports made (number, when, who, files, counts); undo one with undo --import N"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    from rich.table import Table

    from sgtui.cli.common import console, open_services, print_json
    from sgtui.clock import to_london
    from sgtui.services.imports import list_imports

    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            found = list_imports(session)
    finally:
        svc.db.dispose()
    if args.json:
        print_json(
            [
                {
                    "number": s.number,
                    "at": s.at,
                    "actor": s.actor,
                    "files": s.files,
                    "counts": s.counts,
                    "inserted": {t: s.inserted_count(t) for t in sorted(s.inserted)},
                    "undone": s.undone,
                }
                for s in found
            ]
        )
        return 0
    if not found:
        print("No imports yet.")
        return 0
    table = Table(title="Imports (undo one with: sgtui undo --import N)")
    for heading in ("N", "When (London)", "Who", "Files", "Inserted", "Updated", "Undone"):
        table.add_column(
            heading, justify="right" if heading in ("N", "Inserted", "Updated") else "left"
        )
    for s in found:
        table.add_row(
            str(s.number),
            to_london(s.at).strftime("%d/%m/%Y %H:%M"),
            s.actor,
            ", ".join(s.files),
            str(s.counts.get("inserted", 0)),
            str(s.counts.get("updated", 0)),
            s.undone or "",
        )
    console().print(table)
    return 0
