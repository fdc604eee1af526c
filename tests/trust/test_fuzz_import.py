"""Hostile and random workbooks: the importer refuses or reads them within budget, never
raises, and never commits part of a file.

The fuzz test generates small workbooks for every sheet kind the importer knows, with
random values for every column type (dates, times, whole and decimal numbers, yes/no,
codes, text), plus the junk real trackers hold: blanks, formulas without cached
values, "#N/A", over-long text, impossible dates.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from sgtui.importers.fields import SHEET_KINDS, FieldSpec, SheetKind
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.database import Database
from sgtui.store.engine import open_database

from .hostile import HOSTILE, measure

FUZZ_EXAMPLES = 40
MEMORY_BUDGET_MB = 256
TIME_BUDGET_S = 30
WIDE_CLAIM_BUDGET_MB = 32
"""The wide claim is refused from the safety scan, before calamine allocates anything."""

JUNK = st.sampled_from([None, "", " ", "#N/A", "=SUM(A1:A2)", "TBC", "n/a", "x" * 10_001])
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
BY_TYPE: dict[str, st.SearchStrategy[Any]] = {
    "text": TEXT,
    "code": st.one_of(
        st.from_regex(r"[A-Z]{1,3}[0-9]{0,5}(-[A-Z0-9]{1,4}){0,3}", fullmatch=True), TEXT
    ),
    "date": st.one_of(
        st.dates(date(1900, 1, 1), date(2100, 12, 31)),
        st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)),
        st.sampled_from(["31/02/2024", "2024-13-01", "01/04/25", "yesterday", "1 Apr 2025"]),
        st.integers(-5, 3_000_000),
    ),
    "time": st.one_of(st.times(), st.sampled_from(["25:00", "10am", "09:30"])),
    "int": st.one_of(st.integers(-(10**12), 10**12), st.sampled_from(["1,234", "12a", "-"])),
    "number": st.one_of(st.floats(-1e9, 1e9, allow_nan=False), st.integers(-100, 10**6)),
    "yes_no": st.one_of(st.booleans(), st.sampled_from(["Y", "N", "yes", "No", "maybe"])),
    "step": st.one_of(
        st.dates(), st.sampled_from(["Yes", "N", "N/A", "done", "✓", "Sent 01/04/25", "31/02/2024"])
    ),
    "ignore": st.one_of(st.none(), TEXT, st.integers()),
}


def _cell(spec: FieldSpec) -> st.SearchStrategy[Any]:
    return st.one_of(BY_TYPE[spec.kind], JUNK)


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[SheetKind, list[FieldSpec], list[list[Any]]]:
    """A sheet kind, the columns chosen (required ones usually), and 0-6 rows of values."""
    kind = draw(st.sampled_from(SHEET_KINDS))
    columns = [f for f in kind.fields if (f.required and draw(st.booleans() | st.just(True)))]
    columns += draw(st.lists(st.sampled_from(kind.fields), max_size=6, unique_by=lambda f: f.name))
    columns = list({f.name: f for f in columns}.values()) or [kind.fields[0]]
    rows = draw(st.lists(st.tuples(*[_cell(f) for f in columns]).map(list), max_size=6))
    return kind, columns, rows


def _write(path: Path, kind: SheetKind, columns: list[FieldSpec], rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (kind.name_words or (kind.name,))[0].title()[:31]
    sheet.append([(f.synonyms or (f.label,))[0].title() for f in columns])
    for row in rows:
        sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime | time) else v for v in row])
    book.save(path)


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A migrated, seeded database to copy for each example (opening one is the slow part)."""
    from sgtui.services.workspace import open_workspace

    path = tmp_path / "template.db"
    open_workspace(path).db.dispose()
    return path


@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(book=workbooks())
def test_random_workbooks_import_or_report_never_partial(
    template: Path, book: tuple[SheetKind, list[FieldSpec], list[list[Any]]]
) -> None:
    kind, columns, rows = book
    work = template.parent / uuid.uuid4().hex
    work.mkdir()
    shutil.copy(template, work / "db.db")
    _write(work / "fuzz.xlsx", kind, columns, rows)
    db = open_database(work / "db.db", migrate=False)
    try:
        before = _counts(db)
        report = run_import(Services(db=db), [work / "fuzz.xlsx"], backup=False)  # never raises
        after = _counts(db)
    finally:
        db.dispose()
        shutil.rmtree(work)
    event("committed" if report.committed else "refused (file)" if report.fatal else "row errors")
    assert report.committed or report.fatal or report.errors
    if report.committed:
        assert report.fatal is None and not report.errors
    else:
        assert after == before, "nothing may be written when an import is not committed"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_refused_or_read_within_budget(name: str, tmp_path: Path) -> None:
    db_path = tmp_path / "db.db"
    open_database(db_path).dispose()
    workbook = tmp_path / "hostile.xlsx"
    HOSTILE[name](workbook)
    outcome = measure(db_path, workbook)  # a fresh process, so peak memory is this file's
    assert outcome["peak_mb"] < MEMORY_BUDGET_MB, outcome  # type: ignore[operator]
    assert outcome["seconds"] < TIME_BUDGET_S, outcome  # type: ignore[operator]
    assert outcome["fatal"] or outcome["committed"] or outcome["errors"], outcome
    if "200 columns" in name:  # calamine would build 1,048,576 x 200 cells: refused unread
        assert str(outcome["fatal"]).startswith(
            "hostile.xlsx: refused: sheet 'Practices' reaches row 1,048,576 and column 200 "
        ), outcome
        assert outcome["peak_mb"] < WIDE_CLAIM_BUDGET_MB, outcome  # type: ignore[operator]
