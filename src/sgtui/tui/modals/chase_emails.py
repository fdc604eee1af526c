"""Draft chase e-mails: asks for a folder, writes an Outlook draft per practice, records the chase.

The work runs in a thread (files and the database); a failure is shown under the folder so
the officer can correct it and press Enter again, with nothing written or recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from sgtui.services import lists
from sgtui.tui.context import services_of, settings_of
from sgtui.tui.file_paths import documents_folder, shown_path, typed_path
from sgtui.tui.modals.dialog import SgtuiModal

if TYPE_CHECKING:
    from sgtui.exporters.chase_emails import ChaseEmails
    from sgtui.tui.list_request import ListRequest


class ChaseEmailsModal(SgtuiModal):
    """Dismisses with the sentence to show when done, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, year: str, return_ids: list[int], request: ListRequest) -> None:
        super().__init__()
        self.year = year
        self.return_ids = return_ids
        """The selected returns; none: every return in the list as filtered."""
        self.request = request

    def compose(self) -> ComposeResult:
        chosen = f"{len(self.return_ids)} selected" if self.return_ids else "the whole list"
        with Vertical(classes="dialog"):
            yield Label(f"Draft chase e-mails · LES {self.year} · {chosen}", classes="dialog-title")
            yield Label("Folder for the drafts (.eml: Outlook opens each ready to send)")
            yield Input(shown_path(documents_folder()), id="chase-folder")
            yield Static("", id="chase-error", classes="field-error")
            yield Label(
                "Enter writes the drafts and marks those practices chased today · Escape cancels",
                classes="dialog-hint",
            )

    @on(Input.Submitted, "#chase-folder")
    def _submitted(self, event: Input.Submitted) -> None:
        event.input.disabled = True
        self._draft(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Drafting e-mails")
    def _draft(self, folder: str) -> None:
        from sgtui.exporters.chase_emails import draft_chase_emails
        from sgtui.services.errors import ServiceError

        svc = services_of(self)
        ids = self.return_ids or self._whole_list()
        try:
            done = draft_chase_emails(
                svc, self.year, typed_path(folder), settings_of(self).chase_email, return_ids=ids
            )
        except (ServiceError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        skipped = len(ids) - len(done.written) - len(done.no_email)
        self.app.call_from_thread(self.dismiss, summary(done, folder, skipped))

    def _whole_list(self) -> list[int]:
        request = self.request
        with services_of(self).session() as session:
            return lists.record_ids(
                session,
                request.name,
                request.filter_text,
                scope=request.scope,
                where=request.where,
            )

    def _failed(self, message: str) -> None:
        field = self.query_one("#chase-folder", Input)
        field.disabled = False
        field.focus()
        self.query_one("#chase-error", Static).update(f"✗ {message}")

    def action_cancel(self) -> None:
        self.dismiss(None)


def summary(done: ChaseEmails, folder: str, not_outstanding: int) -> str:
    """One notice: how many drafts, where, and who was left out and why."""
    no_email = done.no_email
    count = len(done.written)
    text = (
        f"Wrote {count} chase e-mail draft{'s' if count != 1 else ''} to {folder.strip()}"
        f" and marked {'them' if count != 1 else 'it'} chased today"
    )
    if no_email:
        text += f"; no e-mail address for {len(no_email)}: {', '.join(no_email)}"
    if not_outstanding:
        text += f"; {not_outstanding} not on the chase list (already returned or not sent)"
    return text
