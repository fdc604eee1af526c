"""Undo scoped to a record or a list, history in labels, and a conflict's differing fields."""

from __future__ import annotations

import pytest

from sgtui.services import editing
from sgtui.services.conflicts import FieldClash, differing_fields
from sgtui.services.context import Services
from sgtui.services.history import (
    RecordRef,
    UndoRefused,
    record_history,
    undo_last_for,
    undo_last_in,
)
from sgtui.services.history_text import readable
from sgtui.store.models import Person


def _two_people(svc: Services) -> tuple[int, int]:
    """Two people, each renamed once; the second rename is the officer's latest change."""
    with svc.session() as s:
        first = editing.create(s, svc, "person", {"name": "Alex Carter"})
        second = editing.create(s, svc, "person", {"name": "Sam Jones"})
    for person, name in ((first, "Alex Carter-Smith"), (second, "Sam Jones-Reid")):
        with svc.session() as s:
            editing.update(s, svc, "person", person.id, {"name": name})
    return first.id, second.id  # type: ignore[return-value]


def _name(svc: Services, person_id: int) -> str:
    with svc.session() as s:
        return s.get(Person, person_id).name  # type: ignore[union-attr]


def test_undo_for_a_record_reverts_only_that_record(svc: Services) -> None:
    first, second = _two_people(svc)
    preview = undo_last_for(svc, "person", first, dry_run=True)
    assert preview.record.record_id == first and _name(svc, first) == "Alex Carter-Smith"
    undo_last_for(svc, "person", first)
    assert (_name(svc, first), _name(svc, second)) == ("Alex Carter", "Sam Jones-Reid")
    with pytest.raises(UndoRefused, match="already been undone"):
        undo_last_for(svc, "person", first)


def test_undo_for_a_record_is_refused_after_a_colleagues_change(svc: Services) -> None:
    first, _second = _two_people(svc)
    other = Services(db=svc.db, clock=svc.clock, actor="A Colleague")
    with other.session() as s:
        editing.update(s, other, "person", first, {"role": "GP"})
    with pytest.raises(UndoRefused, match="A Colleague changed that record since"):
        undo_last_for(svc, "person", first)


def test_undo_for_a_record_takes_a_newer_change_made_from_its_page(svc: Services) -> None:
    first, second = _two_people(svc)
    result = undo_last_for(svc, "person", first, made_here=_entry_ids(svc, second))
    assert result.record.record_id == second
    assert _name(svc, second) == "Sam Jones"


def _entry_ids(svc: Services, person_id: int) -> list[int]:
    from sqlmodel import col, select

    from sgtui.store.models import AuditEntry

    with svc.session() as s:
        return list(
            s.exec(
                select(AuditEntry.id).where(
                    AuditEntry.record_type == "person",
                    AuditEntry.record_id == person_id,
                    col(AuditEntry.action) == "update",
                )
            )
        )  # type: ignore[arg-type]


def test_undo_in_a_list_looks_only_at_its_tables(svc: Services) -> None:
    _first, second = _two_people(svc)
    with pytest.raises(UndoRefused, match="not changed anything in this list"):
        undo_last_in(svc, {"meeting"})
    assert undo_last_in(svc, {"person"}, dry_run=True).record.record_id == second


def test_history_in_words_uses_labels_and_display_values(svc: Services) -> None:
    first, _second = _two_people(svc)
    with svc.session() as s:
        changes = [
            readable(s, "person", c) for c in record_history(s, RecordRef("person", first, ""))
        ]
    renamed = changes[-1].fields
    assert renamed == {"Name": ("Alex Carter", "Alex Carter-Smith")}
    assert all("_" not in name and name != "version" for c in changes for name in c.fields)


def test_differing_fields_compare_display_texts_by_label(svc: Services) -> None:
    first, _second = _two_people(svc)
    with svc.session() as s:
        clashes = differing_fields(
            s, "person", first, {"name": "Alex Carter-Smith", "role": "Practice nurse"}
        )
    assert clashes == [FieldClash("Role", "Practice nurse", "")]
