"""Reading a checked file into sheets of rows, with bounded memory.

python-calamine reads xlsx/xlsm/xls/ods about 12x faster than openpyxl and gives each
formula's cached value, never its text. Rows are streamed from each sheet: reading
stops after :data:`BLANK_RUN_LIMIT` consecutive blank rows (a sheet "formatted" down
to row 1,048,576 holds nothing below its data), only the first :data:`MAX_COLUMNS`
columns are read, and over-long cell text is replaced by a short :class:`TooLong`
marker so the row can be rejected with a message.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sgtui.filecheck import open_regular
from sgtui.importers.cells import MAX_CELL_CHARS, TooLong
from sgtui.importers.extent import MAX_SHEET_CELLS
from sgtui.importers.safety import PASSWORD_MESSAGE, FileScan, UnreadableFile, scan_file

BLANK_RUN_LIMIT = 1000
MAX_COLUMNS = 200
MAX_CSV_ROW_CHARS = 2_000_000
"""One CSV row's text at most: 200 columns (all that is read) of the 10,000 characters a
cell may hold, so a file past it is not a tracker; a row that long costs tens of MB."""
MAX_CSV_FIELDS = 16_384
"""Excel's own column limit: a wider CSV row is not a spreadsheet's."""
CSV_CHUNK = 1024 * 1024
HEAD_ROWS = 30
"""How many rows from the top are searched for the header row."""

NumberedRow = tuple[int, list[Any]]
"""(the row number as Excel shows it, the cell values)."""


@dataclass
class SheetSource:
    """One sheet to import: its name, visibility and a way to stream its rows."""

    name: str
    visible: bool
    rows_factory: Any
    """A callable returning a fresh iterator of raw rows (lists of values), top first."""
    first_row: int = 1
    height: int | None = None
    """Rows the sheet claims to span (for progress only; rows() stops earlier)."""
    uncached: set[tuple[int, int]] = field(default_factory=set)
    """(Excel row, 0-based column) of formula cells saved without a value."""

    def rows(self) -> Iterator[NumberedRow]:
        """The sheet's rows numbered as Excel numbers them, bounded as described above."""
        blank_run = 0
        for offset, raw in enumerate(self.rows_factory()):
            cells = _bounded(raw)
            if not cells:  # blank: _bounded trims trailing blanks, so nothing is left
                blank_run += 1
                if blank_run >= BLANK_RUN_LIMIT:
                    return
                continue
            blank_run = 0
            yield self.first_row + offset, cells

    def head(self) -> list[NumberedRow]:
        """The first non-blank rows, where the title and header rows are."""
        found = []
        for row in self.rows():
            found.append(row)
            if len(found) >= HEAD_ROWS:
                break
        return found


def _bounded(raw: list[Any]) -> list[Any]:
    """A copy of the row: at most :data:`MAX_COLUMNS` cells, over-long text marked, no
    trailing blanks. This runs for every row: nothing is copied twice."""
    cells = raw[:MAX_COLUMNS] if type(raw) is list else list(raw)[:MAX_COLUMNS]
    for value in cells:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            cells = [
                TooLong(v) if isinstance(v, str) and len(v) > MAX_CELL_CHARS else v for v in cells
            ]
            break
    while cells and cells[-1] in ("", None):
        cells.pop()
    return cells


@dataclass
class Workbook:
    """A file opened for import: its display name and its sheets."""

    path: Path
    sheets: list[SheetSource]
    handle: Any = None

    def close(self) -> None:
        """Release calamine's copy of the file."""
        if self.handle is not None:
            self.handle.close()


def open_workbook(path: Path) -> Workbook:
    """Check then open ``path``; raise :class:`UnreadableFile` with one line if we cannot."""
    scan = scan_file(path)
    if scan.fmt == "csv":
        return Workbook(path, [_csv_sheet(path)])
    return _calamine_workbook(path, scan)


def csv_encoding(path: Path) -> tuple[str, int]:
    """A CSV file's encoding, whichever way it was saved, and how many lines it has.

    Excel's "CSV UTF-8" starts with a byte-order mark; ESR and older Excel save cp1252
    (Windows-1252: "£", "é", curly quotes); "Unicode text" is UTF-16 with its own mark.
    UTF-8 is tried first because cp1252 would accept (and garble) any byte string. The
    file is streamed a chunk at a time, so this costs a chunk of memory, not the file.
    """
    with open_regular(path, error=UnreadableFile) as handle:
        utf16 = handle.read(2) in (b"\xff\xfe", b"\xfe\xff")
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-16" if utf16 else "utf-8-sig")()
        lines, valid = 0, True
        while chunk := handle.read(CSV_CHUNK):
            if utf16:
                lines += decoder.decode(chunk).count("\n")
                continue
            lines += chunk.count(b"\n")
            if valid:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
        if valid and not utf16:
            try:
                decoder.decode(b"", final=True)  # a character cut off at the very end
            except UnicodeDecodeError:
                valid = False
    if utf16:
        return "utf-16", lines
    return ("utf-8-sig" if valid else "cp1252"), lines


def csv_delimiter(text: str) -> str:
    """Comma, unless the first line is plainly split by tabs or semicolons instead."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


class _RowFeed:
    """The lines of a CSV file for :func:`csv.reader`, at most :data:`MAX_CSV_ROW_CHARS`
    per row (a row may span lines inside quotes), so no row is ever held whole past that.

    csv builds each row as one list before handing it over: a 190 MB file on one line
    took 2.6 GB, and 10 million empty columns 966 MB. Stopping the feed bounds both.
    """

    def __init__(self, text: IO[str], name: str) -> None:
        self.text = text
        self.name = name
        self.chars = 0
        self.row = 1

    def __iter__(self) -> _RowFeed:
        return self

    def __next__(self) -> str:
        line = self.text.readline(MAX_CSV_ROW_CHARS + 1 - self.chars)
        if not line:
            raise StopIteration
        self.chars += len(line)
        if self.chars > MAX_CSV_ROW_CHARS:
            raise UnreadableFile(
                f"{self.name}: refused: row {self.row:,} is longer than "
                f"{MAX_CSV_ROW_CHARS:,} characters (is it a CSV file?)"
            )
        return line

    def row_done(self) -> None:
        """The reader has finished a row: the next one starts its own count."""
        self.chars = 0
        self.row += 1


def _csv_text(path: Path, encoding: str) -> IO[str]:
    """The file opened as text: undecodable cp1252 bytes become "?" (as before)."""
    errors = "replace" if encoding == "cp1252" else "strict"
    raw = open_regular(path, error=UnreadableFile)
    return io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[list[str]]:
    """Stream the rows of a CSV file, each bounded by :class:`_RowFeed`."""
    with _csv_text(path, encoding) as text:
        feed = _RowFeed(text, path.name)
        cells = 0
        try:
            for record in csv.reader(feed, delimiter=delimiter):
                cells = _count_cells(record, feed, cells)
                yield record
                feed.row_done()
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnreadableFile(f"{path.name}: not a readable CSV file ({exc})") from None


def _count_cells(record: list[str], feed: _RowFeed, cells: int) -> int:
    """The cells read so far, refusing a row wider than Excel allows or a file holding
    more than an xlsx sheet may (:data:`MAX_SHEET_CELLS`): every row is kept until written."""
    if len(record) > MAX_CSV_FIELDS:
        raise UnreadableFile(
            f"{feed.name}: refused: row {feed.row:,} has {len(record):,} columns "
            f"(Excel's limit is {MAX_CSV_FIELDS:,})"
        )
    width = len(record)
    while width and not record[width - 1]:
        width -= 1  # trailing empty cells hold nothing
    cells += min(width, MAX_COLUMNS)
    if cells > MAX_SHEET_CELLS:
        raise UnreadableFile(
            f"{feed.name}: refused: more than {MAX_SHEET_CELLS:,} cells by row {feed.row:,} "
            "(split the file)"
        )
    return cells


def _sniff_delimiter(path: Path, encoding: str) -> str:
    with _csv_text(path, encoding) as text:
        try:
            return csv_delimiter(_first_line(_RowFeed(text, path.name)))
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"{path.name}: not a readable CSV file ({exc})") from None


def _first_line(feed: _RowFeed) -> str:
    """The first non-blank line (bounded like any row), to choose the delimiter."""
    for line in feed:
        if line.strip():
            return line
        feed.row_done()
    return ""


def _csv_sheet(path: Path) -> SheetSource:
    encoding, lines = csv_encoding(path)
    delimiter = _sniff_delimiter(path, encoding)

    def rows() -> Iterator[list[str]]:
        return _csv_rows(path, encoding, delimiter)

    return SheetSource(path.stem, True, rows, 1, lines + 1)


def _calamine_workbook(path: Path, scan: FileScan) -> Workbook:
    import python_calamine as pc

    fmt = scan.fmt
    try:
        if path.suffix.lower().lstrip(".") in (fmt, "xlsm" if fmt == "xlsx" else fmt):
            book = pc.CalamineWorkbook.from_path(str(path))
        else:  # renamed (an old .xls saved as .xlsx): let calamine go by the contents
            with path.open("rb") as handle:
                book = pc.CalamineWorkbook.from_filelike(handle)
    except pc.PasswordError:
        raise UnreadableFile(f"{path.name}: {PASSWORD_MESSAGE}") from None
    except Exception as exc:  # calamine raises several error types for damaged files
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableFile(f"{path.name}: cannot read the workbook ({first})") from None
    uncached = scan.uncached
    sheets = []
    for meta in book.sheets_metadata:
        if str(meta.typ).endswith("WorkSheet") is False:
            continue
        sheets.append(_calamine_sheet(book, meta, uncached.get(meta.name, set())))
    return Workbook(path, sheets, book)


def _calamine_sheet(book: Any, meta: Any, uncached: set[tuple[int, int]]) -> SheetSource:
    name = meta.name

    def load() -> Any:
        try:
            return book.get_sheet_by_name(name)
        except Exception as exc:
            raise UnreadableFile(f"sheet {name!r} cannot be read ({exc})") from None

    sheet = load()
    first_row = sheet.start[0] + 1 if sheet.start else 1
    first_col = sheet.start[1] if sheet.start else 0

    def rows() -> Iterator[list[Any]]:
        if not first_col:
            as_read: Iterator[list[Any]] = sheet.iter_rows()
            return as_read
        return ([""] * first_col + list(raw) for raw in sheet.iter_rows())

    visible = str(meta.visible).endswith("Visible")
    return SheetSource(name, visible, rows, first_row, sheet.height, uncached)


def column_index(letters: str) -> int:
    """0-based index of an Excel column ("A" -> 0, "AA" -> 26)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based index (0 -> "A", 26 -> "AA")."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
