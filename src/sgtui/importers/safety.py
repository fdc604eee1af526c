"""Checks made on a file *before* any spreadsheet library sees it.

A workbook is a zip of XML (xlsx, ods) or an OLE compound file (xls, and password-
protected xlsx). A hostile or damaged one can be a zip bomb, a giant shared-strings
table, an encrypted package or just truncated. Here each such file gets one plain
sentence, and the zip is stream-checked (actual decompressed bytes, not the sizes the
zip claims) so that memory stays bounded whatever the file says about itself.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sgtui.filecheck import check_regular_file, open_regular
from sgtui.importers.extent import (
    Extent,
    GiantTag,
    OdsScan,
    Scans,
    TextBudget,
    XlsxSheetScan,
    shared_strings_scan,
    text_scans,
    too_big,
)

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_XLS_BYTES = 64 * 1024 * 1024
"""An old .xls is binary, so nothing can be streamed and checked: calamine holds its whole
workbook stream, and then the strings and cells in it. Real ones (65,536 rows at most)
are a few MB; 64 MB keeps the worst case within the 256 MB an import may use."""
MAX_MEMBER_BYTES = 300 * 1024 * 1024
"""Largest decompressed part: a 100,000-row sheet is about 40 MB of XML."""
SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_TOTAL_BYTES = 600 * 1024 * 1024
MAX_RATIO = 200
"""Ordinary spreadsheet XML compresses 5-30x; zip bombs compress thousands of times."""
RATIO_FLOOR_BYTES = 1024 * 1024
"""Small parts may compress extremely well (a blank sheet); only judge ratios above this."""
CHUNK = 1024 * 1024
MAX_INDEX_PART_BYTES = 8 * 1024 * 1024
"""workbook.xml, its .rels and an ods manifest are KB; they are parsed whole, so cap them."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
PASSWORD_MESSAGE = (
    "the workbook is password-protected; open it in Excel, remove the password "
    "(File > Info > Protect Workbook) and save a copy to import"
)


class UnreadableFile(Exception):
    """A file sgtui refuses to read, with a one-line reason."""


@dataclass
class FileScan:
    """What the checks learnt: the format, and (xlsx) formula cells saved without a value."""

    fmt: str
    uncached: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    """Sheet name -> (Excel row, 0-based column) of each formula cell without a value."""


def check_file(path: Path) -> str:
    """Refuse files that are not safe, readable workbooks; return the format ("xlsx", ...)."""
    return scan_file(path).fmt


def scan_file(path: Path) -> FileScan:
    """:func:`check_file`, keeping what the scan found for the reader."""
    size = check_regular_file(path, error=UnreadableFile)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(f"{path.name}: not a workbook (use .xlsx, .xlsm, .xls, .ods or .csv)")
    if size == 0:
        raise UnreadableFile(f"{path.name}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path.name}: too large to import ({size // 2**20} MB; limit 200 MB)")
    with open_regular(path, error=UnreadableFile) as handle:
        head = handle.read(8)
    if suffix == ".csv":
        _check_text(path)
        return FileScan("csv")
    if head == OLE_MAGIC:
        _check_ole(path, suffix)
        if size > MAX_XLS_BYTES:
            raise UnreadableFile(
                f"{path.name}: too large to import as an old .xls ({size // 2**20} MB; "
                f"limit {MAX_XLS_BYTES // 2**20} MB): open it in Excel and save it as .xlsx"
            )
        return FileScan("xls")
    if not head.startswith(ZIP_MAGIC):
        kind = "an old .xls" if suffix == ".xls" else f"a {suffix} workbook"
        raise UnreadableFile(f"{path.name}: not {kind} (the file's contents are something else)")
    if suffix == ".xls":
        suffix = ".xlsx"  # an xlsx renamed .xls: read it as what it is
    return FileScan(suffix.lstrip("."), _check_zip(path, suffix))


def _check_text(path: Path) -> None:
    with path.open("rb") as handle:
        sample = handle.read(64 * 1024)
    utf16 = sample.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's "Unicode text"
    if (b"\x00" in sample and not utf16) or sample.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise UnreadableFile(f"{path.name}: not a CSV text file (it looks like a binary file)")


def _check_ole(path: Path, suffix: str) -> None:
    """An OLE file is an .xls (perhaps renamed), or an encrypted xlsx package."""
    if _contains(path, ENCRYPTED_MARK):
        raise UnreadableFile(f"{path.name}: {PASSWORD_MESSAGE}")


def _contains(path: Path, needle: bytes) -> bool:
    overlap = len(needle)
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-overlap:]
    return False


def _check_zip(path: Path, suffix: str) -> dict[str, set[tuple[int, int]]]:
    """Stream every part (bounded), noting each sheet's extent; return uncached formulas."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            _check_parts(path, names, suffix)
            sheets = sheet_parts(archive, path) if suffix != ".ods" else {}
            xlsx_scans: list[XlsxSheetScan] = []
            ods_scan = OdsScan()
            total = 0
            text = TextBudget()
            for info in archive.infolist():
                scanner: Any = None
                if info.filename in sheets:
                    xlsx_scans.append(XlsxSheetScan(Extent(sheets[info.filename])))
                    scanner = Scans([xlsx_scans[-1], *text_scans(text)])
                elif suffix == ".ods" and info.filename == "content.xml":
                    scanner = Scans([ods_scan, *text_scans(text)])
                elif info.filename == SHARED_STRINGS:
                    scanner = shared_strings_scan(text)
                total += _measure(archive, info, path, scanner)
                if total > MAX_TOTAL_BYTES:
                    raise UnreadableFile(f"{path.name}: refused: unpacks to more than 600 MB")
            if suffix == ".ods":
                _check_ods_manifest(archive, path)
    except (
        zipfile.BadZipFile,
        EOFError,
        zipfile.LargeZipFile,
        NotImplementedError,
        zlib.error,
    ) as exc:
        raise UnreadableFile(f"{path.name}: the file is damaged or truncated ({exc})") from None
    reason = too_big([s.extent for s in xlsx_scans] + ods_scan.extents)
    if reason:
        raise UnreadableFile(f"{path.name}: refused: {reason}")
    return {s.extent.name: s.uncached for s in xlsx_scans if s.uncached}


def sheet_parts(archive: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """An xlsx's worksheet XML parts -> sheet names, from workbook.xml and its relationships."""
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        book = parse_part(archive, "xl/workbook.xml", path)
        rels = parse_part(archive, "xl/_rels/workbook.xml.rels", path)
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
            parts[part] = sheet.get("name", "")
    return parts


def parse_part(archive: zipfile.ZipFile, part: str, path: Path) -> Any:
    """One small XML part parsed safely: entity tricks, damage and giants get one sentence.

    The part is read at most :data:`MAX_INDEX_PART_BYTES` (the size the zip claims may be
    a lie), and defusedxml refuses DTD entities ("billion laughs") and external references.
    """
    with archive.open(part) as member:
        data = member.read(MAX_INDEX_PART_BYTES + 1)
    if len(data) > MAX_INDEX_PART_BYTES:
        limit = MAX_INDEX_PART_BYTES // 2**20
        raise UnreadableFile(f"{path.name}: refused: part {part} is larger than {limit} MB")
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException:
        raise UnreadableFile(
            f"{path.name}: refused: part {part} declares XML entities (an entity-expansion attack)"
        ) from None
    except SafeET.ParseError as exc:
        raise UnreadableFile(f"{path.name}: the file is damaged ({part}: {exc})") from None


def _check_parts(path: Path, names: set[str], suffix: str) -> None:
    wanted = "content.xml" if suffix == ".ods" else "xl/workbook.xml"
    if wanted not in names:
        raise UnreadableFile(f"{path.name}: not a {suffix} workbook (a zip without {wanted})")


def _measure(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, scanner: Any = None
) -> int:
    """Decompress one member, counting bytes, and stop as soon as it passes a limit.

    A ``scanner`` (see :mod:`sgtui.importers.extent`) is fed the bytes as they come.
    """
    if info.flag_bits & 0x1:
        raise UnreadableFile(f"{path.name}: {PASSWORD_MESSAGE}")
    limit = min(MAX_MEMBER_BYTES, max(RATIO_FLOOR_BYTES, info.compress_size * MAX_RATIO))
    done = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            done += len(chunk)
            if done > limit:
                raise UnreadableFile(
                    f"{path.name}: refused: part {info.filename} unpacks to more than "
                    f"{limit // 2**20} MB (a zip bomb or a giant table)"
                )
            if scanner is not None:
                try:
                    scanner.feed(chunk)
                except GiantTag as exc:
                    raise UnreadableFile(f"{path.name}: refused: {exc}") from None
    if scanner is not None:
        scanner.close()
    return done


def _check_ods_manifest(archive: zipfile.ZipFile, path: Path) -> None:
    """ODS files saved with a password list encryption data for each part in the manifest."""
    try:
        root = parse_part(archive, "META-INF/manifest.xml", path)
    except KeyError:
        return
    if any(element.tag.endswith("encryption-data") for element in root.iter()):
        raise UnreadableFile(f"{path.name}: {PASSWORD_MESSAGE}")
