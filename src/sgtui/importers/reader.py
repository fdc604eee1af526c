"""Reading a checked file into sheets of rows, with bounded memory.

python-calamine reads xlsx/xlsm/xls/ods about 12x faster than openpyxl and gives each
formula's cached value, never its text. Rows are streamed from each sheet: reading
stops after :data:`BLANK_RUN_LIMIT` consecutive blank rows (a sheet "formatted" down
to row 1,048,576 holds nothing below its data), only the first :data:`MAX_COLUMNS`
columns are read, and over-long cell text is replaced by a short :class:`TooLong`
marker so the row can be rejected with a message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import defusedxml.ElementTree as SafeET

from sgtui.importers.cells import MAX_CELL_CHARS, TooLong
from sgtui.importers.safety import PASSWORD_MESSAGE, UnreadableFile, check_file

BLANK_RUN_LIMIT = 1000
MAX_COLUMNS = 200
HEAD_ROWS = 30
"""How many rows from the top are searched for the header row."""

Row = tuple[int, list[Any]]
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

    def rows(self) -> Iterator[Row]:
        """The sheet's rows numbered as Excel numbers them, bounded as described above."""
        blank_run = 0
        for offset, raw in enumerate(self.rows_factory()):
            cells = _bounded(raw)
            if not any(c not in ("", None) for c in cells):
                blank_run += 1
                if blank_run >= BLANK_RUN_LIMIT:
                    return
                continue
            blank_run = 0
            yield self.first_row + offset, cells

    def head(self) -> list[Row]:
        """The first non-blank rows, where the title and header rows are."""
        found = []
        for row in self.rows():
            found.append(row)
            if len(found) >= HEAD_ROWS:
                break
        return found


def _bounded(raw: list[Any]) -> list[Any]:
    cells = list(raw[:MAX_COLUMNS])
    for index, value in enumerate(cells):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            cells[index] = TooLong(value)
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
    fmt = check_file(path)
    if fmt == "csv":
        return Workbook(path, [_csv_sheet(path)])
    return _calamine_workbook(path, fmt)


def _csv_sheet(path: Path) -> SheetSource:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")

    def rows() -> Iterator[list[str]]:
        try:
            yield from csv.reader(io.StringIO(text))
        except csv.Error as exc:
            raise UnreadableFile(f"{path.name}: not a readable CSV file ({exc})") from None

    return SheetSource(path.stem, True, rows, 1, text.count("\n") + 1)


def _calamine_workbook(path: Path, fmt: str) -> Workbook:
    import python_calamine as pc

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
    uncached = uncached_formulas(path) if fmt in ("xlsx", "xlsm") else {}
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
        for raw in sheet.iter_rows():
            yield ([""] * first_col + list(raw)) if first_col else raw

    visible = str(meta.visible).endswith("Visible")
    return SheetSource(name, visible, rows, first_row, sheet.height, uncached)


_CELL = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>'
)


def uncached_formulas(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Formula cells saved without a value (files last written by openpyxl), per sheet."""
    found: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in _sheet_parts(archive).items():
            cells = _scan_part(archive, part)
            if cells:
                found[name] = cells
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part, from workbook.xml and its relationships."""
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        book = SafeET.fromstring(archive.read("xl/workbook.xml"))
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(ns_rel) in targets:
            target = targets[sheet.get(ns_rel)]
            part = (
                target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
            )
            parts[sheet.get("name", "")] = part
    return parts


def _scan_part(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    cells: set[tuple[int, int]] = set()
    carry = b""
    try:
        member = archive.open(part)
    except KeyError:
        return cells
    with member:
        while chunk := member.read(4 * 1024 * 1024):
            data = carry + chunk
            cut = data.rfind(b"</row>") + len(b"</row>")
            data, carry = (data[:cut], data[cut:]) if cut >= len(b"</row>") else (b"", data)
            if b"<f" in data:
                cells.update((int(m[2]), column_index(m[1].decode())) for m in _CELL.finditer(data))
    return cells


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
