"""`sgtui export ...`: the Named GP's LES return, quarterly figures, lists and calendars.

    sgtui export les-return --year 2024/25 [--borough NAME | --all] -o FILE.xlsx
    sgtui export quarterly --quarter 2024-Q3 [--borough NAME] -o FILE.xlsx
    sgtui export practices [--borough NAME] [--status active|closed] -o FILE.xlsx|.csv
    sgtui export actions|reviews|training [--borough NAME] [--from D] [--to D] [--status S] -o FILE.xlsx|.csv
    sgtui export meetings [--from dd/mm/yyyy] [--to dd/mm/yyyy] [--borough NAME] -o FILE.ics
    sgtui export chase-emails --year 2026/27 [--borough NAME] -o FOLDER

An existing file is only replaced with --force. The reports, their options and the
writing are :mod:`sgtui.exporters.reports`, which the app's Export screen calls too.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from sgtui.exporters.reports import REPORTS, ReportKind, ReportRequest
from sgtui.paths import typed_path

NAME = "export"
HELP = "export the LES return, quarterly figures, practices, action logs, reviews, training or meetings"


def uk_date(text: str) -> date:
    """argparse type: a day-first date (dd/mm/yyyy and friends)."""
    from sgtui.services.ukdates import DateParseError, parse_uk_date

    try:
        return parse_uk_date(text)
    except DateParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(sub: argparse.ArgumentParser, suffixes: tuple[str, ...]) -> None:
    sub.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=f"file to write ({' or '.join(suffixes)})",
        type=lambda text: str(typed_path(text)),  # "~" expanded even where no shell does it
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
    """One sub-command per report in the registry, with the options that report takes."""
    reports = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    for kind in REPORTS:
        _add_report(reports.add_parser(kind.name, help=kind.help), kind)
    _add_chase_emails(reports)


def _add_report(sub: argparse.ArgumentParser, kind: ReportKind) -> None:
    if "year" in kind.options:
        sub.add_argument("--year", required=True, help="scheme year, e.g. 2024/25")
    if "quarter" in kind.options:
        sub.add_argument(
            "--quarter", required=True, help="financial quarter, e.g. 2024-Q3 (Oct-Dec 2024)"
        )
    if "borough" in kind.options and "year" in kind.options:
        scope = sub.add_mutually_exclusive_group()
        scope.add_argument("--borough", help="one borough (name or code)")
        scope.add_argument("--all", action="store_true", help="all boroughs (the default)")
    elif "borough" in kind.options:
        sub.add_argument("--borough", help="one borough (name or code; default: all)")
    if "dates" in kind.options:
        _dates(sub, kind.dates_of)
    if kind.statuses:
        sub.add_argument("--status", choices=kind.statuses, help="only records with this status")
    _common(sub, kind.suffixes)


def request_from(args: argparse.Namespace) -> ReportRequest:
    """The parsed command line as the report layer's request."""
    return ReportRequest(
        report=args.report,
        output=Path(args.output),
        year=getattr(args, "year", None),
        quarter=getattr(args, "quarter", None),
        borough=getattr(args, "borough", None),
        date_from=getattr(args, "date_from", None),
        date_to=getattr(args, "date_to", None),
        status=getattr(args, "status", None),
        force=args.force,
    )


def _add_chase_emails(reports: Any) -> None:
    """Not a registry report: it writes a folder of drafts and records the chases in the
    same transaction (see :mod:`sgtui.services.chase`)."""
    sub = reports.add_parser(
        "chase-emails", help="an Outlook draft (.eml) to each practice whose LES return is due"
    )
    sub.add_argument("--year", required=True, help="scheme year, e.g. 2026/27")
    sub.add_argument("--borough", help="one borough (name or code)")
    sub.add_argument(
        "-o", "--output", required=True, metavar="FOLDER", help="folder to write to",
        type=lambda text: str(typed_path(text)),
    )  # fmt: skip
    sub.add_argument("--force", action="store_true", help="replace drafts of the same name")
    sub.add_argument(
        "--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help="SQLite file or URL"
    )


def run(args: argparse.Namespace) -> int:
    """Open the database, write the report, say where it went (and what it holds)."""
    from sgtui.cli.common import open_services, warn
    from sgtui.exporters.reports import write_report

    if args.report == "chase-emails":
        return _chase_emails(args)
    svc = open_services(args, create=False)
    try:
        result = write_report(svc, request_from(args))
    finally:
        svc.db.dispose()
    for warning in result.warnings:
        warn(warning)
    print(f"Wrote {args.output}" + (f": {result.summary}" if result.summary else ""))
    return 0


def _chase_emails(args: argparse.Namespace) -> int:
    """Write the drafts and record the chases in one step (its own transaction)."""
    from sgtui.cli.common import open_services
    from sgtui.config import ConfigError, load_settings
    from sgtui.exporters.chase_emails import draft_chase_emails
    from sgtui.exporters.safety import ExportError
    from sgtui.services.reports import borough_by_name

    try:
        template = load_settings().chase_email
    except ConfigError as exc:
        raise ExportError(str(exc)) from None
    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            borough_id = borough_by_name(session, args.borough).id if args.borough else None
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
