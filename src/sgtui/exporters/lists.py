"""Action logs, the review tracker (every S-CRT field) and training records, to .xlsx or .csv.

A column holding a field of the registry is headed by the field's label, as the form
shows it (:func:`field_column`); the S-CRT columns keep NHS England's wording so they
paste into its tracker, and a column holding another record's reference says so
("Review ref", "Practice ODS") where the field's own label ("Review") would sit beside
that record's name. Every export reads back through the importer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sgtui.exporters.safety import check_target
from sgtui.exporters.table import export_table, file_kind
from sgtui.exporters.workbook import SheetColumn, WorkbookBuilder, field_column
from sgtui.services.catalogues import SCRT_FIELDS, is_unmapped
from sgtui.services.progress import Progress
from sgtui.services.reports import (
    SCRT_DATE_ATTRS,
    ActionLine,
    MeetingEvent,
    PracticeLine,
    ReviewExportRow,
    TrainingLine,
    status_label,
)
from sgtui.services.undated import FLAGS, exported

ACTION_COLUMNS = (
    SheetColumn("Action ref"),
    SheetColumn("Meeting ref"),
    SheetColumn("Meeting", width=30),
    SheetColumn("Meeting date", "date"),
    SheetColumn("Review ref"),
    SheetColumn("Practice ODS"),
    SheetColumn("Borough"),
    field_column("action", "text", width=50),
    field_column("action", "owner"),
    field_column("action", "raised_on", "date"),
    field_column("action", "due_on", "date"),
    field_column("action", "status"),
    field_column("action", "completed_on", "date"),
    SheetColumn("RAG", "rag"),
)


def action_rows(lines: Sequence[ActionLine]) -> Iterator[list[Any]]:
    for a in lines:
        yield [
            a.ref,
            a.meeting_ref,
            a.meeting_title,
            a.meeting_date,
            a.review_ref,
            a.practice_ods,
            a.borough,
            a.text,
            a.owner,
            a.raised_on,
            a.due_on,
            status_label(a.status),
            a.completed_on,
            a.rag,
        ]


def _review_label(name: str) -> str:
    from sgtui.services.registry import label

    return label("review", name)


REVIEW_EXTRA = (
    ("Borough code", "borough_code"),
    ("Review type", "review_type"),
    ("Commissioning body", "commissioning_body"),
    (_review_label("subject"), "subject"),
    (_review_label("decision"), "decision"),
    ("Decision date", "decision_on"),
    (_review_label("commissioned_on"), "commissioned_on"),
    (_review_label("closed_on"), "closed_on"),
    (_review_label("independent_author"), "independent_author"),
    (_review_label("scrt_ref"), "scrt_ref"),
    (_review_label("scrt_entered_on"), "scrt_entered_on"),
    (_review_label("scrt_updated_on"), "scrt_updated_on"),
)
"""Review fields beyond S-CRT's, so the export re-imports as the same record.

Two keep their own words: "Review type", as the importer names it, and "Decision
date", because the form's "Decision on" reads to the importer as the decision itself
(the "Decision" column beside it), so the date would not read back."""

REVIEW_COLUMNS = tuple(
    SheetColumn(
        label,
        "date" if attr in SCRT_DATE_ATTRS else "text",
        width=40 if attr in ("case_summary", "lessons_learnt") else None,
    )
    for label, attr in SCRT_FIELDS
) + tuple(
    SheetColumn(label, "date" if attr.endswith("_on") else "text") for label, attr in REVIEW_EXTRA
)


def review_rows(rows: Sequence[ReviewExportRow]) -> Iterator[list[Any]]:
    for row in rows:
        extra = [row.borough_code] + [exported(row.review, a) for _l, a in REVIEW_EXTRA[1:]]
        yield [_scrt_cell(row, label, attr) for label, attr in SCRT_FIELDS] + extra


def _scrt_cell(row: ReviewExportRow, label: str, attr: str) -> Any:
    """The S-CRT value, but a step done on an unrecorded date as "Y" (it imports back)."""
    if attr in FLAGS:
        return exported(row.review, attr)
    if attr == "stage" and is_unmapped(row.review.stage):
        return row.review.stage_text or row.scrt[label]  # as written, so it imports back
    return row.scrt[label]


TRAINING_COLUMNS = (
    field_column("person", "name"),
    field_column("person", "email"),
    field_column("person", "role"),
    field_column("person", "organisation"),
    SheetColumn("Practice ODS"),
    SheetColumn("Practice"),
    field_column("person", "borough"),
    SheetColumn("Course code"),
    field_column("training", "course"),
    field_column("training", "completed_on", "date"),
    field_column("training", "expires_on", "date"),
    field_column("training", "hours", "number"),
    field_column("training", "provider"),
    SheetColumn("Status"),
    SheetColumn("RAG", "rag"),
)


def training_rows(lines: Iterator[TrainingLine]) -> Iterator[list[Any]]:
    for t in lines:
        yield [
            t.name,
            t.email,
            t.role,
            t.organisation,
            t.practice_ods,
            t.practice,
            t.borough,
            t.course_code,
            t.course,
            t.completed_on,
            t.expires_on,
            t.hours,
            t.provider,
            t.status,
            t.rag,
        ]


MEETING_COLUMNS = (
    SheetColumn("Meeting ID"),
    field_column("meeting", "meeting_date", "date"),
    field_column("meeting", "start_time", "time"),
    field_column("meeting", "title", width=36),
    field_column("meeting", "borough"),
    field_column("meeting", "chair"),
    field_column("meeting", "location"),
    field_column("meeting", "status"),
)


def meeting_rows(events: Sequence[MeetingEvent]) -> Iterator[list[Any]]:
    for m in events:
        yield [
            m.ref,
            m.meeting_date,
            m.start_time,
            m.title,
            m.borough,
            m.chair,
            m.location,
            status_label(m.status),
        ]


def write_actions(
    lines: Sequence[ActionLine],
    meetings: Sequence[MeetingEvent],
    path: str | Path,
    *,
    title: str,
    author: str,
    created: datetime,
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """The action log; a workbook also lists the meetings its actions came from.

    With the Meetings sheet the file is self-contained: it re-imports into an empty
    database, because every action's meeting is in the same file. ``progress`` counts
    the rows of both sheets.
    """
    if file_kind(path) == "csv":
        return write_list(
            "actions",
            action_rows(lines),
            path,
            title=title,
            author=author,
            created=created,
            force=force,
            progress=progress,
            total=len(lines),
        )
    check_target(path, force=force)
    book = WorkbookBuilder(
        title=title,
        author=author,
        created=created,
        progress=progress,
        total=len(lines) + len(meetings),
    )
    book.table("Actions", ACTION_COLUMNS, action_rows(lines))
    book.table("Meetings", MEETING_COLUMNS, meeting_rows(meetings))
    return book.save(path, force=force)


PRACTICE_COLUMNS = (
    field_column("practice", "ods_code"),
    field_column("practice", "name", width=36),
    field_column("practice", "borough"),
    field_column("practice", "postcode"),
    field_column("practice", "address", width=40),
    field_column("practice", "pcn"),
    field_column("practice", "list_size", "int"),
    field_column("practice", "safeguarding_lead"),
    field_column("practice", "practice_manager"),
    field_column("practice", "email"),
    field_column("practice", "active"),
)


def practice_rows(lines: Sequence[PracticeLine]) -> Iterator[list[Any]]:
    for line in lines:
        p = line.practice
        yield [
            p.ods_code,
            p.name,
            line.borough,
            p.postcode,
            p.address,
            p.pcn,
            p.list_size,
            p.safeguarding_lead,
            p.practice_manager,
            p.email,
            p.active,
        ]


def write_list(
    kind: str,
    rows: Iterator[list[Any]],
    path: str | Path,
    *,
    title: str,
    author: str,
    created: datetime,
    force: bool = False,
    progress: Progress | None = None,
    total: int | None = None,
) -> Path:
    """Write one of the list exports ("actions", "practices", "reviews", "training").

    ``rows`` is usually a generator, so give ``total`` (the rows it will yield) for
    ``progress`` to hear how far it has got; without it, it hears only the end.
    """
    columns = LIST_COLUMNS[kind]
    sheet = kind.capitalize()
    return export_table(
        columns,
        rows,
        path,
        title=title,
        author=author,
        created=created,
        sheet_name=sheet,
        force=force,
        progress=progress,
        total=total,
    )


LIST_COLUMNS = {
    "actions": ACTION_COLUMNS,
    "practices": PRACTICE_COLUMNS,
    "reviews": REVIEW_COLUMNS,
    "training": TRAINING_COLUMNS,
}
