"""A practice's answers to its LES return, criterion by criterion, from the text typed.

The app's answers form and ``sgtui`` scripts call :func:`set_answers` with each
criterion's text ("yes", "03/03/2025", "92%", "3"). Every answer is read by its
criterion's type first; if any is bad, nothing is written and the error names each
bad criterion by its code, so the form shows the message under that criterion.
"""

from __future__ import annotations

from sqlmodel import Session, select

from sgtui.services import les, records
from sgtui.services.context import Services
from sgtui.services.errors import ValidationError
from sgtui.store.models import LesAnswer, LesCriterion, LesReturn


def check_answers(
    session: Session, scheme_id: int, answers: dict[str, str]
) -> tuple[dict[str, LesCriterion], dict[str, str]]:
    """The criteria named (by code) and each bad answer's message; nothing is written."""
    by_code = {c.code.upper(): c for c in les.criteria(session, scheme_id)}
    found: dict[str, LesCriterion] = {}
    errors: dict[str, str] = {}
    for code, text in answers.items():
        criterion = by_code.get(code.strip().upper())
        if criterion is None:
            known = ", ".join(by_code) or "none yet"
            errors[code] = f"is not a criterion of this scheme year (criteria: {known})"
            continue
        try:
            les.parse_answer(criterion, text)
        except ValueError as exc:
            errors[code] = str(exc)
            continue
        found[code] = criterion
    return found, errors


def set_answers(
    session: Session, svc: Services, return_id: int, answers: dict[str, str]
) -> LesReturn:
    """Record the answers (criterion code -> text) on one return; nothing if any is bad.

    A blank answer clears the criterion's answer, so it shows as missing again.
    """
    les_return = records.get(session, LesReturn, return_id)
    found, errors = check_answers(session, les_return.scheme_id, answers)
    if errors:
        raise ValidationError(errors)
    for code, criterion in found.items():
        _save(session, svc, les_return, criterion, str(answers[code] or "").strip())
    return les_return


def _save(
    session: Session, svc: Services, les_return: LesReturn, criterion: LesCriterion, text: str
) -> None:
    """One answer written, its evidence note kept; a blank one with no note is removed.

    Removing (rather than storing an empty value) keeps "answered" meaning a row
    exists, which is what stops a criterion with answers from being deleted.
    """
    stmt = select(LesAnswer).where(
        LesAnswer.return_id == les_return.id, LesAnswer.criterion_id == criterion.id
    )
    existing = session.exec(stmt).first()
    note = existing.evidence_note if existing else None
    if text or note:
        les.save_answer(session, svc, les_return, criterion, text or None, note)
    elif existing is not None and existing.id is not None:
        records.delete(session, svc, LesAnswer, existing.id)


__all__ = ["check_answers", "set_answers"]
