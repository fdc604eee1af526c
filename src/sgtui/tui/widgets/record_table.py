"""A record list paged from SQL: filter as you type, sort by column, page with the cursor.

Only one page (100 rows) is ever in the widget, so 100,000 training records open as
fast as 100. The query runs in a thread worker through :mod:`sgtui.services.lists`;
the widget never holds a session.

The page is queried and shown first; the count follows (capped at
:data:`lists.COUNT_CAP`, "10,000+ rows"), so a keystroke in the filter repaints the
rows without waiting for a count over the whole table. A newer request cancels the
worker of an older one, which then skips its count.

Cells are edited in place: F2 opens the field's editor over the cell under the cursor
(Enter does the same on a record's page for rows that are that record, where Enter
has nothing to open). Space, shift+↑/↓ and ctrl+a select rows; ``=`` sets one field
on every selected row in one transaction, undone by one ctrl+z.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual._context import NoActiveAppError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from sgtui.services import lists
from sgtui.services.lists import PAGE_SIZE, Row, Scope, Sort
from sgtui.services.lists.conditions import ConditionError, parse
from sgtui.services.lists.queries import sort_exprs
from sgtui.services.wording import plural
from sgtui.tui.context import services_of
from sgtui.tui.list_request import ListRequest
from sgtui.tui.widgets.cell_edit import cell_offset, edit_current_cell, open_editor
from sgtui.tui.widgets.filter_chips import FilterChips
from sgtui.tui.widgets.link_table import LinkTable

DEBOUNCE_SECONDS = 0.12
"""Wait this long after a keystroke before querying, so fast typing runs one query."""


def _count_key(request: ListRequest) -> tuple[object, ...]:
    """What the count depends on: not the page shown nor the sort."""
    return (request.name, request.scope, request.filter_text, request.where)


class RecordTable(Vertical):
    """A titled, filterable, sortable page of one list from :data:`lists.LISTS`."""

    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    RecordTable > .record-table--status { height: 1; color: $text-muted; padding: 0 1; }
    RecordTable > .record-table--detail { height: 1; padding: 0 1; }
    RecordTable > .record-table--where-error { height: auto; color: $error; padding: 0 1; }
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
        Binding(
            "D",
            "sort(True)",
            "Sort down",
            show=False,
            id="table.sort_descending",
            tooltip="Sort by the column under the cursor, largest or latest first",
        ),
        Binding(
            "f",
            "where",
            "Column filter",
            show=False,  # the footer keeps each screen's own keys; help (?) lists it
            id="table.column_filter",
            tooltip="Filter on a column: Expires < 30d, Status is overdue, C08 = No",
        ),
        Binding(
            "v",
            "choose_columns",
            "Columns",
            show=False,
            id="table.columns",
            tooltip="Choose the columns shown (remembered for this list)",
        ),
        Binding(
            "F",
            "drop_where",
            "Drop filter",
            show=False,
            id="table.drop_column_filter",
            tooltip="Remove the last column filter",
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
        Binding(
            "f2",
            "edit_cell",
            "Edit cell",
            id="table.edit_cell",
            tooltip="Edit the cell under the cursor in place (Enter saves, Escape cancels)",
        ),
        Binding(
            "equals_sign",
            "fill_selected",
            "Set on selected",
            show=False,
            id="table.fill_down",
            tooltip="Set one field on every selected row (one transaction, one undo)",
        ),
    ]

    class Loaded(Message):
        """The current request's page and its count are on screen.

        The list's "ready" signal: the Training screen starts its figures on it, and tests
        wait for it (or for :attr:`RecordTable.loaded`) instead of sleeping.
        """

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
        self._status_text = ""

    def compose(self) -> ComposeResult:
        box = Input(placeholder="Filter: type words to match", classes="record-table--filter")
        box.display = box.can_focus = False
        yield box
        where = Input(
            placeholder="Column filter, e.g. Expires < 30d · Status is overdue · C08 = No",
            id="record-table--where",
        )
        where.display = where.can_focus = False
        yield where
        error = Static("", classes="record-table--where-error", markup=False)
        error.display = False
        yield error
        yield FilterChips()
        shown = self._shown_columns()
        yield LinkTable([c for _i, c in shown], [i for i, _c in shown])
        yield Static("", classes="record-table--detail", markup=False)
        yield Static("Loading…", classes="record-table--status")

    @property
    def table(self) -> LinkTable:
        return self.query_one(LinkTable)

    @property
    def kinds(self) -> frozenset[str]:
        """The tables this list's rows come from: a change to any of them reloads it."""
        return lists.tables_of(self.request.name)

    @property
    def loaded(self) -> bool:
        """What the list shows is its current request, page and count (no load under way)."""
        return self._shown == self.request and self.counted

    @property
    def rows(self) -> list[Row]:
        """The rows on the page in view."""
        return list(self.table.rows_by_key.values())

    def on_mount(self) -> None:
        self.table.markable = True
        self.reload()

    @property
    def filter_input(self) -> Input:
        return self.query_one(".record-table--filter", Input)

    @property
    def where_input(self) -> Input:
        return self.query_one("#record-table--where", Input)

    @property
    def filtering(self) -> bool:
        """True while the filter box is open."""
        return bool(self.filter_input.display)

    def set_scope(self, scope: Scope) -> None:
        """Show the list for another borough/record scope, from the first page."""
        self.request = replace(self.request, scope=scope, offset=0)
        self.table.clear_marks()  # another borough's rows: a selection made here would hide
        self.reload()

    def set_list(self, name: str) -> None:
        """Show another list with the same columns (e.g. the LES chase list)."""
        self.request = replace(self.request, name=name, offset=0, sort=None)
        self.table.clear_marks()
        self.reload()

    def reload(self, *, keep_count: bool = False) -> None:
        """Query the current request again (after a save, a scope change...).

        ``keep_count``: only the page or the sort changed, so the count still holds.

        While the very first page is on its way, asking again for the same thing is
        dropped: a screen shown for the first time gets its mount and resume events
        together, and each would otherwise run the same queries.
        """
        self._drop_unreadable_conditions()
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
                scope=request.scope,
                where=request.where,
            )
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._show_page, request, rows, recount)
            if not recount:
                return
            total = lists.count(
                session,
                request.name,
                request.filter_text,
                scope=request.scope,
                cap=lists.COUNT_CAP,
                where=request.where,
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
        self._show_detail()
        self.query_one(FilterChips).show(request.where)
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
        shown = self._shown_columns()
        sort = self.request.sort or spec.default_sort
        every = spec.columns_for(self.request.scope)
        heading = next((c.label for c in every if c.key == sort.column), sort.column)
        label = heading + (" ▼" if sort.descending else " ▲")
        column = self.table.columns.get(sort.column)  # type: ignore[call-overload]
        same_keys = [str(k.value) for k in self.table.columns] == [c.key for _i, c in shown]
        if (column is not None and str(column.label) != label) or not same_keys:
            columns, cells = [c for _i, c in shown], [i for i, _c in shown]
            self.table.set_columns(columns, {sort.column: label}, cells)

    def _shown_columns(self) -> list[tuple[int, lists.Column]]:
        """(cell index, column) of the columns on show: the list's order, hidden ones out."""
        return lists.LISTS[self.request.name].shown(self.request.scope, self.hidden)

    @property
    def hidden(self) -> frozenset[str]:
        """Keys of the columns the officer hid in this list (remembered in the settings)."""
        try:
            settings = getattr(self.app, "settings", None)
        except NoActiveAppError:  # built outside an app (a unit test of the widget)
            settings = None
        remembered = getattr(settings, "hidden_columns", {}) if settings else {}
        return frozenset(remembered.get(self.request.name, ()))

    def action_choose_columns(self) -> None:
        """A checklist of the list's columns: untick to hide, tick to show again."""
        from sgtui.tui.modals.column_chooser import ColumnChooserModal

        spec = lists.LISTS[self.request.name]
        every = [c for _i, c in spec.shown(self.request.scope)]
        self.app.push_screen(
            ColumnChooserModal(spec.title, every, self.hidden), self._columns_chosen
        )

    def _columns_chosen(self, hidden: frozenset[str] | None) -> None:
        remember = getattr(self.app, "remember_hidden_columns", None)
        if hidden is None or remember is None:
            return
        remember(self.request.name, hidden)
        self._sync_header()
        self.reload(keep_count=True)

    def _show_status(self, shown: int) -> None:
        start = self.request.offset + 1 if shown else 0
        if self.counted:
            text = lists.count_text(self.total)
            more = self.total > shown
        else:
            more = shown == PAGE_SIZE
            text = f"{plural(self.total, 'row', more=more)} · counting…"
        if more:
            text += f" · showing {start:,}–{self.request.offset + shown:,}"
        if self.request.filter_text:
            text += f" · filter “{self.request.filter_text}”"
        if self.request.where:
            text += f" · {plural(len(self.request.where), 'column filter')}"
        selected = len(self.table.marked)
        text += f" · {selected:,} selected" + (" (= sets a field on them)" if selected else "")
        self._status_text = text
        self.query_one(".record-table--status", Static).update(text)

    @on(LinkTable.MarksChanged)
    def _marks_changed(self, event: LinkTable.MarksChanged) -> None:
        event.stop()
        self._show_status(self.table.row_count)

    def _show_detail(self) -> None:
        """The cell under the cursor in full, as cut-short text is otherwise lost."""
        self.query_one(".record-table--detail", Static).update(self.table.detail_text())

    @on(LinkTable.ColumnMoved)
    @on(DataTable.RowHighlighted)
    def _cursor_moved(self, event: LinkTable.ColumnMoved | DataTable.RowHighlighted) -> None:
        self._show_detail()

    # --- Filter ----------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_input.display = self.filter_input.can_focus = True
        self.filter_input.focus()

    @on(Input.Changed, ".record-table--filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._apply_filter(event.value))

    @on(Input.Submitted, "#record-table--where")
    def _where_box_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._where_submitted(event.value)

    @on(Input.Submitted, ".record-table--filter")
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
            return self.filtering or bool(self.where_input.display)
        return True

    def action_close_filter(self) -> None:
        """Escape in a filter box clears and hides it instead of leaving the screen."""
        if self.where_input.display:
            self._close_where()
            return
        self.filter_input.value = ""
        self._apply_filter("")
        self.filter_input.display = self.filter_input.can_focus = False
        self.table.focus()

    # --- Column filters --------------------------------------------------------------

    def action_where(self) -> None:
        """Open the column filter, started with the heading of the column under the cursor."""
        cell = self.table.current_cell()
        box = self.where_input
        box.value = f"{cell[0]} " if cell else ""
        box.display = box.can_focus = True
        box.focus()
        box.cursor_position = len(box.value)

    def _close_where(self) -> None:
        self.where_input.display = self.where_input.can_focus = False
        self.query_one(".record-table--where-error", Static).display = False
        self.table.focus()

    def _where_submitted(self, text: str) -> None:
        """Add the condition if it reads; otherwise say why under the box and keep it open."""
        error = self.query_one(".record-table--where-error", Static)
        if not text.strip():
            self._close_where()
            return
        try:
            condition = parse(lists.LISTS[self.request.name], text, self.request.scope)
        except ConditionError as exc:
            error.update(f"✗ {exc}")
            error.display = True
            return
        self._close_where()
        self.where = (*self.request.where, condition.text)

    def _drop_unreadable_conditions(self) -> None:
        """A filter on a column no longer shown (the LES answers hidden, another list)
        is dropped, saying so, rather than failing the query."""
        spec, kept = lists.LISTS[self.request.name], []
        for text in self.request.where:
            try:
                parse(spec, text, self.request.scope)
            except ConditionError as exc:
                self.notify(f"Filter “{text}” removed: {exc}", severity="warning")
            else:
                kept.append(text)
        if len(kept) != len(self.request.where):
            self.request = replace(self.request, where=tuple(kept), offset=0)

    @property
    def where(self) -> tuple[str, ...]:
        """The column conditions in force (each one a chip)."""
        return self.request.where

    @where.setter
    def where(self, conditions: tuple[str, ...]) -> None:
        self.request = replace(self.request, where=tuple(conditions), offset=0)
        self.reload()

    def action_drop_where(self) -> None:
        """Remove the last column filter."""
        if self.request.where:
            self.where = self.request.where[:-1]

    @on(FilterChips.Removed)
    def _chip_removed(self, event: FilterChips.Removed) -> None:
        event.stop()
        conditions = list(self.request.where)
        if conditions:
            conditions.pop(event.index)
            self.where = tuple(conditions)

    # --- Sort and paging -------------------------------------------------------------

    def action_sort(self, descending: bool | None = None) -> None:
        """Sort by the column under the cursor (``descending`` True: largest first)."""
        self.sort_by(self.table.current_column or "", descending)

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))

    def sort_by(self, column: str, descending: bool | None = None) -> None:
        """Sort by ``column``: reversing if already sorted by it, unless ``descending`` says
        which way; unsortable columns say so."""
        spec = lists.LISTS[self.request.name]
        sortable = sort_exprs(spec, self.request.scope)
        if column not in sortable:
            shown = spec.columns_for(self.request.scope)
            names = ", ".join(c.label for c in shown if c.key in sortable)
            self.notify(f"Sort by one of: {names}", severity="warning")
            return
        current = self.request.sort or spec.default_sort
        if descending is not None:
            sort = Sort(column, descending)
        else:
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

    # --- Edit in place and fill down -------------------------------------------------

    def action_edit_cell(self) -> None:
        """Edit the cell under the cursor with its field's editor (F2)."""
        edit_current_cell(self, self.table, lambda saved: self._edited(saved, False))

    def action_fill_selected(self) -> None:
        """Ask which field, then the value, and set it on every selected row (=)."""
        keys = self.table.marked_rows
        if not keys:
            self.notify("Select rows first (Space, shift+↑/↓, ctrl+a)", severity="warning")
            return
        kind = lists.record_of(_row_of(keys[0]))[0]
        ids = [int(key.split(":")[1]) for key in keys]
        question = f"Set which field on the {len(ids)} selected?"
        from sgtui.tui.modals.field_choice import ChoiceModal

        def chosen(field: str | None) -> None:
            if field:
                at = cell_offset(self.table)
                open_editor(
                    self, kind, ids, field, at, fill=True, done=lambda s: self._edited(s, True)
                )
            else:
                self.notify("Cancelled")

        options = _fill_fields(self.request.name, kind)
        self.app.push_screen(ChoiceModal(question, options, None), chosen)

    def _edited(self, saved: bool | None, fill: bool) -> None:
        if not saved:
            if fill:
                self.notify("Cancelled")
            return
        if fill:
            count = len(self.table.marked)
            self.notify(
                f"Set on {count} record{'s' if count != 1 else ''} (ctrl+z undoes them all)"
            )
            self.table.clear_marks()
        else:
            self.notify("Saved")
        self.post_message(self.Edited(self))
        self.reload()

    class Edited(Message):
        """A cell (or a fill-down) was saved: screens showing figures can refresh them."""

        def __init__(self, table: RecordTable) -> None:
            super().__init__()
            self.table = table

    def action_export(self) -> None:
        from sgtui.tui.modals.export_table import ExportTableModal

        self.app.push_screen(
            ExportTableModal(
                self.request.name,
                self.request.scope,
                self.request.filter_text,
                self.request.sort,
                self.request.where,
                [(i, c.label) for i, c in self._shown_columns()],
            )
        )


def _fill_fields(list_name: str, kind: str) -> list[tuple[str, str]]:
    """(field, label) a fill-down offers: the list's editable columns, then the kind's others."""
    from sgtui.services.registry import kind_of

    spec = kind_of(kind)
    shown = [c.field for c in lists.columns(list_name) if c.field]
    others = [f.name for f in spec.fields if f.name not in shown and not f.on_create_only]
    return [(name, spec.field(name).label) for name in (*shown, *others)]


def _row_of(key: str) -> Row:
    """A row known only by its key (selected on another page): enough to name its kind."""
    return Row(key, "", 0, ())
