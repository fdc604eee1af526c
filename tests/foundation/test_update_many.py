"""A fill-down: one value on many records, all or nothing, undone as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from sgtui.cli.main import main
from sgtui.services import editing, history, records
from sgtui.services.context import Services
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.history import UndoRefused
from sgtui.services.workspace import open_workspace
from sgtui.store.models import Practice


def _practices(svc: Services, count: int) -> list[int]:
    with svc.session() as session:
        made = [
            records.create(session, svc, Practice(ods_code=f"G8300{n}", name=f"Surgery {n}"))
            for n in range(count)
        ]
        return [p.id for p in made]  # type: ignore[misc]


def _pcns(svc: Services) -> dict[str, str | None]:
    with svc.session() as session:
        return {p.ods_code: p.pcn for p in session.exec(select(Practice))}


def test_fill_down_changes_exactly_the_records_given(svc: Services) -> None:
    ids = _practices(svc, 4)
    with svc.session() as session:
        editing.update_many(session, svc, "practice", ids[:3], {"pcn": "North PCN"})
    assert _pcns(svc) == {
        "G83000": "North PCN",
        "G83001": "North PCN",
        "G83002": "North PCN",
        "G83003": None,
    }


def test_one_undo_reverts_the_whole_fill_down(svc: Services) -> None:
    ids = _practices(svc, 3)
    with svc.session() as session:
        editing.update(session, svc, "practice", ids[0], {"pcn": "Before"})
    with svc.session() as session:
        editing.update_many(session, svc, "practice", ids, {"pcn": "North PCN"})
    result = history.undo_last(svc)
    assert result.record.label == "PCN on 3 Practices"
    assert "on 3 records" in result.effect
    assert _pcns(svc) == {"G83000": "Before", "G83001": None, "G83002": None}
    with pytest.raises(UndoRefused, match="already been undone"):
        history.undo_last(svc)


def test_single_change_undo_still_works_after_a_batch(svc: Services) -> None:
    ids = _practices(svc, 2)
    with svc.session() as session:
        editing.update_many(session, svc, "practice", ids, {"pcn": "North PCN"})
    with svc.session() as session:
        editing.update(session, svc, "practice", ids[1], {"pcn": "South PCN"})
    result = history.undo_last(svc)
    assert result.undone_action == "update"
    assert _pcns(svc) == {"G83000": "North PCN", "G83001": "North PCN"}


def test_a_record_gone_midway_names_it_and_writes_nothing(svc: Services) -> None:
    ids = _practices(svc, 3)
    with pytest.raises(NotFound) as caught, svc.session() as session:
        editing.update_many(session, svc, "practice", [*ids, 99_999], {"pcn": "North PCN"})
    assert str(caught.value).startswith("Practice 99999: ")  # deleted by a colleague meanwhile
    assert set(_pcns(svc).values()) == {None}  # the first three were rolled back too


def test_a_bad_value_is_refused_before_anything_is_written(svc: Services) -> None:
    ids = _practices(svc, 2)
    with pytest.raises(ValidationError) as caught, svc.session() as session:
        editing.update_many(session, svc, "practice", ids, {"list_size": "lots"})
    assert "Practice G83000" in caught.value.errors["list_size"]
    with svc.session() as session:
        assert all(p.list_size is None for p in session.exec(select(Practice)))


def test_sgtui_undo_names_a_fill_down_in_its_own_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "cli.db")
    svc = open_workspace(path, practices=False)
    ids = _practices(svc, 2)
    with svc.session() as session:
        editing.update_many(session, svc, "practice", ids, {"pcn": "North PCN"})
    svc.db.dispose()
    assert main(["undo", "--yes", "--db", path]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "Undone PCN on 2 Practices: put back pcn on 2 records."
