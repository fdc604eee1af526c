"""What decides which rows a paged list shows: its name, scope, filter, sort and page.

Its own module so a dialog (the chase list, which e-mails what a list shows) can take
a list's request without importing the list widget that opens dialogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sgtui.services.lists import Scope, Sort


@dataclass(frozen=True)
class ListRequest:
    """Everything that decides which rows are shown."""

    name: str
    scope: Scope
    filter_text: str = ""
    sort: Sort | None = None
    offset: int = 0
    where: tuple[str, ...] = ()
    """Column conditions ("C08 = No"), each shown as a chip; all must hold."""
