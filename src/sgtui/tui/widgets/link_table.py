"""A DataTable of :class:`~sgtui.services.lists.Row` whose rows open the record they name.

The whole row is highlighted and ← → move a column cursor along it, as in a
spreadsheet: the column is what F2 edits, ``s`` sorts and ``f`` filters; ↑ ↓ pick the
row that Enter opens. Where rows can be selected (every record list),
Space toggles the row, shift+↑/↓ extends the selection and ctrl+a takes the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from sgtui.services.lists import Column, Row

MARK = "✓ "
"""Shown before a selected row's first cell (a shape, not colour alone)."""


class LinkTable(DataTable[str]):
    """Rows keyed by record; Enter (or a click on a selected row) posts ``RecordChosen``."""

    DEFAULT_CSS = """
    LinkTable { height: 1fr; }
    """
    BINDINGS = [
        Binding(
            "c", "copy_row", "Copy row", show=False, tooltip="Copy the row as tab-separated text"
        ),
        Binding(
            "space",
            "toggle_mark",
            "Select",
            show=False,
            id="table.select",
            tooltip="Select or unselect the row (for bulk steps and setting a field on many)",
        ),
        Binding(
            "shift+down",
            "extend_mark(1)",
            "Select down",
            show=False,
            id="table.select_down",
            tooltip="Select this row and the one below",
        ),
        Binding(
            "shift+up",
            "extend_mark(-1)",
            "Select up",
            show=False,
            id="table.select_up",
            tooltip="Select this row and the one above",
        ),
        Binding(
            "ctrl+a",
            "mark_all",
            "Select all",
            show=False,
            id="table.select_all",
            tooltip="Select every row in view (again to unselect them)",
        ),
    ]

    class RecordChosen(Message):
        """The officer chose a row: open ``kind`` record ``record_id``."""

        def __init__(self, table: LinkTable, row: Row) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> LinkTable:
            return self.table

    class MarksChanged(Message):
        """The selection changed (``count`` rows selected now)."""

        def __init__(self, table: LinkTable, count: int) -> None:
            super().__init__()
            self.table = table
            self.count = count

        @property
        def control(self) -> LinkTable:
            return self.table

    class ColumnMoved(Message):
        """← or → moved the column under the cursor (what ``s`` sorts and ``f`` filters)."""

        def __init__(self, table: LinkTable) -> None:
            super().__init__()
            self.table = table

    class EdgeReached(Message):
        """The cursor tried to move past the first or last row (``step`` -1 or +1)."""

        def __init__(self, table: LinkTable, step: int) -> None:
            super().__init__()
            self.table = table
            self.step = step

    def __init__(
        self, columns: Sequence[Column] = (), cells: Sequence[int] | None = None, **kwargs: object
    ) -> None:
        kwargs.setdefault("fixed_columns", 1)  # the name, reference or ODS code stays in view
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._columns = list(columns)
        self._labels: dict[str, str] = {}
        self._cell_index: list[int] = list(cells or range(len(self._columns)))
        """For each column shown, which of a row's cells it shows (columns may be
        reordered or hidden without the rows changing)."""
        self.rows_by_key: dict[str, Row] = {}
        self._markable = False
        self.marked: set[str] = set()
        self._column_index = 0
        """The column the officer moved to: kept when a reload clears the table."""

    def on_mount(self) -> None:
        if self._columns:
            self.set_columns(self._columns, cells=self._cell_index)

    @property
    def markable(self) -> bool:
        """When True, space selects rows (shown with a ✓, not colour alone)."""
        return self._markable

    @markable.setter
    def markable(self, value: bool) -> None:
        self._markable = value
        if self._columns and self.is_mounted:
            self.set_columns(self._columns, self._labels, self._cell_index)  # room for the mark

    def set_columns(
        self,
        columns: Sequence[Column],
        labels: dict[str, str] | None = None,
        cells: Sequence[int] | None = None,
    ) -> None:
        """Replace the header; ``labels`` overrides headings (e.g. a sort arrow), and
        ``cells`` says which of a row's cells each column shows (default: in order).

        When rows can be marked, the first column is widened by the mark ("✓ "), so
        an ODS code is never cut short.
        """
        self._columns, self._labels = list(columns), dict(labels or {})
        self._cell_index = list(cells) if cells is not None else list(range(len(columns)))
        self.clear(columns=True)
        for index, column in enumerate(columns):
            label = self._labels.get(column.key, column.label)
            width = column.width
            if width is not None and index == 0 and self._markable:
                width += len(MARK)
            self.add_column(label, width=width, key=column.key)

    def show_rows(self, rows: Iterable[Row], *, cursor_at_end: bool = False) -> None:
        """Show exactly ``rows`` (one page), keeping the cursor on the same record if present.

        The cursor keeps its column too, so a cell edited in place stays under it.
        """
        current, column = self.current_row, self.cursor_column
        self.clear()
        self.rows_by_key = {}
        for row in rows:
            self.rows_by_key[row.key] = row
            self.add_row(*self._cells(row), key=row.key)
        column = min(self._column_index, max(len(self.columns) - 1, 0))
        if cursor_at_end and self.row_count:
            self.move_cursor(row=self.row_count - 1, column=column)
        elif current is not None and current.key in self.rows_by_key:
            self.move_cursor(row=self.get_row_index(current.key), column=column)
        else:
            self.move_cursor(row=0, column=column)

    def _cells(self, row: Row) -> tuple[str, ...]:
        shown = tuple(row.cells[i] if i < len(row.cells) else "" for i in self._cell_index)
        if not self.markable or not shown:
            return shown
        mark = MARK if row.key in self.marked else " " * len(MARK)
        return (mark + shown[0], *shown[1:])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_mark", "extend_mark", "mark_all"):
            return self.markable
        return True

    def action_toggle_mark(self) -> None:
        """Select or unselect the row under the cursor."""
        row = self.current_row
        if row is None:
            return
        self._set_marks([row.key], row.key not in self.marked)

    def action_extend_mark(self, step: int) -> None:
        """Select the row under the cursor and the next one up or down, moving onto it."""
        row = self.current_row
        if row is None:
            return
        target = self.cursor_row + step
        keys = [row.key]
        if 0 <= target < self.row_count:
            self.move_cursor(row=target)
            keys.append(self.ordered_rows[target].key.value or "")
        self._set_marks(keys, True)

    def action_mark_all(self) -> None:
        """Select every row in view; when they all are already, unselect them."""
        keys = list(self.rows_by_key)
        self._set_marks(keys, not all(key in self.marked for key in keys))

    def clear_marks(self) -> None:
        """Unselect everything (after a bulk step, or another scope)."""
        self._set_marks(list(self.marked), False)

    def _set_marks(self, keys: list[str], selected: bool) -> None:
        first = next(iter(self.columns), None)
        for key in keys:
            if selected:
                self.marked.add(key)
            else:
                self.marked.discard(key)
            row = self.rows_by_key.get(key)
            if row is not None and first is not None:
                self.update_cell(key, first, self._cells(row)[0])
        self.post_message(self.MarksChanged(self, len(self.marked)))

    @property
    def marked_rows(self) -> list[str]:
        """The selected rows' keys, in the order they are shown (then any on other pages)."""
        shown = [key for key in self.rows_by_key if key in self.marked]
        return shown + sorted(self.marked - set(shown))

    @property
    def current_list_column(self) -> Column | None:
        """The list column under the cursor (what F2 edits), if any."""
        if not self._columns or not self.row_count:
            return None
        return self._columns[min(self.cursor_column, len(self._columns) - 1)]

    @property
    def current_row(self) -> Row | None:
        """The row under the cursor, if any."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.rows_by_key.get(key or "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.rows_by_key.get(event.row_key.value or "")
        if row is not None:
            self.post_message(self.RecordChosen(self, row))

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.EdgeReached(self, +1))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row == 0:
            self.post_message(self.EdgeReached(self, -1))
            return
        super().action_cursor_up()

    @property
    def current_column(self) -> str | None:
        """The key of the column under the cursor (the row cursor still tracks a column)."""
        keys = [c.key for c in self._columns]
        return keys[min(self.cursor_column, len(keys) - 1)] if keys else None

    def current_cell(self) -> tuple[str, str] | None:
        """(heading, full text) of the cell under the cursor, for the detail line."""
        row, key = self.current_row, self.current_column
        if row is None or key is None:
            return None
        index = [c.key for c in self._columns].index(key)
        cell = self._cell_index[index]
        text = row.cells[cell] if cell < len(row.cells) else ""
        return self._columns[index].label, text

    def detail_text(self) -> str:
        """The cell under the cursor in full, then any other cell of the row cut short.

        Shown under the list, so a long action or practice name is readable without
        widening its column.
        """
        cell, row = self.current_cell(), self.current_row
        if cell is None or row is None:
            return ""
        parts = [f"{cell[0]}: {cell[1]}"]
        for column, index in zip(self._columns, self._cell_index, strict=True):
            text = row.cells[index] if index < len(row.cells) else ""
            if column.label != cell[0] and column.width is not None and len(text) > column.width:
                parts.append(f"{column.label}: {text}")
        return " · ".join(parts)

    def action_cursor_left(self) -> None:
        self._move_column(-1)

    def action_cursor_right(self) -> None:
        self._move_column(+1)

    def _move_column(self, step: int) -> None:
        """Move the column cursor while the whole row stays highlighted, scrolling it in view.

        A row cursor on its own would only scroll sideways, so ``s`` could never know
        which column was meant.
        """
        if not self.columns:
            return
        column = max(0, min(len(self.columns) - 1, self.cursor_column + step))
        self._column_index = column
        self.cursor_coordinate = Coordinate(self.cursor_row, column)
        if column < self.fixed_columns:
            self.scroll_x = 0
        else:
            region = self._get_cell_region(self.cursor_coordinate)
            self.scroll_to_region(
                region, animate=False, spacing=self._get_fixed_offset(), force=True
            )
        self.post_message(self.ColumnMoved(self))

    def action_copy_row(self) -> None:
        """Copy the row to the clipboard (OSC 52), saying so since terminals may refuse it."""
        row = self.current_row
        if row is None:
            return
        self.app.copy_to_clipboard("\t".join(row.cells))
        self.notify("Row copied (if your terminal allows clipboard access)")
