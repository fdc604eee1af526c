"""Which kind of records a sheet holds, where its header row is, and how columns map.

Sheets are judged by their content, never by their name alone. Every one of the first
rows is scored against every kind: a header row names at least :data:`MIN_FIELDS` of a
kind's fields, including the ones its records cannot do without. Between candidate
kinds and candidate header rows the *data below* decides: dates under date headers,
numbers under number headers, and a header row of text rather than values. The sheet's
name only breaks a tie ("Practice List" can hold a practice list; "Notes 2024" a
meeting log).

Only when no row matches a kind is a sheet skipped, as a dashboard (labels beside
figures or formulas), lookups (short lists of words) or instructions (sentences), again
judged by content with the name as tie-break. The skip reason says which kind the sheet
came closest to and what it lacked, so an officer knows what to rename or map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sgtui.importers.cells import (
    CellError,
    clean_text,
    is_unknown,
    read_date,
    read_number,
    read_step,
    read_time,
)
from sgtui.importers.fields import (
    KINDS,
    SheetKind,
    header_key,
    header_words,
    kind_words,
    match_headers_detail,
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
"""Sheet-name words that *suggest* a sheet holds no records (a tie-break, never a verdict)."""
MIN_FIELDS = 3
"""A header row must name at least this many of a kind's fields."""
CRITERION = "criterion"
"""Column target for an LES criterion (a column the LES kind does not know by name)."""
NOT_RECOGNISED = "no header row recognised"
NAME_TIEBREAK = 0.25
"""What a sheet name naming the kind adds: less than any one column, so only a tie-break."""
SAMPLE_ROWS = 20
"""Data rows under a candidate header row that are read to check its columns' types."""
TYPE_READERS: dict[str, Any] = {
    "date": read_date,
    "step": read_step,
    "time": read_time,
    "int": read_number,
    "number": read_number,
}


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
    ambiguous: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """0-based column index -> fields its header matches equally well (left unmapped)."""


@dataclass
class Candidate:
    """One (kind, head row) pairing and how well it fits."""

    kind: SheetKind
    position: int
    row_number: int
    headers: list[str]
    columns: dict[int, str]
    ambiguous: dict[int, tuple[str, ...]]
    stored: list[str]
    missing: list[str]
    score: float = 0.0

    @property
    def viable(self) -> bool:
        """Enough known columns, and every field the kind's records need."""
        return len(self.stored) >= MIN_FIELDS and not self.missing


def detect(sheet: SheetSource, mapping: Mapping) -> Detection:
    """Decide the kind, header row and column mapping for one sheet."""
    override = mapping.sheets.get(sheet.name)
    if override == "skip":
        return Detection(skipped="skipped by the mapping file")
    head = sheet.head()
    if not head:
        return Detection(skipped="empty")
    kinds = [KINDS[override]] if override else list(KINDS.values())
    candidates = [c for kind in kinds for c in _candidates(kind, head, mapping)]
    viable = [c for c in candidates if c.viable]
    if not viable:
        return Detection(skipped=_skip_reason(sheet, head, candidates))
    name_words = header_words(sheet.name)
    for candidate in viable:
        candidate.score = _content_score(candidate, head)
        if name_words & _name_words(candidate.kind):
            candidate.score += NAME_TIEBREAK
    best = max(viable, key=lambda c: (c.score, -c.position))
    return _detection(best, head)


def _name_words(kind: SheetKind) -> frozenset[str]:
    return kind_words(kind)


def _candidates(
    kind: SheetKind, head: list[tuple[int, list[object]]], mapping: Mapping
) -> list[Candidate]:
    """Every head row read as this kind's header row (rows naming no field are left out)."""
    synonyms = synonyms_for(kind, mapping.synonyms.get(kind.name))
    exact = mapping.headers.get(kind.name, {})
    found = []
    for position, (row_number, cells) in enumerate(head):
        headers = [_header_text(c) for c in cells]
        named = headers
        if kind.extra_columns:  # "C2 Policy reviewed" is a criterion, never a step
            named = [
                "" if is_criterion_title(h) and header_key(h) not in exact else h for h in headers
            ]
        matched = match_headers_detail(named, synonyms, exact)
        columns = matched.columns
        stored = [
            f for f in columns.values() if kind.by_name.get(f) and kind.by_name[f].kind != "ignore"
        ]
        if not stored:
            continue
        found.append(
            Candidate(
                kind,
                position,
                row_number,
                headers,
                columns,
                matched.ambiguous,
                stored,
                _missing(kind, columns),
            )
        )
    return found


_CRITERION_TITLE = re.compile(
    r"^\s*(?:[cq]\s*\d{1,2}(?:\.\d{1,2})?\b|\d{1,2}(?:\.\d{1,2})?\s*[:.)\-\u2013])", re.I
)


def is_criterion_title(header: str) -> bool:
    """A header numbered as a criterion ("C3 ...", "Q2: ...", "4. ...", "1) ...").

    The scheme's own numbering says the column is a question of the return, so its words
    ("C2 Policy last reviewed", "C4 Meetings held") are never read as a step's.
    """
    return bool(_CRITERION_TITLE.match(header))


def _missing(kind: SheetKind, columns: dict[int, str]) -> list[str]:
    """Labels of the fields a kind's records need that the row does not name."""
    present = set(columns.values())
    if kind.name == "les":
        return [] if present & {"ods_code", "practice_name"} else ["ODS code or Practice"]
    missing = []
    for spec in kind.fields:
        if not spec.required or spec.name in present:
            continue
        stand_ins = kind.alternatives.get(spec.name, ())
        if not any(name in present for name in stand_ins):
            missing.append(spec.label)
    return missing


def _content_score(candidate: Candidate, head: list[tuple[int, list[object]]]) -> float:
    """Columns named, adjusted by whether the rows below hold values of those types.

    A typed column (date, time, number) whose sample values mostly read as that type
    adds up to half a point; one whose values mostly do not costs a point. A header row
    holding dates or numbers itself is more likely a data row: each such cell costs one.
    """
    score = float(len(candidate.stored))
    _row_number, cells = head[candidate.position]
    score -= sum(1 for value in cells if _is_value(value))
    below = [row for _n, row in head[candidate.position + 1 : candidate.position + 1 + SAMPLE_ROWS]]
    for index, field_name in candidate.columns.items():
        spec = candidate.kind.by_name.get(field_name)
        reader = TYPE_READERS.get(spec.kind) if spec else None
        if reader is None:
            continue
        fit = _type_fit(reader, [row[index] for row in below if index < len(row)])
        if fit is not None:
            score += 0.5 * fit if fit >= 0.5 else -1.0
    return score


def _type_fit(reader: Any, values: list[object]) -> float | None:
    """Share of the non-blank sample values the reader accepts (None: nothing to judge)."""
    checked = accepted = 0
    for value in values:
        try:
            text = clean_text(value)
        except CellError:
            continue
        if is_unknown(text):
            continue
        checked += 1
        try:
            reader(value)
            accepted += 1
        except CellError:
            pass
    return accepted / checked if checked else None


def _is_value(value: object) -> bool:
    """A cell holding a date or a number rather than a header's words."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float | date | datetime)


def _detection(best: Candidate, head: list[tuple[int, list[object]]]) -> Detection:
    columns = best.columns
    if best.kind.extra_columns:
        columns = _with_criteria(columns, best.headers, set(best.ambiguous))
    titles = " ".join(_header_text(c) for _r, row in head[: best.position] for c in row)
    return Detection(
        best.kind, None, best.row_number, best.headers, columns, titles, best.ambiguous
    )


def _with_criteria(
    columns: dict[int, str], headers: list[str], ambiguous: set[int]
) -> dict[int, str]:
    """LES sheets: every other titled column is a criterion of the scheme year."""
    extended = dict(columns)
    for index, header in enumerate(headers):
        if index not in extended and index not in ambiguous and header:
            extended[index] = CRITERION
    return dict(sorted(extended.items()))


def _header_text(value: object) -> str:
    try:
        return clean_text(value)
    except ValueError:
        return ""


# --- Skipped sheets ------------------------------------------------------------------


def _skip_reason(
    sheet: SheetSource, head: list[tuple[int, list[object]]], candidates: list[Candidate]
) -> str:
    """ "lookups: closest to meetings (row 2 names Date, Venue; ...)"."""
    category = _content_category(sheet, head) or _name_category(sheet.name) or NOT_RECOGNISED
    return f"{category}: {closest_text(candidates)}"


def closest_text(candidates: list[Candidate]) -> str:
    """Which kind a sheet came closest to, and what that kind still needs."""
    if not candidates:
        return "no row names a column sgtui reads"
    best = max(candidates, key=lambda c: (len(c.stored), -c.position, -len(c.missing)))
    named = ", ".join(best.headers[i] for i, f in best.columns.items() if f in best.stored)
    kind = best.kind.name
    sheet = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} sheet"
    if best.missing:
        needs = f"{sheet} also needs {', '.join(best.missing)}"
    else:
        needs = f"{sheet} needs at least {MIN_FIELDS} of its columns"
    return f"closest to {kind} (row {best.row_number} names {named}; {needs})"


def _name_category(name: str) -> str | None:
    words = set(re.findall(r"[a-z]+", name.lower()))
    words.add("".join(sorted(words, key=name.lower().find)))  # "Read Me" -> "readme"
    for reason, marks in SKIP_NAMES:
        if words & marks:
            return reason
    return None


def _content_category(sheet: SheetSource, head: list[tuple[int, list[object]]]) -> str | None:
    """Dashboard, lookups or instructions, from what the head rows hold (None: unclear).

    Instructions are sentences, one cell to a row. A dashboard pairs labels with figures
    (or with formulas, which an unsaved workbook holds without values). Lookups are short
    words in one to three columns, row after row.
    """
    formulas = {row for row, _col in sheet.uncached}
    numbered = [(n, [v for v in cells if not _blank(v)]) for n, cells in head]
    numbered = [(n, kept) for n, kept in numbered if kept]
    if not numbered:
        return None
    rows = [kept for _n, kept in numbered]
    label_rows = sum(
        1
        for number, kept in numbered
        if isinstance(kept[0], str) and (any(_is_value(v) for v in kept[1:]) or number in formulas)
    )
    if label_rows * 2 >= len(rows) and len(rows) <= 40:
        return "dashboard"
    texts = [_header_text(v) for r in rows for v in r if isinstance(v, str)]
    if all(len(r) == 1 for r in rows) and any(len(t.split()) >= 5 for t in texts):
        return "instructions"
    widest = max(len(r) for r in rows)
    if widest <= 3 and texts and all(len(t.split()) <= 6 for t in texts):
        return "lookups"
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def mapping_of(detection: Detection) -> dict[str, str | None]:
    """Header text -> field for the report (None for columns that are not imported)."""
    result: dict[str, str | None] = {}
    for index, header in enumerate(detection.headers):
        if header:
            result[header] = detection.columns.get(index)
    return result
