"""Command palette: jump to any practice, person, review or meeting; go to an area or tool.

A note on names: Textual's :class:`~textual.command.Provider` drives each search
through its own private ``_search`` (which awaits ``startup`` and then calls
:meth:`search` or :meth:`discover`). A subclass method called ``_search`` replaces
it, and the palette then silently finds nothing, so helpers here avoid that name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from sgtui.services import lists
from sgtui.tui.areas import AREAS
from sgtui.tui.context import services_of
from sgtui.tui.navigation import open_record

MIN_QUERY = 2
"""Fewer characters than this match too many records to be useful."""


def new_review(app: Any) -> None:
    """Open the add-a-review form (every field); the review's page opens once it is saved.

    The borough starts as the officer's own (settings), by its name as the picker lists it.
    """
    from sgtui.services.catalogues import BOROUGHS
    from sgtui.tui.modals.registry_form import open_form

    def saved(review: Any) -> None:
        if review is not None:
            open_record(app, "review", review.id)

    code = getattr(getattr(app, "settings", None), "borough", None) or ""
    borough = next((b.name for b in BOROUGHS if b.code == code.upper()), "")
    open_form(app.screen, "review", preset={"borough": borough} if borough else {}, then=saved)


class JumpProvider(Provider):
    """Records whose name or code matches (searched in a thread), plus the app's commands."""

    def _find_records(self, text: str) -> list[lists.Row]:
        """Runs in a thread: the records whose name or code contains ``text``."""
        svc = services_of(self.screen)
        with svc.session() as session:
            return lists.jump_targets(session, text, svc.clock.today())

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        """(name, callback, help) of the commands that apply on the calling screen."""
        app: Any = self.app
        found: list[tuple[str, Callable[[], Any], str]] = [
            (f"Go to {area.palette_label}", partial(app.switch_mode, area.mode), "Switch area")
            for area in AREAS
        ]
        found += [
            ("Go to Import", app.action_open_import, "Import a legacy workbook (dry run first)"),
            ("Go to Export", app.action_open_export, "LES return, quarterly figures, lists, .ics"),
            ("Undo my last change", app.action_undo_last, "Shows what would be undone first"),
            ("New review", partial(new_review, app), "Record a review the partnership notified"),
        ]
        if hasattr(self.screen, "action_draft_chase_emails") and hasattr(
            self.screen, "action_copy_emails"
        ):
            found += [
                (
                    "Draft chase e-mails",
                    self.screen.action_draft_chase_emails,
                    "Outlook drafts to the outstanding practices; marks them chased today",
                ),
                (
                    "Copy e-mail addresses",
                    self.screen.action_copy_emails,
                    "The selected practices' addresses, ready to paste into Outlook",
                ),
            ]
        if hasattr(self.screen, "action_history"):
            found.append(
                ("History of this record", self.screen.action_history, "Who changed what, when")
            )
        return found

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        if len(query.strip()) < MIN_QUERY:
            return
        rows = await asyncio.to_thread(self._find_records, query.strip())
        from sgtui.services.registry import kind_of  # loaded by the search above

        for row in rows:
            text = f"{kind_of(row.kind).label}: {' · '.join(c for c in row.cells if c)}"
            # The database matched on a substring the fuzzy matcher may score low; keep it.
            yield Hit(
                max(matcher.match(text), 0.1),
                matcher.highlight(text),
                partial(open_record, self.app, row.kind, row.record_id),
                help=f"Open this {row.kind}",
            )

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)
