"""The meetings month calendar: Monday-first weeks, moving by day and month, opening a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from sgtui.services import lists
from sgtui.services.context import Services
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.month_calendar import MeetingCalendar, MonthGrid
from tests.support.clock import TODAY
from tests.support.keys import SIZE
from tests.support.waiting import settled


def test_month_weeks_run_monday_to_sunday() -> None:
    weeks = lists.month_weeks(2025, 3)
    assert weeks[0][0] == date(2025, 2, 24)  # March 2025 starts on a Saturday
    assert weeks[-1][-1] == date(2025, 4, 6)
    assert all(week[0].weekday() == 0 and len(week) == 7 for week in weeks)
    assert lists.add_months_to_first(date(2025, 1, 31), -1) == date(2024, 12, 1)


def test_meetings_in_month_follow_the_borough_scope(svc: Services) -> None:
    from sgtui.services.reference import find_borough

    with svc.session() as s:
        everyone = lists.meetings_in_month(s, 2025, 3)
        lambeth = find_borough(s, "LAM").id  # type: ignore[union-attr]
        scoped = lists.meetings_in_month(s, 2025, 3, lambeth)
        southwark = lists.meetings_in_month(s, 2025, 3, find_borough(s, "SOU").id)  # type: ignore[union-attr]
    assert everyone, "the seed has meetings in March 2025"
    assert [m.day for m in everyone] == sorted(m.day for m in everyone)
    assert {m.borough for m in scoped} <= {"LAM"}
    assert len(scoped) + len(southwark) <= len(everyone)


async def test_calendar_moves_by_day_and_month_and_opens_a_meeting(
    app: SgtuiApp, svc: Services
) -> None:
    with svc.session() as s:
        march = lists.meetings_in_month(s, 2025, 3)
    target = march[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("m")
        await settled(pilot)
        calendar = app.screen.query_one(MeetingCalendar)
        grid = app.screen.query_one(MonthGrid)
        assert grid.has_focus and grid.cursor == TODAY
        assert not app.screen.query_one("#main-list").display  # the list gave way
        await pilot.press("right", "down")
        assert grid.cursor == date(2025, 3, 18)
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert grid.cursor == date(2025, 4, 18)
        await pilot.press("left_square_bracket", "t")
        await settled(pilot)
        assert grid.cursor == TODAY
        grid.cursor = target.day
        await settled(pilot)
        day_rows = calendar.day_table.rows_by_key
        assert f"meeting:{target.id}" in day_rows
        await pilot.press("enter")
        await settled(pilot)
        if len(day_rows) == 1:
            assert type(app.screen).__name__ == "MeetingScreen"
        else:
            assert calendar.day_table.has_focus
            await pilot.press("enter")
            await settled(pilot)
            assert type(app.screen).__name__ == "MeetingScreen"
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        await pilot.press("m")  # back to the list
        await settled(pilot)
        assert app.screen.query_one("#main-list").display


def _calendar_keys() -> Any:
    async def run_before(pilot: Any) -> None:
        for key in ("2", "m"):
            await pilot.press(key)
            await settled(pilot)

    return run_before


def test_calendar_snapshot(snap_compare: Any, demo_app: SgtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=_calendar_keys())
