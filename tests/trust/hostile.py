"""Hostile workbooks (synthetic, built on the fly) and a child-process memory meter.

Each generator writes one kind of attack a partner agency's file could carry by
accident or design: a zip bomb, XML entity expansion, a giant shared-strings table,
enormous cell text, and a sheet that claims a million rows. ``measure`` imports a
file in a fresh process and reports the peak resident memory it added.
"""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

WORKERS = Path(__file__).with_name("workers.py")
HEADER = ["ODS code", "Practice name", "List size"]


def _base(path: Path) -> None:
    """A small valid practices workbook that the generators then poison."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Practices"
    sheet.append(HEADER)
    sheet.append(["G83004", "Synthetic Surgery", 5000])
    book.save(path)


def _replace_part(path: Path, part: str, write: Callable[[zipfile.ZipFile], None]) -> None:
    """Rewrite the zip with ``part`` produced by ``write`` (other parts copied)."""
    original = path.with_suffix(".orig")
    path.rename(original)
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info.filename))
        write(dst)
    original.unlink()


def zip_bomb(path: Path) -> None:
    """sheet1.xml unpacks to 400 MB of whitespace from a few hundred KB."""

    def write(dst: zipfile.ZipFile) -> None:
        with dst.open("xl/worksheets/sheet1.xml", "w") as member:
            member.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            chunk = b" " * 2**20
            for _ in range(400):
                member.write(chunk)
            member.write(b"</sheetData></worksheet>")

    _base(path)
    _replace_part(path, "xl/worksheets/sheet1.xml", write)


def entity_expansion(path: Path) -> None:
    """A "billion laughs" DTD in sharedStrings.xml."""
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0"?><!DOCTYPE sst [' + "".join(lol) + "]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    _base(path)
    _replace_part(
        path, "xl/sharedStrings.xml", lambda dst: dst.writestr("xl/sharedStrings.xml", xml)
    )


def giant_shared_strings(path: Path) -> None:
    """A shared-strings table of 400,000 distinct strings (about 20 MB of XML)."""
    rng = random.Random(1)

    def write(dst: zipfile.ZipFile) -> None:
        with dst.open("xl/sharedStrings.xml", "w") as member:
            member.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" count="400002" uniqueCount="400002">'
            )
            for word in ("ODS code", "Practice name", "List size", "G83004", "Synthetic Surgery"):
                member.write(f"<si><t>{word}</t></si>".encode())
            for _ in range(400_000):
                text = "".join(rng.choices(string.ascii_letters, k=40))
                member.write(f"<si><t>{text}</t></si>".encode())
            member.write(b"</sst>")

    _base(path)
    _replace_part(path, "xl/sharedStrings.xml", write)


def enormous_cells(path: Path) -> None:
    """Eight cells of 2 MB of text each (Excel itself stops at 32,767 characters)."""
    rng = random.Random(2)
    cells = "".join(
        f'<c r="B{row}" t="inlineStr"><is><t>'
        + "".join(rng.choices(string.ascii_letters, k=2 * 2**20))
        + f'</t></is></c></row><row r="{row + 1}">'
        for row in range(2, 10)
    )
    _write_sheet(path, f'<row r="2">{cells}<c r="A10" t="inlineStr"><is><t>x</t></is></c></row>')


def _claims_million_rows(last_column: str) -> Callable[[Path], None]:
    """A sheet whose dimension and last cell claim 1,048,576 rows (up to ``last_column``)."""

    def generate(path: Path) -> None:
        _write_sheet(
            path,
            '<row r="2"><c r="A2" t="inlineStr"><is><t>G83004</t></is></c></row>'
            f'<row r="1048576"><c r="{last_column}1048576" t="inlineStr"><is><t>end</t></is>'
            "</c></row>",
            dimension=f"A1:{last_column}1048576",
        )

    return generate


million_rows = _claims_million_rows("C")
million_rows_wide = _claims_million_rows("GR")  # 200 columns: the importer's column limit


def _write_sheet(path: Path, rows: str, dimension: str = "A1:C10") -> None:
    header = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for col, text in zip("ABC", HEADER, strict=True)
    )
    xml = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>'
        f'<row r="1">{header}</row>{rows}</sheetData></worksheet>'
    )
    _base(path)
    _replace_part(
        path, "xl/worksheets/sheet1.xml", lambda dst: dst.writestr("xl/worksheets/sheet1.xml", xml)
    )


HOSTILE: dict[str, Callable[[Path], None]] = {
    "zip bomb": zip_bomb,
    "entity expansion": entity_expansion,
    "giant shared strings": giant_shared_strings,
    "enormous cells": enormous_cells,
    "million rows": million_rows,
    "million rows x 200 columns": million_rows_wide,
}
WIDE_CLAIM_KNOWN_ISSUE = (
    "the reader loads a claimed 1,048,576 x 200 range densely before its row and column "
    "limits apply: about 6 GB and 20 s (importer issue, reported)"
)


def measure(db_path: Path, workbook: Path) -> dict[str, object]:
    """Import ``workbook`` in a fresh process: refused?, committed?, peak extra MB, seconds."""
    args = [sys.executable, str(WORKERS), "import", str(db_path), str(workbook)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise AssertionError(f"import raised: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def _poison_part(part: str, xml: str) -> Callable[[Path], None]:
    """A valid workbook whose ``part`` is replaced by ``xml``."""

    def generate(path: Path) -> None:
        _base(path)
        _replace_part(path, part, lambda dst: dst.writestr(part, xml))

    return generate


workbook_xml_entities = _poison_part(
    "xl/workbook.xml", BILLION_LAUGHS + "<workbook><sheets>&lol9;</sheets></workbook>"
)
rels_entities = _poison_part(
    "xl/_rels/workbook.xml.rels", BILLION_LAUGHS + "<Relationships>&lol9;</Relationships>"
)
malformed_workbook_xml = _poison_part("xl/workbook.xml", "<workbook><sheets><sheet name=")


def one_giant_string(path: Path, megabytes: int = 100) -> None:
    """A shared-strings table holding one string of ``megabytes`` MB (random hex, so the
    zip cannot shrink it past its ratio check)."""
    import os

    text = os.urandom(megabytes * 2**19).hex().encode()

    def write(dst: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w") as member:
            member.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>'
            )
            member.write(text)
            member.write(b"</t></si>")
            for word in ("ODS code", "Practice name", "List size", "G83004", "Synthetic Surgery"):
                member.write(f"<si><t>{word}</t></si>".encode())
            member.write(b"</sst>")

    _base(path)
    _replace_part(path, "xl/sharedStrings.xml", write)


def single_line_csv(path: Path, megabytes: int = 30) -> None:
    """A CSV file that is one line of ``megabytes`` MB (a header, then no line break)."""
    with path.open("w") as handle:
        handle.write(",".join(HEADER) + ",")
        field = "G83004 Synthetic Surgery 5000," * 1000
        for _ in range(megabytes * 2**20 // len(field)):
            handle.write(field)


def many_columns_csv(path: Path, columns: int = 10_000_000) -> None:
    """A CSV file whose header row has ``columns`` (mostly empty) columns."""
    with path.open("w") as handle:
        handle.write(",".join(HEADER))
        handle.write("," * columns)
        handle.write("\nG83004,Synthetic Surgery,5000\n")


def many_long_inline_strings(path: Path, megabytes: int = 100) -> None:
    """A sheet of 512 KB inline strings, ``megabytes`` MB of text in all (each string
    is under the per-cell limit; together they are not)."""
    import os

    rows = "".join(
        f'<row r="{n}"><c r="B{n}" t="inlineStr"><is><t>{os.urandom(2**18).hex()}</t></is></c></row>'
        for n in range(2, 2 + megabytes * 2)
    )
    _write_sheet(path, rows, dimension=f"A1:C{2 + megabytes * 2}")


def huge_shared_strings_table(path: Path, megabytes: int = 80) -> None:
    """A shared-strings table of ``megabytes`` MB in ordinary 48-character strings."""
    import os

    def write(dst: zipfile.ZipFile) -> None:
        with dst.open("xl/sharedStrings.xml", "w") as member:
            member.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/')
            member.write(b'spreadsheetml/2006/main">')
            for word in ("ODS code", "Practice name", "List size", "G83004", "Synthetic Surgery"):
                member.write(f"<si><t>{word}</t></si>".encode())
            for _ in range(megabytes):
                text = os.urandom(2**19).hex().encode()
                member.write(
                    b"".join(
                        b"<si><t>" + text[i : i + 48] + b"</t></si>"
                        for i in range(0, len(text), 64)
                    )
                )
            member.write(b"</sst>")

    _base(path)
    _replace_part(path, "xl/sharedStrings.xml", write)


def cdata_cell(path: Path, megabytes: int = 3) -> None:
    """One inline-string cell of ``megabytes`` MB in a CDATA section with a "<" every 100
    bytes (calamine reads CDATA as text; the "<"s break up what looks like a text run)."""
    text = ("x" * 99 + "<") * (megabytes * 2**20 // 100)
    _write_sheet(
        path,
        f'<row r="2"><c r="B2" t="inlineStr"><is><t><![CDATA[{text}]]></t></is></c></row>',
    )
