"""The one place "today" comes from.

Every deadline, overdue list and compliance figure depends on the date. Code asks a
``Clock`` instead of calling ``date.today()`` so tests (and the demo's snapshots) can
pin the date, and so "today" is always Europe/London, whatever the machine's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock:
    """The real clock: UTC instants, Europe/London calendar dates."""

    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Today's date in Europe/London."""
        return self.now().astimezone(LONDON).date()


@dataclass
class FixedClock(Clock):
    """A clock stopped at one instant; ``advance`` moves it on. For tests and demos."""

    instant: datetime

    @classmethod
    def on(cls, day: date, hour: int = 9) -> FixedClock:
        """A clock stopped at ``hour`` o'clock London time on ``day``."""
        return cls(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC))

    def now(self) -> datetime:
        return self.instant

    def advance(self, **kwargs: float) -> None:
        """Move the clock on by a ``timedelta(**kwargs)``."""
        self.instant += timedelta(**kwargs)


def to_london(instant: datetime) -> datetime:
    """Show a stored UTC instant in London time."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(LONDON)
