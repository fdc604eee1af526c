"""Every seeded variant of one dataset imports to exactly the same records.

The variants (see :mod:`tests.importers.variants`) differ in sheet names, header
wording, value spellings, layout and file format, all within what a borough workbook
may hold. Each must import into a fresh database with no errors, exactly the dataset's
rows per kind and table, and every field as the dataset has it; importing it again
must change nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sgtui.importers.pipeline import run_import
from sgtui.importers.report import ImportReport
from sgtui.services.context import Services

from .variants import dataset as ds
from .variants.expect import differences, table_counts
from .variants.formats import needs_libreoffice, save_all, soffice
from .variants.writer import Variant, build

SEEDS = range(24)
"""24 variants: the format cycles xlsx, LibreOffice xlsx, xls, ods, csv."""
POSTGRES_SEEDS = (0, 3, 4)
"""A few (openpyxl xlsx, ods, csv) also run on PostgreSQL."""
AGAIN_SEEDS = (5, 8, 9)


@pytest.fixture(scope="session")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Variant, list[Path]]]:
    """Every variant written once per run (LibreOffice formats in one soffice call each)."""
    root = tmp_path_factory.mktemp("variants")
    built = [build(seed) for seed in SEEDS]
    files = save_all(built, root)
    return {v.seed: (v, files.get(v.seed, [])) for v in built}


def _files(
    variants: dict[int, tuple[Variant, list[Path]]], seed: int
) -> tuple[Variant, list[Path]]:
    """The variant's files; without LibreOffice its formats skip locally and fail on CI."""
    variant, paths = variants[seed]
    if not paths and needs_libreoffice(variant):
        if os.environ.get("CI"):
            pytest.fail("CI=true but LibreOffice (soffice) is not installed: see .ci/run")
        pytest.skip("LibreOffice (soffice) not installed")
    assert paths, f"variant {seed} wrote no files"
    assert soffice() or not needs_libreoffice(variant)
    return variant, paths


def _problems(variant: Variant, report: ImportReport, svc: Services) -> list[str]:
    """Everything wrong with one import, each on its own line."""
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
    counts = table_counts(svc)
    for table, wanted in ds.COUNTS.tables.items():
        if counts[table] != wanted:
            problems.append(f"table {table}: {counts[table]} rows != {wanted}")
    return problems + differences(svc)


def _explain(variant: Variant, problems: list[str]) -> str:
    return "\n".join(
        [f"variant {variant.seed} ({variant.fmt}):", *variant.features, "problems:", *problems]
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_variant_imports_exactly(
    variants: dict[int, tuple[Variant, list[Path]]], seed: int, sqlite_svc: Services
) -> None:
    variant, paths = _files(variants, seed)
    report = run_import(sqlite_svc, paths, backup=False)
    problems = _problems(variant, report, sqlite_svc)
    assert not problems, _explain(variant, problems)


@pytest.mark.parametrize("seed", POSTGRES_SEEDS)
def test_variant_imports_exactly_on_each_backend(
    variants: dict[int, tuple[Variant, list[Path]]], seed: int, svc: Services
) -> None:
    variant, paths = _files(variants, seed)
    report = run_import(svc, paths, backup=False)
    problems = _problems(variant, report, svc)
    assert not problems, _explain(variant, problems)


@pytest.mark.parametrize("seed", AGAIN_SEEDS)
def test_reimporting_a_variant_changes_nothing(
    variants: dict[int, tuple[Variant, list[Path]]], seed: int, sqlite_svc: Services
) -> None:
    variant, paths = _files(variants, seed)
    first = run_import(sqlite_svc, paths, backup=False)
    assert first.committed, _explain(variant, _problems(variant, first, sqlite_svc))
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
    formats = {build(seed).fmt for seed in SEEDS}
    assert formats == {"xlsx", "lo-xlsx", "xls", "ods", "csv"}
