"""CSV dates read the same in every locale: ISO 8601, not dd/mm/yyyy.

A CSV carries no number formats, so each reader guesses a date from its own locale:
03/04/2025 is 3 April in the UK and 4 March in the US. ``yyyy-mm-dd`` has one reading.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from sgtui.exporters.table import export_table

MADE = datetime(2025, 3, 10, 9, tzinfo=UTC)
"""When these workbooks say they were made (the clock's instant, passed in)."""

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
APRIL_3 = date(2025, 4, 3)
AT = datetime(2025, 4, 3, 8, 30, tzinfo=UTC)  # 09:30 in London (BST)
LOCALES = {"en-US": 1033, "en-GB": 2057}
"""Windows language ids LibreOffice's CSV filter takes for the reader's locale."""


def write_dates(tmp_path: Path) -> Path:
    return export_table(
        ["When", "At"], [[APRIL_3, AT]], tmp_path / "d.csv", title="D", created=MADE
    )


def test_csv_dates_are_written_as_iso_8601(tmp_path: Path) -> None:
    text = write_dates(tmp_path).read_bytes().decode("utf-8-sig")
    assert text == "When,At\r\n2025-04-03,2025-04-03 09:30\r\n"


def read_in_locale(csv_path: Path, language: int, tmp_path: Path) -> list[object]:
    """The first data row as LibreOffice reads the CSV in a locale (converted to .xlsx)."""
    out = tmp_path / f"lo-{language}"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless",
         f"--infilter=CSV:44,34,76,1,,{language}", "--convert-to", "xlsx",
         "--outdir", str(out), str(csv_path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(out / f"{csv_path.stem}.xlsx").active
    return [cell.value for cell in sheet[2]]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_every_locale_reads_the_same_date(locale: str, tmp_path: Path) -> None:
    values = read_in_locale(write_dates(tmp_path), LOCALES[locale], tmp_path)
    assert values == [datetime(2025, 4, 3), datetime(2025, 4, 3, 9, 30)]
