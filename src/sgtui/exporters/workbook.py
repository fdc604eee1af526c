"""Finished-looking .xlsx workbooks, streamed with openpyxl's write-only mode.

Every sheet gets the same treatment so an officer can send it without tidying it first:
a bold frozen header with an autofilter, widths fitted to the content, real dates and
numbers in UK formats, RAG colours that also carry a word, landscape fit-to-width
printing with the title and "OFFICIAL-SENSITIVE" in the page header, and document
properties naming the officer. Rows are streamed, so 100,000 training records need no
more memory than 100.
"""

from __future__ import annotations

import contextlib
import itertools
import textwrap
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.writer.excel import ExcelWriter

from sgtui.exporters.progress import RowProgress
from sgtui.exporters.safety import MARKING, atomic_target, is_dangerous, scratch_failure
from sgtui.services.progress import Progress

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TIME_FORMAT = "hh:mm"
FORMATS = {"percent": "0.0%", "whole_percent": "0%", "int": "#,##0", "number": "#,##0.0#"}
WIDTHS = {
    "time": 8,
    "date": 12,
    "datetime": 18,
    "percent": 9,
    "whole_percent": 8,
    "int": 8,
    "number": 10,
    "rag": 10,
}
"""The narrowest each kind of column may be: a date never prints as ``###``."""
NARROW_MARGINS = PageMargins(left=0.25, right=0.25, top=0.75, bottom=0.75, header=0.3, footer=0.3)
"""Inches; a one-page-wide sheet prints larger the less of the page the margins take."""
SAMPLE_ROWS = 200
"""Rows looked at to size columns before the rest are streamed."""
MAX_WIDTH = 60

RAG_STYLES = {
    "Red": ("FFC7CE", "9C0006"),
    "Amber": ("FFEB9C", "9C5700"),
    "Green": ("C6EFCE", "006100"),
    "Complete": ("BDD7EE", "1F4E78"),
}
"""Word -> (fill, font colour); the word is always in the cell so colour is never alone."""

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
"""Header cells wrap, so a long heading takes two lines rather than a wide column."""
WRAP_ALIGN = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class SheetColumn:
    """One exported column: its header, how values are shown, and optional RAG colouring.

    ``kind`` is text, date, datetime, int, number, percent (values are fractions: 0.92,
    shown 92.0%), whole_percent (fractions shown 92%, as a percentage answer) or rag (the words Red/Amber/Green/Complete). ``thresholds`` = (red below, amber
    below) colours a percent column: e.g. (0.8, 0.95).
    """

    header: str
    kind: str = "text"
    width: float | None = None
    thresholds: tuple[float, float] | None = None


def field_column(kind: str, name: str, value_kind: str = "text", **extra: Any) -> SheetColumn:
    """A column holding a registry field, headed by the field's label as the form shows it.

    One definition: a field renamed in :mod:`sgtui.services.registry` is renamed in
    every export too.
    """
    from sgtui.services.registry import label

    return SheetColumn(label(kind, name), value_kind, **extra)


def as_columns(columns: Sequence[SheetColumn | str]) -> list[SheetColumn]:
    """Accept bare header strings (a TUI table's labels) as text columns."""
    return [c if isinstance(c, SheetColumn) else SheetColumn(str(c)) for c in columns]


class SheetWriter:
    """Streams rows into one worksheet, styling cells by value type and column kind."""

    def __init__(
        self, ws: WriteOnlyWorksheet, columns: Sequence[SheetColumn], widths: Sequence[float] = ()
    ) -> None:
        self.ws = ws
        self.columns = list(columns)
        self.rows_written = 0
        self._templates: dict[tuple[int, str], WriteOnlyCell] = {}
        self._fits = [int(width) - 2 for width in widths]
        """Characters of text each column shows on one line; longer text wraps."""

    def append(self, values: Sequence[Any]) -> None:
        """Write one row; dates, percentages and dangerous text get styled cells."""
        self.ws.append([self._cell(i, v) for i, v in enumerate(values)])
        self.rows_written += 1

    def append_header(self, values: Sequence[Any]) -> None:
        """Write a header row: bold on grey, wrapped, so it reads on a fixed-width sheet."""
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.ws, value=value)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
            cells.append(cell)
        self.ws.append(cells)
        self.rows_written += 1

    def _cell(self, index: int, value: Any) -> Any:
        """The value itself when no style is needed (fast path), else a reused styled cell."""
        if value is None:
            return None
        if isinstance(value, str):
            if is_dangerous(value):
                return self._text(index, value)
            return self._styled(index, value, "wrap") if self._overflows(index, value) else value
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, int | float | Decimal):
            kind = self.columns[index].kind if index < len(self.columns) else "text"
            return self._styled(index, value, FORMATS[kind]) if kind in FORMATS else value
        if isinstance(value, datetime):
            return self._styled(index, _naive_london(value), DATETIME_FORMAT)
        if isinstance(value, date):
            return self._styled(index, value, DATE_FORMAT)
        if isinstance(value, time):
            return self._styled(index, value, TIME_FORMAT)
        return str(value)

    def _template(self, index: int, fmt: str) -> WriteOnlyCell:
        """One cell object per column and format, reused row after row.

        openpyxl serialises a row as soon as it is appended, so reusing the cell is
        safe and avoids re-resolving the style for each of 100,000 rows.
        """
        key = (index, fmt)
        cell = self._templates.get(key)
        if cell is None:
            cell = WriteOnlyCell(self.ws)
            if fmt == "text":
                cell.quotePrefix = True
            elif fmt == "wrap":
                cell.alignment = WRAP_ALIGN
            else:
                cell.number_format = fmt
            self._templates[key] = cell
        return cell

    def _overflows(self, index: int, text: str) -> bool:
        """Text wider than its column (a long question) or on several lines (a note) wraps,
        so it shows in full rather than cut off at the next cell."""
        return index < len(self._fits) and (len(text) > self._fits[index] or "\n" in text)

    def _styled(self, index: int, value: Any, fmt: str) -> WriteOnlyCell:
        cell = self._template(index, fmt)
        cell.value = value
        return cell

    def _text(self, index: int, text: str) -> WriteOnlyCell:
        """Text kept as text: a string cell with Excel's quote prefix, never a formula."""
        cell = self._template(index, "text")
        cell.value = text
        cell.data_type = "s"
        return cell


def _naive_london(value: datetime) -> datetime:
    """Excel has no time zones: show aware instants as London wall-clock time."""
    if value.tzinfo is None:
        return value
    from sgtui.clock import to_london

    return to_london(value).replace(tzinfo=None)


def display_width(value: Any) -> int:
    """Characters the value takes as shown: a date and time as "dd/mm/yyyy hh:mm"."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("dd/mm/yyyy hh:mm")
    if isinstance(value, date):
        return len("dd/mm/yyyy")
    if isinstance(value, time):
        return len("hh:mm")
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def header_width(header: str) -> int:
    """A header wraps, so it needs only its longest word on a line (8 to 24 characters).

    Sizing by the whole heading made "Contract signed" wider than the dates under it,
    and the practice grid too wide to print legibly on one page.
    """
    longest_word = max((len(word) for word in header.split()), default=0)
    return min(max(longest_word, min(len(header), 8)), 24)


def fit_widths(columns: Sequence[SheetColumn], sample: Sequence[Sequence[Any]]) -> list[float]:
    """Column widths from the header and a sample of rows, so no value prints as ``###``.

    The one sizing rule for every sheet. A column's ``width`` is a floor, never a cap:
    a value wider than it widens the column (up to :data:`MAX_WIDTH`, where text wraps).
    """
    widths = []
    for index, column in enumerate(columns):
        values = (display_width(row[index]) for row in sample if index < len(row))
        longest = max(values, default=0)
        floor = max(column.width or 0, WIDTHS.get(column.kind, 8))
        fitted = min(max(longest, header_width(column.header)) + 2, MAX_WIDTH)
        widths.append(float(max(fitted, floor)))
    return widths


class WorkbookBuilder:
    """Builds one workbook sheet by sheet and saves it atomically.

    Sheets are streamed as they are added; call :meth:`save` once at the end. Give
    ``progress`` the exact ``total`` of data rows across every sheet to hear how far
    the writing has got (see :class:`~sgtui.exporters.progress.RowProgress`).
    """

    def __init__(
        self,
        *,
        title: str,
        author: str,
        created: datetime,
        progress: Progress | None = None,
        total: int | None = None,
    ) -> None:
        self.title = title
        self.book = Workbook(write_only=True)
        self.rows = RowProgress(total, progress)
        created = created.astimezone(UTC).replace(tzinfo=None)
        self.book.properties.title = title
        self.book.properties.creator = author
        self.book.properties.lastModifiedBy = author
        self.book.properties.created = created
        self.book.properties.modified = created
        self.book.properties.subject = MARKING
        self.book.properties.keywords = MARKING

    def new_sheet(self, name: str, *, title: str | None = None) -> WriteOnlyWorksheet:
        """An empty sheet set up for printing (call before writing any row)."""
        ws = self.book.create_sheet(name[:31])
        _print_setup(ws, title or f"{self.title}: {name}")
        return ws

    def table(
        self,
        name: str,
        columns: Sequence[SheetColumn],
        rows: Iterable[Sequence[Any]],
        *,
        title: str | None = None,
    ) -> SheetWriter:
        """A list sheet: header, frozen, filtered, formatted; rows are streamed."""
        ws = self.new_sheet(name, title=title)
        iterator = iter(rows)
        sample = list(itertools.islice(iterator, SAMPLE_ROWS))
        widths = fit_widths(columns, sample)
        _set_widths(ws, widths)
        _set_header_height(ws, 1, columns, widths)
        ws.freeze_panes = "A2"
        writer = SheetWriter(ws, columns, widths)
        with self._streaming():
            writer.append_header([c.header for c in columns])
            for row in self.rows.counted(itertools.chain(sample, iterator)):
                writer.append(row)
        last = get_column_letter(max(len(columns), 1))
        ws.auto_filter.ref = f"A1:{last}{writer.rows_written}"
        ws.print_title_rows = "1:1"
        add_rag_formatting(ws, columns, first_row=2, last_row=max(writer.rows_written, 2))
        return writer

    def stacked(
        self, name: str, blocks: Sequence[tuple[Sequence[SheetColumn], Iterable[Sequence[Any]]]]
    ) -> tuple[WriteOnlyWorksheet, list[int]]:
        """A sheet of small tables one under another (measures, then a breakdown).

        Returns the sheet and each block's header row, for charts and RAG rules.
        """
        ws = self.new_sheet(name)
        listed = [(columns, list(rows)) for columns, rows in blocks]
        widths: dict[int, float] = {}
        for columns, rows in listed:
            for index, width in enumerate(fit_widths(columns, rows)):
                widths[index] = max(widths.get(index, 0), width)
        sheet_widths = [widths[i] for i in sorted(widths)]
        _set_widths(ws, sheet_widths)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        header_rows, written = [], 0
        with self._streaming():
            for columns, rows in listed:
                if written:
                    ws.append([])
                    written += 1
                writer = SheetWriter(ws, columns, sheet_widths)
                _set_header_height(ws, written + 1, columns, sheet_widths)
                writer.append_header([c.header for c in columns])
                header_rows.append(written + 1)
                for row in self.rows.counted(rows):
                    writer.append(row)
                written += writer.rows_written
        return ws, header_rows

    @contextlib.contextmanager
    def _streaming(self) -> Iterator[None]:
        """Rows go through openpyxl's files in the temporary folder: a failure there is
        an :class:`ExportError` too, and the streams are discarded."""
        try:
            yield
        except OSError as exc:
            _discard_streams(self.book)
            raise scratch_failure(exc) from None

    def save(self, path: str | Path, *, force: bool = False) -> Path:
        """Write the workbook to ``path`` via a temporary file; owner-only permissions."""
        if not self.book.worksheets:
            self.new_sheet("Empty").append(["No records"])
        try:
            with self._streaming():
                for ws in self.book.worksheets:
                    ws.close()  # the last rows reach the temporary folder before the target
            with atomic_target(path, force=force) as temp:
                _write_book(self.book, temp)
        except BaseException:
            _discard_streams(self.book)
            raise
        self.rows.finish()
        return Path(path)


def _write_book(book: Workbook, temp: Path) -> None:
    """openpyxl's ``save_workbook``, but the zip is closed even when a write fails.

    Its own leaves the archive open on a full disk: Windows then cannot remove the
    temporary file, and the archive's clean-up later prints a stray traceback. The
    document's modified time stays the one the builder was given (the app's clock).
    """
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


def _discard_streams(book: Workbook) -> None:
    """After a failed save: finish each sheet's row stream and delete its temporary file.

    openpyxl streams write-only rows into files in the system's temporary folder; left
    alone they hold the rows until the program ends, and each stream's clean-up prints
    "Exception ignored" with a traceback when it is collected.
    """
    for ws in book.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(Exception):
                writer.cleanup()


def _set_widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


LINE_HEIGHT = 15.0
"""Points per line of 11-point text: Excel's default row height."""


def header_lines(columns: Sequence[SheetColumn], widths: Sequence[float]) -> int:
    """Lines the tallest wrapped header takes in its column."""
    return max(
        (
            len(textwrap.wrap(column.header, max(int(width) - 2, 1)) or [""])
            for column, width in zip(columns, widths, strict=False)
        ),
        default=1,
    )


def _set_header_height(
    ws: WriteOnlyWorksheet, row: int, columns: Sequence[SheetColumn], widths: Sequence[float]
) -> None:
    """A header row tall enough for its wrapped headings (set before the row is written).

    Rows are streamed, so no spreadsheet has measured them when the file is opened:
    without a height a two-line heading shows only its first line.
    """
    lines = header_lines(columns, widths)
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines


def _print_setup(ws: WriteOnlyWorksheet, title: str) -> None:
    """Landscape A4, one page wide, title and protective marking in the header."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = NARROW_MARGINS  # Excel's "Narrow": more of the page for the columns
    ws.print_options.gridLines = True
    ws.oddHeader.center.text = MARKING
    ws.oddHeader.center.font = "Arial,Bold"
    ws.oddHeader.left.text = _header_text(title)
    ws.oddFooter.center.text = MARKING
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.left.text = "Printed &D"


def _header_text(text: str) -> str:
    """Header text with "&" escaped (it starts a header code) and kept short."""
    return text.replace("&", "&&")[:120]


def add_rag_formatting(
    ws: WriteOnlyWorksheet, columns: Sequence[SheetColumn], *, first_row: int, last_row: int
) -> None:
    """Colour RAG word columns and thresholded percent columns."""
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{first_row}:{letter}{last_row}"
        if column.kind == "rag":
            for word, (fill, colour) in RAG_STYLES.items():
                ws.conditional_formatting.add(cells, _rule("equal", [f'"{word}"'], fill, colour))
        elif column.thresholds is not None:
            red, amber = column.thresholds
            first = f"{letter}{first_row}"
            for limit, word in ((red, "Red"), (amber, "Amber")):
                ws.conditional_formatting.add(cells, _below_rule(first, limit, word))
            ws.conditional_formatting.add(
                cells, _rule("greaterThanOrEqual", [str(amber)], *RAG_STYLES["Green"])
            )


def _below_rule(first_cell: str, limit: float, word: str) -> FormulaRule:
    """Colours a figure below ``limit``, but never a blank cell: blank is no answer.

    A plain "less than" rule reads a blank as 0, so it painted every practice without
    a return red. The formula is the rule's condition, not a cell's value: no cell of
    an export ever holds a live formula.
    """
    fill, colour = RAG_STYLES[word]
    return FormulaRule(
        formula=[f"AND(NOT(ISBLANK({first_cell})),{first_cell}<{limit})"],
        fill=PatternFill("solid", bgColor=fill, fgColor=fill),
        font=Font(color=colour),
        stopIfTrue=True,
    )


def _rule(operator: str, formula: list[str], fill: str, colour: str) -> CellIsRule:
    return CellIsRule(
        operator=operator,
        formula=formula,
        fill=PatternFill("solid", bgColor=fill, fgColor=fill),
        font=Font(color=colour),
        stopIfTrue=True,
    )


def add_bar_chart(
    ws: WriteOnlyWorksheet,
    *,
    data_sheet: WriteOnlyWorksheet,
    label_col: int,
    value_col: int,
    header_row: int,
    last_row: int,
    title: str,
    anchor: str,
) -> None:
    """A horizontal bar chart of one percent column (e.g. compliance per criterion)."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.legend = None
    chart.height = max(7.5, 0.6 * (last_row - header_row) + 3)
    chart.width = 18
    data = Reference(data_sheet, min_col=value_col, min_row=header_row, max_row=last_row)
    labels = Reference(data_sheet, min_col=label_col, min_row=header_row + 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    # Bars are drawn bottom-up; reversing the category axis lists them top-down, in the
    # table's order, and "max" keeps the percentage scale along the bottom.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"
    ws.add_chart(chart, anchor)


def rows_of(records: Iterable[Any], getters: Sequence[Any]) -> Iterator[list[Any]]:
    """Rows built by applying each getter to each record (keeps report code declarative)."""
    for record in records:
        yield [getter(record) for getter in getters]
