"""`sgtui add KIND [--to PARENT] FIELD=VALUE...`: add a record, as the app's form does.

A kind that belongs to another record (a submission or recommendation to a review, an
attendee to a meeting, a training record to a person, a criterion to a scheme year)
needs ``--to`` naming that record as ``sgtui set`` takes it. Values, refusals, questions
and exit codes are those of ``sgtui set``: nothing is added unless every value is good.
It prints the new record's name (``recommendation:12``) for ``sgtui set`` or ``delete``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from sgtui.services.registry import KindDef

NAME = "add"
HELP = "add a record: sgtui add recommendation --to review:REF number=1 text=..."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "Exit codes: 0 added; 2 nothing added (a value refused, or --confirm needed)."
    parser.add_argument(
        "kind", metavar="KIND", help="review, submission, action, ... (sgtui fields)"
    )
    parser.add_argument(
        "assignments",
        metavar="FIELD=VALUE",
        nargs="+",
        help="a field's name or label and its value (`sgtui fields KIND` lists them)",
    )
    parser.add_argument(
        "--to",
        metavar="RECORD",
        dest="parent",
        help="the record it belongs to (e.g. review:LAM-RR-2025-03 for a recommendation)",
    )
    parser.add_argument(
        "--confirm", action="store_true", help="answer yes to a question the form would ask"
    )
    parser.add_argument("--json", action="store_true", help="print the new record as JSON")


def _parent_id(session: Session, kind: KindDef, parent: str | None) -> int | None:
    """The id of the record ``--to`` names, checked to be of the kind this one belongs to."""
    from sgtui.services import editing, records
    from sgtui.services.errors import ServiceError

    if not kind.parent:
        if parent:
            raise ServiceError(f"a {kind.label.lower()} belongs to no other record: leave out --to")
        return None
    example = "review:REF" if kind.parent == "review" else f"{kind.parent}:..."
    if not parent:
        raise ServiceError(
            f"a {kind.label.lower()} is added to a {kind.parent}: say which with --to {example}"
        )
    parent_kind, parent_obj = editing.find_record(session, parent)
    if parent_kind.name != kind.parent:
        raise ServiceError(
            f"a {kind.label.lower()} is added to a {kind.parent}, not a "
            f"{parent_kind.label.lower()}: --to {example}"
        )
    return records.record_id(parent_obj)


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services, print_json
    from sgtui.cli.edits import REFUSALS, read_assignments, record_name, report_refusal
    from sgtui.services import editing
    from sgtui.services.errors import NotFound
    from sgtui.services.lookup import registry_values
    from sgtui.services.registry import kind_of

    try:
        kind = kind_of(args.kind)
    except KeyError as exc:
        raise NotFound(str(exc.args[0])) from None
    raw = read_assignments(kind, args.assignments)
    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            parent_id = _parent_id(session, kind, args.parent)
            obj = editing.create(
                session, svc, kind.name, raw, parent_id=parent_id, confirmed=args.confirm
            )
            name, version = record_name(kind, obj), obj.version  # type: ignore[attr-defined]
            values = registry_values(session, kind.name, obj)
            texts = editing.field_texts(session, kind.name, obj)
    except REFUSALS as exc:
        return report_refusal(kind, exc, list(raw), args.parent or kind.name, as_json=args.json)
    finally:
        svc.db.dispose()
    if args.json:
        print_json({"saved": True, "record": name, "version": version, "fields": values})
        return 0
    print(f"added {name}:")
    for field, text in texts.items():
        if text:
            print(f"  {field}: {text}")
    return 0
