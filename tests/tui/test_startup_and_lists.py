"""Start-up work off the first screen, and lists that show their page before their count."""

from __future__ import annotations

import threading
from pathlib import Path

from sgtui import paths
from sgtui.clock import FixedClock
from sgtui.services import editing, lists
from sgtui.services import today as loaders
from sgtui.services.context import Services
from sgtui.services.workspace import open_workspace
from sgtui.store.backup import list_backups
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.clock import TODAY
from tests.support.keys import SIZE, type_text
from tests.support.waiting import settled, wait_until


def _dailies(db: Path) -> list[object]:
    folder = paths.backup_dir()
    return (
        [b for b in list_backups(folder, db.stem) if b.kind == "daily"] if folder.exists() else []
    )


async def test_daily_backup_is_taken_after_the_first_screen(tmp_path: Path) -> None:
    db = tmp_path / "start.db"
    svc = open_workspace(db, clock=FixedClock.on(TODAY), daily_backup=False)
    assert _dailies(db) == []  # not on the start path
    app = SgtuiApp(svc, backup_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
    import threading

    for thread in threading.enumerate():
        if thread.name == "sgtui-daily-backup":
            thread.join(10)
    assert len(_dailies(db)) == 1
    svc.db.dispose()


async def test_today_reads_its_lists_once_when_first_shown(
    app: SgtuiApp,
    monkeypatch,  # noqa: ANN001
) -> None:
    calls: list[int | None] = []
    real = loaders.load_today_lists

    def counting(session, as_of, borough_id):  # noqa: ANN001, ANN202
        calls.append(borough_id)
        return real(session, as_of, borough_id)

    monkeypatch.setattr(loaders, "load_today_lists", counting)  # imported by the worker
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert calls == [None]
        assert "…" not in str(app.screen.query_one("#tile-practices").render())
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("1")  # back to Today with nothing saved: nothing to read again
        await settled(pilot)
        assert calls == [None]
        await pilot.press("2")
        await settled(pilot)
        with app.svc.session() as session:  # a save while Today is hidden
            editing.create(session, app.svc, "person", {"name": "Alex Carter"})
        await settled(pilot)
        await pilot.press("1")  # back to Today: stale, so read again
        await settled(pilot)
        assert calls == [None, None]


async def test_list_page_shows_before_its_count(app: SgtuiApp, monkeypatch) -> None:  # noqa: ANN001
    """A filter typed shows its page at once and says "counting…" until the count comes."""
    release = threading.Event()
    real = lists.count

    def slow_count(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        release.wait(10)  # the count is on its way until the test lets it through
        return real(*args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        table = app.screen.query_one("#main-list", RecordTable)
        assert table.counted and table.total == 3
        monkeypatch.setattr(lists, "count", slow_count)
        await pilot.press("slash")
        await type_text(pilot, "clap")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda _app: [r.cells[1] for r in table.rows] == ["Clapham Family Practice"],
            "the filtered page",
        )
        status = str(table.query_one(".record-table--status").render())
        assert not table.counted and not table.loaded and "counting" in status
        release.set()
        await settled(pilot)
        status = str(table.query_one(".record-table--status").render())
        assert table.loaded and status.startswith("1 row ·") and "counting" not in status


async def test_sorting_keeps_the_count_and_filtering_counts_again(
    app: SgtuiApp,
    monkeypatch,  # noqa: ANN001
) -> None:
    counted: list[str] = []
    real = lists.count

    def counting(session, name, filter_text="", **kw):  # noqa: ANN001, ANN003, ANN202
        counted.append(filter_text)
        return real(session, name, filter_text, **kw)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        table = app.screen.query_one("#main-list", RecordTable)
        monkeypatch.setattr(lists, "count", counting)
        table.table.focus()
        await pilot.press("s")  # the cursor starts on the ODS column
        await settled(pilot)
        assert counted == [] and table.counted and table.total == 3
        assert [r.cells[0] for r in table.rows] == ["G85001", "G85002", "G85099"]
        await pilot.press("slash")
        await type_text(pilot, "clap")
        await pilot.press("enter")
        await settled(pilot)
        assert counted == ["clap"] and table.total == 1


def test_count_stops_at_the_cap(svc: Services) -> None:
    with svc.session() as s:
        scope = lists.Scope(as_of=TODAY)
        assert lists.count(s, "practices", scope=scope) == 3
        assert lists.count(s, "practices", scope=scope, cap=2) == 3  # "more than 2"
        assert lists.count(s, "practices", scope=scope, cap=1) == 2
        assert lists.count(s, "practices", "clap", scope=scope, cap=2) == 1
    assert lists.count_text(3, cap=2) == "2+ rows"
    assert lists.count_text(10_001) == "10,000+ rows"
    assert lists.count_text(1_234) == "1,234 rows"
    assert lists.count_text(1) == "1 row"
    assert lists.count_text(0) == "0 rows"


def test_actions_list_follows_the_action_borough_rule(svc: Services) -> None:
    """An action raised for a practice shows in that practice's borough, as on Today."""
    from sqlmodel import select

    from sgtui.services import meetings
    from sgtui.services.reference import find_borough
    from sgtui.store.models import Practice

    with svc.session() as s:
        southwark = find_borough(s, "SOU").id  # type: ignore[union-attr]
        peckham = s.exec(select(Practice).where(Practice.ods_code == "G85099")).one()
        scope = lists.Scope(as_of=TODAY, borough_id=southwark)
        before = lists.count(s, "actions", scope=scope)
        meetings.save_action(
            s, svc, {"ref": "PK1", "text": "Send policy", "practice_id": peckham.id}
        )
        assert lists.count(s, "actions", scope=scope) == before + 1
        assert "PK1" in [r.cells[0] for r in lists.page(s, "actions", scope=scope)]


async def test_lists_and_screens_say_when_they_have_loaded(app: SgtuiApp) -> None:
    """Today's panels and a list each post a Loaded message once what they show is in."""
    from sgtui.tui.base import SgtuiScreen

    heard: list[object] = []
    async with app.run_test(size=SIZE, message_hook=heard.append) as pilot:
        await settled(pilot)
        today = app.screen
        assert isinstance(today, SgtuiScreen) and today.loaded
        assert any(isinstance(m, SgtuiScreen.Loaded) and m.screen is today for m in heard)
        await pilot.press("6")
        await settled(pilot)
        table = app.screen.query_one("#main-list", RecordTable)
        assert table.loaded
        assert any(isinstance(m, RecordTable.Loaded) and m.table is table for m in heard)
        assert [m.total for m in heard if isinstance(m, RecordTable.Loaded)][-1] == 3
