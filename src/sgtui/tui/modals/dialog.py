"""The base of every dialog, and how a failed worker is told, on a dialog or a screen.

Dialogs sit below the screens and widgets that open them, so this module imports
nothing else from the app's screens: a widget may open a dialog without a cycle.
"""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState


def report_worker_failure(node: Screen[Any], event: Worker.StateChanged) -> None:
    """Show a failed worker as a notification: the officer sees a sentence, never a traceback."""
    if event.state != WorkerState.ERROR:
        return
    error = event.worker.error
    from sgtui.services.errors import ServiceError
    from sgtui.store.errors import DatabaseError

    if isinstance(error, ServiceError | DatabaseError):
        message = str(error)
    else:
        message = f"{event.worker.description or 'That'} failed ({type(error).__name__}). Nothing was saved."
    node.notify(message, title="Sorry", severity="error", timeout=8)


class SgtuiModal(ModalScreen[Any]):
    """A dialog; failures are reported the same way as on screens."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_failure(self, event)
