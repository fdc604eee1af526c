"""A record list paged from SQL: filter as you type, sort by column, page with the cursor.

Only one page (100 rows) is ever in the widget, so 100,000 training records open as
fast as 100. The query runs in a thread worker through :mod:`sgtui.services.lists`;
the widget never holds a session.

The page is queried and shown first; the count follows (capped at
:data:`lists.COUNT_CAP`, "10,000+ rows"), so a keystroke in the filter repaints the
rows without waiting for a count over the whole table. A newer request cancels the
worker of an older one, which then skips its count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from sgtui.services import lists
from sgtui.services.lists import PAGE_SIZE, Row, Scope, Sort
from sgtui.tui.context import services_of
from sgtui.tui.widgets.link_table import LinkTable

DEBOUNCE_SECONDS = 0.12
"""Wait this long after a keystroke before querying, so fast typing runs one query."""


@dataclass(frozen=True)
class ListRequest:
    """Everything that decides which rows are shown."""

    name: str
    scope: Scope
    filter_text: str = ""
    sort: Sort | None = None
    offset: int = 0


def _count_key(request: ListRequest) -> tuple[object, ...]:
    """What the count depends on: not the page shown nor the sort."""
    return (request.name, request.scope, request.filter_text)


class RecordTable(Vertical):
    """A titled, filterable, sortable page of one list from :data:`lists.LISTS`."""

    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    RecordTable > .record-table--status { height: 1; color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding(
            "slash", "filter", "Filter", id="table.filter", tooltip="Filter the list as you type"
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            id="table.sort",
            tooltip="Sort by the column under the cursor; again to reverse",
        ),
        Binding("right_square_bracket", "page(1)", "Next page", show=False, id="table.next_page"),
        Binding(
            "left_square_bracket", "page(-1)", "Previous page", show=False, id="table.prev_page"
        ),
        Binding("escape", "close_filter", "Close filter", show=False),
        Binding(
            "x",
            "export",
            "Export",
            id="table.export",
            tooltip="Export what you see to .xlsx or .csv",
        ),
    ]

    class Loaded(Message):
        """A page and its count arrived (also tells tests the list is ready)."""

        def __init__(self, table: RecordTable, total: int) -> None:
            super().__init__()
            self.table = table
            self.total = total

    def __init__(self, name: str, scope: Scope, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.request = ListRequest(name, scope)
        self.total = 0
        """Rows in the list with this filter (``COUNT_CAP + 1`` means "more than the cap")."""
        self.counted = False
        """False between a page arriving and its count (the status says "at least")."""
        self._shown: ListRequest | None = None
        self._in_flight: ListRequest | None = None
        self._counted_for: tuple[object, ...] | None = None
        self._debounce: Timer | None = None
        self._cursor_at_end = False

    def compose(self) -> ComposeResult:
        box = Input(placeholder="Filter: type words to match", classes="record-table--filter")
        box.display = box.can_focus = False
        yield box
        yield LinkTable(lists.columns(self.request.name))
        yield Static("Loading…", classes="record-table--status")

    @property
    def table(self) -> LinkTable:
        return self.query_one(LinkTable)

    @property
    def kinds(self) -> frozenset[str]:
        """The tables this list's rows come from: a change to any of them reloads it."""
        return lists.tables_of(self.request.name)

    @property
    def rows(self) -> list[Row]:
        """The rows on the page in view."""
        return list(self.table.rows_by_key.values())

    def on_mount(self) -> None:
        self.reload()

    @property
    def filter_input(self) -> Input:
        return self.query_one(Input)

    @property
    def filtering(self) -> bool:
        """True while the filter box is open."""
        return bool(self.filter_input.display)

    def set_scope(self, scope: Scope) -> None:
        """Show the list for another borough/record scope, from the first page."""
        self.request = replace(self.request, scope=scope, offset=0)
        self.reload()

    def set_list(self, name: str) -> None:
        """Show another list with the same columns (e.g. the LES chase list)."""
        self.request = replace(self.request, name=name, offset=0, sort=None)
        self.reload()

    def reload(self, *, keep_count: bool = False) -> None:
        """Query the current request again (after a save, a scope change...).

        ``keep_count``: only the page or the sort changed, so the count still holds.

        While the very first page is on its way, asking again for the same thing is
        dropped: a screen shown for the first time gets its mount and resume events
        together, and each would otherwise run the same queries.
        """
        if self._shown is None and self._in_flight == self.request:
            return
        self._in_flight = self.request
        same_rows = keep_count and self._counted_for == _count_key(self.request)
        self._load(self.request, not same_rows)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="record-table",
        description="Loading list",
    )
    def _load(self, request: ListRequest, recount: bool = True) -> None:
        """Fetch one page, show it, then count; stop early if a newer request replaced this one.

        Turning a page or re-sorting keeps the count (``recount`` False).
        """
        worker = get_current_worker()
        with services_of(self).session() as session:
            rows = lists.page(
                session,
                request.name,
                request.filter_text,
                request.sort,
                request.offset,
                PAGE_SIZE,
                request.scope,
            )
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._show_page, request, rows, recount)
            if not recount:
                return
            total = lists.count(
                session, request.name, request.filter_text, request.scope, cap=lists.COUNT_CAP
            )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_count, request, total)

    def _show_page(self, request: ListRequest, rows: list[Row], recount: bool = True) -> None:
        if request != self.request:
            return
        self._shown = request
        if recount:
            self.counted = False
            self.total = request.offset + len(rows)
        self._sync_header()
        self.table.show_rows(rows, cursor_at_end=self._cursor_at_end)
        self._cursor_at_end = False
        self._show_status(len(rows))
        if not recount:
            self._in_flight = None
            self.post_message(self.Loaded(self, self.total))

    def _show_count(self, request: ListRequest, total: int) -> None:
        if request != self.request:
            return
        self.total, self.counted = total, True
        self._counted_for = _count_key(request)
        self._in_flight = None
        self._show_status(self.table.row_count)
        self.post_message(self.Loaded(self, total))

    def _sync_header(self) -> None:
        """Mark the sort column with an arrow (a shape, so it does not rely on colour)."""
        spec = lists.LISTS[self.request.name]
        sort = self.request.sort or spec.default_sort
        label = spec.column(sort.column).label + (" ▼" if sort.descending else " ▲")
        column = self.table.columns.get(sort.column)  # type: ignore[call-overload]
        if column is None or str(column.label) != label:
            self.table.set_columns(spec.columns, {sort.column: label})

    def _show_status(self, shown: int) -> None:
        start = self.request.offset + 1 if shown else 0
        if self.counted:
            text = lists.count_text(self.total)
            more = self.total > shown
        else:
            more = shown == PAGE_SIZE
            text = f"{self.total:,}{'+' if more else ''} rows · counting…"
        if more:
            text += f" · showing {start:,}–{self.request.offset + shown:,}"
        if self.request.filter_text:
            text += f" · filter “{self.request.filter_text}”"
        self.query_one(".record-table--status", Static).update(text)

    # --- Filter ----------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_input.display = self.filter_input.can_focus = True
        self.filter_input.focus()

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._apply_filter(event.value))

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._apply_filter(event.value)
        self.table.focus()

    def _apply_filter(self, text: str) -> None:
        if text.strip() == self.request.filter_text:
            return
        self.request = replace(self.request, filter_text=text.strip(), offset=0)
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_filter":
            return self.filtering
        return True

    def action_close_filter(self) -> None:
        """Escape in the filter clears and hides it instead of leaving the screen."""
        self.filter_input.value = ""
        self._apply_filter("")
        self.filter_input.display = self.filter_input.can_focus = False
        self.table.focus()

    # --- Sort and paging -------------------------------------------------------------

    def action_sort(self) -> None:
        keys = [c.key for c in lists.columns(self.request.name)]
        self.sort_by(keys[self.table.cursor_column] if keys else "")

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))

    def sort_by(self, column: str) -> None:
        """Sort by ``column`` (reversing if already sorted by it); unsortable columns say so."""
        spec = lists.LISTS[self.request.name]
        if column not in spec.sort_exprs:
            sortable = ", ".join(spec.column(k).label for k in spec.sort_exprs)
            self.notify(f"Sort by one of: {sortable}", severity="warning")
            return
        current = self.request.sort or spec.default_sort
        sort = current.flipped() if current.column == column else Sort(column)
        self.request = replace(self.request, sort=sort, offset=0)
        self.reload(keep_count=True)

    @on(LinkTable.EdgeReached)
    def _edge(self, event: LinkTable.EdgeReached) -> None:
        event.stop()
        self.action_page(event.step)

    def action_page(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page, if there is one."""
        offset = self.request.offset + step * PAGE_SIZE
        last_known = (
            self.total if self.counted else self.total + (self.table.row_count == PAGE_SIZE)
        )
        if offset < 0 or offset >= last_known:
            return
        self._cursor_at_end = step < 0
        self.request = replace(self.request, offset=offset)
        self.reload(keep_count=True)

    def action_export(self) -> None:
        from sgtui.tui.modals.export_table import ExportTableModal

        self.app.push_screen(
            ExportTableModal(
                self.request.name, self.request.scope, self.request.filter_text, self.request.sort
            )
        )
