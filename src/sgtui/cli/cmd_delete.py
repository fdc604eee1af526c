"""`sgtui delete RECORD`: delete one record (audited, so `sgtui undo` brings it back).

It says what it would delete and asks first. With ``--yes`` it deletes without asking.
When stdin is not a terminal (scripts, CI) and ``--yes`` is absent it never waits for
input: it prints what it would delete and exits 1, so nothing goes unasked, as
``sgtui undo`` does. Records kept for the record (reviews, practices, LES returns and
scheme years) and records others point at (a person with training) are refused, with
what to do instead (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session, SQLModel

    from sgtui.services.context import Services
    from sgtui.services.registry import KindDef

NAME = "delete"
HELP = "delete a record, e.g. sgtui delete recommendation:12 (asks first; --yes skips)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Exit codes: 0 deleted; 1 not deleted (not confirmed, or changed since version N); "
        "2 refused (kept for the record, or other records point at it)."
    )
    parser.add_argument(
        "record", metavar="RECORD", help="KIND:ID (e.g. action:7), meeting:REF, person:NAME"
    )
    parser.add_argument("--yes", action="store_true", help="delete without asking")
    parser.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="delete only if the record is still at version N (see `sgtui show --json`)",
    )


def _confirmed(summary: str) -> bool:
    """Ask on a terminal; without one, never prompt (and never act)."""
    if not sys.stdin.isatty():
        print(f"{summary}\nnot deleted: re-run with --yes to delete without a terminal")
        return False
    return input(f"{summary}\nDelete it? [y/N] ").strip().lower() in ("y", "yes")


def _describe(session: Session, kind: KindDef, obj: SQLModel) -> str:
    """ "action:7 (action: Action Circulate the notes, Owner Sam Jones)": what is at stake."""
    from sgtui.cli.edits import record_name
    from sgtui.services import editing

    texts = editing.field_texts(session, kind.name, obj)
    filled = [f"{f.label} {_short(texts[f.name])}" for f in kind.fields if texts[f.name]]
    what = ", ".join(filled[:2])
    return f"{record_name(kind, obj)} ({kind.label.lower()}{': ' + what if what else ''})"


def _short(text: str, most: int = 50) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


class _Rehearsed(Exception):
    """Raised to roll back a delete tried only to learn whether it would be refused."""


def _rehearse(svc: Services, record: str, expected: int | None) -> tuple[str, str, int, int]:
    """Try the delete and roll it back: a refusal comes before the question, not after it.

    Returns the kind, a description, the id and the version seen, so the real delete
    can insist on that version (someone's change in between is a conflict, not lost).
    """
    from sgtui.services import editing

    try:
        with svc.session() as session:
            kind, obj = editing.find_record(session, record)
            record_id, version = obj.id, obj.version  # type: ignore[attr-defined]
            seen = (kind.name, _describe(session, kind, obj), record_id, version)
            editing.delete(session, svc, kind.name, record_id, expected_version=expected)
            raise _Rehearsed
    except _Rehearsed:
        return seen


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services
    from sgtui.cli.edits import EXIT_CONFLICT
    from sgtui.services import editing
    from sgtui.services.errors import ConflictError

    svc = open_services(args, create=False)
    try:
        kind, described, record_id, version = _rehearse(svc, args.record, args.expect_version)
        if not args.yes and not _confirmed(f"Would delete {described}."):
            return 1
        with svc.session() as session:
            editing.delete(session, svc, kind, record_id, expected_version=version)
    except ConflictError as exc:
        now = exc.current.get("version")
        print(
            f"sgtui: error: {exc}: nothing deleted; it is now version {now}. "
            f"See `sgtui history {args.record}`, then re-run with --expect-version {now}",
            file=sys.stderr,
        )
        return EXIT_CONFLICT
    finally:
        svc.db.dispose()
    print(f"Deleted {described}. `sgtui undo` brings it back.")
    return 0
