"""The data behind each export: plain rows for the LES return, quarterly figures and lists.

Textual-free and openpyxl-free, so the TUI's Export screen and the CLI share them.
Headline figures come from :mod:`sgtui.services.figures`, :mod:`~sgtui.services.les`,
:mod:`~sgtui.services.training` and :mod:`~sgtui.services.reviews` so a number in an
export is always the number the screens show; this package adds the record lists
behind those numbers and the report-only figures (quarter windows, per-practice grids).

One module per report, mirroring :mod:`sgtui.exporters`; the names are re-exported here
so ``from sgtui.services.reports import X`` keeps working for every caller.
"""

from sgtui.services.reports.actions import (
    ACTION_AMBER_DAYS,
    ActionLine,
    action_lines,
    action_rag,
    status_label,
)
from sgtui.services.reports.calendar import MeetingEvent, meeting_events
from sgtui.services.reports.common import Filters, borough_by_name
from sgtui.services.reports.les_return import (
    PIPELINE_LABELS,
    AnswerException,
    LesReturnReport,
    PracticeReturn,
    days_late,
    les_return_report,
)
from sgtui.services.reports.practices import PracticeLine, practice_lines
from sgtui.services.reports.quarterly import (
    HealthActionLine,
    MeetingLine,
    Quarter,
    QuarterlyReport,
    ReviewLine,
    SubmissionLine,
    meetings_held,
    open_health_actions,
    parse_quarter,
    quarter_reviews,
    quarter_submissions,
    quarterly_report,
    submitted_on_time,
)
from sgtui.services.reports.review_tracker import (
    SCRT_DATE_ATTRS,
    ReviewExportRow,
    review_rows,
    review_type_label,
)
from sgtui.services.reports.training_records import (
    TrainingLine,
    training_count,
    training_lines,
)

__all__ = [
    "ACTION_AMBER_DAYS",
    "PIPELINE_LABELS",
    "SCRT_DATE_ATTRS",
    "ActionLine",
    "AnswerException",
    "Filters",
    "HealthActionLine",
    "LesReturnReport",
    "MeetingEvent",
    "MeetingLine",
    "PracticeLine",
    "PracticeReturn",
    "Quarter",
    "QuarterlyReport",
    "ReviewExportRow",
    "ReviewLine",
    "SubmissionLine",
    "TrainingLine",
    "action_lines",
    "action_rag",
    "borough_by_name",
    "days_late",
    "les_return_report",
    "meeting_events",
    "meetings_held",
    "open_health_actions",
    "parse_quarter",
    "practice_lines",
    "quarter_reviews",
    "quarter_submissions",
    "quarterly_report",
    "review_rows",
    "review_type_label",
    "status_label",
    "submitted_on_time",
    "training_count",
    "training_lines",
]
