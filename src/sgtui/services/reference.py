"""Reference data: the six boroughs and the editable catalogues seeded into a new database."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from sgtui.services import catalogues
from sgtui.services.context import Services
from sgtui.services.records import Outcome, upsert
from sgtui.store.models import Borough, Course, MeetingType, RoleRequirement, TimescaleRule


def seed_reference_data(session: Session, svc: Services) -> dict[str, int]:
    """Insert the boroughs, meeting types, courses, role requirements and timescale rules.

    Idempotent: existing rows (perhaps edited by the team) are left as they are.
    Returns how many rows were inserted per table.
    """
    inserted: dict[str, int] = {}

    def add(table: str, outcome: Outcome) -> None:
        inserted[table] = inserted.get(table, 0) + (outcome is Outcome.INSERTED)

    def seed(model: type, key: dict[str, object], values: dict[str, object]) -> object:
        existing = session.exec(
            select(model).where(*[getattr(model, k) == v for k, v in key.items()])
        ).first()
        if existing is not None:
            add(model.__tablename__, Outcome.UNCHANGED)
            return existing
        outcome, obj = upsert(session, svc, model, key, {**values, "source": "seed"})
        add(model.__tablename__, outcome)
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


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces: how names are compared."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.replace("\u00a0", " ").lower())).strip()


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
    return list(session.exec(select(Borough).order_by(Borough.name)))
