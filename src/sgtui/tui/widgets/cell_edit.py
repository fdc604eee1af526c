"""Editing cells in place (F2) and filling one value down a selection (=).

Shared by the paged record lists and Today's panels: any :class:`LinkTable` whose
columns name their registry field (``Column.field``) and whose row keys name their
record ("action:12") can be edited where the officer sees the value. The field's
current text is read in a worker and saved through :mod:`sgtui.services.editing`, so
the same validation, audit and version checks apply as in the forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.geometry import Offset
from textual.widget import Widget

from sgtui.services import lists
from sgtui.tui.context import services_of
from sgtui.tui.widgets.link_table import LinkTable

Done = Callable[[bool | None], None]
"""Called with True once the editor saved, else None/False (cancelled)."""


def edit_current_cell(host: Widget, table: LinkTable, done: Done) -> None:
    """F2: edit the cell under ``table``'s cursor, or say why it cannot be edited here."""
    row, column = table.current_row, table.current_list_column
    if row is None or column is None:
        host.notify("Nothing to edit in this list", severity="warning")
        return
    if column.field is None:
        host.notify(
            f"{column.label}: this column is worked out; edit it on the record (Enter)",
            severity="warning",
        )
        return
    kind, record_id = lists.record_of(row)
    open_editor(host, kind, [record_id], column.field, cell_offset(table), fill=False, done=done)


def cell_offset(table: LinkTable) -> Offset:
    """Where on screen the cell under the cursor is (the editor opens over it)."""
    region = table._get_cell_region(table.cursor_coordinate)  # noqa: SLF001
    x = table.region.x + region.x - int(table.scroll_x)
    y = table.region.y + region.y - int(table.scroll_y)
    return Offset(max(0, x - 1), max(0, y - 1))


def open_editor(
    host: Widget, kind: str, ids: list[int], field: str, at: Offset, *, fill: bool, done: Done
) -> None:
    """Load the field's current text and choices in a worker, then open the editor."""
    from sgtui.tui.modals.cell_editor import CellEdit, CellEditorModal
    from sgtui.tui.modals.registry_form import load_form

    def load() -> None:
        with services_of(host).session() as session:
            data = load_form(session, kind, ids[0], only=(field,))
        spec = data.kind.field(field)
        if fill:
            heading = f"{spec.label} · {len(ids)} selected"
            save = _fill_save(host, kind, ids, field)
        else:
            heading = f"{spec.label} · {data.title.removeprefix('Edit ')}"
            save = _cell_save(host, kind, ids[0], field, data.version)
        edit = CellEdit(data, spec, heading, save, at, "" if fill else None)
        host.app.call_from_thread(host.app.push_screen, CellEditorModal(edit), done)

    host.run_worker(load, thread=True, exit_on_error=False, description="Opening the editor")


def _cell_save(host: Widget, kind: str, record_id: int, field: str, version: int | None) -> Any:
    """Save one cell through ``editing.update``, checked against the version opened."""
    from sgtui.services import editing

    def save(session: Any, text: str, confirmed: bool) -> Any:
        svc = services_of(host)
        return editing.update(
            session, svc, kind, record_id, {field: text}, expected_version=version,
            confirmed=confirmed,
        )  # fmt: skip

    return save


def _fill_save(host: Widget, kind: str, ids: list[int], field: str) -> Any:
    """Save one value on every selected record: ``editing.update_many``, all or nothing."""
    from sgtui.services import editing

    def save(session: Any, text: str, confirmed: bool) -> Any:
        svc = services_of(host)
        return editing.update_many(session, svc, kind, ids, {field: text}, confirmed=confirmed)

    return save
