"""Create/update/upsert through the services: validation, idempotency, versions, audit."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from sgtui.services import audit, practices, records
from sgtui.services.context import Services
from sgtui.services.errors import ConflictError, ValidationError
from sgtui.services.records import Outcome
from sgtui.services.reference import find_borough, seed_reference_data
from sgtui.store.models import AuditEntry, Borough, Practice


def test_seed_is_idempotent(svc: Services) -> None:
    with svc.session() as session:
        assert seed_reference_data(session, svc) == {
            "borough": 0,
            "meetingtype": 0,
            "course": 0,
            "rolerequirement": 0,
            "timescalerule": 0,
        }
        assert [b.code for b in session.exec(select(Borough).order_by(Borough.code))] == [
            "BEX",
            "BRO",
            "GRE",
            "LAM",
            "LEW",
            "SOU",
        ]


def test_upsert_by_natural_key_is_idempotent(svc: Services) -> None:
    values = {"ods_code": " g83004 ", "name": "Barnard Medical Group", "postcode": "DA14 4TA"}
    with svc.session() as session:
        assert practices.save_practice(session, svc, values)[0] is Outcome.INSERTED
    with svc.session() as session:
        assert practices.save_practice(session, svc, values)[0] is Outcome.UNCHANGED
    with svc.session() as session:
        outcome, practice = practices.save_practice(
            session, svc, {**values, "postcode": "DA14 4TB"}
        )
        assert outcome is Outcome.UPDATED
        assert practice.version == 2
        assert session.exec(select(Practice)).one().ods_code == "G83004"


def test_every_change_is_audited_with_before_and_after(svc: Services) -> None:
    with svc.session() as session:
        _o, practice = practices.save_practice(
            session, svc, {"ods_code": "G83004", "name": "Barnard"}
        )
        practices.save_practice(session, svc, {"ods_code": "G83004", "name": "Barnard MG"})
        records.delete(session, svc, Practice, practice.id)
    with svc.session() as session:
        entries = audit.history(session, "practice", practice.id)
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == "Test Officer" for e in entries)
    assert json.loads(entries[1].changes) == {"name": ["Barnard", "Barnard MG"]}
    assert json.loads(entries[2].changes)["ods_code"] == ["G83004", None]
    assert entries[0].record_key == "G83004"


def test_stale_save_is_a_conflict(svc: Services) -> None:
    with svc.session() as session:
        _o, practice = practices.save_practice(session, svc, {"ods_code": "G83004", "name": "A"})
    with svc.session() as session:
        records.update(session, svc, Practice, practice.id, {"name": "B"}, expected_version=1)
    with pytest.raises(ConflictError) as caught, svc.session() as session:
        records.update(session, svc, Practice, practice.id, {"name": "C"}, expected_version=1)
    assert caught.value.current["name"] == "B"
    assert caught.value.current["version"] == 2  # so the officer can retry against it
    with svc.session() as session:
        assert session.get(Practice, practice.id).name == "B"  # type: ignore[union-attr]
        assert (
            len(session.exec(select(AuditEntry).where(AuditEntry.record_type == "practice")).all())
            == 2
        )


def test_validation_reports_every_field(svc: Services) -> None:
    with pytest.raises(ValidationError) as caught, svc.session() as session:
        practices.save_practice(session, svc, {"ods_code": "NOTCODE", "name": "", "list_size": -5})
    assert caught.value.errors == {
        "name": "is required",
        "ods_code": "'NOTCODE' is not a GP practice ODS code (e.g. G83004)",
        "list_size": "must be a whole number of patients",
    }


def test_find_borough_by_loose_names(svc: Services) -> None:
    with svc.session() as session:
        assert find_borough(session, "LAM").name == "Lambeth"  # type: ignore[union-attr]
        assert find_borough(session, " royal greenwich ").name == "Greenwich"  # type: ignore[union-attr]
        assert find_borough(session, "Narnia") is None
