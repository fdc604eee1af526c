"""Command palette: jump to any practice, person, review or meeting by name or code."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from sgtui.services import lists
from sgtui.tui.context import services_of
from sgtui.tui.navigation import open_record

KIND_LABEL = {"practice": "Practice", "person": "Person", "review": "Review", "meeting": "Meeting"}


class JumpProvider(Provider):
    """Searches the database (in a thread) for records whose name or code matches."""

    def _search(self, text: str) -> list[lists.Row]:
        with services_of(self.screen).session() as session:
            return lists.jump_targets(session, text)

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        rows = await asyncio.to_thread(self._search, query)
        matcher = self.matcher(query)
        for row in rows:
            text = f"{KIND_LABEL[row.kind]}: {' · '.join(c for c in row.cells if c)}"
            score = matcher.match(text)
            yield Hit(
                max(score, 0.1),
                matcher.highlight(text),
                partial(open_record, self.app, row.kind, row.record_id),
                help=f"Open this {row.kind}",
            )

    async def discover(self) -> Hits:
        for mode, label in (("today", "Today"), ("les", "GP LES"), ("training", "Training")):
            yield DiscoveryHit(
                f"Go to {label}", partial(self.app.switch_mode, mode), help="Switch area"
            )
