"""Sheets whose values reach far beyond the data are refused before calamine reads them.

calamine builds each sheet as one dense grid, first value to last: "end" typed in
GR1048576 would cost about 6 GB. The safety scan finds how far values really reach
(formatting-only cells and LibreOffice's empty trailing repeats do not count).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sgtui.importers.extent import MAX_SHEET_CELLS, Extent, OdsScan, XlsxSheetScan
from sgtui.importers.safety import UnreadableFile, check_file
from sgtui.services.context import Services

MEMORY_BUDGET_MB = 150
ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)

MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _ods(path: Path, rows: str) -> None:
    """A minimal .ods whose one table holds a header row and then ``rows``."""
    header = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
        for t in ("ODS code", "Practice name", "List size")
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
        '<office:body><office:spreadsheet><table:table table:name="Practices">'
        f"<table:table-row>{header}</table:table-row>{rows}"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)


def _value_row(repeat_rows: int, repeat_columns: int) -> str:
    return (
        f'<table:table-row table:number-rows-repeated="{repeat_rows}">'
        f'<table:table-cell office:value-type="string" '
        f'table:number-columns-repeated="{repeat_columns}"><text:p>G83004</text:p>'
        "</table:table-cell></table:table-row>"
    )


def _import_in_child(db: Path, workbook: Path) -> dict[str, object]:
    """Import in a fresh process; its outcome and the peak memory the import added."""
    code = f"""
import json, resource
from pathlib import Path
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.engine import open_database
svc = Services(db=open_database(Path({str(db)!r})), actor="t")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = run_import(svc, [Path({str(workbook)!r})], backup=False)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"fatal": report.fatal, "committed": report.committed,
                  "peak_mb": (after - before) / 1024}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_ods_repeats_claiming_a_million_rows_are_refused_within_budget(tmp_path: Path) -> None:
    from sgtui.store.engine import open_database

    db = tmp_path / "db.db"
    open_database(db).dispose()
    book = tmp_path / "wide.ods"
    _ods(book, _value_row(1_048_575, 200))  # 200 million cells from a 1 KB file
    assert book.stat().st_size < 4096
    outcome = _import_in_child(db, book)
    assert outcome["fatal"] == (
        "wide.ods: refused: sheet 'Practices' reaches row 1,048,576 and column 200 "
        "(209,715,200 cells; limit 4,000,000): delete whatever is typed far below or right "
        "of the data (Ctrl+End finds it) and save again"
    )
    assert not outcome["committed"]
    assert outcome["peak_mb"] < MEMORY_BUDGET_MB, outcome  # type: ignore[operator]


def test_ods_empty_trailing_repeats_cost_nothing(sqlite_svc: Services, tmp_path: Path) -> None:
    """LibreOffice writes the sheet's empty remainder as huge repeats: still imported."""
    from sgtui.importers.pipeline import run_import

    book = tmp_path / "practices.ods"
    cells = (
        '<table:table-cell office:value-type="string"><text:p>G83004</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Oak Surgery</text:p>'
        '</table:table-cell><table:table-cell office:value-type="float" office:value="5000">'
        "<text:p>5000</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="16381"/>'
    )
    empty = (
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:style-name="ce1" table:number-columns-repeated="16384"/>'
        "</table:table-row>"
    )
    _ods(book, f"<table:table-row>{cells}</table:table-row>{empty}")
    report = run_import(sqlite_svc, [book], backup=False)
    assert report.committed, (report.fatal, report.errors)
    assert report.totals()["inserted"] == 1


def _xlsx_extent(xml: bytes, chunk: int = 64) -> Extent:
    scan = XlsxSheetScan(Extent("S"))
    for start in range(0, len(xml), chunk):
        scan.feed(xml[start : start + chunk])
    scan.close()
    return scan.extent


def test_xlsx_extent_counts_value_cells_only_when_it_matters() -> None:
    formatted = b"".join(b'<row r="%d"><c r="Z%d" s="1"/></row>' % (n, n) for n in (3, 999_999))
    xml = b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>'
    extent = _xlsx_extent(xml + formatted + b"</sheetData>")
    # Formatting far away costs nothing (nearby it may be counted: a cheap upper bound).
    assert extent.rows < 10 and extent.columns <= 26
    wide = xml + b'<row r="999999"><c r="GR999999" t="s"><v>1</v></c></row></sheetData>'
    extent = _xlsx_extent(wide)
    assert (extent.rows, extent.columns) == (999_999, 200)
    assert extent.cells > MAX_SHEET_CELLS


@pytest.mark.parametrize(
    "cell",
    [
        b'<c s="1" r="GR999999"><v>1</v></c>',  # attributes in another order
        b'<x:c r="GR999999"><x:v>1</x:v></x:c>',  # a namespace prefix
    ],
)
def test_xlsx_extent_sees_unusual_cells(cell: bytes) -> None:
    xml = b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="999999">'
    extent = _xlsx_extent(xml + cell + b"</row></sheetData>")
    assert (extent.rows, extent.columns) == (999_999, 200)


def test_xlsx_cells_without_references_are_counted_by_position() -> None:
    row = b"<row>" + b"<c><v>1</v></c>" * 250 + b"</row>"
    extent = _xlsx_extent(b"<sheetData>" + row * 3 + b"</sheetData>", chunk=1000)
    assert (extent.rows, extent.columns) == (3, 250)


def test_ods_scan_expands_repeats_of_value_cells() -> None:
    scan = OdsScan()
    xml = (
        b'<table:table table:name="T"><table:table-row table:number-rows-repeated="10">'
        b'<table:table-cell table:number-columns-repeated="3"/>'
        b'<table:table-cell office:value-type="float" table:number-columns-repeated="4">'
        b"<text:p>1</text:p></table:table-cell><table:table-cell/></table:table-row>"
        b'<table:table-row table:number-rows-repeated="5"><table:table-cell/></table:table-row>'
        b"</table:table>"
    )
    for start in range(0, len(xml), 7):
        scan.feed(xml[start : start + 7])
    assert [(e.name, e.rows, e.columns) for e in scan.extents] == [("T", 10, 7)]


def test_refusal_is_one_line_from_check_file(tmp_path: Path) -> None:
    book = tmp_path / "wide.ods"
    _ods(book, _value_row(30_000, 200))
    with pytest.raises(UnreadableFile, match=r"^wide.ods: refused: sheet 'Practices' reaches"):
        check_file(book)
