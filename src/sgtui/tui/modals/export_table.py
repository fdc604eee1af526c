""" "Export what I see": the list in view, as filtered and sorted, to .xlsx or .csv."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, ProgressBar, Static

from sgtui.services import lists
from sgtui.services.lists import Scope, Sort
from sgtui.services.wording import plural
from sgtui.tui.context import services_of
from sgtui.tui.file_paths import documents_folder, shown_path, typed_path
from sgtui.tui.modals.dialog import SgtuiModal

EXPORT_LIMIT = 1_000_000


class ExportTableModal(SgtuiModal):
    """Asks for a file name, then writes every row of the filtered list (not only the page)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        name: str,
        scope: Scope,
        filter_text: str,
        sort: Sort | None,
        where: tuple[str, ...] = (),
        shown: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__()
        self.list_name, self.list_scope, self.filter_text, self.sort = (
            name,
            scope,
            filter_text,
            sort,
        )
        self.where = where
        """The column filters in force: the file holds the rows they leave."""
        self.shown = shown
        """(cell index, heading) of the columns on show, in order (None: every column)."""

    def compose(self) -> ComposeResult:
        title = lists.LISTS[self.list_name].title
        narrowed = [f"filter “{self.filter_text}”"] if self.filter_text else []
        narrowed += self.where
        with Vertical(classes="dialog"):
            yield Label(
                f"Export {title}" + (f" ({'; '.join(narrowed)})" if narrowed else ""),
                classes="dialog-title",
            )
            yield Label("File (.xlsx or .csv)")
            default = documents_folder() / f"{self.list_name}.xlsx"
            yield Input(shown_path(default), id="export-path")
            yield Static("", id="export-error", classes="field-error")
            bar = ProgressBar(id="export-progress", show_eta=False)
            bar.display = False
            yield bar
            yield Label("Enter exports · Escape cancels", classes="dialog-hint")

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self._busy(True)
        self._export(str(typed_path(event.value)))

    def _busy(self, busy: bool) -> None:
        """While it runs the name is locked and the bar shows (moving, until rows are counted)."""
        field = self.query_one("#export-path", Input)
        field.disabled = busy
        if not busy:
            field.focus()  # back to the name, to correct it
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = busy
        bar.update(total=None, progress=0)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Exporting")
    def _export(self, path: str) -> None:
        """Query every row in the thread, then write with the exporters (openpyxl loads here)."""
        from sgtui.exporters.safety import ExportError
        from sgtui.exporters.table import export_table

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        spec = lists.LISTS[self.list_name]
        svc = services_of(self)
        with svc.session() as session:
            rows = lists.page(
                session,
                self.list_name,
                self.filter_text,
                self.sort,
                0,
                EXPORT_LIMIT,
                scope=self.list_scope,
                where=self.where,
            )
        shown = self.shown or list(enumerate(c.label for c in spec.columns_for(self.list_scope)))
        try:
            written = export_table(
                [label for _i, label in shown],
                [tuple(r.cells[i] for i, _label in shown) for r in rows],
                path,
                title=spec.title,
                author=svc.actor,
                created=svc.clock.now(),
                progress=progress,
            )
        except (ExportError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._done, written, len(rows))

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.query_one("#export-error", Static).update(f"✗ {message}")

    def _done(self, written: Path, count: int) -> None:
        self.notify(f"Exported {plural(count, 'row')} to {written.name}")
        self.dismiss(written)

    def action_cancel(self) -> None:
        self.dismiss(None)
