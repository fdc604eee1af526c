"""Every input is read within 256 MB whatever its shape, and hostile XML gets one sentence.

Files under the size limit once took gigabytes: a 190 MB single-line CSV 2.6 GB, a CSV
of 10 million columns 966 MB, an xlsx holding one 250 MB string 1 GB. Each is imported
here in a fresh process that reports its peak memory. The big cases are scaled down:
the limits that refuse them count characters as they stream (a row's text, a cell's
text), so they stop at the same point however much more the file holds; the scaled
files still take the old reader well past the budget.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sgtui.cli.main import main
from sgtui.store.engine import open_database

from .hostile import (
    cdata_cell,
    huge_shared_strings_table,
    malformed_workbook_xml,
    many_columns_csv,
    many_long_inline_strings,
    measure,
    one_giant_string,
    rels_entities,
    single_line_csv,
    workbook_xml_entities,
)

MEMORY_BUDGET_MB = 256
STREAMED_MB = 32
"""Refused while streaming, a file costs a few MB however large it is (the old reader
took 270-300 MB on these scaled-down files)."""
ROW_LIMIT = "is longer than 2,000,000 characters (is it a CSV file?)"
SPLIT = "(split the workbook, or save long notes elsewhere)"
SHAPES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "one 30 MB line": ("line.csv", single_line_csv, f"line.csv: refused: row 1 {ROW_LIMIT}"),
    "10 million columns": ("wide.csv", many_columns_csv, f"wide.csv: refused: row 1 {ROW_LIMIT}"),
    "one 100 MB string": (
        "string.xlsx",
        one_giant_string,
        "string.xlsx: refused: a cell holds more than 1 MB of text "
        "(Excel's limit is 32,767 characters)",
    ),
    "100 MB of 512 KB cells": (
        "cells.xlsx",
        many_long_inline_strings,
        f"cells.xlsx: refused: its cells hold more than 64 MB of text {SPLIT}",
    ),
    "an 80 MB shared-strings table": (
        "table.xlsx",
        huge_shared_strings_table,
        f"table.xlsx: refused: its cells hold more than 64 MB of text {SPLIT}",
    ),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_hostile_shapes_refused_within_memory_budget(shape: str, tmp_path: Path) -> None:
    name, generate, message = SHAPES[shape]
    db_path = tmp_path / "db.db"
    open_database(db_path).dispose()
    generate(tmp_path / name)
    outcome = measure(db_path, tmp_path / name)  # a fresh process, so peak memory is this file's
    assert (outcome["fatal"], outcome["committed"]) == (message, False)
    assert outcome["peak_mb"] < MEMORY_BUDGET_MB, outcome  # type: ignore[operator]
    assert outcome["peak_mb"] < STREAMED_MB, outcome  # type: ignore[operator]


XML_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "entities in workbook.xml": (
        workbook_xml_entities,
        "book.xlsx: refused: part xl/workbook.xml declares XML entities "
        "(an entity-expansion attack)",
    ),
    "entities in workbook.xml.rels": (
        rels_entities,
        "book.xlsx: refused: part xl/_rels/workbook.xml.rels declares XML entities "
        "(an entity-expansion attack)",
    ),
    "a 3 MB cell hidden in CDATA": (
        cdata_cell,
        "book.xlsx: refused: a cell holds more than 1 MB of text "
        "(Excel's limit is 32,767 characters)",
    ),
    "malformed workbook.xml": (
        malformed_workbook_xml,
        "book.xlsx: the file is damaged (xl/workbook.xml: unclosed token: line 1, column 18)",
    ),
}


@pytest.mark.parametrize("case", list(XML_CASES))
def test_hostile_xml_is_one_json_refusal(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate, message = XML_CASES[case]
    generate(tmp_path / "book.xlsx")
    code = main(["--db", str(tmp_path / "db.db"), "import", str(tmp_path / "book.xlsx"), "--json"])
    out, err = capsys.readouterr()
    payload = json.loads(out)  # one JSON document, nothing else on stdout
    assert (code, payload["committed"], payload["fatal"], err) == (2, False, message, "")
