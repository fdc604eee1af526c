"""Keeping every screen fresh: one app-level message per write, naming the kinds it touched.

Kinds are table names, as the audit log names them ("trainingrecord", "review"), so a
colleague's change found by :mod:`sgtui.services.changes_feed` and one's own save
arrive the same way. The visible screen reloads what depends on those kinds at once;
hidden screens (other modes, pages under a dialog) remember they are stale and reload
when shown again.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.message import Message

from sgtui.services.changes_feed import EVERYTHING


class DataChanged(Message):
    """Records of these kinds (table names; ``"*"`` for any) were saved, deleted or undone."""

    def __init__(self, kinds: frozenset[str], own_entries: tuple[int, ...] = ()) -> None:
        super().__init__()
        self.kinds = kinds
        self.own_entries = own_entries
        """Audit ids of this app's own change (empty for a colleague's): the screen it was
        made on keeps them, so its ctrl+z can undo "my last change here"."""


def table_name(kind: str) -> str:
    """A kind as the audit log names it: "training" -> "trainingrecord"; tables as they are."""
    from sgtui.services.registry import kind_of

    try:
        return str(kind_of(kind).model.__tablename__)
    except KeyError:
        return kind


def notify_changed(app: App[object], *kinds: str) -> None:
    """Tell every screen that records of ``kinds`` changed (none given: anything may have)."""
    names = frozenset(table_name(k) for k in kinds) or frozenset({EVERYTHING})
    app.post_message(DataChanged(names))


def touches(depends_on: Iterable[str] | None, kinds: frozenset[str]) -> bool:
    """Whether a change to ``kinds`` concerns something that shows ``depends_on``.

    ``None`` depends on everything (a summary over many tables).
    """
    if depends_on is None or EVERYTHING in kinds:
        return True
    return not kinds.isdisjoint(depends_on)
