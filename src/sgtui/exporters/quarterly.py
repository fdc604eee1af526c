"""The quarterly figures for the central team, each traceable to the records behind it.

The "Figures" sheet names, for every number, the sheet that lists its records, so
when the centre asks "which ones?" the answer is already in the workbook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sgtui.exporters.les_return import fraction
from sgtui.exporters.safety import check_target
from sgtui.exporters.workbook import SheetColumn, WorkbookBuilder
from sgtui.services.catalogues import STAGE_LABELS, coded_label
from sgtui.services.progress import Progress
from sgtui.services.reports import QuarterlyReport, review_type_label
from sgtui.services.wording import plural

FIGURE_COLUMNS = (
    SheetColumn("Section", width=22),
    SheetColumn("Measure", width=36),
    SheetColumn("Breakdown", width=44),
    SheetColumn("Number", "int", width=10),
    SheetColumn("%", "percent", width=10, thresholds=(0.8, 0.95)),
    SheetColumn("Of", width=22),
    SheetColumn("Records in sheet", width=18),
)


def write_quarterly(
    report: QuarterlyReport,
    path: str | Path,
    *,
    author: str,
    created: datetime,
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write the quarterly figures workbook with one trace sheet per figure.

    ``progress`` hears (data rows written, data rows in every sheet).
    """
    check_target(path, force=force)
    title = f"Safeguarding quarterly figures {report.quarter.label}: {report.borough}"
    sheets = sheet_rows(report, author, created)
    total = sum(len(rows) for _name, _columns, rows in sheets)
    book = WorkbookBuilder(
        title=title, author=author, created=created, progress=progress, total=total
    )
    for name, columns, rows in sheets:
        book.table(name, columns, rows)
    return book.save(path, force=force)


def sheet_rows(
    report: QuarterlyReport, author: str, created: datetime
) -> list[tuple[str, tuple[SheetColumn, ...], list[list[Any]]]]:
    """Each sheet's name, columns and rows, made before writing so the total is exact."""
    return [
        ("Figures", FIGURE_COLUMNS, list(figure_rows(report))),
        ("Reviews", REVIEW_COLUMNS, _review_rows(report)),
        ("Submissions", SUBMISSION_COLUMNS, _submission_rows(report)),
        ("Health actions", ACTION_COLUMNS, _action_rows(report)),
        ("LES return rate", LES_COLUMNS, _les_rows(report)),
        ("Training", TRAINING_COLUMNS, _training_rows(report)),
        ("Meetings", MEETING_COLUMNS, _meeting_rows(report)),
        ("Data notes", NOTE_COLUMNS, _notes(report, author, created)),
    ]


def figure_rows(report: QuarterlyReport) -> Iterator[list[Any]]:
    """Section, measure, breakdown, number, %, denominator, trace sheet."""
    yield from _review_figures(report)
    yield from _submission_figures(report)
    yield from _action_figures(report)
    for rate in report.les_rates:
        yield [
            "GP LES",
            f"Return rate {report.quarter.scheme_year}",
            rate.borough,
            rate.received,
            fraction(rate.received, rate.contracts_sent),
            f"{plural(rate.contracts_sent, 'contract')} sent",
            "LES return rate",
        ]
    for figure in report.training_by_course:
        yield [
            "Training",
            "Compliance by course",
            figure.label,
            figure.compliant,
            fraction(figure.compliant, figure.required),
            f"{figure.required} people required",
            "Training",
        ]
    held = Counter(m.meeting_type for m in report.meetings)
    for meeting_type, n in sorted(held.items()):
        yield ["Meetings", "Held in quarter", meeting_type, n, None, None, "Meetings"]
    yield ["Meetings", "Held in quarter", "All", len(report.meetings), None, None, "Meetings"]


def _review_figures(report: QuarterlyReport) -> Iterator[list[Any]]:
    section = "Statutory reviews"
    new = Counter(review_type_label(r.review_type) for r in report.new_reviews)
    for label, n in sorted(new.items()):
        yield [section, "New in quarter", label, n, None, None, "Reviews"]
    yield [section, "New in quarter", "All", len(report.new_reviews), None, None, "Reviews"]
    by_stage = Counter(
        (
            review_type_label(r.review_type),
            coded_label(r.stage, getattr(r, "stage_text", None), STAGE_LABELS),
        )
        for r in report.open_reviews
    )
    for (label, stage), n in sorted(by_stage.items()):
        yield [section, "Open at quarter end", f"{label}: {stage}", n, None, None, "Reviews"]
    yield [section, "Open at quarter end", "All", len(report.open_reviews), None, None, "Reviews"]
    dhrs = sum(r.review_type == "DHR" for r in report.open_reviews)
    yield [section, "DHRs/DARDRs open at quarter end", "All", dhrs, None, None, "Reviews"]


def _submission_figures(report: QuarterlyReport) -> Iterator[list[Any]]:
    made = report.submitted_in_quarter
    on_time = sum(bool(s.on_time) for s in made)
    section = "Submissions"
    yield [section, "Made in quarter", "All", len(made), None, None, "Submissions"]
    yield [
        section,
        "Made on time",
        "All",
        on_time,
        fraction(on_time, len(made)),
        f"{len(made)} made",
        "Submissions",
    ]
    yield [
        section,
        f"Overdue at {report.as_of:%d/%m/%Y}",
        "All",
        len(report.overdue_submissions),
        None,
        None,
        "Submissions",
    ]


def _action_figures(report: QuarterlyReport) -> Iterator[list[Any]]:
    overdue = sum(a.overdue for a in report.health_actions)
    section = "Health actions"
    yield [section, "Open", "All", len(report.health_actions), None, None, "Health actions"]
    yield [
        section,
        f"Overdue at {report.as_of:%d/%m/%Y}",
        "All",
        overdue,
        None,
        None,
        "Health actions",
    ]


REVIEW_COLUMNS = (
    SheetColumn("Reference"),
    SheetColumn("Type"),
    SheetColumn("Borough"),
    SheetColumn("Stage"),
    SheetColumn("Notified", "date"),
    SheetColumn("Closed", "date"),
    SheetColumn("New in quarter"),
    SheetColumn("Open at quarter end"),
)


def _review_rows(report: QuarterlyReport) -> list[list[Any]]:
    return [
        [
            r.ref,
            review_type_label(r.review_type),
            r.borough,
            coded_label(r.stage, getattr(r, "stage_text", None), STAGE_LABELS),
            r.notified_on,
            r.closed_on,
            r.new_in_quarter,
            r.open_at_end,
        ]
        for r in report.reviews
    ]


SUBMISSION_COLUMNS = (
    SheetColumn("Review"),
    SheetColumn("Kind"),
    SheetColumn("Agency"),
    SheetColumn("Due", "date"),
    SheetColumn("Submitted", "date"),
    SheetColumn("Made in quarter"),
    SheetColumn("On time"),
    SheetColumn("Overdue", "rag"),
)


def _submission_rows(report: QuarterlyReport) -> list[list[Any]]:
    return [
        [
            s.review_ref,
            s.kind,
            s.agency,
            s.due_on,
            s.submitted_on,
            s.on_time is not None,
            s.on_time,
            "Red" if s.overdue else None,
        ]
        for s in report.submissions
    ]


ACTION_COLUMNS = (
    SheetColumn("Review"),
    SheetColumn("Recommendation"),
    SheetColumn("Lead"),
    SheetColumn("Target", "date"),
    SheetColumn("Status"),
    SheetColumn("RAG", "rag"),
)


def _action_rows(report: QuarterlyReport) -> list[list[Any]]:
    return [
        [a.review_ref, a.number, a.lead, a.target_on, a.status, "Red" if a.overdue else "Green"]
        for a in report.health_actions
    ]


LES_COLUMNS = (
    SheetColumn("Borough"),
    SheetColumn("Practices with a return record", "int"),
    SheetColumn("Contracts sent", "int"),
    SheetColumn("Returns received", "int"),
    SheetColumn("Return rate", "percent", thresholds=(0.8, 0.95)),
)


def _les_rows(report: QuarterlyReport) -> list[list[Any]]:
    return [
        [
            r.borough,
            r.practices,
            r.contracts_sent,
            r.received,
            fraction(r.received, r.contracts_sent),
        ]
        for r in report.les_rates
    ]


TRAINING_COLUMNS = (
    SheetColumn("Borough"),
    SheetColumn("Course"),
    SheetColumn("People required", "int"),
    SheetColumn("In date", "int"),
    SheetColumn("Compliance", "percent", thresholds=(0.8, 0.95)),
)


def _training_rows(report: QuarterlyReport) -> list[list[Any]]:
    return [
        [borough, f.label, f.required, f.compliant, fraction(f.compliant, f.required)]
        for borough, f in report.training_by_course_borough
    ]


MEETING_COLUMNS = (
    SheetColumn("Reference"),
    SheetColumn("Title"),
    SheetColumn("Type"),
    SheetColumn("Borough"),
    SheetColumn("Date", "date"),
    SheetColumn("Status"),
)


def _meeting_rows(report: QuarterlyReport) -> list[list[Any]]:
    return [
        [m.ref, m.title, m.meeting_type, m.borough, m.meeting_date, m.status]
        for m in report.meetings
    ]


NOTE_COLUMNS = (SheetColumn("Item", width=26), SheetColumn("Detail", width=100))


def _notes(report: QuarterlyReport, author: str, created: datetime) -> list[list[Any]]:
    q = report.quarter
    return [
        ["Quarter", f"{q.label}: {q.start:%d/%m/%Y} to {q.end:%d/%m/%Y} (NHS financial year)"],
        ["Figures as at", report.as_of],
        ["Scope", report.borough],
        ["Produced", created],
        ["Produced by", author],
        ["Open reviews", "Notified by the as-at date and not closed by then."],
        ["Overdue", "Due before the as-at date and not submitted or done in the records today."],
        ["On time", "Submitted on or before the due date; no due date counts as on time."],
        ["LES return rate", "Returns received / contracts sent, from the records today."],
        ["Training", "People whose role requires the course holding an in-date completion."],
        ["Content", "Aggregate figures and record references only; no subject details."],
        *[["Note", note] for note in report.notes],
    ]
