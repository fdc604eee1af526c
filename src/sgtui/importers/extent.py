"""How far each sheet's values really reach, found while the safety check streams the zip.

python-calamine turns a sheet into one dense grid from its first to its last value
before sgtui's row and column limits apply: a sheet with "end" typed in GR1048576 costs
1,048,576 x 200 cells, about 6 GB. So while :mod:`sgtui.importers.safety` decompresses
each part (it does anyway, counting bytes), these scanners note the extent calamine will
build: for xlsx, the cell references of cells that can hold a value (self-closing
``<c r="A5" s="3"/>`` cells are formatting only, and calamine skips them, as it does the
claimed ``<dimension>``); for ods, rows and cells with their ``number-rows-repeated`` /
``number-columns-repeated`` expansion (empty trailing repeats, as LibreOffice writes
them to the sheet's end, cost nothing). A sheet whose grid would pass
:data:`MAX_SHEET_CELLS`, or a workbook whose sheets together pass
:data:`MAX_WORKBOOK_CELLS`, is refused before calamine sees it.

The xlsx scanner also finds formula cells saved without a cached value (files last
written by openpyxl), so the sheet XML is decompressed once for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_SHEET_CELLS = 4_000_000
"""A 200,000-row x 20-column log fits; calamine holds about 50 bytes a cell."""
MAX_WORKBOOK_CELLS = 6_000_000
"""Every sheet is loaded before import, so their grids add up."""
PENDING_LIMIT = 8 * 1024 * 1024
"""Scan at a tag boundary at the latest after this many bytes without a row end."""


@dataclass
class Extent:
    """The grid calamine will build for one sheet: rows x columns from A1."""

    name: str
    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        """How many cells the dense grid holds."""
        return self.rows * self.columns


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


_ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,9})"')
_ANY_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})')
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,9})"[^>]*(?<!/)>')
_GENERAL_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])([^>]*?)(?<!/)>"
)  # any prefix, attributes in any order, non-self-closing
_REF = re.compile(rb'\br\s*=\s*["\']([A-Z]{1,3})([0-9]{1,9})["\']')
_ROW_SPLIT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_UNCACHED = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>'
)


@dataclass
class XlsxSheetScan:
    """Fed one sheet part's XML in chunks: its extent and its uncached formula cells."""

    extent: Extent
    uncached: set[tuple[int, int]] = field(default_factory=set)
    pending: list[bytes] = field(default_factory=list)
    pending_bytes: int = 0

    def feed(self, chunk: bytes) -> None:
        """Scan up to the chunk's last row end (or tag end, on a huge row); keep the rest."""
        cut = chunk.rfind(b"</row>")
        if cut >= 0:
            cut += len(b"</row>")
        elif self.pending_bytes + len(chunk) > PENDING_LIMIT:
            data = b"".join([*self.pending, chunk])
            cut = _tag_boundary(data)
            self._scan(data[:cut])
            self.pending, self.pending_bytes = [data[cut:]], len(data) - cut
            return
        if cut < 0:
            self.pending.append(chunk)
            self.pending_bytes += len(chunk)
            return
        self._scan(b"".join([*self.pending, chunk[:cut]]))
        self.pending = [chunk[cut:]]
        self.pending_bytes = len(chunk) - cut

    def close(self) -> None:
        """Scan what is left."""
        self._scan(b"".join(self.pending))
        self.pending = []

    def _scan(self, data: bytes) -> None:
        if not data:
            return
        if b"<f" in data:
            self.uncached.update(
                (int(m[2]), _column_number(m[1]) - 1) for m in _UNCACHED.finditer(data)
            )
        cells = data.count(b"<c ") + data.count(b"<c>")
        plain = data.count(b'<c r="')
        if cells != plain or b":c " in data or b":c>" in data:
            self._scan_general(data)
            return
        # A cheap bound first: every referenced row and column, formatting-only cells too.
        rows = max(map(int, _ROW_NUMBER.findall(data)), default=0)
        columns = max(map(_column_number, set(_ANY_COLUMN.findall(data))), default=0)
        extent = self.extent
        if max(rows, extent.rows) * max(columns, extent.columns) > MAX_SHEET_CELLS:
            rows, columns = 0, 0  # too big: count only the cells that can hold a value
            for letters, number in set(_VALUE_CELL.findall(data)):
                rows = max(rows, int(number))
                columns = max(columns, _column_number(letters))
        self._grow(rows, columns)

    def _scan_general(self, data: bytes) -> None:
        """Unusual XML (prefixed tags, attributes reordered, cells without ``r``): row by row."""
        rows = self.extent.rows
        columns = 0
        for segment in _ROW_SPLIT.split(data)[1:]:
            row_match = re.match(rb'[^>]*?\br\s*=\s*["\']([0-9]{1,9})["\']', segment)
            rows = int(row_match[1]) if row_match else rows + 1
            column = 0
            for match in _GENERAL_CELL.finditer(segment):
                ref = _REF.search(match[1])
                column = _column_number(ref[1]) if ref else column + 1
                if ref:
                    rows = max(rows, int(ref[2]))
                columns = max(columns, column)
                self._grow(rows, columns)

    def _grow(self, rows: int, columns: int) -> None:
        self.extent.rows = max(self.extent.rows, rows)
        self.extent.columns = max(self.extent.columns, columns)


_ODS_TOKEN = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_REPEAT = {
    b"table-row": re.compile(rb'number-rows-repeated\s*=\s*["\']([0-9]{1,12})'),
    b"table-cell": re.compile(rb'number-columns-repeated\s*=\s*["\']([0-9]{1,12})'),
}
_ODS_NAME = re.compile(rb'table:name\s*=\s*"([^"]*)"')


@dataclass
class OdsScan:
    """Fed content.xml in chunks: each table's extent with repeats expanded."""

    extents: list[Extent] = field(default_factory=list)
    carry: bytes = b""
    row: int = 0
    """Rows so far in the current table (repeats expanded)."""
    row_repeat: int = 1
    column: int = 0
    row_end: int = 0
    """The last column with a value in the current row."""

    def feed(self, chunk: bytes) -> None:
        """Scan up to the chunk's last tag end; keep the rest."""
        data = self.carry + chunk if self.carry else chunk
        cut = data.rfind(b">") + 1
        if len(data) - cut > PENDING_LIMIT:
            cut = _tag_boundary(data)
        self.carry = data[cut:]
        for match in _ODS_TOKEN.finditer(data, 0, cut):
            self._token(match)

    def close(self) -> None:
        """Nothing is left to scan (a truncated tag is not a cell)."""

    def _token(self, match: re.Match[bytes]) -> None:
        closing, tag, attributes, empty = match[1], match[2], match[3], match[4]
        if tag == b"table":
            if not closing:
                name = _ODS_NAME.search(attributes)
                self.extents.append(Extent(name[1].decode("utf-8", "replace") if name else ""))
                self.row = 0
            return
        if not self.extents:
            return
        extent = self.extents[-1]
        if tag == b"table-row":
            if closing or empty:
                if self.row_end:
                    extent.rows = max(extent.rows, self.row + self.row_repeat)
                    extent.columns = max(extent.columns, self.row_end)
                self.row += self.row_repeat
                self.row_repeat, self.column, self.row_end = 1, 0, 0
            if not closing:
                self.row_repeat = _repeat(_ODS_REPEAT[b"table-row"], attributes)
                self.column, self.row_end = 0, 0
            return
        if closing:
            return
        self.column += _repeat(_ODS_REPEAT[b"table-cell"], attributes)
        if not empty or b"value-type" in attributes:  # a cell that can hold a value
            self.row_end = self.column


MAX_TEXT_RUN_BYTES = 1024 * 1024
"""Excel holds at most 32,767 characters in a cell, about 200 KB of XML even with every
character escaped: a longer stretch of text without a tag is no real cell. calamine
would hold it whole (a 250 MB string cost 1 GB), so the scan stops at this."""
MAX_SHARED_STRING_BYTES = 4 * 1024 * 1024
"""One shared string (``<si>``) with rich-text runs: room for formatting on each of
32,767 characters, far below what would strain memory."""


MAX_TEXT_BYTES = 64 * 1024 * 1024
"""All the cell text calamine may hold at once: the whole shared-strings table plus long
inline strings in the sheets. It holds each string while the sheet is read and sgtui
keeps the rows' values until they are written: measured, text costs 1.3 to 3 times its size."""
_LONG_RUN = re.compile(rb">[^<]{256,}")
"""Text of 256 bytes or more after a tag: shorter text is bounded by the cell limits."""


@dataclass
class TextBudget:
    """The text a workbook's parts hold, counted across parts as the scan streams them."""

    used: int = 0

    def spend(self, amount: int) -> None:
        """Count ``amount`` more bytes of text; raise :class:`GiantTag` past the budget."""
        self.used += amount
        if self.used > MAX_TEXT_BYTES:
            raise GiantTag(
                f"its cells hold more than {MAX_TEXT_BYTES // 2**20} MB of text "
                "(split the workbook, or save long notes elsewhere)"
            )


@dataclass
class WholePart:
    """Counts every byte of a part against the text budget (the shared-strings table)."""

    budget: TextBudget

    def feed(self, chunk: bytes) -> None:
        """Spend the chunk."""
        self.budget.spend(len(chunk))

    def close(self) -> None:
        """Nothing is held back."""


@dataclass
class RunScan:
    """Fed a part's XML in chunks: refuses a stretch longer than ``limit`` without ``marker``.

    With ``marker`` "<" that is one text run (a cell's text); with "<si" one shared
    string. A stretch wholly inside one chunk is at most a chunk long, and chunks
    (:data:`sgtui.importers.safety.CHUNK`) are no longer than the limits here, so only
    the stretches that cross chunks need counting.
    """

    marker: bytes = b"<"
    limit: int = MAX_TEXT_RUN_BYTES
    what: str = "a cell holds more than 1 MB of text (Excel's limit is 32,767 characters)"
    budget: TextBudget | None = None
    """Also spend long text runs from this budget (sheets; see :data:`MAX_TEXT_BYTES`)."""
    run: int = 0
    tail: bytes = b""
    in_text: bool = False
    """The previous chunk ended inside text (after a ">", before any "<")."""

    def feed(self, chunk: bytes) -> None:
        """Count on from the last marker; raise :class:`GiantTag` past the limit."""
        if self.budget is not None:
            self._spend(chunk)
        data = self.tail + chunk
        last = data.rfind(self.marker)
        if last < 0:
            self.run += len(chunk)
        else:
            self.run += data.find(self.marker) - len(self.tail)
            if self.run <= self.limit:
                self.run = len(data) - last
        if self.run > self.limit:
            raise GiantTag(self.what)
        self.tail = data[-(len(self.marker) - 1) :] if len(self.marker) > 1 else b""

    def _spend(self, chunk: bytes) -> None:
        """Long runs in the chunk, and the end of one the previous chunk began."""
        assert self.budget is not None
        long_runs = sum(map(len, _LONG_RUN.findall(chunk)))
        if self.in_text:
            first_tag = chunk.find(b"<")
            long_runs += len(chunk) if first_tag < 0 else first_tag
        self.budget.spend(long_runs)
        last_open, last_close = chunk.rfind(b"<"), chunk.rfind(b">")
        if last_open >= 0 or last_close >= 0:
            self.in_text = last_close > last_open

    def close(self) -> None:
        """Nothing is held back."""


CDATA_OPEN = b"<![CDATA["
CDATA_CLOSE = b"]]>"


@dataclass
class CDataScan:
    """Fed a part's XML in chunks: measures CDATA sections, whose text may hold "<".

    calamine reads ``<t><![CDATA[...]]></t>`` as cell text, and a "<" inside would end
    :class:`RunScan`'s run early, so each section is counted here against the same
    per-cell limit (and the text budget, when given). Excel never writes CDATA.
    """

    budget: TextBudget | None = None
    limit: int = MAX_TEXT_RUN_BYTES
    inside: int | None = None
    """Bytes so far of the section being read, or None outside one."""
    tail: bytes = b""

    def feed(self, chunk: bytes) -> None:
        """Count the sections' bytes; raise :class:`GiantTag` past the limit."""
        data = self.tail + chunk
        at = 0
        while at < len(data):
            if self.inside is None:
                start = data.find(CDATA_OPEN, at)
                if start < 0:
                    break
                self.inside, at = 0, start + len(CDATA_OPEN)
                continue
            end = data.find(CDATA_CLOSE, at)
            stop = len(data) if end < 0 else end
            self._count(stop - at)
            if end < 0:
                break
            self.inside, at = None, end + len(CDATA_CLOSE)
        # Keep what could begin a marker cut by the chunk's end (the overlap may be
        # counted twice: over, never under).
        keep = len(CDATA_OPEN) - 1 if self.inside is None else len(CDATA_CLOSE) - 1
        self.tail = data[-keep:]

    def _count(self, amount: int) -> None:
        assert self.inside is not None
        self.inside += amount
        if self.budget is not None:
            self.budget.spend(amount)
        if self.inside > self.limit:
            raise GiantTag(
                "a cell holds more than 1 MB of text (Excel's limit is 32,767 characters)"
            )

    def close(self) -> None:
        """Nothing is held back."""


def text_scans(budget: TextBudget) -> list[object]:
    """The text checks on a sheet part (xlsx) or content.xml (ods), beside its extent scan."""
    return [RunScan(budget=budget), CDataScan(budget)]


@dataclass
class Scans:
    """Several scanners fed the same part, as if one."""

    scanners: list[object]

    def feed(self, chunk: bytes) -> None:
        """Feed each scanner the chunk."""
        for scanner in self.scanners:
            scanner.feed(chunk)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Close each scanner."""
        for scanner in self.scanners:
            scanner.close()  # type: ignore[attr-defined]


def shared_strings_scan(budget: TextBudget) -> Scans:
    """The checks on sharedStrings.xml: no giant text run, no giant shared string, and
    the whole table (calamine holds all of it) within the workbook's text budget."""
    one_string = RunScan(
        b"<si", MAX_SHARED_STRING_BYTES, "a shared string is longer than 4 MB of XML"
    )
    return Scans([RunScan(), CDataScan(), one_string, WholePart(budget)])


class GiantTag(ValueError):
    """One XML tag longer than :data:`PENDING_LIMIT`: no spreadsheet writes those."""


def _tag_boundary(data: bytes) -> int:
    """Where to cut ``data`` so no tag is split: before its last "<" (or all of it).

    Raises :class:`GiantTag` when that tag is already longer than any real one.
    """
    start = data.rfind(b"<")
    if start < 0 or data.find(b">", start) >= 0:
        return len(data) if start < 0 else data.rfind(b">") + 1
    if len(data) - start > PENDING_LIMIT:
        raise GiantTag("an XML tag longer than 8 MB")
    return start


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return max(1, int(found[1])) if found else 1


def too_big(extents: list[Extent]) -> str | None:
    """Why these sheets cannot be read within budget, or None when they can."""
    if not extents:
        return None
    worst = max(extents, key=lambda e: e.cells)
    if worst.cells > MAX_SHEET_CELLS:
        return (
            f"sheet {worst.name!r} reaches row {worst.rows:,} and column {worst.columns:,} "
            f"({worst.cells:,} cells; limit {MAX_SHEET_CELLS:,}): delete whatever is typed "
            "far below or right of the data (Ctrl+End finds it) and save again"
        )
    total = sum(e.cells for e in extents)
    if total > MAX_WORKBOOK_CELLS:
        return (
            f"its sheets together span {total:,} cells (limit {MAX_WORKBOOK_CELLS:,}; "
            f"largest {worst.name!r}): split the workbook or delete stray cells far from the data"
        )
    return None
