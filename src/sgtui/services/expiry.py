"""A completion's expiry status on a day: the one home of its window, words, RAG and SQL.

The Training list's Status column, its "Status is expiring" filter, the training
export's Status and RAG columns and its ``--status`` filter, the Today panel and the
Training screen's "Expiring in 30 days" section all ask this module, so a row a filter
returns is a row whose Status says that status. Textual-free, and SQLAlchemy-free
until a condition is built: the Today screen reads the window before its first frame.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from typing import Any

EXPIRING_DAYS = 30
"""A completion expiring within this many days (today included) is "Expiring"."""


class ExpiryStatus(Enum):
    """A completion's status on a day: a word and a shape (never colour alone) and a RAG."""

    EXPIRED = ("expired", "Expired", "✗", "Red")
    EXPIRING = ("expiring", "Expiring", "!", "Amber")
    IN_DATE = ("in_date", "In date", "✓", "Green")
    NO_EXPIRY = ("no_expiry", "No expiry", "", "Green")

    def __init__(self, code: str, label: str, symbol: str, rag: str) -> None:
        self.code = code
        """What ``sgtui export training --status`` takes."""
        self.label = label
        """The word a BSO reads (the export's Status column)."""
        self.symbol = symbol
        self.rag = rag

    @property
    def shown(self) -> str:
        """The list's cell: the shape, then the word ("✗ Expired")."""
        return f"{self.symbol} {self.label}" if self.symbol else self.label

    @property
    def word(self) -> str:
        """What a list filter types after "Status is" ("expiring", "in date")."""
        return self.label.lower()

    def condition(self, expires_on: Any, as_of: date) -> Any:
        """This status as SQL on an expiry column: the same windows as :func:`status_of`."""
        expires = _column(expires_on)
        if self is ExpiryStatus.EXPIRED:
            return expires < as_of
        if self is ExpiryStatus.EXPIRING:
            return expiring_within_days(expires_on, as_of)
        if self is ExpiryStatus.IN_DATE:
            return expires > expiring_until(as_of)
        return expires.is_(None)


EXPIRY_CODES = tuple(status.code for status in ExpiryStatus)
"""Every status's code, in the order the export offers them."""


def expiring_until(as_of: date) -> date:
    """The last day of the "Expiring" window that starts on ``as_of``."""
    return as_of + timedelta(days=EXPIRING_DAYS)


def expiring_within_days(expires_on: Any, as_of: date, days: int = EXPIRING_DAYS) -> Any:
    """SQL for "expires between ``as_of`` and ``days`` later", both days included."""
    return _column(expires_on).between(as_of, as_of + timedelta(days=days))


def status_of(expires_on: date | None, as_of: date) -> ExpiryStatus:
    """The status of a completion expiring on ``expires_on``, seen on ``as_of``."""
    if expires_on is None:
        return ExpiryStatus.NO_EXPIRY
    if expires_on < as_of:
        return ExpiryStatus.EXPIRED
    if expires_on <= expiring_until(as_of):
        return ExpiryStatus.EXPIRING
    return ExpiryStatus.IN_DATE


def by_code(code: str) -> ExpiryStatus | None:
    """The status a code names ("in_date"), None for a code that names none."""
    return next((status for status in ExpiryStatus if status.code == code), None)


def current(expires_on: Any, as_of: date) -> Any:
    """SQL for "not expired on ``as_of``": what compliance counts as held."""
    expires = _column(expires_on)
    return expires.is_(None) | (expires >= as_of)


def _column(expires_on: Any) -> Any:
    """The expiry column as a typed SQL expression (imported late: see the module's doc)."""
    from sqlmodel import col

    return col(expires_on)
