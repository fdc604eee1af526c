"""Chasing LES returns by e-mail: who is outstanding, what to say to them, and the record.

The chase list is the one the LES screen shows (contract sent, nothing received back);
this module reuses that query so an e-mailed chase and the on-screen list never disagree.
The words come from a short template in the settings file, so a team can make them its own
without a release; only four placeholders exist, and a typo in one is refused up front with
a sentence naming it, rather than failing on the fortieth practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from sgtui.services import audit, editing, les
from sgtui.services.chase_template import (
    CONTRACT_AND_RETURN,
    RETURN_ONLY,
    ChaseTemplate,
    TemplateError,
    check_template,
)
from sgtui.services.context import Services
from sgtui.services.lists.base import Scope
from sgtui.services.lists.practices import les_chase_query
from sgtui.store.models import LesReturn, Practice

__all__ = [
    "ChaseTarget",
    "ChaseTemplate",
    "Draft",
    "TemplateError",
    "addresses",
    "check_template",
    "draft",
    "outlook_list",
    "record_chases",
    "targets",
]


@dataclass(frozen=True)
class ChaseTarget:
    """One outstanding return and the practice contacts a chase goes to."""

    return_id: int
    ods_code: str
    practice: str
    email: str | None
    practice_manager: str | None
    safeguarding_lead: str | None
    outstanding: str
    """What the practice still owes, in words ("LES return", "signed contract and LES return")."""


@dataclass(frozen=True)
class Draft:
    """One chase e-mail, filled in and ready to write."""

    target: ChaseTarget
    to: str
    subject: str
    body: str


def targets(
    session: Session,
    scheme_id: int,
    as_of: date,
    borough_id: int | None = None,
    return_ids: list[int] | None = None,
) -> list[ChaseTarget]:
    """The chase list (optionally only ``return_ids`` of it), by practice name."""
    stmt = les_chase_query(Scope(as_of=as_of, borough_id=borough_id, scheme_id=scheme_id))
    stmt = stmt.add_columns(
        col(Practice.email), col(Practice.practice_manager), col(Practice.safeguarding_lead)
    )
    stmt = stmt.add_columns(
        col(LesReturn.contract_signed_on), col(LesReturn.contract_signed_undated)
    )
    if return_ids is not None:
        stmt = stmt.where(col(LesReturn.id).in_(return_ids))
    rows = session.execute(stmt.order_by(col(Practice.name), col(Practice.ods_code)))
    return [
        ChaseTarget(
            return_id=r.id,
            ods_code=r.ods_code,
            practice=r.name,
            email=(r.email or "").strip() or None,
            practice_manager=r.practice_manager,
            safeguarding_lead=r.safeguarding_lead,
            outstanding=_outstanding(r.contract_signed_on, r.contract_signed_undated),
        )
        for r in rows
    ]


def _outstanding(signed_on: date | None, signed_undated: bool | None) -> str:
    """A practice that has not signed owes the contract as well as the return."""
    return RETURN_ONLY if signed_on is not None or signed_undated else CONTRACT_AND_RETURN


def draft(target: ChaseTarget, year: str, template: ChaseTemplate, marking: str) -> Draft:
    """Fill the template for one practice; the subject always starts with ``marking``."""
    check_template(template)
    values = {
        "practice": target.practice,
        "ods": target.ods_code,
        "year": year,
        "outstanding": target.outstanding,
    }
    subject = " ".join(template.subject.format_map(values).split())  # one header line
    if marking not in subject:
        subject = f"{marking}: {subject}"
    return Draft(target, target.email or "", subject, template.body.format_map(values))


def record_chases(session: Session, svc: Services, drafts: list[Draft]) -> int:
    """Record each drafted chase as the bulk "chased today" does (method "e-mail").

    The changes are tied into one audit batch, so one ctrl+z takes back the whole run
    (each return's count and date, and its chase-log entry) as it does a fill-down.
    """
    if not drafts:
        return 0
    first = editing.next_audit_id(session)
    ids = [d.target.return_id for d in drafts]
    changed = les.mark_chased(session, svc, ids, svc.clock.today(), method="e-mail")
    plural = "LES return" if changed == 1 else "LES returns"
    audit.write_batch(session, svc, first, f"Chased by e-mail on {changed} {plural}")
    return changed


def addresses(session: Session, return_ids: list[int]) -> tuple[list[str], int]:
    """The practices' e-mail addresses for these returns (each once, by practice name), and
    how many of the practices have none, for "Copy e-mail addresses"."""
    stmt = (
        select(col(Practice.email))
        .join(LesReturn, col(LesReturn.practice_id) == Practice.id)
        .where(col(LesReturn.id).in_(return_ids))
        .order_by(col(Practice.name), col(Practice.ods_code))
    )
    found: list[str] = []
    missing = 0
    for (address,) in session.execute(stmt):
        address = (address or "").strip()
        if not address:
            missing += 1
        elif address.lower() not in {a.lower() for a in found}:
            found.append(address)
    return found, missing


def outlook_list(found: list[str]) -> str:
    """Addresses as Outlook's To box takes them: separated by a semicolon."""
    return "; ".join(found)
