"""`sgtui import PATH...`: import legacy Excel workbooks (xlsx, xlsm, xls, ods, csv).

Exit codes: 0 imported (or a clean dry run); 1 rows are invalid so nothing was written
(or a dry run found errors), or another import held the database too long; 2 a file was refused (not a workbook, password, zip bomb,
nothing recognisable) or another usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

NAME = "import"
HELP = "import legacy workbooks (.xlsx .xlsm .xls .ods .csv): atomic, idempotent, explained"
MAX_PRINTED_ERRORS = 50
MAX_PRINTED_CHANGES = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """PATH... plus --dry-run, --mapping, --skip-invalid, --accept-changes,
    --accept-identifiers and --json."""
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="workbook(s) to import")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen; write nothing"
    )
    parser.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="TOML file of sheet kinds, header names, value maps",
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="write the valid rows; save the invalid ones to <name>-rejects.xlsx",
    )
    parser.add_argument(
        "--accept-changes",
        action="store_true",
        help="also write changes to master data (practice name or borough, person organisation)",
    )
    parser.add_argument(
        "--accept-identifiers",
        action="store_true",
        help=(
            "import review subjects that look like a real name or hold an NHS number"
            " (otherwise each is an error: map it to a pseudonym under [values.subject])"
        ),
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    """Run the import and print the report; under ``--json`` even a failure is one JSON
    document on stdout (a script reads it), never plain text."""
    import os

    from sgtui.cli.main import EXIT_USAGE, user_message

    try:
        return _run(args)
    except Exception as exc:
        if not args.json or os.environ.get("SGTUI_DEBUG"):
            raise
        return _refuse(args, user_message(exc), EXIT_USAGE)


def _run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services, print_json
    from sgtui.cli.main import EXIT_FAILED, EXIT_OK, EXIT_USAGE
    from sgtui.filecheck import check_regular_file
    from sgtui.importers.mapping import load_mapping
    from sgtui.importers.pipeline import run_import
    from sgtui.importers.safety import UnreadableFile
    from sgtui.store.errors import DatabaseBusy

    try:
        mapping = load_mapping(args.mapping)
    except UnreadableFile as exc:
        return _refuse(args, str(exc), EXIT_USAGE)
    try:
        for path in args.paths:
            check_regular_file(path, error=UnreadableFile)
    except UnreadableFile as exc:
        return _refuse(args, str(exc), EXIT_USAGE)
    try:
        svc = open_services(args)
    except DatabaseBusy as exc:  # --json still gets one JSON document
        return _refuse(args, str(exc), EXIT_FAILED)
    try:
        with _progress(args) as progress:
            report = run_import(
                svc,
                list(args.paths),
                mapping=mapping,
                dry_run=args.dry_run,
                skip_invalid=args.skip_invalid,
                progress=progress,
                accept_changes=args.accept_changes,
                accept_identifiers=args.accept_identifiers,
            )
    finally:
        svc.db.dispose()
    if args.json:
        print_json(report.as_json(with_mapping=args.dry_run))
    else:
        _print_report(report)
    if report.fatal:
        if not args.json:
            import sys

            print(f"sgtui: error: {report.fatal}", file=sys.stderr)
        return EXIT_FAILED if report.busy else EXIT_USAGE
    return EXIT_OK if report.ok else EXIT_FAILED


def _refuse(args: argparse.Namespace, message: str, code: int) -> int:
    import sys

    from sgtui.cli.common import print_json

    if args.json:
        print_json(
            {
                "committed": False,
                "sheets": [],
                "errors": [],
                "warnings": [],
                "changes": [],
                "conflicts": [],
                "fatal": message,
            }
        )
    else:
        print(f"sgtui: error: {message}", file=sys.stderr)
    return code


class _progress:
    """A Rich progress bar on stderr for interactive text output; nothing otherwise."""

    def __init__(self, args: argparse.Namespace) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.enabled = not args.json and self.console.is_terminal
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bar = Progress(
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("import", total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_report(report: Any) -> None:
    from rich.table import Table

    from sgtui.cli.common import console

    out = console()
    several = len({sheet.file for sheet in report.sheets}) > 1
    table = Table(title="Import" + (" (dry run)" if report.dry_run else ""))
    columns = ["File"] * several + ["Sheet", "Kind", "Header row"]
    for column in [*columns, "Inserted", "Updated", "Unchanged", "Rejected"]:
        table.add_column(column, justify="left" if column in ("File", "Sheet", "Kind") else "right")
    for sheet in report.sheets:
        kind = sheet.kind or f"skipped: {sheet.skipped}"
        numbers = [sheet.inserted, sheet.updated, sheet.unchanged, sheet.rejected]
        header = str(sheet.header_row) if sheet.header_row else "-"
        cells = [sheet.file] * several + [sheet.sheet, kind, header]
        table.add_row(*cells, *(str(n) if sheet.kind else "" for n in numbers))
    if report.sheets:
        out.print(table)
    if report.dry_run:
        _print_mappings(out, report)
    _print_unmapped(out, report)
    _print_changes(out, report)
    _print_conflicts(out, report)
    for title, problems in (("Errors", report.errors), ("Warnings", report.warnings)):
        if problems:
            out.print(f"[bold]{title}[/bold] ({len(problems)})")
            for problem in problems[:MAX_PRINTED_ERRORS]:
                out.print(f"  {problem}", markup=False, highlight=False)
            if len(problems) > MAX_PRINTED_ERRORS:
                out.print(f"  … and {len(problems) - MAX_PRINTED_ERRORS} more (use --json for all)")
    out.print(_summary(report) + _held_note(report), markup=False, highlight=False)


def _print_changes(out: Any, report: Any) -> None:
    """Each changed field as ``practice G85006 borough: Southwark → Lambeth``."""
    held = [c for c in report.changes if c.held]
    written = [c for c in report.changes if not c.held]
    written_title = "Changes written" if report.committed else "Changes it would write"
    for title, changes in (
        (f"Changes to master data held back ({len(held)})", held),
        (f"{written_title} ({len(written)})", written),
    ):
        if not changes:
            continue
        out.print(f"[bold]{title}[/bold]")
        for change in changes[:MAX_PRINTED_CHANGES]:
            out.print(f"  {change}", markup=False, highlight=False)
        if len(changes) > MAX_PRINTED_CHANGES:
            rest = len(changes) - MAX_PRINTED_CHANGES
            out.print(f"  … and {rest} more (use --json for all)")


def _print_conflicts(out: Any, report: Any) -> None:
    """Records a colleague saved after the import read them: theirs kept, both shown."""
    if not report.conflicts:
        return
    records = len({c.record for c in report.conflicts})
    out.print(f"[bold]Saved by a colleague meanwhile: not written[/bold] ({records} record(s))")
    for conflict in report.conflicts[:MAX_PRINTED_CHANGES]:
        out.print(f"  {conflict}", markup=False, highlight=False)
    if len(report.conflicts) > MAX_PRINTED_CHANGES:
        rest = len(report.conflicts) - MAX_PRINTED_CHANGES
        out.print(f"  … and {rest} more (use --json for all)")
    out.print("  Their values are kept: edit by hand where the workbook is right.")


def _held_note(report: Any) -> str:
    held = len(report.held)
    if not held:
        return ""
    return (
        f" {held} change(s) to master data (practice name or borough, person organisation) "
        "held back: import again with --accept-changes to write them."
    )


def _print_unmapped(out: Any, report: Any) -> None:
    """A short table of the distinct coded values kept as written, per column."""
    if not getattr(report, "unmapped", None):
        return
    from rich.table import Table

    table = Table(title="Values kept as written (no catalogue match)")
    for column in ("Sheet", "Column", "Field", "Value", "Rows"):
        table.add_column(column, justify="right" if column == "Rows" else "left")
    for entry in report.unmapped:
        where = f"{entry.column} ({entry.header})"
        for text, count in sorted(entry.values.items(), key=lambda item: (-item[1], item[0])):
            table.add_row(entry.sheet, where, entry.field, text, str(count))
    out.print(table)
    out.print(
        'Map each once in the mapping file, e.g. [values.<field>] "<value>" = "<code>"',
        markup=False,
        highlight=False,
    )


def _print_mappings(out: Any, report: Any) -> None:
    for sheet in report.sheets:
        if sheet.columns:
            out.print(f"[bold]{sheet.sheet}[/bold] columns:")
            for letter, text in sheet.columns.items():
                out.print(f"  {letter}: {text}", markup=False, highlight=False)


def _summary(report: Any) -> str:
    totals = report.totals()
    counts = ", ".join(f"{v} {k}" for k, v in totals.items())
    if report.fatal:
        return "Nothing imported."
    if report.committed:
        extra = (
            f"; rejected rows saved to {', '.join(report.rejects_files)}"
            if report.rejects_files
            else ""
        )
        if report.import_number is not None:
            extra += f" (import {report.import_number}: `sgtui undo --import {report.import_number}` takes it back)"
        return f"Imported: {counts}{extra}."
    if report.dry_run:
        return f"Dry run, nothing written: {counts}."
    return (
        f"Nothing written: {totals['rejected']} row(s) have errors. Fix them and import again, "
        "or use --skip-invalid to import the valid rows."
    )
