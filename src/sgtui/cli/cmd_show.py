"""`sgtui show KIND KEY`: one record with its linked records."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

NAME = "show"
HELP = "show a practice (ODS code), review (reference), person (name) or meeting (reference)"
KINDS = ("practice", "review", "person", "meeting")
"""``sgtui.services.lookup.KINDS``, written out so parsing the command line stays light
(a test keeps the two the same)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument(
        "key", help="ODS code, review reference, person's name or e-mail, or meeting reference"
    )
    parser.add_argument("--json", action="store_true", help="print JSON (dates in ISO 8601)")


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import console, open_services, print_json
    from sgtui.services.lookup import show

    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            payload = show(session, args.kind, args.key)
    finally:
        svc.db.dispose()
    if args.json:
        print_json(payload)
    else:
        print_record(console(), payload)
    return 0


def _text(value: Any) -> str:
    from sgtui.services.ukdates import format_uk

    if isinstance(value, date):
        return format_uk(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def _shown(key: str) -> bool:
    """Ids and versions are for scripts (``--json``); each id has a readable field beside it."""
    return key not in ("id", "version", "source") and not key.endswith("_id")


def print_record(out: Console, payload: dict[str, Any]) -> None:
    """The main record as a two-column table, then one table per linked list."""
    from rich.table import Table

    for title, section in payload.items():
        if isinstance(section, dict):
            table = Table(title=title.title(), show_header=False)
            table.add_column("Field", style="bold")
            table.add_column("Value")
            for field, value in section.items():
                if _shown(field) and value not in (None, "", []):
                    table.add_row(field.replace("_", " "), _text(value))
        else:
            table = Table(title=f"{title.replace('_', ' ').title()} ({len(section)})")
            keys = section[0] if section else {}
            columns = [
                c for c in keys if _shown(c) and any(row[c] not in (None, "") for row in section)
            ]
            for column in columns:
                table.add_column(column.replace("_", " "))
            for row in section:
                table.add_row(*(_text(row[c]) for c in columns))
        out.print(table)
