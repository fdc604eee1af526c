"""Waiting for the app to finish loading before a screenshot or an assertion: the one waiter.

Waiting for workers alone is not enough on a slow machine: a key's handler may not
have started its worker yet when the wait begins. So this also waits until what the
screen says of itself: every record list is `loaded` (it has posted
`RecordTable.Loaded` for its current page and count), the screen's own panels are
`loaded` (`SgtuiScreen.Loaded`), an import is not `running`, and every table on
screen has sized its columns.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.widgets import DataTable, DirectoryTree
from textual.worker import Worker, WorkerCancelled, WorkerState

from sgtui.tui.base import SgtuiScreen
from sgtui.tui.screens.import_screen import ImportScreen
from sgtui.tui.widgets.record_table import RecordTable

TIMEOUT_POLLS = 200
"""Polls of 50 ms: ten seconds before a test gives up and says what was still loading."""


async def wait_for_workers(app: Any, workers: list[Worker[Any]] | None = None) -> None:
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


def sizing_columns(table: DataTable[Any]) -> bool:
    """Whether a table has yet to work out its column widths and row count.

    Textual does this when the table is next idle, and a screenshot taken before then
    shows every column at its header's width. Textual has no public sign of it, so this
    is the one place the tests read its private `_require_update_dimensions` and
    `_updated_cells` flags.
    """
    return bool(table._require_update_dimensions or table._updated_cells)


def still_loading(app: Any) -> list[str]:
    """What on the current screen has not finished loading (empty when all is shown)."""
    screen = app.screen
    waiting = [
        f"worker {w.description or w.name}"
        for w in app.workers
        if not w.is_finished and not isinstance(w.node, DirectoryTree)  # the tree's never ends
    ]
    if isinstance(screen, SgtuiScreen) and not screen.loaded:
        waiting.append(f"the panels of {type(screen).__name__}")
    if isinstance(screen, ImportScreen) and screen.running:
        waiting.append("the import")
    for table in screen.query(RecordTable):
        if table.display and not table.loaded:
            waiting.append(f"list #{table.id}")
    for data in screen.query(DataTable):
        if data.is_on_screen and sizing_columns(data):
            waiting.append(f"table #{data.id} sizing its columns")
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


async def wait_until(pilot: Any, ready: Callable[[Any], object], what: str) -> None:
    """Pause until ``ready(app)`` holds: a slow machine may still be running a worker."""
    for _ in range(TIMEOUT_POLLS):
        if ready(pilot.app):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")
