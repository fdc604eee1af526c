"""`sgtui practices refresh FILE`: update the GP practice list from an NHS ODS extract."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "practices"
HELP = "update the GP practice list from a newer NHS ODS extract (epraccur CSV)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``refresh FILE [--dry-run] [--json] [--commissioner CODE ...]``."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    refresh = actions.add_parser(
        "refresh",
        help="add new practices, update names and addresses, mark closed ones inactive",
        description="Update the practices from an NHS ODS epraccur extract (CSV, no header "
        "row). Practices are never deleted: closed ones are marked inactive.",
    )
    refresh.add_argument("file", type=Path, metavar="FILE", help="the epraccur CSV")
    refresh.add_argument("--dry-run", action="store_true", help="show the counts; save nothing")
    refresh.add_argument("--json", action="store_true", help="print the result as JSON")
    refresh.add_argument(
        "--commissioner",
        action="append",
        metavar="CODE",
        help="ICB or commissioner code whose new practices to add (default: the codes the "
        "known practices carry in the file); repeat for more",
    )


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services, print_json
    from sgtui.filecheck import check_regular_file
    from sgtui.services.ods_refresh import refresh_practices

    check_regular_file(args.file)  # says "is a folder" / "is a named pipe", never hangs
    svc = open_services(args)
    try:
        with svc.session() as session:
            report = refresh_practices(
                session, svc, args.file, dry_run=args.dry_run, commissioners=args.commissioner
            )
    finally:
        svc.db.dispose()
    if args.json:
        print_json(report.as_json())
        return 0
    counts = report.counts()
    print(
        f"{report.file}: {counts['added']} added, {counts['updated']} updated, "
        f"{counts['closed']} closed, {counts['unchanged']} unchanged"
        + (" (dry run: nothing saved)" if report.dry_run else "")
    )
    if report.without_borough:
        print(
            f"{len(report.without_borough)} new practice(s) without a borough (set it on the "
            f"Practices screen): {', '.join(report.without_borough)}"
        )
    if report.not_in_file:
        print(f"{len(report.not_in_file)} known practice(s) not in the file were left as they are")
    return 0
