"""The meetings calendar against RFC 5545's rules: CRLF, folding, escaping, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from sgtui.exporters.ical import calendar_text, escape_text, fold, uid_for, write_calendar
from sgtui.exporters.safety import ExportError
from sgtui.services import reports
from sgtui.services.reports import MeetingEvent

STAMP = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def unfold(text: str) -> list[str]:
    """Content lines with RFC 5545 folding undone."""
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def event(**changes: object) -> MeetingEvent:
    values: dict[str, object] = {
        "ref": "LAM-NET-2025-07-01",
        "title": "Network",
        "meeting_type": "Safeguarding & CLA Health Network",
        "borough": "Lambeth",
        "meeting_date": date(2025, 7, 1),
        "start_time": time(10, 0),
        "end_time": None,
        "location": None,
        "virtual": False,
        "chair": None,
        "status": "planned",
        "version": 1,
        "updated_at": STAMP,
    }
    values.update(changes)
    return MeetingEvent(**values)  # type: ignore[arg-type]


def test_escaping() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folding_keeps_lines_within_75_octets_and_utf8_whole() -> None:
    line = "DESCRIPTION:" + "é" * 100 + "x" * 80
    folded = fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line
    for p in physical:
        p.encode("utf-8").decode("utf-8")


def test_whole_calendar_structure() -> None:
    long_title = "Safeguarding, CLA; network " * 5
    text = calendar_text(
        [event(title=long_title, location="Room 1, Tooley St"), event(ref="X 2", start_time=None)],
        stamp=STAMP,
        name="Meetings",
    )
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "TZID:Europe/London" in lines and "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")
    assert f"SUMMARY:{escape_text(long_title)}" in lines
    assert "LOCATION:Room 1\\, Tooley St" in lines
    # BST summer meeting: local 10:00 with a TZID, an hour long by default.
    assert "DTSTART;TZID=Europe/London:20250701T100000" in lines
    assert "DTEND;TZID=Europe/London:20250701T110000" in lines
    # No time known: an all-day entry.
    assert "DTSTART;VALUE=DATE:20250701" in lines and "DTEND;VALUE=DATE:20250702" in lines
    assert "UID:X-2@sgtui.selondon.nhs.uk" in lines
    assert "DTSTAMP:20250310T090000Z" in lines


def test_cancelled_meetings_are_cancelled_and_updates_bump_sequence() -> None:
    lines = unfold(calendar_text([event(status="cancelled", version=3)], stamp=STAMP, name="M"))
    assert "STATUS:CANCELLED" in lines and "SEQUENCE:2" in lines


def vevent(lines: list[str]) -> list[str]:
    """The lines of the (only) VEVENT, without its BEGIN and END."""
    return lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")]


def test_a_cancelled_meeting_is_free_and_titled_cancelled() -> None:
    lines = unfold(calendar_text([event(status="cancelled")], stamp=STAMP, name="M"))
    shown = [line for line in vevent(lines) if line.startswith(("SUMMARY", "STATUS", "TRANSP"))]
    assert shown == ["SUMMARY:Cancelled: Network", "STATUS:CANCELLED", "TRANSP:TRANSPARENT"]


@pytest.mark.parametrize("status", ["planned", "held"])
def test_a_meeting_that_goes_ahead_is_busy(status: str) -> None:
    lines = unfold(calendar_text([event(status=status)], stamp=STAMP, name="M"))
    shown = [line for line in vevent(lines) if line.startswith(("SUMMARY", "STATUS", "TRANSP"))]
    assert shown == ["SUMMARY:Network", "STATUS:CONFIRMED", "TRANSP:OPAQUE"]


def test_export_from_database_is_stable(session: Session, tmp_path: Path, clock: object) -> None:
    events = reports.meeting_events(session)
    first = write_calendar(events, tmp_path / "a.ics", stamp=STAMP)
    second = write_calendar(
        reports.meeting_events(session), tmp_path / "b.ics", stamp=STAMP + timedelta(days=1)
    )

    def uids(path: Path) -> list[str]:
        return [x for x in unfold(path.read_bytes().decode()) if x.startswith("UID:")]

    assert (
        uids(first)
        == uids(second)
        == [
            f"UID:{uid_for(ref)}"
            for ref in ("LAM-NET-2024-11-12", "LAM-NET-2024-12-10", "LAM-NET-2025-01-15")
        ]
    )
    lines = unfold(first.read_bytes().decode())
    # November is GMT: 10:00 local is written as local time with the London TZID.
    assert "DTSTART;TZID=Europe/London:20241112T100000" in lines
    assert "DTEND;TZID=Europe/London:20241112T120000" in lines
    assert "SUMMARY:Safeguarding & CLA Network\\; Lambeth\\, Q3" in lines
    with pytest.raises(ExportError, match="already exists"):
        write_calendar(events, first, stamp=STAMP)
    with pytest.raises(ExportError, match=r"\.ics"):
        write_calendar(events, tmp_path / "a.csv", stamp=STAMP)


def test_every_event_and_the_calendar_carry_the_marking() -> None:
    text = calendar_text(
        [event(chair="Dr Lead"), event(ref="X 2", meeting_type=None)], stamp=STAMP, name="M"
    )
    lines = unfold(text)
    descriptions = [line for line in lines if line.startswith("DESCRIPTION:")]
    assert descriptions == [
        "DESCRIPTION:OFFICIAL-SENSITIVE: M exported from sgtui",
        "DESCRIPTION:OFFICIAL-SENSITIVE\\nType: Safeguarding & CLA Health Network"
        "\\nBorough: Lambeth\\nChair: Dr Lead\\nsgtui ref: LAM-NET-2025-07-01",
        "DESCRIPTION:OFFICIAL-SENSITIVE\\nBorough: Lambeth\\nsgtui ref: X 2",
    ]
    assert "X-WR-CALDESC:OFFICIAL-SENSITIVE: M exported from sgtui" in lines
    assert lines.index("NAME:M") < lines.index("BEGIN:VTIMEZONE")
