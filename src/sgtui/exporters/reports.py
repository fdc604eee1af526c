"""The report layer under both front ends: which reports exist, what each takes, and
:func:`write_report`, which gathers one and writes its file.

``sgtui export`` and the app's Export screen both describe a report with a
:class:`ReportRequest` and hand it to :func:`write_report`, so the catalogue is written
once (:data:`REPORTS`) and the file from the screen is the file from the command line.
Textual-free: the screen runs this in a worker and the CLI runs it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sgtui.exporters.safety import ExportError
from sgtui.services.context import Services
from sgtui.services.errors import ValidationError
from sgtui.services.expiry import EXPIRY_CODES
from sgtui.services.progress import Progress
from sgtui.services.wording import plural

OPTIONS = ("year", "quarter", "borough", "dates", "status")
"""Every option a report can take; ``dates`` is the pair --from / --to."""


@dataclass(frozen=True)
class ReportKind:
    """One report: its ``sgtui export`` name, its label, its options and file kinds."""

    name: str
    label: str
    help: str
    """The CLI's one-line help."""
    options: tuple[str, ...]
    """Any of :data:`OPTIONS`."""
    suffixes: tuple[str, ...]
    """File kinds it writes, the first being the one suggested."""
    statuses: tuple[str, ...] = ()
    """The values ``status`` takes (none when the report has no status filter)."""
    dates_of: str = ""
    """What the date range is a range of ("due date"), for the CLI's help."""


REPORTS: tuple[ReportKind, ...] = (
    ReportKind(
        "les-return",
        "LES return for the Named GP",
        "the Named GP's LES return for a scheme year",
        ("year", "borough"),
        (".xlsx",),
    ),
    ReportKind(
        "quarterly",
        "Quarterly figures",
        "quarterly figures for the central team",
        ("quarter", "borough"),
        (".xlsx",),
    ),
    ReportKind(
        "actions",
        "Action log",
        "actions list with filters",
        ("borough", "dates", "status"),
        (".xlsx", ".csv"),
        ("open", "overdue", "in_progress", "complete", "closed", "carried_forward"),
        "due date",
    ),
    ReportKind(
        "reviews",
        "Reviews with S-CRT fields",
        "reviews list with filters",
        ("borough", "dates", "status"),
        (".xlsx", ".csv"),
        ("open", "closed"),
        "notification date",
    ),
    ReportKind(
        "training",
        "Training records",
        "training list with filters",
        ("borough", "dates", "status"),
        (".xlsx", ".csv"),
        EXPIRY_CODES,
        "completion date",
    ),
    ReportKind(
        "practices",
        "GP practices",
        "practices list with filters",
        ("borough", "status"),
        (".xlsx", ".csv"),
        ("active", "closed"),
    ),
    ReportKind(
        "meetings",
        "Meetings calendar (.ics)",
        "meetings as an iCalendar (.ics) file",
        ("borough", "dates"),
        (".ics",),
        dates_of="meeting date",
    ),
)
REPORT_BY_NAME = {kind.name: kind for kind in REPORTS}


@dataclass(frozen=True)
class ReportRequest:
    """One report to write: which, where, and the options it takes (others are ignored)."""

    report: str
    output: Path
    year: str | None = None
    quarter: str | None = None
    borough: str | None = None
    """A borough name or code as typed; None for every borough."""
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    force: bool = False
    """Replace an existing file (the CLI's --force; the screen asks first)."""


@dataclass(frozen=True)
class ReportResult:
    """What was written: the files, the counts behind the one-line summary, any warnings."""

    files: tuple[Path, ...]
    counts: dict[str, int] = field(default_factory=dict)
    summary: str = ""
    """The counts in words, e.g. "5 practices, 3 exceptions" (may be empty)."""
    warnings: tuple[str, ...] = ()


def write_report(
    svc: Services, request: ReportRequest, progress: Progress | None = None
) -> ReportResult:
    """Gather the report the request names and write its file.

    Raises :class:`~sgtui.services.errors.ServiceError` (a one-line message) for a bad
    request, an unknown borough or a file that cannot be written; nothing is half-written.
    """
    kind = REPORT_BY_NAME.get(request.report)
    if kind is None:
        raise ValidationError({"report": f"no report {request.report!r}"})
    _check_request(kind, request)
    with svc.session() as session:
        borough_id = _borough_id(session, request.borough if "borough" in kind.options else None)
        return WRITERS[kind.name](session, svc, request, borough_id, progress)


def _check_request(kind: ReportKind, request: ReportRequest) -> None:
    """Refuse a file kind or status the report cannot take, before touching the database."""
    suffix = request.output.suffix.lower()
    if suffix not in kind.suffixes:
        if len(kind.suffixes) == 1:
            raise ExportError(
                f"{request.output.name}: this report is written as a {kind.suffixes[0]} file"
            )
        raise ExportError(
            f"{request.output.name}: use a {' or '.join(kind.suffixes)} file name for this report"
        )
    if request.status is not None and request.status not in kind.statuses:
        raise ValidationError({"status": f"use one of {', '.join(kind.statuses) or 'none'}"})
    if "year" in kind.options and not (request.year or "").strip():
        raise ValidationError({"year": "give a scheme year, e.g. 2024/25"})
    if "quarter" in kind.options and not (request.quarter or "").strip():
        raise ValidationError({"quarter": "give a quarter, e.g. 2024-Q3"})


def _borough_id(session: Any, text: str | None) -> int | None:
    from sgtui.services.reports import borough_by_name

    return borough_by_name(session, text).id if text else None


Writer = Callable[[Any, Services, ReportRequest, int | None, Progress | None], ReportResult]


def _les_return(
    session: Any,
    svc: Services,
    request: ReportRequest,
    borough_id: int | None,
    progress: Progress | None,
) -> ReportResult:
    from sgtui.exporters.les_return import write_les_return
    from sgtui.services.reports import les_return_report

    report = les_return_report(session, request.year or "", svc.clock.today(), borough_id)
    path = write_les_return(
        report,
        request.output,
        author=svc.actor,
        created=svc.clock.now(),
        force=request.force,
        progress=progress,
    )
    counts = {
        "practices": len(report.practices),
        "exceptions": len(report.exceptions),
        "outstanding": len(report.outstanding),
    }
    summary = f"{counts['practices']} practices, {counts['exceptions']} exceptions"
    return ReportResult((path,), counts, summary)


def _quarterly(
    session: Any,
    svc: Services,
    request: ReportRequest,
    borough_id: int | None,
    progress: Progress | None,
) -> ReportResult:
    from sgtui.exporters.quarterly import write_quarterly
    from sgtui.services.reports import parse_quarter, quarterly_report

    quarter = parse_quarter(request.quarter or "")
    report = quarterly_report(session, quarter, svc.clock.today(), borough_id)
    path = write_quarterly(
        report,
        request.output,
        author=svc.actor,
        created=svc.clock.now(),
        force=request.force,
        progress=progress,
    )
    summary = f"{quarter.label} ({quarter.start:%d/%m/%Y} to {quarter.end:%d/%m/%Y})"
    return ReportResult((path,), {}, summary, tuple(report.notes))


def _list(
    session: Any,
    svc: Services,
    request: ReportRequest,
    borough_id: int | None,
    progress: Progress | None,
) -> ReportResult:
    from sgtui.exporters import lists
    from sgtui.services import reports

    kind = REPORT_BY_NAME[request.report]
    dates = (request.date_from, request.date_to) if "dates" in kind.options else (None, None)
    filters = reports.Filters(borough_id, *dates, request.status)
    today = svc.clock.today()
    meta: dict[str, Any] = {
        "title": f"sgtui {request.report} export {today:%d/%m/%Y}",
        "author": svc.actor,
        "created": svc.clock.now(),
        "force": request.force,
        "progress": progress,
    }
    if request.report == "actions":
        lines = reports.action_lines(session, today, filters)
        refs = {a.meeting_ref for a in lines if a.meeting_ref}
        meetings = reports.meeting_events(session, refs=refs)
        path = lists.write_actions(lines, meetings, request.output, **meta)
        return ReportResult((path,), {"actions": len(lines)}, plural(len(lines), "action"))
    rows, total = _list_rows(session, request.report, today, filters)
    path = lists.write_list(request.report, rows, request.output, total=total, **meta)
    return ReportResult((path,), {request.report: total}, f"{total} {ROW_WORDS[request.report]}")


ROW_WORDS = {"practices": "practices", "reviews": "reviews", "training": "training records"}


def _list_rows(session: Any, report: str, today: date, filters: Any) -> tuple[Any, int]:
    """A list's rows (training streamed, so counted by the database) and how many."""
    from sgtui.exporters import lists
    from sgtui.services import reports

    if report == "practices":
        practices = reports.practice_lines(session, filters)
        return lists.practice_rows(practices), len(practices)
    if report == "reviews":
        found = reports.review_rows(session, filters)
        return lists.review_rows(found), len(found)
    lines = reports.training_lines(session, today, filters)
    return lists.training_rows(lines), reports.training_count(session, today, filters)


def _meetings(
    session: Any,
    svc: Services,
    request: ReportRequest,
    borough_id: int | None,
    progress: Progress | None,
) -> ReportResult:
    from sgtui.exporters.ical import write_calendar
    from sgtui.services.reports import meeting_events

    events = meeting_events(session, request.date_from, request.date_to, borough_id)
    path = write_calendar(
        events, request.output, stamp=svc.clock.now(), force=request.force, progress=progress
    )
    return ReportResult((path,), {"meetings": len(events)}, plural(len(events), "meeting"))


WRITERS: dict[str, Writer] = {
    "les-return": _les_return,
    "quarterly": _quarterly,
    "actions": _list,
    "reviews": _list,
    "training": _list,
    "practices": _list,
    "meetings": _meetings,
}
