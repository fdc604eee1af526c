"""`sgtui export ...`: the Named GP's LES return, quarterly figures, lists and calendars.

    sgtui export les-return --year 2024/25 [--borough NAME | --all] -o FILE.xlsx
    sgtui export quarterly --quarter 2024-Q3 [--borough NAME] -o FILE.xlsx
    sgtui export practices [--borough NAME] [--status active|closed] -o FILE.xlsx|.csv
    sgtui export actions|reviews|training [--borough NAME] [--from D] [--to D] [--status S] -o FILE.xlsx|.csv
    sgtui export meetings [--from dd/mm/yyyy] [--to dd/mm/yyyy] [--borough NAME] -o FILE.ics
    sgtui export chase-emails --year 2026/27 [--borough NAME] -o FOLDER

An existing file is only replaced with --force.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sgtui.exporters.progress import Progress

NAME = "export"
HELP = "export the LES return, quarterly figures, practices, action logs, reviews, training or meetings"

LIST_STATUSES = {
    "practices": ("active", "closed"),
    "actions": ("open", "overdue", "in_progress", "complete", "closed", "carried_forward"),
    "reviews": ("open", "closed"),
    "training": ("in_date", "expiring", "expired"),
}
DATE_HELP = {
    "practices": "",
    "actions": "due date",
    "reviews": "notification date",
    "training": "completion date",
    "meetings": "meeting date",
}


def uk_date(text: str) -> date:
    """argparse type: a day-first date (dd/mm/yyyy and friends)."""
    from sgtui.services.ukdates import DateParseError, parse_uk_date

    try:
        return parse_uk_date(text)
    except DateParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(sub: argparse.ArgumentParser, suffixes: str) -> None:
    sub.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=f"file to write ({suffixes})"
    )
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    sub.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="SQLite file or SQLAlchemy URL",
    )


def _dates(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument(
        "--from", dest="date_from", type=uk_date, metavar="DD/MM/YYYY", help=f"earliest {what}"
    )
    sub.add_argument(
        "--to", dest="date_to", type=uk_date, metavar="DD/MM/YYYY", help=f"latest {what}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One sub-command per report."""
    reports = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    les = reports.add_parser("les-return", help="the Named GP's LES return for a scheme year")
    les.add_argument("--year", required=True, help="scheme year, e.g. 2024/25")
    scope = les.add_mutually_exclusive_group()
    scope.add_argument("--borough", help="one borough (name or code)")
    scope.add_argument("--all", action="store_true", help="all boroughs (the default)")
    _common(les, ".xlsx")
    quarterly = reports.add_parser("quarterly", help="quarterly figures for the central team")
    quarterly.add_argument(
        "--quarter", required=True, help="financial quarter, e.g. 2024-Q3 (Oct-Dec 2024)"
    )
    quarterly.add_argument("--borough", help="one borough (default: all)")
    _common(quarterly, ".xlsx")
    for kind, statuses in LIST_STATUSES.items():
        sub = reports.add_parser(kind, help=f"{kind} list with filters")
        sub.add_argument("--borough", help="one borough (name or code)")
        if DATE_HELP[kind]:
            _dates(sub, DATE_HELP[kind])
        sub.add_argument("--status", choices=statuses, help="only records with this status")
        _common(sub, ".xlsx or .csv")
    meetings = reports.add_parser("meetings", help="meetings as an iCalendar (.ics) file")
    meetings.add_argument("--borough", help="one borough (name or code)")
    _dates(meetings, DATE_HELP["meetings"])
    _common(meetings, ".ics")
    _add_chase_emails(reports)


def _add_chase_emails(reports: Any) -> None:
    sub = reports.add_parser(
        "chase-emails", help="an Outlook draft (.eml) to each practice whose LES return is due"
    )
    sub.add_argument("--year", required=True, help="scheme year, e.g. 2026/27")
    sub.add_argument("--borough", help="one borough (name or code)")
    sub.add_argument("-o", "--output", required=True, metavar="FOLDER", help="folder to write to")
    sub.add_argument("--force", action="store_true", help="replace drafts of the same name")
    sub.add_argument(
        "--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help="SQLite file or URL"
    )


def run(args: argparse.Namespace) -> int:
    """Open the database, build the report, write the file, say where it went."""
    from sgtui.cli.common import open_services

    if args.report == "chase-emails":
        return _chase_emails(args)
    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            borough_id = _borough_id(session, getattr(args, "borough", None))
            written = EXPORTERS[args.report](session, svc, args, borough_id)
    finally:
        svc.db.dispose()
    print(f"Wrote {written}")
    return 0


def _borough_id(session: Any, text: str | None) -> int | None:
    if not text:
        return None
    from sgtui.services.reports import borough_by_name

    return borough_by_name(session, text).id


def _les_return(
    session: Any,
    svc: Any,
    args: argparse.Namespace,
    borough_id: int | None,
    progress: Progress | None = None,
) -> str:
    from sgtui.exporters.les_return import write_les_return
    from sgtui.services.reports import les_return_report

    _require_suffix(args.output, ".xlsx")
    report = les_return_report(session, args.year, svc.clock.today(), borough_id)
    write_les_return(
        report,
        args.output,
        author=svc.actor,
        created=svc.clock.now(),
        force=args.force,
        progress=progress,
    )
    return f"{args.output}: {len(report.practices)} practices, {len(report.exceptions)} exceptions"


def _quarterly(
    session: Any,
    svc: Any,
    args: argparse.Namespace,
    borough_id: int | None,
    progress: Progress | None = None,
) -> str:
    from sgtui.exporters.quarterly import write_quarterly
    from sgtui.services.reports import parse_quarter, quarterly_report

    _require_suffix(args.output, ".xlsx")
    quarter = parse_quarter(args.quarter)
    report = quarterly_report(session, quarter, svc.clock.today(), borough_id)
    write_quarterly(
        report,
        args.output,
        author=svc.actor,
        created=svc.clock.now(),
        force=args.force,
        progress=progress,
    )
    return f"{args.output}: {quarter.label} ({quarter.start:%d/%m/%Y} to {quarter.end:%d/%m/%Y})"


def _list(
    session: Any,
    svc: Any,
    args: argparse.Namespace,
    borough_id: int | None,
    progress: Progress | None = None,
) -> str:
    from sgtui.exporters import lists
    from sgtui.exporters.table import file_kind
    from sgtui.services import reports

    file_kind(args.output)
    filters = reports.Filters(
        borough_id, getattr(args, "date_from", None), getattr(args, "date_to", None), args.status
    )
    today = svc.clock.today()
    title = f"sgtui {args.report} export {today:%d/%m/%Y}"
    meta = {
        "title": title,
        "author": svc.actor,
        "created": svc.clock.now(),
        "force": args.force,
        "progress": progress,
    }
    if args.report == "actions":
        lines = reports.action_lines(session, today, filters)
        refs = {a.meeting_ref for a in lines if a.meeting_ref}
        meetings = reports.meeting_events(session, refs=refs)
        lists.write_actions(lines, meetings, args.output, **meta)
        return f"{args.output}: {len(lines)} actions"
    rows, total = _list_rows(session, args.report, today, filters)
    lists.write_list(args.report, rows, args.output, total=total, **meta)
    return args.output


def _list_rows(session: Any, report: str, today: date, filters: Any) -> tuple[Any, int]:
    """A list's rows (training streamed, so counted by the database) and how many."""
    from sgtui.exporters import lists
    from sgtui.services import reports

    if report == "practices":
        practices = reports.practice_lines(session, filters)
        return lists.practice_rows(practices), len(practices)
    if report == "reviews":
        found = reports.review_rows(session, filters)
        return lists.review_rows(found), len(found)
    lines = reports.training_lines(session, today, filters)
    return lists.training_rows(lines), reports.training_count(session, today, filters)


def _meetings(
    session: Any,
    svc: Any,
    args: argparse.Namespace,
    borough_id: int | None,
    progress: Progress | None = None,
) -> str:
    from sgtui.exporters.ical import write_calendar
    from sgtui.services.reports import meeting_events

    events = meeting_events(session, args.date_from, args.date_to, borough_id)
    write_calendar(events, args.output, stamp=svc.clock.now(), force=args.force, progress=progress)
    return f"{args.output}: {len(events)} meetings"


def _chase_emails(args: argparse.Namespace) -> int:
    """Write the drafts and record the chases in one step (its own transaction)."""
    from sgtui.cli.common import open_services
    from sgtui.config import ConfigError, load_settings
    from sgtui.exporters.chase_emails import draft_chase_emails
    from sgtui.exporters.safety import ExportError

    try:
        template = load_settings().chase_email
    except ConfigError as exc:
        raise ExportError(str(exc)) from None
    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            borough_id = _borough_id(session, args.borough)
        done = draft_chase_emails(
            svc, args.year, args.output, template, borough_id=borough_id, force=args.force
        )
    finally:
        svc.db.dispose()
    count = len(done.written)
    print(
        f"Wrote {count} chase e-mail draft{'s' if count != 1 else ''} to {args.output}"
        f" and recorded {'them' if count != 1 else 'it'} as chased today"
    )
    if done.no_email:
        print(f"Skipped {len(done.no_email)} with no e-mail address: {', '.join(done.no_email)}")
    return 0


def _require_suffix(path: str, suffix: str) -> None:
    from pathlib import Path

    from sgtui.exporters.safety import ExportError

    if Path(path).suffix.lower() != suffix:
        raise ExportError(f"{Path(path).name}: this report is written as a {suffix} file")


EXPORTERS = {
    "les-return": _les_return,
    "practices": _list,
    "quarterly": _quarterly,
    "actions": _list,
    "reviews": _list,
    "training": _list,
    "meetings": _meetings,
}
