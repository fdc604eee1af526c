"""Deleting a record from a page: ask first, delete through the services, say how to undo.

The delete goes through :func:`sgtui.services.editing.delete`, so it is audited and the
app's ctrl+z (undo my last change) brings the record back; the notice says so. A delete
the services refuse (a meeting that still has actions) comes back as their sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sgtui.services import editing
from sgtui.tui.context import services_of


def confirm_delete(
    screen: Any,
    kind: str,
    record_id: int,
    *,
    question: str,
    done: str,
    yes: str = "Delete",
    expected_version: int | None = None,
    then: Callable[[], None] | None = None,
) -> None:
    """Ask ``question``; on yes delete ``kind`` ``record_id`` in a worker, notify ``done``.

    ``expected_version`` is the version the page showed: a colleague's change since then
    makes the delete a conflict, said in a notice, rather than deleting what they saved.
    """
    from sgtui.tui.modals.confirm import ConfirmModal

    def delete() -> None:
        svc = services_of(screen)
        with svc.session() as session:
            editing.delete(session, svc, kind, record_id, expected_version=expected_version)
        screen.app.call_from_thread(finished)

    def finished() -> None:
        screen.notify(f"{done} (ctrl+z undoes it)")
        if then is not None:
            then()

    def answered(sure: bool | None) -> None:
        if sure:
            screen.run_worker(delete, thread=True, exit_on_error=False, description="Deleting")

    screen.app.push_screen(ConfirmModal(question, yes, "Keep it"), answered)
