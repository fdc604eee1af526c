"""Errors the services raise, each with a message a BSO can act on."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base class: the message is safe to show to the user as it is."""


class NotFound(ServiceError):
    """No record with that key."""


class ValidationError(ServiceError):
    """One or more fields are invalid. ``errors`` maps field name to message."""

    def __init__(self, errors: dict[str, str], people: dict[str, list[Any]] | None = None) -> None:
        self.errors = dict(errors)
        self.people = dict(people or {})
        """Field -> the people a name may mean (``PersonChoice``), for a picker to offer."""
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class ConflictError(ServiceError):
    """Someone else saved the record since it was opened; ``current`` is their version."""

    def __init__(self, record: str, current: dict[str, object]) -> None:
        self.current = current
        super().__init__(f"{record} was changed by someone else since you opened it")


class NeedsConfirmation(ServiceError):
    """The change is allowed, but only once the officer confirms it (a second step).

    Raised before anything is written: a subject that looks like a real name, an NHS
    number typed into a note, a meeting marked held before its date. The form asks
    ``question`` and saves again with ``confirmed=True``; the CLI needs ``--confirm``.
    ``field`` is the field the question is about ("" for the record as a whole).
    """

    def __init__(self, question: str, field: str = "") -> None:
        self.question = question
        self.field = field
        super().__init__(question)
