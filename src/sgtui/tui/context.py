"""Reaching the shared services bundle from any widget, typed, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from sgtui.services.context import Services


class HasServices(Protocol):
    svc: Services


def services_of(node: DOMNode) -> Services:
    """The app's :class:`Services` (database, clock, actor)."""
    return cast(HasServices, node.app).svc
