"""History of a record, resolving what users type, and undo of one's own last change."""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.clock import FixedClock
from sgtui.services import history, records
from sgtui.services.context import Services
from sgtui.services.errors import NotFound
from sgtui.store.database import Database
from sgtui.store.models import Meeting, Practice, Review


def _svc(db: Database, clock: FixedClock, actor: str = "Test Officer") -> Services:
    return Services(db=db, clock=clock, actor=actor)


def _practice(svc: Services, **values: object) -> Practice:
    with svc.session() as session:
        return records.create(session, svc, Practice(ods_code="G83004", name="Old Name", **values))


def test_history_lists_every_change_with_who_and_fields(db: Database, clock: FixedClock) -> None:
    svc = _svc(db, clock)
    practice = _practice(svc)
    clock.advance(minutes=5)
    with svc.session() as session:
        records.update(session, svc, Practice, practice.id, {"name": "New Name"})  # type: ignore[arg-type]
    with svc.session() as session:
        ref = history.resolve(session, "practice: g83004")
        changes = history.record_history(session, ref)
    assert ref.label == "G83004"
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[1].fields == {"name": ("Old Name", "New Name")}
    assert changes[1].actor == "Test Officer" and changes[1].at > changes[0].at


def test_resolve_forms_and_deleted_records(db: Database, clock: FixedClock) -> None:
    svc = _svc(db, clock)
    practice = _practice(svc)
    with svc.session() as session:
        review = Review(ref="LAM-RR-2025-03", review_type="RR", commissioning_body="SCP")
        records.create(session, svc, review)
        records.create(
            session, svc, Meeting(ref="M-1", title="Network", meeting_date=date(2025, 3, 1))
        )
    with svc.session() as session:
        assert history.resolve(session, "review:lam-rr-2025-03").table == "review"
        assert history.resolve(session, "meeting:M-1").table == "meeting"
        assert history.resolve(session, f"practice:{practice.id}").record_id == practice.id
        assert history.resolve(session, f"practice:{practice.id}").label == "G83004"
        with pytest.raises(NotFound):
            history.resolve(session, "nonsense")
        with pytest.raises(NotFound):
            history.resolve(session, "widget:1")
        records.delete(session, svc, Practice, practice.id)  # type: ignore[arg-type]
    with svc.session() as session:
        ref = history.resolve(session, "practice:G83004")
        assert "deleted" in ref.label
        assert [c.action for c in history.record_history(session, ref)] == ["create", "delete"]


def test_undo_update_restores_before_values(db: Database, clock: FixedClock) -> None:
    svc = _svc(db, clock)
    practice = _practice(svc, list_size=100)
    with svc.session() as session:
        records.update(session, svc, Practice, practice.id, {"name": "Typo", "list_size": 5})  # type: ignore[arg-type]
    result = history.undo_last(svc)
    assert result.undone_action == "update" and "list_size" in result.effect
    with svc.session() as session:
        restored = records.get(session, Practice, practice.id)  # type: ignore[arg-type]
        actions = [
            c.action
            for c in history.record_history(session, history.resolve(session, "practice:G83004"))
        ]
    assert (restored.name, restored.list_size, restored.version) == ("Old Name", 100, 3)
    assert actions == ["create", "update", "undo"]
    with pytest.raises(history.UndoRefused, match="already been undone"):
        history.undo_last(svc)


def test_undo_create_deletes_and_undo_delete_reinserts(db: Database, clock: FixedClock) -> None:
    svc = _svc(db, clock)
    practice = _practice(svc)
    assert history.undo_last(svc, dry_run=True).undone_action == "create"
    with svc.session() as session:
        assert session.get(Practice, practice.id) is not None  # dry run changed nothing
    history.undo_last(svc)
    with svc.session() as session:
        assert session.get(Practice, practice.id) is None
    other = _practice(svc, postcode="SE1 7EH")
    with svc.session() as session:
        records.delete(session, svc, Practice, other.id)  # type: ignore[arg-type]
    assert history.undo_last(svc).undone_action == "delete"
    with svc.session() as session:
        back = records.get(session, Practice, other.id)  # type: ignore[arg-type]
    assert (back.ods_code, back.postcode) == ("G83004", "SE1 7EH")


def test_undo_refused_after_someone_else_changed_the_record(
    db: Database, clock: FixedClock
) -> None:
    mine, theirs = _svc(db, clock), _svc(db, clock, actor="Colleague")
    practice = _practice(mine)
    with theirs.session() as session:
        records.update(session, theirs, Practice, practice.id, {"name": "Theirs"})  # type: ignore[arg-type]
    with pytest.raises(history.UndoRefused, match="Colleague changed"):
        history.undo_last(mine)
    with pytest.raises(history.UndoRefused, match="nothing to undo"):
        history.undo_last(_svc(db, clock, actor="Nobody"))


def test_undo_create_refused_when_other_records_refer_to_it(
    db: Database, clock: FixedClock
) -> None:
    svc = _svc(db, clock)
    with svc.session() as session:
        review = records.create(
            session, svc, Review(ref="R1", review_type="RR", commissioning_body="SCP")
        )
    other = _svc(db, clock, actor="Colleague")
    with other.session() as session:
        meeting = Meeting(
            ref="M-2", title="Panel", meeting_date=date(2025, 3, 3), review_id=review.id
        )
        records.create(session, other, meeting)
    with pytest.raises(history.UndoRefused, match="refer to"):
        history.undo_last(svc)
