"""The app's record lists, paged from SQL: one spec per list, shared by every screen.

Why here and not in widgets: a list over 100,000 training records must never be loaded
whole, so each screen asks for one page (``LIMIT``/``OFFSET``) sorted and filtered by
the database, plus a count. Sort keys map to indexed columns so a sorted page stays a
few milliseconds. Textual-free: the benchmark and the tests call it directly.

One module per area (:mod:`.training`, :mod:`.meetings`, :mod:`.reviews`,
:mod:`.practices`), the shared shapes in :mod:`.base` and paging in :mod:`.queries`;
everything public is importable from ``sgtui.services.lists``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sgtui.services.lists.base import (
    PAGE_SIZE,
    Column,
    ListSpec,
    Row,
    Scope,
    Sort,
    record_of,
)

if TYPE_CHECKING:
    from sgtui.services.lists.diary import (
        CalendarMeeting,
        add_months_to_first,
        meetings_in_month,
        meetings_on_days,
        month_weeks,
    )
    from sgtui.services.lists.meetings import (
        meetings_between,
        minutes_outstanding,
    )
    from sgtui.services.lists.practices import LES_STATUS, les_to_chase, return_answers
    from sgtui.services.lists.queries import (
        COUNT_CAP,
        LISTS,
        columns,
        count,
        count_text,
        jump_targets,
        page,
        record_ids,
        tables_of,
    )

# The rest is imported on first use (PEP 562): the app's first frame needs the shapes
# above but not SQLAlchemy, which the query modules pull in.
_LAZY = {
    "CalendarMeeting": "diary",
    "add_months_to_first": "diary",
    "meetings_in_month": "diary",
    "meetings_on_days": "diary",
    "month_weeks": "diary",
    "meetings_between": "meetings",
    "minutes_outstanding": "meetings",
    "LES_STATUS": "practices",
    "les_to_chase": "practices",
    "return_answers": "practices",
    "COUNT_CAP": "queries",
    "LISTS": "queries",
    "columns": "queries",
    "count": "queries",
    "count_text": "queries",
    "jump_targets": "queries",
    "page": "queries",
    "record_ids": "queries",
    "tables_of": "queries",
}


def __getattr__(name: str) -> Any:
    """Import a query-side name from its module when it is first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "COUNT_CAP",
    "LES_STATUS",
    "LISTS",
    "PAGE_SIZE",
    "add_months_to_first",
    "CalendarMeeting",
    "Column",
    "ListSpec",
    "Row",
    "Scope",
    "Sort",
    "columns",
    "count",
    "count_text",
    "jump_targets",
    "les_to_chase",
    "meetings_between",
    "meetings_in_month",
    "meetings_on_days",
    "month_weeks",
    "minutes_outstanding",
    "page",
    "record_ids",
    "record_of",
    "return_answers",
    "tables_of",
]
