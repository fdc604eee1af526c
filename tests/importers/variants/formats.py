"""Save variants as files: openpyxl xlsx, CSV per sheet, and LibreOffice xlsx/xls/ods.

LibreOffice is slow to start, so :func:`save_all` writes every variant first and then
converts all the files of one target format in a single ``soffice`` call, with a private
user profile so parallel runs and a developer's own LibreOffice never interfere.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from datetime import date, time
from pathlib import Path

from openpyxl import Workbook

from .writer import Sheet, Variant

LIBREOFFICE_FORMATS: dict[str, tuple[str, str]] = {
    "lo-xlsx": ("xlsx:Calc MS Excel 2007 XML", "xlsx"),
    "xls": ("xls:MS Excel 97", "xls"),
    "ods": ("ods", "ods"),
}
"""Variant format -> (soffice --convert-to filter, file suffix)."""
SOFFICE_TIMEOUT = 300


def soffice() -> str | None:
    """The LibreOffice binary, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def needs_libreoffice(variant: Variant) -> bool:
    return variant.fmt in LIBREOFFICE_FORMATS


def write_xlsx(variant: Variant, path: Path) -> Path:
    """The variant as openpyxl writes it (dates as real date cells, dd/mm/yyyy shown)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for sheet in variant.sheets:
        target = book.create_sheet(sheet.name)
        for row in sheet.rows:
            target.append(row)
        for cells in target.iter_rows():
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, time):
                    cell.number_format = "HH:MM"
        if sheet.hidden:
            target.sheet_state = "hidden"
    book.save(path)
    return path


def write_csv(variant: Variant, folder: Path) -> list[Path]:
    """One CSV per sheet, named after it, as Excel's "Save as CSV" of each sheet gives.

    Encoded cp1252 (Excel's "CSV") for even seeds when every character fits, else UTF-8
    with a byte-order mark (Excel's "CSV UTF-8").
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sheet in variant.sheets:
        path = folder / f"{sheet.name}.csv"
        text = _csv_text(sheet)
        encoding = "cp1252" if variant.seed % 2 == 0 else "utf-8-sig"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8-sig")
        path.write_bytes(data)
        paths.append(path)
    return paths


def _csv_text(sheet: Sheet) -> str:
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in sheet.rows:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def save_all(variants: list[Variant], root: Path) -> dict[str, list[Path]]:
    """Write every variant under ``root``; variant name -> the files to import
    (LibreOffice formats only when soffice is installed)."""
    files: dict[str, list[Path]] = {}
    pending: dict[str, list[tuple[str, Path]]] = {}
    for variant in variants:
        folder = root / f"variant-{variant.name}"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"tracker_{variant.name}"
        if variant.fmt == "csv":
            files[variant.name] = write_csv(variant, folder)
        elif variant.fmt == "xlsx":
            files[variant.name] = [write_xlsx(variant, folder / f"{stem}.xlsx")]
        else:
            source = write_xlsx(variant, root / "lo-sources" / variant.fmt / f"{stem}.xlsx")
            pending.setdefault(variant.fmt, []).append((variant.name, source))
    if pending and soffice():
        for fmt, items in pending.items():
            converted = convert([source for _name, source in items], fmt, root / f"lo-{fmt}")
            for (name, _source), path in zip(items, converted, strict=True):
                target = root / f"variant-{name}" / path.name
                shutil.move(path, target)
                files[name] = [target]
    return files


def convert(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Save ``sources`` in ``fmt`` with one LibreOffice run; the converted paths, in order."""
    filter_name, suffix = LIBREOFFICE_FORMATS[fmt]
    binary = soffice()
    assert binary, "soffice is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sgtui-lo-") as profile:
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                filter_name,
                "--outdir",
                str(outdir),
                *[str(s) for s in sources],
            ],
            check=True,
            capture_output=True,
            timeout=SOFFICE_TIMEOUT,
            env={**os.environ, "HOME": profile},
        )
    results = [outdir / f"{s.stem}.{suffix}" for s in sources]
    missing = [p.name for p in results if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return results
