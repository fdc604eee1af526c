"""Reference data seeded into a database: the six boroughs, the editable catalogues and
the ICB's GP practices from the ODS list."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from sqlmodel import Session, SQLModel, col, select

from sgtui.services import audit, catalogues
from sgtui.services.context import Services
from sgtui.services.records import Outcome, upsert
from sgtui.store.models import (
    AuditEntry,
    Borough,
    Course,
    MeetingType,
    Practice,
    RoleRequirement,
    TimescaleRule,
)


def seed_reference_data(session: Session, svc: Services) -> dict[str, int]:
    """Insert the boroughs, meeting types, courses, role requirements and timescale rules.

    Idempotent: existing rows (perhaps edited by the team) are left as they are.
    Returns how many rows were inserted per table.
    """
    inserted: dict[str, int] = {}

    def add(table: str, outcome: Outcome) -> None:
        inserted[table] = inserted.get(table, 0) + (outcome is Outcome.INSERTED)

    def seed(model: type[SQLModel], key: dict[str, object], values: dict[str, object]) -> object:
        existing = session.exec(
            select(model).where(*[getattr(model, k) == v for k, v in key.items()])
        ).first()
        if existing is not None:
            add(str(model.__tablename__), Outcome.UNCHANGED)
            return existing
        outcome, obj = upsert(session, svc, model, key, {**values, "source": "seed"})
        add(str(model.__tablename__), outcome)
        return obj

    for b in catalogues.BOROUGHS:
        seed(
            Borough,
            {"code": b.code},
            {
                "name": b.name,
                "local_authority": f"London Borough of {b.name}",
                "scp_name": b.scp,
                "sab_name": b.sab,
                "csp_name": b.csp,
            },
        )
    for t in catalogues.MEETING_TYPES:
        seed(
            MeetingType,
            {"code": t.code},
            {
                "name": t.name,
                "cadence_unit": t.cadence_unit,
                "cadence_every": t.cadence_every,
                "usual_chair": t.usual_chair,
            },
        )
    courses: dict[str, Course] = {}
    for c in catalogues.COURSES:
        courses[c.code] = seed(
            Course,
            {"code": c.code},
            {
                "title": c.title,
                "level": c.level,  # type: ignore[assignment]
                "audience": c.audience,
                "validity_months": c.validity_months,
            },
        )
    for role, codes in catalogues.ROLE_REQUIREMENTS.items():
        for code in codes:
            seed(RoleRequirement, {"role": role, "course_id": courses[code].id}, {})
    for r in catalogues.TIMESCALE_RULES:
        seed(
            TimescaleRule,
            {"review_type": r.review_type, "milestone": r.milestone},
            {
                "anchor": r.anchor,
                "offset": r.offset,
                "unit": r.unit,
                "description": r.description,
                "basis": r.basis,
            },
        )
    return inserted


SEED_ACTOR = "sgtui (ODS list)"
"""Who the audit log says added the listed practices: not the officer who happened to
open the database, whose "undo my last change" must not undo the seeding."""


def seed_practices(session: Session, svc: Services) -> int:
    """Add the ODS list's practices that the database lacks; return how many were added.

    A new database gets all of them, with their borough. An existing one gets only the
    missing ones: a practice already there is left exactly as the officer keeps it, and
    one the officer deleted (the audit log says so) is not brought back. Cheap when
    nothing is missing (one query), so it runs every time a workspace opens.
    """
    from sgtui.services.ods import ODS_SOURCE, ods_title, shipped_practices

    listed = shipped_practices()
    present = set(session.exec(select(col(Practice.ods_code))))
    missing = [p for p in listed if p.ods_code not in present]
    if not missing:
        return 0
    from sgtui.services.bulk import upsert_many  # only a new or short database needs it

    deleted = set(
        session.exec(
            select(col(AuditEntry.record_key)).where(
                col(AuditEntry.record_type) == "practice",
                col(AuditEntry.action) == "delete",
                col(AuditEntry.record_key).in_([p.ods_code for p in missing]),
            )
        )
    )
    borough_ids = {b.name: b.id for b in session.exec(select(Borough))}
    rows = [
        {
            "ods_code": p.ods_code,
            "name": ods_title(p.name),
            "postcode": p.postcode or None,
            "address": ods_title(p.address) or None,
            "borough_id": borough_ids.get(p.borough),
            "active": True,
            "source": ODS_SOURCE,
        }
        for p in missing
        if p.ods_code not in deleted
    ]
    if not rows:  # only practices the officer deleted are missing: nothing to add
        return 0
    at = svc.clock.now()
    result = upsert_many(
        session.connection(), Practice, ("ods_code",), rows, actor=SEED_ACTOR, at=at
    )
    # A bulk insert writes no audit entry per row (imports write one for the whole file);
    # 197 practices are few, and each one's history should say where it came from.
    for row in rows:
        created = {k: v for k, v in row.items() if k != "source" and v is not None}
        session.add(
            AuditEntry(
                at=at,
                actor=SEED_ACTOR,
                action="create",
                record_type="practice",
                record_id=result.ids[(row["ods_code"],)],
                record_key=str(row["ods_code"]),
                changes=json.dumps(audit.diff(None, created), sort_keys=True, default=str),
            )
        )
    return len(rows)


_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces: how names are compared."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.replace("\u00a0", " ").lower())).strip()


normalise_cached = lru_cache(maxsize=65536)(normalise)
""":func:`normalise` for texts that repeat (names and organisations in a training log)."""


def find_borough(session: Session, text: str | None) -> Borough | None:
    """The borough named by code ("LAM"), name ("Lambeth") or a looser spelling ("Royal Greenwich")."""
    if not text or not text.strip():
        return None
    wanted = normalise(text)
    boroughs = list(session.exec(select(Borough)))
    for borough in boroughs:
        if wanted in (borough.code.lower(), normalise(borough.name)):
            return borough
    for borough in boroughs:
        if normalise(borough.name) in wanted.split() or wanted.startswith(
            normalise(borough.name)[:4]
        ):
            return borough
    return None


def boroughs(session: Session) -> list[Borough]:
    """All boroughs, by name."""
    return list(session.exec(select(Borough).order_by(col(Borough.name))))
