"""The Import screen's Textual-free helpers: the mapping it saves and its summary sentence."""

from __future__ import annotations

from pathlib import Path

from sgtui.importers.report import ImportReport, RowError, SheetReport
from sgtui.tui.import_text import corrected_mapping, default_mapping_path, summary_line


def les_report() -> ImportReport:
    sheet = SheetReport("t.xlsx", "LES 2023-24", kind="les", header_row=2, inserted=3)
    sheet.mapping = {"ODS code": "ods_code", "C01 Lead named": "criterion", "Notes": None}
    return ImportReport(sheets=[sheet, SheetReport("t.xlsx", "Lookups", skipped="lookups")])


def test_corrected_mapping_applies_fixes_and_keeps_what_the_report_lacks() -> None:
    kept = {"values": {"status": {"done": "complete"}}, "synonyms": {"les": {"ods_code": ["org"]}}}
    document = corrected_mapping(les_report(), {("les", "Notes"): "practice_name"}, kept)
    assert document["sheets"] == {"LES 2023-24": "les", "Lookups": "skip"}
    # criterion columns are recognised on their own and are not a field a file can name
    assert document["headers"] == {"les": {"ODS code": "ods_code", "Notes": "practice_name"}}
    assert document["values"] == kept["values"] and document["synonyms"] == kept["synonyms"]


def test_summary_line_says_what_happened_in_words() -> None:
    report = les_report()
    report.dry_run = True
    assert summary_line(report, "t.xlsx") == (
        "✓ Dry run of t.xlsx, nothing written: 3 new, 0 updated, 0 unchanged, 0 rejected. "
        "F9 imports it."
    )
    report.errors.append(RowError("LES 2023-24", 5, "A", "ODS code", None, "ODS code is missing"))
    assert summary_line(report, "t.xlsx").startswith("✗ Dry run of t.xlsx, nothing written")
    report.fatal = "not a workbook"
    assert summary_line(report, "t.xlsx") == "✗ t.xlsx: not a workbook"
    assert default_mapping_path(Path("a/b.xlsx")) == Path("a/b-mapping.toml")
