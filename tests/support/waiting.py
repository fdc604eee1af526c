"""Waiting for the app to finish loading before a screenshot or an assertion.

Waiting for workers alone is not enough on a slow machine: a key's handler may not
have started its worker yet when the wait begins. So this also waits until what the
screen shows says it has loaded: every paged list has its page and its count, every
table on screen has sized its columns, and no Today tile still shows "…".
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual.widgets import DataTable, DirectoryTree
from textual.worker import Worker, WorkerCancelled, WorkerState

from sgtui.tui.widgets.record_table import RecordTable

TIMEOUT_POLLS = 200
"""Polls of 50 ms: ten seconds before a test gives up and says what was still loading."""


async def wait_for_workers(app: Any, workers: list[Worker] | None = None) -> None:
    """Wait for the given workers (default: all of them) to end.

    A worker cancelled because a newer one replaced it in its exclusive group (a screen
    reloading twice in a row) has ended too: Textual's own `wait_for_complete` raises
    `WorkerCancelled` for it, which made tests fail only when the machine was slow.
    A worker that failed still raises.
    """
    for worker in list(app.workers if workers is None else workers):
        if worker.state is WorkerState.PENDING:
            continue
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


def still_loading(app: Any) -> list[str]:
    """What on the current screen has not finished loading (empty when all is shown)."""
    waiting = [
        f"worker {w.description or w.name}"
        for w in app.workers
        if not w.is_finished and not isinstance(w.node, DirectoryTree)  # the tree's never ends
    ]
    for table in app.screen.query(RecordTable):
        if table.display and (table._shown is None or not table.counted):
            waiting.append(f"list #{table.id}")
    for data in app.screen.query(DataTable):
        # Column widths and row counts are worked out when the table is next idle: a
        # screenshot taken before then shows every column at its header's width.
        if data.is_on_screen and (data._require_update_dimensions or data._updated_cells):
            waiting.append(f"table #{data.id} sizing its columns")
    for tile in app.screen.query(".tile"):
        if str(tile.render()).startswith("…"):
            waiting.append(f"tile #{tile.id}")
    return waiting


async def settled(pilot: Any) -> None:
    """Pause until nothing is loading on two polls in a row (a result may start more)."""
    quiet = 0
    for _ in range(TIMEOUT_POLLS):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if not isinstance(w.node, DirectoryTree)]
        if busy:  # an empty list would mean "every worker", the tree's loader included
            await wait_for_workers(pilot.app, busy)
        quiet = quiet + 1 if not still_loading(pilot.app) else 0
        if quiet >= 2:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"still loading: {', '.join(still_loading(pilot.app))}")
