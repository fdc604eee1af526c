"""The reported bug: on the demo database, importing the Lambeth tracker silently renamed
and moved real practices and blanked their managers, e-mails and leads, while the dry
run said only "4 updated". Now the dry run lists every change, master data is held back
until accepted, and nothing stored is blanked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import select

from sgtui.clock import FixedClock
from sgtui.demo import load_demo
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.database import Database
from sgtui.store.models import Borough, Practice

LAMBETH = Path(__file__).resolve().parents[2] / "sample_data" / "legacy" / "lambeth_tracker.xlsx"
TOUCHED = ("G85001", "G85002", "G85004", "G85006")
"""The demo's real practices that the Lambeth tracker also lists, under other names."""
FIELDS = ("name", "borough", "postcode", "list_size", "safeguarding_lead", "practice_manager")
HELD = [
    ("practice G85001", "borough", "Southwark", "Lambeth"),
    ("practice G85001", "name", "Forest Hill Group Practice", "Brixton Hill Group Practice"),
    ("practice G85002", "name", "Streatham High Practice", "Clapham Park Surgery"),
    ("practice G85004", "borough", "Lewisham", "Lambeth"),
    ("practice G85004", "name", "Modality Lewisham (Ml)", "Vauxhall Riverside Practice"),
    ("practice G85006", "borough", "Southwark", "Lambeth"),
    (
        "practice G85006",
        "name",
        "The Acorn & Gaumont House Surgery",
        "Kennington Oval Health Centre",
    ),
]


def _stored(svc: Services) -> dict[str, dict[str, Any]]:
    with svc.session() as s:
        boroughs = {b.id: b.name for b in s.exec(select(Borough))}
        found = s.exec(select(Practice).where(Practice.ods_code.in_(TOUCHED)))  # type: ignore[attr-defined]
        return {
            p.ods_code: {
                "name": p.name,
                "borough": boroughs.get(p.borough_id),
                "postcode": p.postcode,
                "list_size": p.list_size,
                "safeguarding_lead": p.safeguarding_lead,
                "practice_manager": p.practice_manager,
                "email": p.email,
            }
            for p in found
        }


def test_lambeth_on_the_demo_lists_every_change_and_erases_nothing(
    sqlite_db: Database, clock: FixedClock
) -> None:
    svc = Services(db=sqlite_db, clock=clock, actor="Test Officer")
    load_demo(svc)
    before = _stored(svc)
    assert sorted(before) == list(TOUCHED)
    assert all(v is not None for p in before.values() for v in p.values())

    dry = run_import(svc, [LAMBETH], dry_run=True, backup=False)
    assert dry.ok and dry.totals()["updated"] == 4
    assert [(c.record, c.field, c.old, c.new) for c in dry.held] == HELD
    written = [c for c in dry.changes if not c.held]
    assert {c.record for c in written} == {f"practice {code}" for code in TOUCHED}
    assert all(c.new is not None for c in written)  # nothing would be blanked
    assert _stored(svc) == before

    report = run_import(svc, [LAMBETH], backup=False)
    assert report.committed
    assert [(c.record, c.field, c.old, c.new) for c in report.held] == HELD
    after = _stored(svc)
    for code in TOUCHED:
        assert (after[code]["name"], after[code]["borough"]) == (
            before[code]["name"],
            before[code]["borough"],
        )
        # every field the tracker leaves blank keeps its stored value
        assert all(after[code][f] is not None for f in (*FIELDS, "email")), code
    assert after["G85002"]["practice_manager"] == before["G85002"]["practice_manager"]
    assert after["G85002"]["email"] == before["G85002"]["email"]
    # the tracker's own non-blank values were written, and listed as such
    assert after["G85001"]["practice_manager"] == "Sam Manager"
    assert ("practice G85001", "practice manager", before["G85001"]["practice_manager"]) in [
        (c.record, c.field, c.old) for c in written
    ]
