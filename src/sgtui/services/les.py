"""The GP safeguarding Local Enhanced Service: scheme years, criteria, returns and answers.

A return's status is the furthest pipeline step that has a date (contract sent →
signed → return requested → received → validated → reviewed by the Named GP →
payment authorised), so setting a date is all an officer does and the status follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from sgtui.services import records, undated
from sgtui.services.catalogues import LES_ANSWER_TYPES, LES_PIPELINE, RETURN_RECEIVED_STATUSES
from sgtui.services.context import Services
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.ukdates import DateParseError, parse_uk_date
from sgtui.services.validation import Checker, clean
from sgtui.store.models import (
    Borough,
    LesAnswer,
    LesChase,
    LesCriterion,
    LesReturn,
    LesScheme,
    Practice,
)

SCHEME_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
YES = {"y", "yes", "true", "1", "✓", "✔", "x", "done"}
NO = {"n", "no", "false", "0", "✗"}


def normalise_year(text: str) -> str:
    """ "2024/25" from "2024/25", "2024-25", "24/25", "2024-2025" or "LES 2024-25"."""
    match = re.search(r"(\d{2,4})\s*[-/_]\s*(\d{2,4})", text)
    if not match:
        raise ValueError(f"{text!r} is not a scheme year (e.g. 2024/25)")
    first, second = match.groups()
    start = int(first) + (2000 if len(first) == 2 else 0)
    end = int(second[-2:])
    if (start + 1) % 100 != end:
        raise ValueError(f"{text!r} is not a scheme year (e.g. 2024/25)")
    return f"{start}/{end:02d}"


def derive_status(les_return: LesReturn) -> str:
    """The furthest pipeline step with a date (or flagged done without one)."""
    status = "not_sent"
    for code, _label, column in LES_PIPELINE:
        if column and undated.done(les_return, column):
            status = code
    return status


def get_scheme(session: Session, year: str) -> LesScheme:
    scheme = session.exec(
        select(LesScheme).where(col(LesScheme.year) == normalise_year(year))
    ).first()
    if scheme is None:
        raise NotFound(f"no LES scheme year {year}")
    return scheme


def save_scheme(
    session: Session, svc: Services, year: str, values: dict[str, Any]
) -> tuple[records.Outcome, LesScheme]:
    return records.upsert(session, svc, LesScheme, {"year": normalise_year(year)}, clean(values))


def save_criterion(
    session: Session, svc: Services, scheme: LesScheme, values: dict[str, Any]
) -> tuple[records.Outcome, LesCriterion]:
    values = clean(values)
    check = Checker()
    check.required(values, "code", "question")
    check.choice(values, "answer_type", LES_ANSWER_TYPES)
    check.raise_if_any()
    key = {"scheme_id": scheme.id, "code": values.pop("code").upper()}
    return records.upsert(session, svc, LesCriterion, key, values)


def criteria(session: Session, scheme_id: int) -> list[LesCriterion]:
    stmt = select(LesCriterion).where(col(LesCriterion.scheme_id) == scheme_id)
    return list(session.exec(stmt.order_by(col(LesCriterion.position), col(LesCriterion.code))))


def next_scheme_year(latest: str | None, today: date) -> str:
    """The year after ``latest`` ("2024/25" -> "2025/26"); with none, the year ``today`` is in.

    A scheme year runs April to March, as the LES contracts do.
    """
    if latest:
        start = int(normalise_year(latest)[:4]) + 1
    else:
        start = today.year if today.month >= 4 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def scheme_years(session: Session) -> list[LesScheme]:
    """Every scheme year, latest first (the LES screen's year chooser)."""
    return list(session.exec(select(LesScheme).order_by(col(LesScheme.year).desc())))


def _scheme_to_copy(session: Session, year: str, copy_from: str | None) -> LesScheme | None:
    """The scheme whose criteria a new year starts from: named, else the latest earlier one."""
    if copy_from is not None and copy_from.strip():
        try:
            return get_scheme(session, copy_from)
        except (NotFound, ValueError) as exc:
            raise ValidationError({"copy_from": str(exc)}) from None
    earlier = select(LesScheme).where(col(LesScheme.year) < year)
    return session.exec(earlier.order_by(col(LesScheme.year).desc())).first()


def start_scheme_year(
    session: Session, svc: Services, year: str, *, copy_from: str | None = None
) -> LesScheme:
    """Start a scheme year: last year's criteria copied, a not-sent return per open practice.

    ``copy_from`` names the year whose criteria are copied; by default the latest year
    before this one. Returns are made for every open practice in every borough, so the
    grid lists each practice whichever borough the officer looks at. Every record is
    created through :mod:`sgtui.services.records`, so each is audited.
    """
    try:
        year = normalise_year(year)
    except ValueError as exc:
        raise ValidationError({"year": str(exc)}) from None
    if records.find(session, LesScheme, {"year": year}) is not None:
        raise ValidationError({"year": f"{year} already exists"})
    source = _scheme_to_copy(session, year, copy_from)
    scheme = records.create(session, svc, LesScheme(year=year))
    for old in criteria(session, source.id) if source and source.id else []:
        copied = LesCriterion(
            scheme_id=scheme.id,  # type: ignore[arg-type]
            code=old.code,
            question=old.question,
            answer_type=old.answer_type,
            threshold=old.threshold,
            position=old.position,
        )
        records.create(session, svc, copied)
    open_practices = select(Practice).where(col(Practice.active)).order_by(col(Practice.ods_code))
    for practice in session.exec(open_practices):
        records.create(
            session,
            svc,
            LesReturn(scheme_id=scheme.id, practice_id=practice.id),  # type: ignore[arg-type]
        )
    return scheme


def return_count(session: Session, scheme_id: int) -> int:
    """How many practices have a return for a scheme year."""
    stmt = select(func.count()).select_from(LesReturn).where(col(LesReturn.scheme_id) == scheme_id)
    return int(session.exec(stmt).one())


def answer_counts(session: Session, scheme_id: int) -> dict[int, int]:
    """{criterion id: how many returns answer it} for a scheme year (0s left out)."""
    stmt = (
        select(col(LesAnswer.criterion_id), func.count())
        .join(LesCriterion, col(LesCriterion.id) == LesAnswer.criterion_id)
        .where(col(LesCriterion.scheme_id) == scheme_id, col(LesAnswer.value).is_not(None))
        .group_by(col(LesAnswer.criterion_id))
    )
    return {criterion_id: int(n) for criterion_id, n in session.execute(stmt)}


def save_return(
    session: Session, svc: Services, scheme: LesScheme, practice: Practice, values: dict[str, Any]
) -> tuple[records.Outcome, LesReturn]:
    """Create or update a practice's return; the status follows the step dates."""
    check = Checker()
    for earlier, later in zip(LES_PIPELINE[1:], LES_PIPELINE[2:], strict=False):
        check.not_before(values, later[2], earlier[2])  # type: ignore[arg-type]
    if (values.get("chase_count") or 0) < 0:
        check.fail("chase_count", "cannot be negative")
    check.raise_if_any()
    values = undated.settle(values)
    key = {"scheme_id": scheme.id, "practice_id": practice.id}
    existing = records.find(session, LesReturn, key)
    probe = LesReturn(**{**(existing.model_dump() if existing else key), **values})
    values = {**values, "status": derive_status(probe)}
    return records.upsert(session, svc, LesReturn, key, values)


def mark_step(session: Session, svc: Services, return_ids: list[int], column: str, on: date) -> int:
    """Set one pipeline date on many returns (bulk "contracts sent"); returns how many changed."""
    if column not in {c for _s, _l, c in LES_PIPELINE if c}:
        raise ValueError(f"{column!r} is not an LES pipeline step")
    changed = 0
    for return_id in return_ids:
        les_return = records.get(session, LesReturn, return_id)
        if not undated.done(les_return, column):
            setattr(les_return, column, on)
            changes = undated.settle({column: on, "status": derive_status(les_return)})
            changed += bool(records.apply_changes(session, svc, les_return, changes))
    return changed


def mark_chased(
    session: Session, svc: Services, return_ids: list[int], on: date, method: str | None = None
) -> int:
    """Record a chase on each return: a dated entry in its chase log, count + 1, last date."""
    for return_id in return_ids:
        les_return = records.get(session, LesReturn, return_id)
        records.create(session, svc, LesChase(return_id=return_id, chased_on=on, method=method))
        records.apply_changes(
            session,
            svc,
            les_return,
            {
                "chase_count": les_return.chase_count + 1,
                "last_chased_on": max(on, les_return.last_chased_on or on),
            },
        )
    return len(return_ids)


def chase_dates(session: Session, scheme_id: int) -> dict[int, list[date]]:
    """Every date each return of a scheme year was chased, oldest first, by return id."""
    stmt = (
        select(col(LesChase.return_id), col(LesChase.chased_on))
        .join(LesReturn, col(LesReturn.id) == LesChase.return_id)
        .where(col(LesReturn.scheme_id) == scheme_id)
        .order_by(col(LesChase.chased_on), col(LesChase.id))
    )
    dates: dict[int, list[date]] = {}
    for return_id, chased_on in session.execute(stmt):
        dates.setdefault(return_id, []).append(chased_on)
    return dates


def parse_answer(criterion: LesCriterion, value: object) -> Any:
    """The answer read by the criterion's type; ValueError with a reason if it cannot be."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if criterion.answer_type == "yes_no":
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise ValueError(f"{text!r} is not yes or no")
    if criterion.answer_type in ("number", "percent"):
        try:
            number = float(text.rstrip("%"))
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        if criterion.answer_type == "percent" and not 0 <= number <= 100:
            raise ValueError(f"{text!r} is not a percentage (0-100)")
        return number
    if criterion.answer_type == "date":
        try:
            return parse_uk_date(value)
        except DateParseError as exc:
            raise ValueError(str(exc)) from None
    return text


def answer_meets(criterion: LesCriterion, value: object) -> bool | None:
    """Whether an answer meets the criterion; None when unanswered or not judged (text)."""
    try:
        parsed = parse_answer(criterion, value)
    except ValueError:
        return False
    if parsed is None:
        return None
    if criterion.answer_type == "yes_no":
        return bool(parsed)
    if criterion.answer_type in ("number", "percent"):
        return criterion.threshold is None or parsed >= criterion.threshold
    return True


def save_answer(
    session: Session,
    svc: Services,
    les_return: LesReturn,
    criterion: LesCriterion,
    value: object,
    evidence_note: str | None = None,
) -> tuple[records.Outcome, LesAnswer]:
    """Record one answer after checking it reads as the criterion's type."""
    try:
        parsed = parse_answer(criterion, value)
    except ValueError as exc:
        raise ValidationError({criterion.code: str(exc)}) from None
    stored = (
        None
        if parsed is None
        else (
            "Yes"
            if parsed is True
            else "No"
            if parsed is False
            else parsed.strftime("%d/%m/%Y")
            if isinstance(parsed, date)
            else f"{parsed:g}"
            if isinstance(parsed, float)
            else str(parsed)
        )
    )
    key = {"return_id": les_return.id, "criterion_id": criterion.id}
    return records.upsert(
        session, svc, LesAnswer, key, {"value": stored, "evidence_note": evidence_note}
    )


@dataclass(frozen=True)
class ReturnRate:
    """Returns received over contracts sent, for one borough (or the ICB)."""

    borough: str
    practices: int
    contracts_sent: int
    received: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.received / self.contracts_sent, 1) if self.contracts_sent else None


def return_rates(session: Session, scheme_id: int) -> list[ReturnRate]:
    """Per borough: practices with a return record, contracts sent, returns received."""
    received = func.sum(case((col(LesReturn.status).in_(RETURN_RECEIVED_STATUSES), 1), else_=0))
    sent = func.sum(
        case(
            (
                col(LesReturn.contract_sent_on).is_not(None) | col(LesReturn.contract_sent_undated),
                1,
            ),
            else_=0,
        )
    )
    stmt = (
        select(col(Borough.name), func.count(), sent, received)
        .select_from(LesReturn)
        .join(Practice, col(Practice.id) == LesReturn.practice_id)
        .join(Borough, col(Borough.id) == Practice.borough_id)
        .where(col(LesReturn.scheme_id) == scheme_id)
        .group_by(col(Borough.name))
        .order_by(col(Borough.name))
    )
    return [
        ReturnRate(name, int(n), int(s or 0), int(r or 0))
        for name, n, s, r in session.execute(stmt)
    ]


@dataclass(frozen=True)
class CriterionCompliance:
    code: str
    question: str
    answered: int
    met: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.met / self.answered, 1) if self.answered else None


def criterion_compliance(
    session: Session, scheme_id: int, borough_id: int | None = None
) -> list[CriterionCompliance]:
    """Per criterion: how many received returns answered it and how many answers meet it."""
    stmt = (
        select(LesCriterion, col(LesAnswer.value))
        .join(LesAnswer, col(LesAnswer.criterion_id) == LesCriterion.id)
        .join(LesReturn, col(LesReturn.id) == LesAnswer.return_id)
        .join(Practice, col(Practice.id) == LesReturn.practice_id)
        .where(col(LesCriterion.scheme_id) == scheme_id)
        .where(col(LesReturn.status).in_(RETURN_RECEIVED_STATUSES))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Practice.borough_id) == borough_id)
    by_id = {c.id: c for c in criteria(session, scheme_id)}
    tally: dict[int | None, list[int]] = {criterion_id: [0, 0] for criterion_id in by_id}
    for criterion, value in session.execute(stmt):
        verdict = answer_meets(criterion, value)
        if verdict is None:
            continue
        tally[criterion.id][0] += 1
        tally[criterion.id][1] += int(verdict)
    return [
        CriterionCompliance(by_id[i].code, by_id[i].question, n, m) for i, (n, m) in tally.items()
    ]
