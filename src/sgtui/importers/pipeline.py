"""The import, start to finish: read, detect, validate, link, then write atomically.

:func:`run_import` is the one entry point for the CLI and the TUI. It reads every sheet
of every file, turns rows into record values (collecting every problem with its cell),
checks cross-sheet links, and then writes everything in one transaction with the bulk
writer, after an SQLite backup. Nothing is written when any row is invalid, unless
``skip_invalid``: then the valid rows are written and the rejected ones saved to a
rejects workbook beside the source. A dry run does the same writes and rolls them back,
so its counts (inserted/updated/unchanged) are exact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sgtui.importers.cells import CellError, display_value
from sgtui.importers.codes import CODED, Coded, coded_reader
from sgtui.importers.detect import CRITERION, Detection, detect, mapping_of
from sgtui.importers.fields import header_key
from sgtui.importers.learning import (
    NotCompleted,
    OutsideCatalogue,
    not_completed_warning,
    outside_catalogue_warning,
)
from sgtui.importers.links import LinkContext, LinkProblem, resolve_links
from sgtui.importers.mapping import Mapping
from sgtui.importers.people_links import PeopleLinker
from sgtui.importers.reader import Workbook, column_letter, open_workbook
from sgtui.importers.records import (
    BUILDERS,
    READERS,
    RowProblem,
    absent_fields,
    answer_text,
    expand_steps,
    is_totals_row,
    kept_when_blank,
    privacy_warnings_of,
)
from sgtui.importers.report import ImportReport, RowError, SheetReport, UnmappedColumn
from sgtui.importers.safety import UnreadableFile
from sgtui.importers.staging import ImportRun, SheetWork, StagedRow
from sgtui.importers.writer import write_all
from sgtui.services.bulk import KEEP_STORED, collector_paused
from sgtui.services.context import Services
from sgtui.services.progress import Progress

MAX_KEPT_REJECTS = 100_000
LINKED_KINDS = frozenset({"actions", "recommendations", "reviews", "les"})
KIND_ORDER = ("practices", "meetings", "reviews", "recommendations", "actions", "les", "training")
DERIVED_WHEN_UNCACHED = {"expires_on", "status"}
"""Fields the importer can work out itself when a formula was saved without its value."""


@collector_paused()
def run_import(
    svc: Services,
    paths: list[Path],
    *,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    backup: bool = True,
    accept_changes: bool = False,
    accept_identifiers: bool = False,
    read_versions: dict[str, dict[int, int]] | None = None,
) -> ImportReport:
    """Import legacy workbooks; see the module docstring. Never raises for bad input.

    ``accept_changes`` writes changes to master data (a practice's name or borough, a
    person's organisation) too; otherwise they are listed as held back.
    ``accept_identifiers`` imports review subjects that look like real names or hold NHS
    numbers; otherwise each is an error (:mod:`sgtui.services.privacy`).
    ``read_versions`` is the :attr:`~ImportReport.read_versions` of the dry run of the same
    files this commit follows: a record saved since that dry run is left as saved and
    reported as a conflict, as if it had been saved during this import.
    """
    run = ImportRun(svc, mapping or Mapping(), ImportReport(dry_run=dry_run), progress)
    run.read_versions = read_versions or {}
    books: list[Workbook] = []
    try:
        for path in paths:
            books.append(open_workbook(path))
            _detect_all(run, books[-1])
        _check_something_recognised(run)
        with svc.session() as session:
            training = any(w.report.kind == "training" for w in run.work)
            ctx = LinkContext.load(session, people=training)
        ctx.accept_identifiers = accept_identifiers
        run.total = 2 * sum(w.source.height or 0 for w in run.work) or 2
        for work in _in_kind_order(run.work):
            _parse_sheet(run, work, ctx)
        _check_links(run, ctx)
        _report_unmapped(run)
        # The first half of the bar was reading; the second half is writing the valid rows.
        run.done = run.total // 2
        run.write_scale = run.done / max(1, sum(len(w.staged) for w in run.work))
        run.tick(0)
    except UnreadableFile as exc:
        run.report.fatal = str(exc)
        return run.report
    finally:
        for book in books:
            book.close()

    write_all(
        run,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        backup=backup,
        accept_changes=accept_changes,
    )
    return run.report


def _detect_all(run: ImportRun, book: Workbook) -> None:
    for sheet in book.sheets:
        detection = detect(sheet, run.mapping)
        report = SheetReport(book.path.name, sheet.name, skipped=detection.skipped)
        if detection.kind:
            report.kind = detection.kind.name
            report.header_row = detection.header_row
            report.mapping = mapping_of(detection)
            report.columns = {
                column_letter(i): f"{detection.headers[i]} -> {f}"
                for i, f in detection.columns.items()
            }
            run.work.append(SheetWork(book.path, sheet, detection, report))
            _ambiguous_headers(run, sheet.name, detection)
        run.report.sheets.append(report)


def _ambiguous_headers(run: ImportRun, sheet: str, detection: Detection) -> None:
    """A header matching two fields equally is shown, never guessed (the column is left out)."""
    for index, fields in detection.ambiguous.items():
        choices = " or ".join(fields)
        run.report.warnings.append(
            RowError(
                sheet,
                detection.header_row,
                column_letter(index),
                detection.headers[index],
                None,
                f"ambiguous header: could be {choices}; name it in the mapping file",
            )
        )


def _check_something_recognised(run: ImportRun) -> None:
    """A file with no recognisable sheet at all is refused as a whole, with its headers."""
    if run.work:
        return
    unread = [s for s in run.report.sheets if s.skipped and ": " in s.skipped]
    if unread:
        first = unread[0]
        closest = first.skipped.split(": ", 1)[1] if first.skipped else ""
        names = ", ".join(s.sheet for s in unread[:3])
        if closest.startswith("closest"):
            names = f"{names}; {first.sheet} came {closest}"
        raise UnreadableFile(
            f"no sheet has a header row sgtui recognises ({names}); "
            "name the columns in a mapping file (--mapping)"
        )
    raise UnreadableFile("nothing to import: every sheet is empty or skipped")


def _in_kind_order(work: list[SheetWork]) -> list[SheetWork]:
    return sorted(work, key=lambda w: KIND_ORDER.index(w.report.kind or "training"))


def _parse_sheet(run: ImportRun, work: SheetWork, ctx: LinkContext) -> None:
    detection = work.detection
    kind = detection.kind
    assert kind is not None and detection.header_row is not None
    if kind.name == "les" and not _scheme_year(run, work):
        return
    builder = BUILDERS[kind.name]
    absent = absent_fields(set(kind.by_name), set(detection.columns.values()))
    leave_alone = kept_when_blank(kind, set(detection.columns.values()))
    plan = _cell_plan(run, work)
    seen: dict[tuple[Any, ...], int] = {}
    prefix = f"{work.path.name}!{work.source.name}:"
    linked = kind.name in LINKED_KINDS
    # Decided once per sheet, not per row (a training log has 100,000 rows and no steps,
    # natural keys or coded columns):
    steps = expand_steps if any(s.kind == "step" for s in kind.fields) else _as_they_are
    keyed = kind.name in KEY_FIELDS
    header_row, report, staged_rows = detection.header_row, work.report, work.staged
    read = 0  # rows read since the progress bar last moved (it moves every thousand)
    for row_number, cells in work.source.rows():
        if row_number <= header_row:
            continue
        read += 1
        if read == PROGRESS_EVERY:
            run.tick(read)
            read = 0
        if is_totals_row(cells):
            continue
        report.rows += 1
        unmapped: list[tuple[int, str]] = []
        values, problems = _read_cells(run, work, plan, row_number, cells, unmapped)
        if not problems:
            keep = leave_alone(values)  # before the builder, which may consume values
            try:
                record = builder(steps(values), ctx)
                if keyed:
                    _check_duplicate(work, record, row_number, seen)
            except NotCompleted:
                work.report.rows -= 1
                work.not_completed += 1
                continue
            except OutsideCatalogue as exc:
                work.report.rows -= 1
                work.outside[exc.title] = work.outside.get(exc.title, 0) + 1
                continue
            except RowProblem as exc:
                located = _located(work, row_number, cells, exc.field, exc.message)
                problems.append(_hidden(located) if exc.private else located)
        if problems:
            _reject(run, work, row_number, cells, problems)
            continue
        for name, message in privacy_warnings_of(kind.name, record):
            located = _located(work, row_number, cells, name, message)
            run.report.warnings.append(_hidden(located))
        for name in absent:
            record.pop(name, None)
        record[KEEP_STORED] = keep
        # Rows whose links are checked later keep their cells for the rejects workbook;
        # training rows (the 100,000-row sheets) have no link that can fail.
        kept = cells if linked else _NO_CELLS
        staged = StagedRow(report, row_number, record, f"{prefix}{row_number}", kept)
        if unmapped:
            staged.unmapped = tuple(unmapped)
        staged_rows.append(staged)
    if read:
        run.tick(read)
    if work.not_completed:
        run.report.warnings.append(not_completed_warning(work.source.name, work.not_completed))
    if work.outside:
        run.report.warnings.append(outside_catalogue_warning(work.source.name, work.outside))


PROGRESS_EVERY = 1000
"""Rows read between two moves of the progress bar."""
_NO_CELLS: list[Any] = []
"""The kept cells of a row whose links cannot fail (shared: never changed)."""


def _as_they_are(values: dict[str, Any]) -> dict[str, Any]:
    """The cell values unchanged (a sheet with no step columns)."""
    return values


CellPlan = list[tuple[int, str, Any, dict[str, str], dict[Any, Any], bool]]
"""Per mapped column: (index, field, reader or None for an LES criterion, value map, memo,
whether the column is coded).

A coded column's reader applies the value map itself (per value, so "chron + tea" can map
"tea" alone); other columns have the map applied to the whole cell before reading.

The memo holds the value already read from each distinct cell value of the column (a
100,000-row training log repeats a few thousand names and dates): readers are pure.
"""
MEMO_TYPES = frozenset({str, date, datetime})
"""Cell types remembered by value (1, 1.0 and True are equal keys yet read differently)."""
MEMO_LIMIT = 100_000
"""Distinct values remembered per column, so memory stays bounded."""


def _cell_plan(run: ImportRun, work: SheetWork) -> CellPlan:
    """Work out each column's reader once per sheet, not once per cell."""
    kind = work.detection.kind
    assert kind is not None
    plan: CellPlan = []
    for index, field_name in work.detection.columns.items():
        if field_name == CRITERION:
            plan.append((index, field_name, None, {}, {}, False))
            continue
        spec = kind.by_name[field_name]
        value_map = run.mapping.value_map(field_name)
        coded = CODED.get((kind.name, field_name))
        if coded is not None:
            reader = coded_reader(coded[0], value_map, coded[1])
            plan.append((index, field_name, reader, {}, {}, True))
        elif spec.kind != "ignore":
            plan.append((index, field_name, READERS[spec.kind], value_map, {}, False))
    return plan


def _read_cells(
    run: ImportRun,
    work: SheetWork,
    plan: CellPlan,
    row_number: int,
    cells: list[Any],
    unmapped: list[tuple[int, str]],
) -> tuple[dict[str, Any], list[RowError]]:
    """Read every mapped cell by its field's type; collect every cell problem.

    Coded values that matched nothing are added to ``unmapped`` as (column, text).
    """
    values: dict[str, Any] = {}
    answers: dict[str, str] = {}
    problems: list[RowError] = []
    uncached = work.source.uncached
    width = len(cells)
    for index, field_name, reader, value_map, memo, coded in plan:
        raw = cells[index] if index < width else ""
        if uncached and (row_number, index) in uncached:
            _uncached(run, work, row_number, index, field_name)
            continue
        remember = type(raw) in MEMO_TYPES
        if remember and raw in memo:
            value = values[field_name] = memo[raw]
            if coded:
                _note_unmapped(value, index, unmapped)
            continue
        try:
            if reader is None:
                answer = answer_text(raw)
                if answer is not None:
                    answers[work.detection.headers[index]] = answer
                continue
            key = raw
            if value_map and isinstance(raw, str):
                raw = value_map.get(header_key(raw), raw)
            value = values[field_name] = reader(raw)
            if remember and len(memo) < MEMO_LIMIT:
                memo[key] = value
            if coded:
                _note_unmapped(value, index, unmapped)
        except CellError as exc:
            problems.append(_located(work, row_number, cells, field_name, str(exc), index))
    if answers:
        values["answers"] = answers
    return values, problems


def _note_unmapped(value: Any, index: int, unmapped: list[tuple[int, str]]) -> None:
    """Add a coded cell's unmapped values (one, or several for a multi-valued cell)."""
    for item in value if isinstance(value, tuple) else (value,):
        if isinstance(item, Coded) and item.text is not None:
            unmapped.append((index, item.text))


def _report_unmapped(run: ImportRun) -> None:
    """One :class:`UnmappedColumn` per coded column, and one warning per distinct value.

    Counted over the rows that will be written (after the link checks), so the counts are
    how many records keep each text. Spellings the value map treats as one ("Awaiting tea",
    "awaiting  tea") are one value, shown as first written: one mapping entry covers them.
    """
    for work in run.work:
        kind = work.detection.kind
        assert kind is not None
        counted: dict[int, Counter[str]] = {}
        first: dict[tuple[int, str], int] = {}
        spelling: dict[tuple[int, str], str] = {}  # the value map's key -> first spelling
        for staged in work.staged:
            for index, text in staged.unmapped:
                shown = spelling.setdefault((index, header_key(text)), text)
                counted.setdefault(index, Counter())[shown] += 1
                first.setdefault((index, shown), staged.row)
        for index, counts in sorted(counted.items()):
            field_name = work.detection.columns[index]
            header = work.detection.headers[index]
            letter = column_letter(index)
            table = CODED[(kind.name, field_name)][0]
            run.report.unmapped.append(
                UnmappedColumn(
                    work.source.name, letter, header, field_name, dict(counts), kind.name
                )
            )
            for text, count in counts.items():
                rows = "1 row" if count == 1 else f"{count:,} rows"
                run.report.warnings.append(
                    RowError(
                        work.source.name,
                        first[(index, text)],
                        letter,
                        header,
                        text,
                        f"matches no {table.what}; kept as written ({rows}). "
                        f"Map it under [values.{field_name}] in the mapping file",
                    )
                )


def _uncached(
    run: ImportRun, work: SheetWork, row_number: int, index: int, field_name: str
) -> None:
    kind = work.detection.kind
    assert kind is not None
    spec = kind.by_name.get(field_name)
    if field_name in DERIVED_WHEN_UNCACHED or (spec and spec.kind == "ignore"):
        return
    run.report.warnings.append(
        RowError(
            work.source.name,
            row_number,
            column_letter(index),
            work.detection.headers[index],
            None,
            "formula saved without its value (open and save the file in Excel, then import again)",
        )
    )


def _located(
    work: SheetWork,
    row_number: int,
    cells: list[Any],
    field_name: str | None,
    message: str,
    index: int | None = None,
) -> RowError:
    """A RowError pointing at the field's column (or the row, if the field has none)."""
    if index is None and field_name is not None:
        index = next((i for i, f in work.detection.columns.items() if f == field_name), None)
    if index is None:
        return RowError(work.source.name, row_number, None, None, None, message)
    raw = cells[index] if index < len(cells) else ""
    value = display_value(raw) if raw not in ("", None) else None
    header = work.detection.headers[index]
    return RowError(work.source.name, row_number, column_letter(index), header, value, message)


def _hidden(problem: RowError) -> RowError:
    """The problem without the cell's text, which may identify someone."""
    return replace(problem, value=None)


def _reject(
    run: ImportRun, work: SheetWork, row_number: int, cells: list[Any], problems: list[RowError]
) -> None:
    work.report.rejected += 1
    for problem in problems:
        run.error(problem)
    if len(work.rejects) < MAX_KEPT_REJECTS:
        work.rejects.append((row_number, cells, "; ".join(p.message for p in problems)))


KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "practices": ("ods_code",),
    "meetings": ("ref",),
    "actions": ("ref",),
    "reviews": ("ref",),
    "recommendations": ("review_ref", "number"),
    "les": ("ods_code", "practice_name"),
}


def _check_duplicate(
    work: SheetWork, record: dict[str, Any], row_number: int, seen: dict[tuple[Any, ...], int]
) -> None:
    """The same natural key twice in one sheet is an error: which row is right?"""
    fields = KEY_FIELDS.get(work.detection.kind.name if work.detection.kind else "")
    if not fields:
        return
    key = tuple(record.get(f) for f in fields)
    if key in seen:
        raise RowProblem(fields[0], f"duplicate of row {seen[key]}")
    seen[key] = row_number


def _scheme_year(run: ImportRun, work: SheetWork) -> bool:
    from sgtui.services.les import normalise_year

    for text in (work.source.name, work.detection.title_text):
        try:
            work.scheme_year = normalise_year(text)
            return True
        except ValueError:
            continue
    run.error(
        RowError(
            work.source.name,
            None,
            None,
            None,
            None,
            'cannot tell the LES scheme year: put it in the sheet name, e.g. "LES 2024-25"',
        )
    )
    header_row = work.detection.header_row or 0
    work.report.rejected = sum(1 for number, _ in work.source.rows() if number > header_row)
    return False


def _check_links(run: ImportRun, ctx: LinkContext) -> None:
    """Actions -> meetings, recommendations -> reviews, LES rows -> practices, training
    rows -> people (:mod:`sgtui.importers.people_links`)."""
    people = PeopleLinker(ctx, run.report, run.mapping.people)
    people.plan([w for w in run.work if w.report.kind == "training"])
    for work in run.work:
        kind = work.report.kind or ""
        if kind == "training":
            people.link_sheet(work)
            continue
        kept = []
        for staged in work.staged:
            try:
                warning = resolve_links(kind, staged.record, ctx)
            except LinkProblem as exc:
                problem = _located(work, staged.row, staged.cells, exc.field, exc.message)
                _reject(run, work, staged.row, staged.cells, [problem])
                continue
            if warning:
                run.report.warnings.append(
                    _located(work, staged.row, staged.cells, warning.field, warning.message)
                )
            kept.append(staged)
        work.staged = kept
