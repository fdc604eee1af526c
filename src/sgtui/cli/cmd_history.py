"""`sgtui history RECORD`: every change to one record, with who and when."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "history"
HELP = "show who changed a record and how (e.g. practice:G83004, review:REF, person:NAME)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "record",
        metavar="RECORD",
        help="practice:ODS, review:REF, meeting:REF, person:NAME, or TABLE:ID (e.g. action:12)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _show(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


def run(args: argparse.Namespace) -> int:
    from rich.table import Table

    from sgtui.cli.common import console, open_services, print_json
    from sgtui.clock import to_london
    from sgtui.services.history import record_history, resolve

    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            ref = resolve(session, args.record)
            changes = record_history(session, ref)
    finally:
        svc.db.dispose()
    if args.json:
        print_json(
            {
                "record": {"table": ref.table, "id": ref.record_id, "label": ref.label},
                "changes": [
                    {
                        "at": c.at,
                        "actor": c.actor,
                        "action": c.action,
                        "fields": c.fields,
                        **({"note": c.note} if c.note else {}),
                    }
                    for c in changes
                ],
            }
        )
        return 0
    table = Table(title=f"History of {ref.table} {ref.label}")
    for heading in ("When (London)", "Who", "Action", "Field", "Before", "After"):
        table.add_column(heading)
    for change in changes:
        when = to_london(change.at).strftime("%d/%m/%Y %H:%M")
        rows = sorted(change.fields.items()) or [(change.note or "", (None, None))]
        for number, (field, (before, after)) in enumerate(rows):
            lead = (when, change.actor, change.action) if number == 0 else ("", "", "")
            table.add_row(*lead, field, _show(before), _show(after))
    console().print(table)
    return 0
