"""`sgtui note RECORD [TEXT]`: add a dated note to a record, or list its notes."""

from __future__ import annotations

import argparse

NAME = "note"
HELP = "add a dated note to a record (practice:ODS, review:REF, ...), or list its notes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "record",
        metavar="RECORD",
        help="practice:ODS, review:REF, meeting:REF, person:NAME or TABLE:ID",
    )
    parser.add_argument("text", nargs="?", help="the note (omit to list the record's notes)")
    parser.add_argument("--date", help="the note's date, dd/mm/yyyy (default today)")


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import console, open_services
    from sgtui.services import notes
    from sgtui.services.history import resolve
    from sgtui.services.ukdates import format_uk, parse_uk_date

    noted_on = parse_uk_date(args.date) if args.date else None
    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            ref = resolve(session, args.record)
            if args.text:
                note = notes.add_note(
                    session, svc, ref.table, ref.record_id, args.text, noted_on=noted_on
                )
                print(f"note added to {ref.label} on {format_uk(note.noted_on)}")
                return 0
            listed = notes.notes_for(session, ref.table, ref.record_id)
    finally:
        svc.db.dispose()
    out = console()
    if not listed:
        out.print(f"no notes on {ref.label}")
    for note in listed:
        out.print(
            f"[bold]{format_uk(note.noted_on)}[/bold] {note.author or ''}: {note.text}",
            highlight=False,
        )
    return 0
