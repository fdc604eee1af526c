"""`sgtui set RECORD FIELD=VALUE...`: change fields of one record, as the app's form does.

RECORD is named as ``sgtui history`` takes it (review:LAM-RR-2025-03, practice:G83004,
person:NAME, meeting:REF, or KIND:ID such as submission:12, action:7, les:5). FIELD is
the field's name (``sgtui fields KIND`` lists them; ``sgtui show --json`` prints the
same keys) or its label. VALUE is typed as in the form: dd/mm/yyyy, today, +5wd; yes
for a step done on a date not recorded; a choice by its label or code; a person by
name, e-mail or person:ID; a practice by ODS code; a blank or "-" clears a field.

Every value goes to one save in one transaction: if any is refused, nothing is written,
and each refused field is printed on its own line with the form's message (exit 2). A
question the form would ask (a subject that looks like a real name, a meeting marked
held before its date) is printed and nothing saved unless ``--confirm`` is given (exit
2). With ``--expect-version N`` the save is refused if the record is no longer at
version N, because someone else saved it since (exit 1).
"""

from __future__ import annotations

import argparse

NAME = "set"
HELP = "change fields of a record: sgtui set review:REF decision_on=05/03/2025 stage=..."


EXIT_CODES = (
    "Exit codes: 0 saved, or nothing to change; 2 nothing saved: a value refused (one line "
    "each, as the form words it) or a question that needs --confirm; 1 nothing saved: "
    "someone else saved the record since version N (--expect-version)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EXIT_CODES
    parser.add_argument(
        "record",
        metavar="RECORD",
        help="review:REF, practice:ODS, meeting:REF, person:NAME, or KIND:ID (e.g. action:7)",
    )
    parser.add_argument(
        "assignments",
        metavar="FIELD=VALUE",
        nargs="+",
        help="a field's name or label and its new value (`sgtui fields KIND` lists them)",
    )
    parser.add_argument(
        "--confirm",
        action="store_true",
        help="answer yes to a question the form would ask (e.g. a subject like a real name)",
    )
    parser.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="save only if the record is still at version N (see `sgtui show --json`)",
    )
    parser.add_argument("--json", action="store_true", help="print what changed as JSON")


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services, print_json
    from sgtui.cli.edits import REFUSALS, read_assignments, record_name, report_refusal, shown
    from sgtui.services import editing, records
    from sgtui.services.lookup import registry_values

    svc = open_services(args, create=False)
    kind = raw = None
    try:
        with svc.session() as session:
            kind, obj = editing.find_record(session, args.record)
            raw = read_assignments(kind, args.assignments)
            before, before_json = (
                editing.field_texts(session, kind.name, obj),
                registry_values(session, kind.name, obj),
            )
            editing.update(
                session, svc, kind.name, records.record_id(obj), raw,
                expected_version=args.expect_version, confirmed=args.confirm,
            )  # fmt: skip
            after = editing.field_texts(session, kind.name, obj)
            after_json = registry_values(session, kind.name, obj)
            name, version = record_name(kind, obj), obj.version  # type: ignore[attr-defined]
    except REFUSALS as exc:
        assert kind is not None and raw is not None  # refusals come only from the save
        return report_refusal(kind, exc, list(raw), args.record, as_json=args.json)
    finally:
        svc.db.dispose()
    changed = [n for n in before if before[n] != after[n]]
    if args.json:
        print_json(
            {
                "saved": True,
                "record": name,
                "version": version,
                "changed": {n: {"before": before_json[n], "after": after_json[n]} for n in changed},
            }
        )
        return 0
    if not changed:
        print(f"{name}: nothing to change (it already has those values)")
        return 0
    print(f"{name} saved (now version {version}):")
    for n in changed:
        print(f"  {n}: {shown(before[n])} → {shown(after[n])}")
    return 0
