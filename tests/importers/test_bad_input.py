"""Hostile and broken files: one clear line each, nothing written, memory bounded."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from sgtui.importers.pipeline import run_import
from sgtui.importers.safety import OLE_MAGIC, PASSWORD_MESSAGE
from sgtui.services.context import Services


def refused(svc: Services, path: Path, counts: Any) -> str:
    """Import ``path``; assert it was refused with nothing written; return the message."""
    before = counts(svc)
    report = run_import(svc, [path])
    assert report.fatal is not None and not report.committed and not report.ok
    assert counts(svc) == before
    return report.fatal


def test_not_a_workbook(sqlite_svc: Services, tmp_path: Path, counts: Any) -> None:
    path = tmp_path / "minutes.xlsx"
    path.write_text("These are not the minutes you are looking for.")
    message = refused(sqlite_svc, path, counts)
    assert message == "minutes.xlsx: not a .xlsx workbook (the file's contents are something else)"


def test_unsupported_suffix(sqlite_svc: Services, tmp_path: Path, counts: Any) -> None:
    path = tmp_path / "tracker.docx"
    path.write_bytes(b"PK\x03\x04")
    assert refused(sqlite_svc, path, counts).endswith(
        "not a workbook (use .xlsx, .xlsm, .xls, .ods or .csv)"
    )


def test_empty_file(sqlite_svc: Services, tmp_path: Path, counts: Any) -> None:
    path = tmp_path / "empty.xlsx"
    path.touch()
    assert refused(sqlite_svc, path, counts) == "empty.xlsx: the file is empty"


def test_password_protected_xlsx(sqlite_svc: Services, tmp_path: Path, counts: Any) -> None:
    # Excel saves an encrypted workbook as an OLE compound file with an EncryptedPackage stream.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        OLE_MAGIC + b"\x00" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    )
    assert refused(sqlite_svc, path, counts) == f"locked.xlsx: {PASSWORD_MESSAGE}"


def test_password_protected_ods(sqlite_svc: Services, tmp_path: Path, counts: Any) -> None:
    path = tmp_path / "locked.ods"
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "encrypted bytes")
        archive.writestr("META-INF/manifest.xml", manifest)
    assert refused(sqlite_svc, path, counts) == f"locked.ods: {PASSWORD_MESSAGE}"


def test_an_old_xls_over_64_mb_is_refused_unread(
    sqlite_svc: Services, tmp_path: Path, counts: Any
) -> None:
    # Binary, so it cannot be streamed through the checks as a zip's XML is.
    path = tmp_path / "huge.xls"
    with path.open("wb") as handle:
        handle.write(OLE_MAGIC)
        handle.truncate(65 * 2**20)  # sparse: nothing is written
    assert refused(sqlite_svc, path, counts) == (
        "huge.xls: too large to import as an old .xls (65 MB; limit 64 MB): "
        "open it in Excel and save it as .xlsx"
    )


def test_truncated_zip(sqlite_svc: Services, legacy: Path, tmp_path: Path, counts: Any) -> None:
    data = (legacy / "lambeth_tracker.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert refused(sqlite_svc, path, counts).startswith(
        "cut.xlsx: the file is damaged or truncated"
    )


def test_zip_bomb_shared_strings_refused_before_reading(
    sqlite_svc: Services, tmp_path: Path, counts: Any
) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/sharedStrings.xml", "<sst>" + "<si><t>A</t></si>" * 1_300_000 + "</sst>"
        )
    assert path.stat().st_size < 100_000
    message = refused(sqlite_svc, path, counts)
    assert message.startswith("bomb.xlsx: refused: part xl/sharedStrings.xml unpacks to more than")


def test_header_row_that_matches_nothing(sqlite_svc: Services, tmp_path: Path, counts: Any) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("Colour,Shape,Smell\nred,round,sweet\n")
    assert refused(sqlite_svc, path, counts) == (
        "no sheet has a header row sgtui recognises (mystery); "
        "name the columns in a mapping file (--mapping)"
    )


def test_hundred_thousand_character_cell_rejects_the_row(
    sqlite_svc: Services, tmp_path: Path, counts: Any
) -> None:
    before = counts(sqlite_svc)
    path = tmp_path / "training.csv"
    rows = [
        "Staff name,Role,Course,Date completed",
        "Nia Bell," + "x" * 100_000 + ",Safeguarding Adults Level 1,01/02/2024",
        "Oli Dunn,GP,Safeguarding Adults Level 1,01/02/2024",
    ]
    path.write_text("\n".join(rows) + "\n")
    report = run_import(sqlite_svc, [path])
    assert [str(e) for e in report.errors] == [
        'training!B2 (Role) "xxxxxxxxxxxxxxxxxxxx…": text too long (100,000 characters; limit 10,000)'
    ]
    assert not report.committed and before == counts(sqlite_svc)


def _formatted_to_the_bottom(path: Path, blank_rows: int) -> None:
    """An xlsx whose sheet claims A1:Z1048576 and styles ``blank_rows`` empty rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Training"
    sheet.append(["Staff name", "Course", "Date completed"])
    sheet.append(["Pia Quinn", "Safeguarding Adults Level 1", "01/02/2024"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                empty = "".join(
                    f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, 3 + blank_rows)
                )
                text = data.decode().replace("</sheetData>", empty + "</sheetData>")
                data = text.replace(
                    '<dimension ref="A1:C2"', '<dimension ref="A1:Z1048576"'
                ).encode()
            target.writestr(info, data)


def test_sheet_formatted_down_a_million_rows(sqlite_svc: Services, tmp_path: Path) -> None:
    path = tmp_path / "formatted.xlsx"
    _formatted_to_the_bottom(path, 200_000)
    report = run_import(sqlite_svc, [path])
    assert report.committed and not report.errors
    assert [(s.sheet, s.rows, s.inserted) for s in report.sheets] == [("Training", 1, 1)]


@pytest.mark.parametrize(
    "name", ["lambeth_tracker.xlsx", "southwark_tracker.ods", "greenwich_training.xls"]
)
def test_sample_files_pass_the_safety_checks(legacy: Path, name: str) -> None:
    from sgtui.importers.safety import check_file

    assert check_file(legacy / name) == name.rsplit(".", 1)[1]


def test_renamed_workbooks_are_read_by_their_contents(
    sqlite_svc: Services, legacy: Path, tmp_path: Path
) -> None:
    old_as_new = tmp_path / "old.xlsx"
    old_as_new.write_bytes((legacy / "greenwich_training.xls").read_bytes())
    new_as_old = tmp_path / "new.xls"
    new_as_old.write_bytes((legacy / "dirty_tracker.xlsx").read_bytes())
    first = run_import(sqlite_svc, [old_as_new], dry_run=True)
    assert [(s.kind, s.inserted) for s in first.sheets] == [("training", 2)]
    second = run_import(sqlite_svc, [new_as_old], dry_run=True)
    # "Maybe" in a status column is kept as written (a warning), no longer a tenth error.
    assert len(second.errors) == 8 and second.fatal is None
