"""What the Import screen says and saves about an import report (Textual-free, testable)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sgtui.importers.report import ImportReport

CRITERION = "criterion"
"""The report's target for an LES criterion column; recognised automatically, never saved."""


def default_mapping_path(workbook: Path) -> Path:
    """Where a workbook's mapping file goes unless the officer says otherwise: beside it."""
    return workbook.with_name(f"{workbook.stem}-mapping.toml")


def corrected_mapping(
    report: ImportReport, fixes: dict[tuple[str, str], str], kept: dict[str, Any]
) -> dict[str, Any]:
    """The mapping the dry run used, with the officer's fixes ((kind, header) -> field).

    ``kept`` is the previous mapping file's document: its synonyms and value maps,
    which a report does not carry, are kept as they were.
    """
    from sgtui.importers.report import mapping_document

    document = mapping_document(report)
    headers = {
        kind: {h: t for h, t in targets.items() if t != CRITERION}
        for kind, targets in document["headers"].items()
    }
    for (kind, header), target in fixes.items():
        headers.setdefault(kind, {})[header] = target
    document["headers"] = {kind: targets for kind, targets in headers.items() if targets}
    for section in ("synonyms", "values"):
        if kept.get(section):
            document[section] = kept[section]
    return document


def summary_line(report: ImportReport, name: str) -> str:
    """One sentence on the outcome, in words (never colour alone)."""
    if report.fatal:
        return f"✗ {name}: {report.fatal}"
    totals = report.totals()
    counts = (
        f"{totals['inserted']} new, {totals['updated']} updated, "
        f"{totals['unchanged']} unchanged, {totals['rejected']} rejected"
    )
    errors = len(report.errors)
    if report.committed:
        extra = (
            f" · rejects saved to {', '.join(Path(f).name for f in report.rejects_files)}"
            if report.rejects_files
            else ""
        )
        return f"✓ Imported {name}: {counts}{extra}"
    if report.dry_run:
        if errors:
            return (
                f"✗ Dry run of {name}, nothing written: {counts}. {errors} problem(s) below; "
                "fix them in the workbook, or tick Skip invalid rows to import the rest."
            )
        return f"✓ Dry run of {name}, nothing written: {counts}. F9 imports it."
    return (
        f"✗ Nothing imported from {name}: {errors} problem(s) below. "
        "Fix them, or tick Skip invalid rows to import the valid rows."
    )
