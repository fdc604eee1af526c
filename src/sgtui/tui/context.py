"""Reaching the shared services bundle and the clock from any widget, typed, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from sgtui.clock import Clock
    from sgtui.config import Settings
    from sgtui.services.context import Services


class HasServices(Protocol):
    svc: Services
    clock: Clock
    settings: Settings


def services_of(node: DOMNode) -> Services:
    """The app's :class:`Services` (database, clock, actor).

    The app opens its database in a worker after its first frame, so in the first
    moments this waits for that: call it in thread workers, not while composing.
    """
    return cast(HasServices, node.app).svc


def clock_of(node: DOMNode) -> Clock:
    """The app's clock, known before the database is open (the mode bar shows the date)."""
    return cast(HasServices, node.app).clock


def settings_of(node: DOMNode) -> Settings:
    """The app's settings: the officer's preferences, loaded before the first frame."""
    return cast(HasServices, node.app).settings
