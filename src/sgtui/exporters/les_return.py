"""The Named GP's LES return: Summary (with a compliance chart), Practice grid, Answers,
Exceptions, Outstanding and Data notes. Practice-level figures only: nothing about patients.

The grid is split in two so each prints legibly one page wide on A4 landscape: the
Practice grid holds where each practice's contract and return stand, the Answers sheet
its answer to each criterion.

A column holding a practice's or a return's own field is headed by the form's label for
it (:func:`field_column`); "Practice" (the practice's name) and the figures are the
report's own.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.styles import Font

from sgtui.exporters.safety import check_target
from sgtui.exporters.workbook import (
    SheetColumn,
    WorkbookBuilder,
    add_bar_chart,
    add_rag_formatting,
    field_column,
)
from sgtui.services import les
from sgtui.services.progress import Progress
from sgtui.services.reports import LesReturnReport, PracticeReturn
from sgtui.services.reports.les_return import OUTSTANDING, SUMMARY_MEANINGS
from sgtui.services.ukdates import format_uk

BOLD = Font(bold=True)
SUMMARY_COLUMNS = (
    SheetColumn("Measure", width=34),
    SheetColumn("Value", "int", width=14),
    SheetColumn("%", "percent", width=12),
    SheetColumn("Of", width=30),
)
CRITERIA_COLUMNS = (
    SheetColumn("Criterion", width=34),
    SheetColumn("Returns answering", "int", width=14),
    SheetColumn("Compliance %", "percent", width=12, thresholds=(0.8, 0.95)),
    SheetColumn("Met", "int", width=30),
    SheetColumn("Question", width=70),
)


def fraction(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by (shown blank, not 0%)."""
    return part / whole if whole else None


def write_les_return(
    report: LesReturnReport,
    path: str | Path,
    *,
    author: str,
    created: datetime,
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write the Named GP's return workbook for one scheme year and borough (or all).

    ``progress`` hears (data rows written, data rows in every sheet).
    """
    check_target(path, force=force)
    title = f"GP safeguarding LES return {report.scheme.year}: {report.borough}"
    rows = sheet_rows(report, author, created)
    total = sum(len(block) for block in rows.values())
    book = WorkbookBuilder(
        title=title, author=author, created=created, progress=progress, total=total
    )
    _summary(book, rows["summary"], rows["compliance"])
    book.table("Practice grid", GRID_FIXED, rows["grid"])
    columns = list(ANSWER_FIXED) + [_criterion_column(c) for c in report.criteria]
    book.table("Answers", columns, rows["answers"])
    book.table("Exceptions", EXCEPTION_COLUMNS, rows["exceptions"])
    book.table("Outstanding", OUTSTANDING_COLUMNS, rows["outstanding"])
    book.stacked(
        "Data notes",
        [(NOTE_COLUMNS, rows["notes"]), (CRITERIA_NOTE_COLUMNS, rows["criteria notes"])],
    )
    return book.save(path, force=force)


def sheet_rows(report: LesReturnReport, author: str, created: datetime) -> dict[str, list[Any]]:
    """Each block of data rows, made before writing so the progress total is exact."""
    return {
        "summary": summary_rows(report, author, created),
        "compliance": [
            [item.code, item.answered, fraction(item.met, item.answered), item.met, item.question]
            for item in report.compliance
        ],
        "grid": [_grid_row(p) for p in report.practices],
        "answers": [_answer_row(p, report) for p in report.practices],
        "exceptions": _exception_rows(report),
        "outstanding": _outstanding_rows(report),
        "notes": _note_rows(report, author, created),
        "criteria notes": [
            [c.code, c.question, c.answer_type, c.threshold] for c in report.criteria
        ],
    }


def _summary(book: WorkbookBuilder, summary: list[Any], criteria: list[Any]) -> None:
    ws, (_top, header_row) = book.stacked(
        "Summary", [(SUMMARY_COLUMNS, summary), (CRITERIA_COLUMNS, criteria)]
    )
    last_row = header_row + len(criteria)
    add_rag_formatting(ws, CRITERIA_COLUMNS, first_row=header_row + 1, last_row=last_row)
    if criteria:
        # Below the tables, not beside them: beside, it made the sheet twice as wide
        # and the one-page-wide print half the size.
        add_bar_chart(
            ws,
            data_sheet=ws,
            label_col=1,
            value_col=3,
            header_row=header_row,
            last_row=last_row,
            title="Compliance by criterion (received returns)",
            anchor=f"A{last_row + 3}",
        )


def summary_rows(report: LesReturnReport, author: str, created: datetime) -> list[list[Any]]:
    """Measure, value, %, and what the % is of: the figures the Named GP reads first."""
    in_scope = len(report.practices)
    return [
        ["Borough", report.borough, None, None],
        ["Scheme year", report.scheme.year, None, None],
        ["Practices in scope", in_scope, None, None],
        ["Contracts sent", report.contracts_sent, fraction(report.contracts_sent, in_scope), "practices in scope"],
        ["Contracts signed", report.contracts_signed, fraction(report.contracts_signed, report.contracts_sent), "contracts sent"],
        ["Returns received", report.received, fraction(report.received, report.contracts_sent), "contracts sent"],
        ["Returns complete", report.complete, fraction(report.complete, report.received), "returns received"],
        [OUTSTANDING.label, len(report.outstanding), None, None],
        ["Return deadline", report.scheme.return_due_on, None, None],
        ["Data as at", report.as_of, None, None],
        ["Date produced", created, None, None],
        ["Produced by", author, None, None],
    ]  # fmt: skip


GRID_FIXED = (
    field_column("practice", "ods_code"),
    SheetColumn("Practice"),
    field_column("practice", "pcn"),
    field_column("practice", "postcode"),
    field_column("practice", "borough"),
    field_column("practice", "safeguarding_lead"),
    SheetColumn("Contract"),
    field_column("les_return", "contract_sent_on", "date"),
    field_column("les_return", "contract_signed_on", "date"),
    SheetColumn("Return status"),
    SheetColumn("RAG", "rag"),
    field_column("les_return", "return_requested_on", "date"),
    field_column("les_return", "return_received_on", "date"),
    SheetColumn("Days late", "int"),
)
ANSWER_FIXED = (
    field_column("practice", "ods_code"),
    SheetColumn("Practice"),
    SheetColumn("Criteria met", "int"),
    SheetColumn("No answers", "int"),
    SheetColumn("% criteria met", "percent", thresholds=(0.8, 1.0)),
)
"""The Answers sheet's first columns; one column per criterion follows."""
ANSWER_KINDS = {"number": "number", "date": "date", "percent": "whole_percent"}


def _criterion_column(criterion: Any) -> SheetColumn:
    kind = ANSWER_KINDS.get(criterion.answer_type, "text")
    return SheetColumn(criterion.code, kind)


def return_rag(practice: PracticeReturn) -> str:
    """Green once received, Red when the deadline has passed without it, else Amber."""
    if practice.received:
        return "Green"
    return "Red" if practice.days_late else "Amber"


def _grid_row(practice: PracticeReturn) -> list[Any]:
    return [
        practice.ods_code,
        practice.name,
        practice.pcn,
        practice.postcode,
        practice.borough,
        practice.safeguarding_lead,
        practice.contract_status,
        practice.contract_sent_on,
        practice.contract_signed_on,
        practice.return_status,
        return_rag(practice),
        practice.return_requested_on,
        practice.received_on,
        practice.days_late,
    ]


def _answer_row(practice: PracticeReturn, report: LesReturnReport) -> list[Any]:
    fixed = [
        practice.ods_code,
        practice.name,
        practice.criteria_met if practice.received else None,
        practice.no_count if practice.received else None,
        practice.met_fraction,
    ]
    return fixed + [typed_answer(c, practice.answers.get(c.code)) for c in report.criteria]


def typed_answer(criterion: Any, value: str | None) -> Any:
    """An answer as a real number or date where the criterion's type says so.

    A percentage answer (stored 0-100, as the practice gave it) becomes a fraction, so
    the cell's ``0%`` format shows 75 as 75 % and a spreadsheet sums it as one.
    """
    if value is None or criterion.answer_type in ("yes_no", "text"):
        return value
    try:
        parsed = les.parse_answer(criterion, value)
    except ValueError:
        return value
    if criterion.answer_type == "percent" and isinstance(parsed, float):
        return parsed / 100
    return parsed if isinstance(parsed, float | date) else value


EXCEPTION_COLUMNS = (
    SheetColumn("ODS code"),
    SheetColumn("Practice"),
    SheetColumn("Criterion"),
    SheetColumn("Question", width=50),
    SheetColumn("Answer"),
    SheetColumn("Reason"),
    SheetColumn("Evidence note", width=40),
)


def _exception_rows(report: LesReturnReport) -> list[list[Any]]:
    return [
        [e.ods_code, e.practice, e.code, e.question, e.value, e.reason, e.evidence_note]
        for e in report.exceptions
    ]


OUTSTANDING_COLUMNS = (
    field_column("practice", "ods_code"),
    SheetColumn("Practice"),
    field_column("practice", "practice_manager"),
    field_column("practice", "safeguarding_lead"),
    field_column("practice", "email"),
    SheetColumn("Contract"),
    field_column("les_return", "return_requested_on", "date"),
    field_column("les_return", "chase_count", "int"),
    field_column("les_return", "last_chased_on", "date"),
    SheetColumn("Dates chased"),
    SheetColumn("Days late", "int"),
    SheetColumn("RAG", "rag"),
)


def _outstanding_rows(report: LesReturnReport) -> list[list[Any]]:
    return [
        [
            p.ods_code,
            p.name,
            p.practice_manager,
            p.safeguarding_lead,
            p.email,
            p.contract_status,
            p.return_requested_on,
            p.chase_count,
            p.last_chased_on,
            ", ".join(format_uk(d) for d in p.chased_on) or None,
            p.days_late,
            return_rag(p),
        ]
        for p in report.outstanding
    ]


NOTE_COLUMNS = (SheetColumn("Item", width=28), SheetColumn("Detail", width=80))
CRITERIA_NOTE_COLUMNS = (
    SheetColumn("Criterion", width=28),
    SheetColumn("Question", width=80),
    SheetColumn("Answer type", width=14),
    SheetColumn("Met when at least", "number", width=18),
)


def _note_rows(report: LesReturnReport, author: str, created: datetime) -> list[list[Any]]:
    scheme = report.scheme
    return [
        ["Scheme year", scheme.year],
        ["Scheme version", scheme.scheme_version],
        ["Payment basis", scheme.payment_basis],
        ["Return deadline", scheme.return_due_on],
        ["Data as at", report.as_of],
        ["Produced", created],
        ["Produced by", author],
        *[[label, meaning] for label, meaning in SUMMARY_MEANINGS],
        ["Compliance", "Met answers / answers given, on received returns (blank = no answers)."],
        ["Days late", "Calendar days from the deadline to receipt (or to the data date)."],
        ["Content", "Practice-level figures only; no patient-identifiable data."],
    ]
