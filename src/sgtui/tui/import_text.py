"""What the Import screen says and saves about an import report (Textual-free, testable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sgtui.importers.report import ImportReport

CRITERION = "criterion"
"""The report's target for an LES criterion column; recognised automatically, never saved."""


def default_mapping_path(workbook: Path) -> Path:
    """Where a workbook's mapping file goes unless the officer says otherwise: beside it."""
    return workbook.with_name(f"{workbook.stem}-mapping.toml")


@dataclass
class Fixes:
    """What the officer has chosen on the Import screen since the mapping was last saved."""

    headers: dict[tuple[str, str], str] = field(default_factory=dict)
    """(sheet kind, header) -> field."""
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    """(field, cell text) -> catalogue code."""
    people: dict[str, str] = field(default_factory=dict)
    """"name|organisation" -> person key, or "new"."""

    def __bool__(self) -> bool:
        return bool(self.headers or self.values or self.people)

    def clear(self) -> None:
        """Forget every choice (after saving, or when another workbook is chosen)."""
        self.headers.clear()
        self.values.clear()
        self.people.clear()


def corrected_mapping(
    report: ImportReport, fixes: Fixes | dict[tuple[str, str], str], kept: dict[str, Any]
) -> dict[str, Any]:
    """The mapping the dry run used, with the officer's fixes.

    ``kept`` is the previous mapping file's document: its synonyms, value maps and people,
    which a report does not carry, are kept, and the officer's new value and person
    choices are added to them (a choice wins over what the file said).
    """
    if not isinstance(fixes, Fixes):
        fixes = Fixes(headers=dict(fixes))
    from sgtui.importers.report import mapping_document

    document = mapping_document(report)
    headers = {
        kind: {h: t for h, t in targets.items() if t != CRITERION}
        for kind, targets in document["headers"].items()
    }
    for (kind, header), target in fixes.headers.items():
        headers.setdefault(kind, {})[header] = target
    document["headers"] = {kind: targets for kind, targets in headers.items() if targets}
    for section in ("synonyms", "values", "people"):
        if kept.get(section):
            document[section] = {k: v for k, v in kept[section].items()}
    values: dict[str, dict[str, str]] = {
        name: dict(pairs) for name, pairs in document.get("values", {}).items()
    }
    for (field_name, text), code in fixes.values.items():
        values.setdefault(field_name, {})[text] = code
    if values:
        document["values"] = values
    if fixes.people:
        document["people"] = {**document.get("people", {}), **fixes.people}
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
    counts += _to_review(report)
    if report.committed:
        extra = (
            f" · rejects saved to {', '.join(Path(f).name for f in report.rejects_files)}"
            if report.rejects_files
            else ""
        )
        undo = f" · ctrl+z undoes import {report.import_number}" if report.import_number else ""
        return f"✓ Imported {name}: {counts}{extra}{undo}"
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


def _to_review(report: ImportReport) -> str:
    """What still needs the officer's eye: values to map, changes held back, people to pick."""
    parts = []
    unmapped = sum(len(column.values) for column in report.unmapped)
    if unmapped:
        parts.append(f"{unmapped} value(s) to map")
    clashed = len({conflict.record for conflict in report.conflicts})
    if clashed:
        parts.append(
            f"{clashed} record(s) saved by a colleague meanwhile, kept as they saved them: "
            "see Changes"
        )
    held = sum(1 for change in report.changes if change.held)
    if held:
        parts.append(f"{held} change(s) held back until you tick Accept changes")
    people = len(report.people)
    if people:
        rows = sum(choice.rows for choice in report.people)
        parts.append(f"{people} name(s) to match to a person, {rows} row(s) held back")
    return f" ({'; '.join(parts)})" if parts else ""
