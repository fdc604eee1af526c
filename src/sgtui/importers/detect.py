"""Which kind of records a sheet holds, where its header row is, and how columns map.

Sheets are judged by their header rows, not their names ("Meeting Log 23-24", "Mtgs"),
with the name as a tie-breaker. A header row is the row, among the first few, whose
cells match the most fields of one kind; title rows above it match one field at most.
Dashboards, lookup lists and instructions are recognised by name and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sgtui.importers.cells import clean_text
from sgtui.importers.fields import (
    KINDS,
    SheetKind,
    header_words,
    match_headers,
    synonyms_for,
)
from sgtui.importers.mapping import Mapping
from sgtui.importers.reader import SheetSource

SKIP_NAMES: tuple[tuple[str, frozenset[str]], ...] = (
    ("dashboard", frozenset({"dashboard", "summary", "chart", "charts", "stats", "kpi", "kpis"})),
    (
        "lookups",
        frozenset({"lookup", "lookups", "lists", "list", "dropdown", "dropdowns", "validation"}),
    ),
    (
        "instructions",
        frozenset(
            {
                "instructions",
                "notes",
                "readme",
                "guidance",
                "help",
                "howto",
                "about",
                "contents",
                "key",
            }
        ),
    ),
)
MIN_FIELDS = 3
"""A header row must name at least this many of a kind's fields."""
CRITERION = "criterion"
"""Column target for an LES criterion (a column the LES kind does not know by name)."""


@dataclass
class Detection:
    """What was decided about one sheet."""

    kind: SheetKind | None = None
    skipped: str | None = None
    header_row: int | None = None
    headers: list[str] = field(default_factory=list)
    columns: dict[int, str] = field(default_factory=dict)
    """0-based column index -> field name (or :data:`CRITERION`)."""
    title_text: str = ""
    """Text of the rows above the header (titles often hold the year)."""


def detect(sheet: SheetSource, mapping: Mapping) -> Detection:
    """Decide the kind, header row and column mapping for one sheet."""
    override = mapping.sheets.get(sheet.name)
    if override == "skip":
        return Detection(skipped="skipped by the mapping file")
    if override is None and (reason := _skip_by_name(sheet.name)):
        return Detection(skipped=reason)
    head = sheet.head()
    if not head:
        return Detection(skipped="empty")
    kinds = [KINDS[override]] if override else list(KINDS.values())
    best: tuple[float, Detection] | None = None
    for kind in kinds:
        found = _best_header(kind, head, sheet.name, mapping)
        if found and (best is None or found[0] > best[0]):
            best = found
    if best is None:
        return Detection(skipped="no header row recognised")
    return best[1]


def _skip_by_name(name: str) -> str | None:
    words = set(re.findall(r"[a-z]+", name.lower()))
    words.add("".join(sorted(words, key=name.lower().find)))  # "Read Me" -> "readme"
    for reason, marks in SKIP_NAMES:
        if words & marks:
            return reason
    return None


def _best_header(
    kind: SheetKind, head: list[tuple[int, list[object]]], sheet_name: str, mapping: Mapping
) -> tuple[float, Detection] | None:
    synonyms = synonyms_for(kind, mapping.synonyms.get(kind.name))
    exact = mapping.headers.get(kind.name, {})
    name_bonus = 1.5 if header_words(sheet_name) & set(kind.name_words) else 0.0
    best: tuple[float, Detection] | None = None
    for position, (row_number, cells) in enumerate(head):
        headers = [_header_text(c) for c in cells]
        columns = match_headers(headers, synonyms, exact)
        stored = [
            f for f in columns.values() if kind.by_name.get(f) and kind.by_name[f].kind != "ignore"
        ]
        if len(stored) < MIN_FIELDS or not _has_required(kind, columns):
            continue
        score = len(stored) + name_bonus
        if best is None or score > best[0]:
            if kind.extra_columns:
                columns = _with_criteria(columns, headers)
            titles = " ".join(clean_text(c) for _r, row in head[:position] for c in row)
            best = (score, Detection(kind, None, row_number, headers, columns, titles))
    return best


def _has_required(kind: SheetKind, columns: dict[int, str]) -> bool:
    present = set(columns.values())
    if kind.name == "les":
        return bool(present & {"ods_code", "practice_name"})
    return all(spec.name in present for spec in kind.fields if spec.required)


def _with_criteria(columns: dict[int, str], headers: list[str]) -> dict[int, str]:
    """LES sheets: every other titled column is a criterion of the scheme year."""
    extended = dict(columns)
    for index, header in enumerate(headers):
        if index not in extended and header:
            extended[index] = CRITERION
    return dict(sorted(extended.items()))


def _header_text(value: object) -> str:
    try:
        return clean_text(value)
    except ValueError:
        return ""


def mapping_of(detection: Detection) -> dict[str, str | None]:
    """Header text -> field for the report (None for columns that are not imported)."""
    result: dict[str, str | None] = {}
    for index, header in enumerate(detection.headers):
        if header:
            result[header] = detection.columns.get(index)
    return result
