"""`sgtui fields [KIND]`: the fields `sgtui set` and `add` take, from the field registry.

Without KIND it lists the kinds of record and how to name one. With KIND it lists each
editable field: its name (the key ``sgtui show --json`` prints), label, type, whether it
is required, its help, and for a choice the values it takes, read from the database
where the catalogue is a table (boroughs, meeting types, courses).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from sgtui.services.registry import FieldDef, KindDef

NAME = "fields"
HELP = "list the fields of a kind of record that `sgtui set` and `sgtui add` take"

RECORD_FORMS = {
    "review": "review:REF",
    "practice": "practice:ODS",
    "meeting": "meeting:REF",
    "person": "person:NAME or person:ID",
}
"""How each kind is named to ``sgtui set``; the others are KIND:ID (action:7)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", metavar="KIND", nargs="?", help="review, submission, action, ...")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _code(choice: Any) -> str:
    """What a script types for a choice: its code, or its name where its value is an id."""
    if isinstance(choice.value, str):
        return choice.value
    return str(choice.also[0]) if choice.also else choice.label


def field_entry(session: Session, spec: FieldDef) -> dict[str, Any]:
    """One field as ``--json`` lists it."""
    from sgtui.services.field_values import OPEN_CATALOGUES, choices
    from sgtui.services.registry import FieldType

    options = choices(session, spec.catalogue) if spec.type is FieldType.CHOICE else []
    return {
        "name": spec.name,
        "label": spec.label,
        "type": str(spec.type),
        "required": spec.required,
        "help": spec.help,
        "choices": [{"code": _code(c), "label": c.label} for c in options],
        "any_text": spec.catalogue in OPEN_CATALOGUES,
        "on_create_only": spec.on_create_only,
    }


def _kind_entry(kind: KindDef) -> dict[str, Any]:
    return {
        "name": kind.name,
        "label": kind.label,
        "record": RECORD_FORMS.get(kind.name, f"{kind.name}:ID"),
        "parent": kind.parent or None,
        "deletable": kind.deletable,
        "fields": [f.name for f in kind.fields],
    }


def _choice_text(entry: dict[str, Any]) -> str:
    from sgtui.services.reference import normalise

    listed = ", ".join(
        c["label"]
        if normalise(c["code"]) == normalise(c["label"])
        else f"{c['label']} ({c['code']})"
        for c in entry["choices"]
    )
    return f"any text; suggestions: {listed}" if entry["any_text"] else f"one of: {listed}"


def _help_text(entry: dict[str, Any]) -> str:
    parts = [entry["help"]] if entry["help"] else []
    if entry["choices"] or entry["any_text"]:
        parts.append(_choice_text(entry))
    if entry["on_create_only"]:
        parts.append("given when the record is added; not changed after")
    return ". ".join(parts)


def _print_kinds(kinds: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from sgtui.cli.common import console

    table = Table(title="Kinds of record (sgtui fields KIND lists a kind's fields)")
    for heading in ("Kind", "What", "Name one as", "Added to"):
        table.add_column(heading)
    for kind in kinds:
        table.add_row(kind["name"], kind["label"], kind["record"], kind["parent"] or "")
    console().print(table)


def _print_fields(kind: KindDef, entries: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from sgtui.cli.common import console

    record = RECORD_FORMS.get(kind.name, f"{kind.name}:ID")
    table = Table(title=f"{kind.label} fields: sgtui set {record} FIELD=VALUE ...")
    for heading in ("Field", "Label", "Type", "Required", "Help"):
        table.add_column(heading, overflow="fold")
    for entry in entries:
        required = "yes" if entry["required"] else ""
        table.add_row(entry["name"], entry["label"], entry["type"], required, _help_text(entry))
    console().print(table)


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services, print_json
    from sgtui.services.errors import NotFound
    from sgtui.services.registry import KINDS, kind_of

    if not args.kind:
        kinds = [_kind_entry(k) for k in KINDS.values()]
        print_json({"kinds": kinds}) if args.json else _print_kinds(kinds)
        return 0
    try:
        kind = kind_of(args.kind)
    except KeyError as exc:
        raise NotFound(str(exc.args[0])) from None
    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            entries = [field_entry(session, spec) for spec in kind.fields]
    finally:
        svc.db.dispose()
    if args.json:
        print_json({"kind": kind.name, "label": kind.label, "fields": entries})
    else:
        _print_fields(kind, entries)
    return 0
