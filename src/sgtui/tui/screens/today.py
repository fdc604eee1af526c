"""Today: the headline figures and the lists that drive a BSO's day; Enter opens a record."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Static

from sgtui.services.expiry import EXPIRING_DAYS
from sgtui.services.lists import Column
from sgtui.tui.base import SgtuiScreen
from sgtui.tui.context import services_of
from sgtui.tui.widgets.link_table import LinkTable

if TYPE_CHECKING:  # the loaders bring SQLAlchemy: the worker imports them, after the frame
    from collections.abc import Iterator

    from sqlmodel import Session

    from sgtui.services.figures import Headline
    from sgtui.services.today import TodayLists

WHEN = Column("when", "When", 11)  # worked out from the date: F2 on it says so
"""Wide enough for "✗ 299d late" and "! due today" beside a scrollbar."""
PANELS: tuple[tuple[str, str, tuple[Column, ...]], ...] = (
    (
        "submissions",
        "Submissions due or overdue",
        (
            Column("review", "Review", 17),  # BEX-LCSPR-2024-01 in full
            Column("kind", "Request", 10, "kind"),
            Column("due", "Due", 10, "due_on"),
            WHEN,
        ),
    ),
    (
        "meetings",
        "This week's meetings · minutes not circulated",
        (
            Column("date", "Date", 10, "meeting_date"),
            Column("title", "Meeting", 15, "title"),
            Column("borough", "Bor.", 4, "borough"),
            Column("status", "Status", 7, "status"),
            Column("minutes", "Minutes", 10, "minutes_status"),
        ),
    ),
    (
        "actions",
        "Open actions past due",
        (
            Column("text", "Action", 15, "text"),
            Column("owner", "Owner", 10, "owner"),
            Column("due", "Due", 10, "due_on"),
            WHEN,
        ),
    ),
    (
        "les",
        "LES returns to chase",
        (
            Column("ods", "ODS", 6),
            Column("name", "Practice", 15),
            Column("borough", "Bor.", 4),
            Column("status", "Status", 12),
            Column("sent", "Sent", 10, "contract_sent_on"),
        ),
    ),
    (
        "training",
        f"Training expiring in {EXPIRING_DAYS} days",
        (
            Column("person", "Person", 12),
            Column("course", "Course", 13, "course"),
            Column("expires", "Expires", 10, "expires_on"),
            WHEN,
        ),
    ),
    (
        "recommendations",
        "Health actions due",
        (
            Column("review", "Review", 17),
            Column("action", "Health action", 13),
            Column("lead", "Lead", 7, "lead"),
            WHEN,  # no room for the target date itself: "due in 3d" says it
        ),
    ),
)


class Tile(Static):
    """One headline figure: a number and what it counts."""

    def show(self, value: str, caption: str) -> None:
        self.update(f"[b]{value}[/b]\n{caption}")


class TodayScreen(SgtuiScreen):
    """The home screen."""

    mode = "today"
    BINDINGS = [
        Binding(
            "f2",
            "edit_cell",
            "Edit cell",
            tooltip="Edit the cell under the cursor in place (Enter saves, Escape cancels)",
        )
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        with Horizontal(id="tiles"):
            for tile_id in ("practices", "reviews", "submissions", "actions", "les", "training"):
                yield Tile("…", id=f"tile-{tile_id}", classes="tile")
        with Grid(id="today-grid"):
            for name, title, _columns in PANELS:
                panel = Vertical(classes="panel", id=f"panel-{name}")
                panel.border_title = title  # in the border: the rows keep the height
                yield panel
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.watch(self.app, "borough_id", lambda _b: self.reload_panels(), init=False)
        self.call_after_refresh(self._mount_tables)

    def _mount_tables(self) -> None:
        """The six lists join the frame once it is painted: laying out six tables is
        most of what the first frame would otherwise wait for, and they have no rows
        until the database is open anyway."""
        for name, _title, columns in PANELS:
            self.query_one(f"#panel-{name}", Vertical).mount(LinkTable(columns, id=f"today-{name}"))
        if self.focused is None:
            self.call_after_refresh(self.focus_next, "LinkTable")

    _shown = False
    _panel_loads = 1
    """One load owed from the start: the first starts on the first resume, and until it
    has been shown the tiles say "…", so the screen is not yet :attr:`loaded`."""

    def on_screen_resume(self) -> None:
        """Shown for the first time: read the figures (later, only a change reloads them).

        The first showing brings two resume events; the second is dropped while the
        first load is still running.
        """
        loading = any(
            w.node is self and w.group == "panels" and not w.is_finished for w in self.app.workers
        )
        if not (loading or self._shown):
            self.reload_panels()

    def action_edit_cell(self) -> None:
        """F2 in a panel: edit the value in place; the save reloads every panel it moves."""
        from sgtui.tui.widgets.cell_edit import edit_current_cell

        table = self.focused
        if not isinstance(table, LinkTable):
            self.notify("Move to a list first (Tab)", severity="warning")
            return

        def said_saved(saved: bool | None) -> None:
            if saved:
                self.notify("Saved")

        edit_current_cell(self, table, said_saved)

    def load_panels(self, session: Session) -> Iterator[Headline | TodayLists]:
        """The tiles, then the lists (the services' Today page loader)."""
        from sgtui.services.today import today_page

        svc = services_of(self)
        return today_page(session, svc.clock.today(), getattr(self.app, "borough_id", None))

    def show_panels(self, part: Headline | TodayLists) -> None:
        from sgtui.services.figures import Headline

        if isinstance(part, Headline):
            self._show_tiles(part)
        else:
            self._show_lists(part)

    def _show_tiles(self, head: Headline) -> None:
        percent = (
            f"{head.training_compliance_percent:.0f}%"
            if head.training_compliance_percent is not None
            else "–"
        )
        tiles = {
            "practices": (f"{head.practices:,}", "GP practices"),
            "reviews": (f"{head.open_reviews:,}", "open reviews"),
            "submissions": (f"{head.overdue_submissions:,}", "submissions overdue"),
            "actions": (f"{head.overdue_actions:,}", "actions overdue"),
            "les": (f"{head.les_outstanding:,}", f"LES {head.les_year or ''} returns outstanding"),
            "training": (percent, "training compliance"),
        }
        for tile_id, (value, caption) in tiles.items():
            self.query_one(f"#tile-{tile_id}", Tile).show(value, caption)

    def _show_lists(self, found: TodayLists) -> None:
        self._shown = True
        for name, _title, columns in PANELS:
            rows = getattr(found, name)
            table = self.query_one(f"#today-{name}", LinkTable)
            table.show_rows([replace(r, cells=r.cells[: len(columns)]) for r in rows])
            table.border_subtitle = f"{len(rows)} item{'s' if len(rows) != 1 else ''}"
