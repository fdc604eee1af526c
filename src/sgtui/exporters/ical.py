"""Meetings as an iCalendar file (RFC 5545) that Outlook, Google and Apple calendars import.

Written by hand because the format is small and the rules that matter are few: CRLF
line ends, lines folded at 75 octets (never inside a UTF-8 character), text escaping,
and a stable UID per meeting reference with SEQUENCE = the record's version, so
importing a newer export updates the same calendar entries instead of duplicating them.
Times are Europe/London wall-clock times with a VTIMEZONE, so they stay right across
the clock changes. A cancelled meeting is kept, marked STATUS:CANCELLED, free
(TRANSP:TRANSPARENT) and titled "Cancelled: ...", so it no longer blocks the diary and
re-importing updates the entry an earlier export made. The protective marking (OFFICIAL-SENSITIVE, as the workbooks print it)
heads every event's description and the calendar's own, since a calendar app shows an
imported event on its own, away from the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sgtui.exporters.progress import RowProgress
from sgtui.exporters.safety import MARKING, ExportError, atomic_target, check_target
from sgtui.services.progress import Progress
from sgtui.services.reports import MeetingEvent

PRODID = "-//NHS South East London safeguarding//sgtui//EN"
UID_DOMAIN = "sgtui.selondon.nhs.uk"
DEFAULT_LENGTH = timedelta(hours=1)
LINE_OCTETS = 75
CANCELLED_PREFIX = "Cancelled: "

LONDON_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(text: str) -> str:
    """RFC 5545 3.3.11 TEXT escaping: backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)


def fold(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 octets (RFC 5545 3.1)."""
    pieces: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += octets
    pieces.append(current)
    return "\r\n".join(pieces)


def uid_for(ref: str) -> str:
    """The same meeting reference always gives the same UID (re-export updates)."""
    return f"{re.sub(r'[^A-Za-z0-9._-]', '-', ref)}@{UID_DOMAIN}"


def _utc_stamp(instant: datetime) -> str:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _times(event: MeetingEvent) -> list[str]:
    """DTSTART/DTEND: London local times, or an all-day entry when no time is known."""
    if event.start_time is None:
        day = event.meeting_date
        return [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        ]
    start = datetime.combine(event.meeting_date, event.start_time)
    end = datetime.combine(event.meeting_date, event.end_time) if event.end_time else None
    if end is None or end <= start:
        end = start + DEFAULT_LENGTH
    return [
        f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
    ]


def _description(event: MeetingEvent) -> str:
    parts = [
        ("Type", event.meeting_type),
        ("Borough", event.borough),
        ("Chair", event.chair),
        ("Online", "Yes" if event.virtual else None),
        ("sgtui ref", event.ref),
    ]
    details = [f"{label}: {value}" for label, value in parts if value]
    return "\n".join([MARKING, *details])


def is_cancelled(event: MeetingEvent) -> bool:
    """A cancelled meeting stays in the file, so an earlier import of it is updated."""
    return event.status == "cancelled"


def summary(event: MeetingEvent) -> str:
    """The title, led by "Cancelled: " for a cancelled meeting.

    Outlook and Google show STATUS:CANCELLED nowhere in a plain import, so the title is
    what tells an officer not to go.
    """
    return f"{CANCELLED_PREFIX}{event.title}" if is_cancelled(event) else event.title


def event_lines(event: MeetingEvent, stamp: datetime) -> Iterator[str]:
    """The content lines of one VEVENT (unfolded)."""
    yield "BEGIN:VEVENT"
    yield f"UID:{uid_for(event.ref)}"
    yield f"DTSTAMP:{_utc_stamp(stamp)}"
    yield f"LAST-MODIFIED:{_utc_stamp(event.updated_at)}"
    yield f"SEQUENCE:{max(event.version - 1, 0)}"
    yield from _times(event)
    yield f"SUMMARY:{escape_text(summary(event))}"
    if event.location:
        yield f"LOCATION:{escape_text(event.location)}"
    yield f"DESCRIPTION:{escape_text(_description(event))}"
    if event.meeting_type:
        yield f"CATEGORIES:{escape_text(event.meeting_type)}"
    cancelled = is_cancelled(event)
    yield f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}"
    yield f"TRANSP:{'TRANSPARENT' if cancelled else 'OPAQUE'}"
    yield "END:VEVENT"


def calendar_description(name: str) -> str:
    """The calendar's own description: its marking first, then what it is."""
    return f"{MARKING}: {name} exported from sgtui"


def calendar_text(events: Iterable[MeetingEvent], *, stamp: datetime, name: str) -> str:
    """The whole calendar as one string with CRLF line ends."""
    lines: list[str] = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"DESCRIPTION:{escape_text(calendar_description(name))}",
        f"X-WR-CALDESC:{escape_text(calendar_description(name))}",
        "X-WR-TIMEZONE:Europe/London",
        *LONDON_VTIMEZONE,
    ]
    for event in events:
        lines.extend(event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_calendar(
    events: Sequence[MeetingEvent],
    path: str | Path,
    *,
    stamp: datetime,
    name: str = "Safeguarding meetings",
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write the .ics atomically (owner-only); refuse any other extension.

    ``progress`` hears (meetings written, meetings in ``events``).
    """
    if Path(path).suffix.lower() != ".ics":
        raise ExportError(f"{Path(path).name}: export meetings to a .ics file")
    check_target(path, force=force)
    tracker = RowProgress(len(events), progress)
    text = calendar_text(tracker.counted(events), stamp=stamp, name=name)
    with atomic_target(path, force=force) as temp:
        temp.write_bytes(text.encode("utf-8"))
    tracker.finish()
    return Path(path)
