"""A DataTable of :class:`~sgtui.services.lists.Row` whose rows open the record they name.

The cursor is a cell, as in a spreadsheet: ← → pick the column that F2 edits and ``s``
sorts, ↑ ↓ the row that Enter opens. Where rows can be selected (every record list),
Space toggles the row, shift+↑/↓ extends the selection and ctrl+a takes the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding
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

    class EdgeReached(Message):
        """The cursor tried to move past the first or last row (``step`` -1 or +1)."""

        def __init__(self, table: LinkTable, step: int) -> None:
            super().__init__()
            self.table = table
            self.step = step

    def __init__(self, columns: Sequence[Column] = (), **kwargs: object) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._columns = list(columns)
        self._labels: dict[str, str] = {}
        self.rows_by_key: dict[str, Row] = {}
        self._markable = False
        self.marked: set[str] = set()

    def on_mount(self) -> None:
        if self._columns:
            self.set_columns(self._columns)

    @property
    def markable(self) -> bool:
        """When True, space selects rows (shown with a ✓, not colour alone)."""
        return self._markable

    @markable.setter
    def markable(self, value: bool) -> None:
        self._markable = value
        if self._columns and self.is_mounted:
            self.set_columns(self._columns, self._labels)  # room for the mark

    def set_columns(self, columns: Sequence[Column], labels: dict[str, str] | None = None) -> None:
        """Replace the header; ``labels`` overrides headings (e.g. a sort arrow).

        When rows can be marked, the first column is widened by the mark ("✓ "), so
        an ODS code is never cut short.
        """
        self._columns, self._labels = list(columns), dict(labels or {})
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
        column = min(column, max(len(self.columns) - 1, 0))
        if cursor_at_end and self.row_count:
            self.move_cursor(row=self.row_count - 1, column=column)
        elif current is not None and current.key in self.rows_by_key:
            self.move_cursor(row=self.get_row_index(current.key), column=column)
        elif self.row_count:
            self.move_cursor(column=column)

    def _cells(self, row: Row) -> tuple[str, ...]:
        if not self.markable:
            return row.cells
        mark = MARK if row.key in self.marked else " " * len(MARK)
        return (mark + row.cells[0], *row.cells[1:])

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
    def current_column(self) -> Column | None:
        """The list column under the cursor, if any."""
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

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        row = self.rows_by_key.get(event.cell_key.row_key.value or "")
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

    def action_copy_row(self) -> None:
        """Copy the row to the clipboard (OSC 52), saying so since terminals may refuse it."""
        row = self.current_row
        if row is None:
            return
        self.app.copy_to_clipboard("\t".join(row.cells))
        self.notify("Row copied (if your terminal allows clipboard access)")
