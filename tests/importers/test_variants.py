"""Every seeded variant of one dataset imports to exactly the same records.

The variants (see :mod:`tests.importers.variants`) differ in sheet names, header
wording, value spellings, layout and file format, all within what a borough workbook
may hold. Each must import into a fresh database with no errors, exactly the dataset's
rows per kind and table, and every field as the dataset has it; importing it again
must change nothing. A failure lists the variant's choices and every wrong reading;
``python -m importers.variants.diagnose`` (with ``PYTHONPATH=src:tests``) narrows them
down to single header words and single dimensions.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlmodel import select

from sgtui.importers.pipeline import run_import
from sgtui.importers.report import ImportReport
from sgtui.services import undated
from sgtui.services.context import Services
from sgtui.store import models

from .variants import dataset as ds
from .variants import reference
from .variants import words as w
from .variants.expect import differences, table_counts
from .variants.formats import needs_libreoffice, save_all
from .variants.writer import DIMENSIONS, FORMATS, Variant, build

SEEDS = range(24)
"""24 variants varying everything: the format cycles xlsx, LibreOffice xlsx, xls, ods, csv."""
POSTGRES_SEEDS = (0, 3, 4)
"""A few (openpyxl xlsx, ods, csv) also run on PostgreSQL."""
AGAIN_SEEDS = (5, 8, 9)
ONE_DIMENSION = [(dim, seed) for index, dim in enumerate(DIMENSIONS) for seed in (index, index + 7)]
"""Variants that vary one dimension only, so a failure names the dimension at fault."""


@pytest.fixture(scope="session")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Variant, list[Path]]]:
    """Every variant written once per run (LibreOffice formats in one soffice call each)."""
    root = tmp_path_factory.mktemp("variants")
    built = [build(seed) for seed in SEEDS]
    built += [build(0, fmt, vary=()) for fmt in FORMATS]
    built += [build(seed, vary=(dim,)) for dim, seed in ONE_DIMENSION]
    files = save_all(built, root)
    return {v.name: (v, files.get(v.name, [])) for v in built}


def _files(
    variants: dict[str, tuple[Variant, list[Path]]], name: str
) -> tuple[Variant, list[Path]]:
    """The variant's files; without LibreOffice its formats skip locally and fail on CI."""
    variant, paths = variants[name]
    if not paths and needs_libreoffice(variant):
        if os.environ.get("CI"):
            pytest.fail("CI=true but LibreOffice (soffice) is not installed: see .ci/run")
        pytest.skip("LibreOffice (soffice) not installed")
    assert paths, f"variant {name} wrote no files"
    return variant, paths


def _name(seed: int, fmt: str | None = None, vary: tuple[str, ...] = DIMENSIONS) -> str:
    return build(seed, fmt, vary=vary).name


def _problems(
    variant: Variant, report: ImportReport, svc: Services, before: dict[str, int]
) -> list[str]:
    """Everything wrong with one import, each on its own line.

    Rows are counted as added since ``before``: a new database may already hold
    reference rows (from issue 9 on, the 197 SE London practices).
    """
    problems = [f"fatal: {report.fatal}"] if report.fatal else []
    problems += [f"error: {e}" for e in report.errors[:15]]
    if len(report.errors) > 15:
        problems.append(f"... and {len(report.errors) - 15} more errors")
    if not report.committed:
        problems.append("not committed")
    inserted: dict[str, int] = {}
    for sheet in report.sheets:
        if sheet.kind:
            inserted[sheet.kind] = inserted.get(sheet.kind, 0) + sheet.inserted
    if inserted != ds.COUNTS.sheets:
        skipped = {s.sheet: s.skipped for s in report.sheets if not s.kind}
        problems.append(f"inserted per kind {inserted} != {ds.COUNTS.sheets}; skipped {skipped}")
    after = table_counts(svc)
    for table, wanted in ds.COUNTS.tables.items():
        if after[table] - before[table] != wanted:
            problems.append(f"table {table}: {after[table] - before[table]} rows added != {wanted}")
    return problems + differences(svc)


def _explain(variant: Variant, problems: list[str]) -> str:
    return "\n".join(
        [f"variant {variant.seed} ({variant.fmt}):", *variant.features, "problems:", *problems]
    )


def _check(variants: dict[str, tuple[Variant, list[Path]]], name: str, svc: Services) -> None:
    variant, paths = _files(variants, name)
    before = table_counts(svc)
    report = run_import(svc, paths, backup=False)
    problems = _problems(variant, report, svc, before)
    assert not problems, _explain(variant, problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_variant_imports_exactly(
    variants: dict[str, tuple[Variant, list[Path]]], seed: int, sqlite_svc: Services
) -> None:
    _check(variants, _name(seed), sqlite_svc)


@pytest.mark.parametrize("seed", POSTGRES_SEEDS)
def test_variant_imports_exactly_on_each_backend(
    variants: dict[str, tuple[Variant, list[Path]]], seed: int, svc: Services
) -> None:
    _check(variants, _name(seed), svc)


@pytest.mark.parametrize("fmt", FORMATS)
def test_plain_workbook_imports_exactly(
    variants: dict[str, tuple[Variant, list[Path]]], fmt: str, sqlite_svc: Services
) -> None:
    """The tidiest workbook (plainest words, no layout tricks) in each format: the control."""
    _check(variants, _name(0, fmt, ()), sqlite_svc)


@pytest.mark.parametrize(("dim", "seed"), ONE_DIMENSION)
def test_one_dimension_imports_exactly(
    variants: dict[str, tuple[Variant, list[Path]]], dim: str, seed: int, sqlite_svc: Services
) -> None:
    """Only sheet names, or headers, or values, or dates, or layout vary."""
    _check(variants, _name(seed, vary=(dim,)), sqlite_svc)


@pytest.mark.parametrize("seed", AGAIN_SEEDS)
def test_reimporting_a_variant_changes_nothing(
    variants: dict[str, tuple[Variant, list[Path]]], seed: int, sqlite_svc: Services
) -> None:
    variant, paths = _files(variants, _name(seed))
    empty = table_counts(sqlite_svc)
    first = run_import(sqlite_svc, paths, backup=False)
    assert first.committed, _explain(variant, _problems(variant, first, sqlite_svc, empty))
    before = table_counts(sqlite_svc)
    again = run_import(sqlite_svc, paths, backup=False)
    rows = sum(ds.COUNTS.sheets.values())
    assert again.committed and not again.errors, _explain(variant, [str(e) for e in again.errors])
    assert again.totals() == {"inserted": 0, "updated": 0, "unchanged": rows, "rejected": 0}
    assert table_counts(sqlite_svc) == before
    assert differences(sqlite_svc) == []


def test_variants_are_deterministic_and_differ() -> None:
    """The same seed gives the same cells; different seeds give different workbooks."""
    first, again, other = build(7), build(7), build(8)
    assert [(s.name, s.rows) for s in first.sheets] == [(s.name, s.rows) for s in again.sheets]
    assert [s.rows for s in first.sheets] != [s.rows for s in other.sheets]
    assert {build(seed).fmt for seed in SEEDS} == set(FORMATS)
    plain = build(7, vary=())
    assert [s.name for s in plain.sheets][:2] == ["Practices", "Meetings"]
    assert plain.sheets[0].rows[0][:2] == ["ODS code", "Practice name"]


def _texts(variants: list[Variant]) -> set[str]:
    """Every text cell of the variants, trimmed and lower-cased, wrapped headers unwrapped."""
    return {
        " ".join(cell.replace("\u00a0", " ").split()).lower().rstrip(":")
        for v in variants
        for sheet in v.sheets
        for row in sheet.rows
        for cell in row
        if isinstance(cell, str)
    }


def test_the_seeds_use_every_word() -> None:
    """The 24 seeds between them write every header wording, value spelling, tick and
    date style in the word lists, and the misleading sheet names, so none goes untested."""
    built = [build(seed) for seed in SEEDS]
    texts = _texts(built)
    unused = [h for fields in w.HEADERS.values() for hs in fields.values() for h in hs]
    for table in (w.STAGES, w.ACTION_STATUSES, w.MEETING_STATUSES, w.RAG, w.REVIEW_TYPES):
        unused += [word for words in table.values() for word in words]
    for table in (w.BOROUGHS, w.COURSES, w.REQUEST_KINDS):
        unused += [word for words in table.values() for word in words]
    unused += list(w.YES_MARKS)
    missing = [word for word in unused if not any(word.lower() in text for text in texts)]
    assert missing == []
    sheet_names = {s.name for v in built for s in v.sheets}
    misleading = {"Practice list", "Notes – meetings", "Meetings key dates", "L3 training notes"}
    assert misleading <= sheet_names
    styles = {style for v in built for style in v.date_styles}
    assert styles == {"date", "serial", *w.TEXT_DATE_STYLES}


def test_the_checker_finds_every_difference(sqlite_svc: Services) -> None:
    """The dataset written without the importer checks clean (bar ticked steps the schema
    cannot record yet), and each changed field is reported as exactly one difference."""
    empty = table_counts(sqlite_svc)
    with sqlite_svc.session() as s:
        reference.load(s)
    after = table_counts(sqlite_svc)
    assert {t: after[t] - empty[t] for t in ds.COUNTS.tables} == ds.COUNTS.tables
    baseline = differences(sqlite_svc)
    for line in baseline:  # e.g. "LES return G99102 contract_signed_on done: False != True"
        match = re.fullmatch(r"LES return G991\d\d (\w+_on) done: False != True", line)
        assert match and match.group(1) not in undated.FLAGS, line
    with sqlite_svc.session() as s:
        practice = s.exec(select(models.Practice).where(models.Practice.ods_code == "G99105"))
        practice.one().list_size = 7900
        review = s.exec(select(models.Review).where(models.Review.ref == "LEW-DHR-2024-01"))
        review.one().stage = "panel"
        record = s.exec(select(models.TrainingRecord).order_by(models.TrainingRecord.id)).first()
        assert record is not None
        record.expiry_stated = True
    changed = [line for line in differences(sqlite_svc) if line not in baseline]
    assert changed == [
        "practice G99105 list_size: 7900 != 7800",
        "review LEW-DHR-2024-01 stage: 'panel' != 'information_gathering'",
        "training Alex Rivers (G99101) SGC-L3 2023-03-14 expiry_stated: True != False",
    ]
