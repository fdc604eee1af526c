"""The meetings month calendar: Monday-to-Sunday weeks, meetings on their day.

Keys on the grid: arrows move between days, ``[``/``]`` (or ``<``/``>``) change month,
``t`` goes back to today, Enter on a day opens its meeting (or, with several, moves to
the list of that day's meetings, where Enter opens one). The month's meetings are read
in a thread worker by :func:`sgtui.services.lists.meetings_in_month`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label
from textual.worker import get_current_worker

from sgtui.services import lists
from sgtui.services.lists import CalendarMeeting, Column, Row
from sgtui.services.ukdates import format_uk
from sgtui.tui.context import services_of
from sgtui.tui.widgets.link_table import LinkTable

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SHOWN_PER_DAY = 3
"""Meetings written in a day's cell; the rest are counted ("+2 more")."""
STATUS_WORDS = {"planned": "planned", "held": "✓ held", "cancelled": "✗ cancelled"}
DAY_COLUMNS = (
    Column("time", "Time", 5),
    Column("title", "Meeting", 48),
    Column("borough", "Bor.", 4),
    Column("status", "Status", 12),
)


def short_title(meeting: CalendarMeeting) -> str:
    """The title without a leading borough name (the borough code stands for it)."""
    words = meeting.title.split()
    if len(words) > 1 and words[0].upper().startswith(meeting.borough[:3]):
        words = words[1:]
    return f"{meeting.borough} {' '.join(words)}"


def meeting_line(meeting: CalendarMeeting) -> str:
    """ "✓ held SOU Safeguarding Children…": the status word first, so it always shows."""
    return f"{STATUS_WORDS.get(meeting.status, meeting.status)} {short_title(meeting)}"


class MonthGrid(Widget, can_focus=True):
    """The month as a table of weeks; the cursor day is marked ▸ and reversed."""

    DEFAULT_CSS = """
    MonthGrid { height: auto; padding: 0 1; }
    MonthGrid:focus { background-tint: $foreground 3%; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Previous day", show=False),
        Binding("right", "move(1)", "Next day", show=False),
        Binding("up", "move(-7)", "Week before", show=False),
        Binding("down", "move(7)", "Week after", show=False),
        Binding(
            "left_square_bracket,less_than_sign",
            "month(-1)",
            "Prev month",
            id="calendar.prev_month",
            tooltip="Show the month before",
        ),
        Binding(
            "right_square_bracket,greater_than_sign",
            "month(1)",
            "Next month",
            id="calendar.next_month",
            tooltip="Show the month after",
        ),
        Binding("t", "today", "Today", id="calendar.today", tooltip="Back to today's month"),
        Binding(
            "enter", "choose", "Open day", id="calendar.open", tooltip="Open the day's meeting"
        ),
    ]

    cursor: reactive[date] = reactive(date(2000, 1, 1))
    """The chosen day (its month is the month shown)."""

    class Moved(Message):
        """The cursor moved to ``day`` (another month when ``month_changed``)."""

        def __init__(self, grid: MonthGrid, day: date, month_changed: bool) -> None:
            super().__init__()
            self.grid = grid
            self.day = day
            self.month_changed = month_changed

    class DayChosen(Message):
        """Enter on a day."""

        def __init__(self, grid: MonthGrid, day: date) -> None:
            super().__init__()
            self.grid = grid
            self.day = day

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.meetings: dict[date, list[CalendarMeeting]] = {}
        self.set_reactive(MonthGrid.cursor, today)

    def show_meetings(self, meetings: list[CalendarMeeting]) -> None:
        """Put the month's meetings on their days."""
        by_day: dict[date, list[CalendarMeeting]] = defaultdict(list)
        for meeting in meetings:
            by_day[meeting.day].append(meeting)
        self.meetings = dict(by_day)
        self.refresh(layout=True)

    def render(self) -> Table:
        table = Table(
            expand=True, show_lines=True, box=None, padding=(0, 1), show_edge=False, pad_edge=False
        )
        for name in WEEKDAYS:
            table.add_column(name, ratio=1, no_wrap=True, overflow="ellipsis")
        for week in lists.month_weeks(self.cursor.year, self.cursor.month):
            table.add_row(*(self._cell(day) for day in week))
        return table

    def _cell(self, day: date) -> Text:
        in_month = day.month == self.cursor.month
        chosen = day == self.cursor
        mark = "▸" if chosen else " "
        label = f"{mark}{day.day:>2}" + (" today" if day == self.today else "")
        style = "reverse bold" if chosen else ("bold" if in_month else "dim")
        text = Text(label, style=style, no_wrap=True, overflow="ellipsis")
        found = self.meetings.get(day, [])
        for meeting in found[:SHOWN_PER_DAY]:
            line_style = "" if in_month else "dim"
            text.append("\n")
            text.append(meeting_line(meeting), style=line_style)
        if len(found) > SHOWN_PER_DAY:
            text.append(f"\n+{len(found) - SHOWN_PER_DAY} more", style="italic")
        return text

    def watch_cursor(self, old: date, new: date) -> None:
        self.refresh(layout=True)
        self.post_message(self.Moved(self, new, (old.year, old.month) != (new.year, new.month)))

    def action_move(self, days: int) -> None:
        self.cursor = self.cursor + timedelta(days=days)

    def action_month(self, step: int) -> None:
        first = lists.add_months_to_first(self.cursor, step)
        last_day = (lists.add_months_to_first(first, 1) - timedelta(days=1)).day
        self.cursor = first.replace(day=min(self.cursor.day, last_day))

    def action_today(self) -> None:
        self.cursor = self.today

    def action_choose(self) -> None:
        self.post_message(self.DayChosen(self, self.cursor))


class MeetingCalendar(Vertical):
    """The month grid, the chosen day's meetings below it, loaded for the borough scope."""

    DEFAULT_CSS = """
    MeetingCalendar { height: 1fr; }
    MeetingCalendar > .calendar-title { text-style: bold; padding: 0 1; }
    MeetingCalendar > LinkTable { height: 1fr; min-height: 4; }
    """

    class Loaded(Message):
        """A month's meetings arrived (tests wait for it)."""

    def __init__(self, today: date, borough_id: int | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.borough_id = borough_id
        self._loaded_month: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Label("", classes="calendar-title")
        yield MonthGrid(self.today)
        yield Label("", classes="calendar-title", id="calendar-day-title")
        yield LinkTable(DAY_COLUMNS, id="calendar-day")

    @property
    def grid(self) -> MonthGrid:
        return self.query_one(MonthGrid)

    @property
    def day_table(self) -> LinkTable:
        return self.query_one("#calendar-day", LinkTable)

    def on_mount(self) -> None:
        self.reload()

    def set_borough(self, borough_id: int | None) -> None:
        self.borough_id = borough_id
        self.reload()

    def reload(self) -> None:
        """Read the shown month again (after a save or a scope change)."""
        cursor = self.grid.cursor
        self._title(cursor)
        self._load(cursor.year, cursor.month, self.borough_id)

    def _title(self, cursor: date) -> None:
        self.query_one(".calendar-title", Label).update(
            f"{cursor.strftime('%B %Y')}   ([ ] month · arrows day · t today · Enter open · m list)"
        )

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="meeting-calendar",
        description="Loading the month's meetings",
    )
    def _load(self, year: int, month: int, borough_id: int | None) -> None:
        with services_of(self).session() as session:
            found = lists.meetings_in_month(session, year, month, borough_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, (year, month), found)

    def _show(self, month: tuple[int, int], found: list[CalendarMeeting]) -> None:
        cursor = self.grid.cursor
        if (cursor.year, cursor.month) != month:
            return
        self._loaded_month = month
        self.grid.show_meetings(found)
        self._show_day(cursor)
        self.post_message(self.Loaded())

    def _show_day(self, day: date) -> None:
        meetings = self.grid.meetings.get(day, [])
        count = f"{len(meetings)} meeting{'' if len(meetings) == 1 else 's'}"
        self.query_one("#calendar-day-title", Label).update(
            f"{day.strftime('%A')} {format_uk(day)}: {count if meetings else 'no meetings'}"
        )
        self.day_table.show_rows(
            Row(
                f"meeting:{m.id}",
                "meeting",
                m.id,
                (
                    m.start_time.strftime("%H:%M") if m.start_time else "",
                    m.title,
                    m.borough,
                    STATUS_WORDS.get(m.status, m.status),
                ),
            )
            for m in meetings
        )

    @on(MonthGrid.Moved)
    def _moved(self, event: MonthGrid.Moved) -> None:
        event.stop()
        if event.month_changed:
            self.reload()
        else:
            self._show_day(event.day)

    @on(MonthGrid.DayChosen)
    def _chosen(self, event: MonthGrid.DayChosen) -> None:
        """One meeting: open it; several: go to the day's list to pick one."""
        event.stop()
        meetings = self.grid.meetings.get(event.day, [])
        if len(meetings) == 1:
            # select the row, so the table itself announces the record (as a click would)
            self.day_table.move_cursor(row=0)
            self.day_table.action_select_cursor()
        elif meetings:
            self.day_table.focus()
        else:
            self.notify(f"No meetings on {format_uk(event.day)}")
