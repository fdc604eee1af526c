"""The changes feed: a second Services on the same database sees what the first saved."""

from __future__ import annotations

from pathlib import Path

from sgtui.services import editing
from sgtui.services.changes_feed import EVERYTHING, ChangesFeed, latest_change_id
from sgtui.services.context import Services
from sgtui.services.history import undo_last


def _colleague(svc: Services) -> Services:
    return Services(db=svc.db, clock=svc.clock, actor="A Colleague")


def test_first_poll_sets_the_starting_point_and_reports_nothing(svc: Services) -> None:
    feed = ChangesFeed()
    assert feed.poll(svc) == frozenset()
    assert feed.poll(svc) == frozenset()


def test_a_colleagues_save_is_seen_with_its_kind(svc: Services) -> None:
    feed = ChangesFeed()
    feed.poll(svc)
    colleague = _colleague(svc)
    with colleague.session() as session:
        editing.create(session, colleague, "person", {"name": "Alex Carter"})
    assert feed.poll(svc) == frozenset({"person"})
    assert feed.poll(svc) == frozenset()


def test_own_entries_announced_on_commit_are_not_reported_again(svc: Services) -> None:
    feed = ChangesFeed()
    feed.poll(svc)
    heard: list[tuple[frozenset[str], tuple[int, ...]]] = []
    svc.listeners.append(lambda kinds, ids: heard.append((kinds, ids)))
    with svc.session() as session:
        editing.create(session, svc, "person", {"name": "Alex Carter"})
    assert [kinds for kinds, _ids in heard] == [frozenset({"person"})]
    feed.saw_own(heard[0][1])
    assert feed.poll(svc) == frozenset()
    with svc.session() as session:
        assert latest_change_id(session) == max(heard[0][1])


def test_a_dry_run_announces_nothing(svc: Services) -> None:
    with svc.session() as session:
        editing.create(session, svc, "person", {"name": "Alex Carter"})
    heard: list[frozenset[str]] = []
    svc.listeners.append(lambda kinds, _ids: heard.append(kinds))
    undo_last(svc, dry_run=True)
    assert heard == []
    undo_last(svc)
    assert heard == [frozenset({"person"})]


def test_an_import_and_its_undo_are_announced_once_with_their_kinds(
    svc: Services, tmp_path: Path
) -> None:
    from sgtui.importers.pipeline import run_import
    from sgtui.services.imports import undo_import

    path = tmp_path / "practices.csv"
    path.write_text(
        "ODS code,Practice name,Borough,Postcode\nG99901,New Road Surgery,Lambeth,SE11 4AA\n",
        encoding="utf-8",
    )
    feed = ChangesFeed()
    feed.poll(svc)
    heard: list[frozenset[str]] = []

    def listen(kinds: frozenset[str], ids: tuple[int, ...]) -> None:
        heard.append(kinds)
        feed.saw_own(ids)

    svc.listeners.append(listen)
    report = run_import(svc, [path], dry_run=True)
    assert heard == []  # a dry run writes nothing
    report = run_import(svc, [path], dry_run=False)
    assert report.import_number is not None
    undo_import(svc, report.import_number)
    assert heard == [frozenset({"practice", "import"})] * 2
    assert feed.poll(svc) == frozenset()  # both already announced: not again
    other = _colleague(svc)
    run_import(other, [path], dry_run=False)
    assert feed.poll(svc) == frozenset({"import", EVERYTHING})
