"""The Named GP's LES return: one row per practice, the answers to follow up, the chase list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, col, select

from sgtui.services import figures, les, undated
from sgtui.services.catalogues import (
    LES_PIPELINE,
    RETURN_RECEIVED_STATUSES,
)
from sgtui.store.models import (
    Borough,
    LesAnswer,
    LesCriterion,
    LesReturn,
    LesScheme,
    Practice,
)

PIPELINE_LABELS = {code: label for code, label, _column in LES_PIPELINE}


OUTSTANDING = figures.FIGURE_BY_NAME["les_outstanding"]
SUMMARY_MEANINGS: tuple[tuple[str, str], ...] = (
    (
        "Practices in scope",
        "Active practices in the borough, and any practice (open or closed) holding a return"
        " for the year.",
    ),
    ("Contracts sent", "Returns whose contract was sent, on a recorded date or marked Y."),
    ("Contracts signed", "Returns whose contract was signed, on a recorded date or marked Y."),
    (
        "Returns received",
        "Returns received, validated, reviewed by the Named GP or with payment authorised.",
    ),
    ("Returns complete", "Received returns with an answer to every criterion."),
    (OUTSTANDING.label, OUTSTANDING.meaning),
)
"""What each count on the Summary sheet counts, one sentence each, for the Data notes.

"Returns outstanding" is the Today tile's figure, so its sentence is that figure's own.
"""


@dataclass(frozen=True)
class PracticeReturn:
    """One practice's row in the Named GP's grid (practice-level only)."""

    ods_code: str
    name: str
    pcn: str | None
    postcode: str | None
    borough: str | None
    safeguarding_lead: str | None
    practice_manager: str | None
    email: str | None
    contract_status: str
    return_status: str
    contract_sent_on: date | str | None
    """Each step's date, or "Y" when done on a date never recorded (it imports back)."""
    contract_signed_on: date | str | None
    return_requested_on: date | str | None
    received_on: date | str | None
    days_late: int | None
    chase_count: int
    last_chased_on: date | None
    chased_on: list[date]
    """Every date chased, oldest first (the chase log)."""
    criteria_met: int
    no_count: int
    answers: dict[str, str | None]
    received: bool
    complete: bool
    criteria_total: int
    return_id: int | None = None
    """The practice's return for the year, if it has one."""

    @property
    def met_fraction(self) -> float | None:
        """Criteria met over all criteria, for received returns only."""
        if not self.received or not self.criteria_total:
            return None
        return self.criteria_met / self.criteria_total


@dataclass(frozen=True)
class AnswerException:
    """An answer the Named GP follows up: a "No", below threshold, or missing."""

    ods_code: str
    practice: str
    code: str
    question: str
    value: str | None
    reason: str
    evidence_note: str | None


@dataclass(frozen=True)
class LesReturnReport:
    """Everything in the Named GP's return workbook."""

    scheme: LesScheme
    borough: str
    as_of: date
    criteria: list[LesCriterion]
    practices: list[PracticeReturn]
    exceptions: list[AnswerException]
    compliance: list[les.CriterionCompliance]
    contracts_sent: int
    contracts_signed: int
    received: int
    outstanding_ids: frozenset[int] = frozenset()
    """Returns outstanding by :func:`figures.les_outstanding_condition`: the tile's rule."""

    @property
    def complete(self) -> int:
        return sum(p.complete for p in self.practices)

    @property
    def outstanding(self) -> list[PracticeReturn]:
        """The outstanding returns (the same ones the Today tile counts), most-chased first."""
        waiting = [p for p in self.practices if p.return_id in self.outstanding_ids]
        return sorted(waiting, key=lambda p: (-p.chase_count, p.name))


def les_return_report(
    session: Session, year: str, as_of: date, borough_id: int | None = None
) -> LesReturnReport:
    """The Named GP's return for a scheme year, for one borough or the whole ICB."""
    scheme = les.get_scheme(session, year)
    assert scheme.id is not None  # a stored scheme has its id
    criteria = les.criteria(session, scheme.id)
    borough = session.get(Borough, borough_id) if borough_id else None
    rows = _practice_returns(session, scheme, criteria, as_of, borough_id)
    rates = [
        r
        for r in les.return_rates(session, scheme.id)
        if borough is None or r.borough == borough.name
    ]
    return LesReturnReport(
        scheme=scheme,
        borough=borough.name if borough else "All boroughs",
        as_of=as_of,
        criteria=criteria,
        practices=[row for row, _answers in rows],
        exceptions=[e for row, answers in rows for e in _exceptions(row, criteria, answers)],
        compliance=les.criterion_compliance(session, scheme.id, borough_id),
        contracts_sent=sum(r.contracts_sent for r in rates),
        contracts_signed=sum(bool(p.contract_signed_on) for p, _a in rows),
        received=sum(r.received for r in rates),
        outstanding_ids=frozenset(figures.les_outstanding_ids(session, scheme.id, borough_id)),
    )


def _practice_returns(
    session: Session,
    scheme: LesScheme,
    criteria: list[LesCriterion],
    as_of: date,
    borough_id: int | None,
) -> list[tuple[PracticeReturn, dict[int, LesAnswer]]]:
    """Active practices in scope plus any practice holding a return for the year."""
    stmt = (
        select(Practice, LesReturn, Borough)
        .outerjoin(
            LesReturn,
            (col(LesReturn.practice_id) == Practice.id) & (col(LesReturn.scheme_id) == scheme.id),
        )
        .outerjoin(Borough, col(Borough.id) == Practice.borough_id)
        .where((col(Practice.active) == True) | (col(LesReturn.id).is_not(None)))  # noqa: E712
        .order_by(col(Practice.name))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Practice.borough_id) == borough_id)
    answers = _answers_by_return(session, scheme.id)  # type: ignore[arg-type]
    chases = les.chase_dates(session, scheme.id)  # type: ignore[arg-type]
    out = []
    for practice, les_return, borough in session.execute(stmt):
        by_criterion = answers.get(les_return.id, {}) if les_return else {}
        chased_on = chases.get(les_return.id, []) if les_return else []
        row = _practice_row(practice, les_return, borough, criteria, by_criterion, scheme, as_of)
        row = replace(row, chased_on=chased_on)
        out.append((row, by_criterion))
    return out


def _answers_by_return(session: Session, scheme_id: int) -> dict[int, dict[int, LesAnswer]]:
    stmt = (
        select(LesAnswer)
        .join(LesReturn, col(LesReturn.id) == LesAnswer.return_id)
        .where(col(LesReturn.scheme_id) == scheme_id)
    )
    table: dict[int, dict[int, LesAnswer]] = {}
    for answer in session.exec(stmt):
        table.setdefault(answer.return_id, {})[answer.criterion_id] = answer
    return table


def _practice_row(
    practice: Practice,
    les_return: LesReturn | None,
    borough: Borough | None,
    criteria: list[LesCriterion],
    answers: dict[int, LesAnswer],
    scheme: LesScheme,
    as_of: date,
) -> PracticeReturn:
    status = les_return.status if les_return else "not_sent"
    received = status in RETURN_RECEIVED_STATUSES
    verdicts = [les.answer_meets(c, _value(answers, c)) for c in criteria]
    return PracticeReturn(
        ods_code=practice.ods_code,
        name=practice.name,
        pcn=practice.pcn,
        postcode=practice.postcode,
        borough=borough.name if borough else None,
        safeguarding_lead=practice.safeguarding_lead,
        practice_manager=practice.practice_manager,
        email=practice.email,
        contract_status=_contract_status(les_return),
        return_status=PIPELINE_LABELS.get(status, status),
        contract_sent_on=undated.exported(les_return, "contract_sent_on"),
        contract_signed_on=undated.exported(les_return, "contract_signed_on"),
        return_requested_on=undated.exported(les_return, "return_requested_on"),
        received_on=undated.exported(les_return, "return_received_on"),
        days_late=_days_late(scheme, les_return, as_of),
        chase_count=les_return.chase_count if les_return else 0,
        last_chased_on=les_return.last_chased_on if les_return else None,
        chased_on=[],  # filled from the chase log by the caller
        criteria_met=sum(v is True for v in verdicts),
        no_count=sum(v is False for v in verdicts),
        answers={c.code: _value(answers, c) for c in criteria},
        received=received,
        complete=received and all(v is not None for v in verdicts),
        criteria_total=len(criteria),
        return_id=les_return.id if les_return else None,
    )


def _value(answers: dict[int, LesAnswer], criterion: LesCriterion) -> str | None:
    answer = answers.get(criterion.id)  # type: ignore[arg-type]
    return answer.value if answer else None


def _contract_status(les_return: LesReturn | None) -> str:
    if les_return is None or not undated.done(les_return, "contract_sent_on"):
        return "Not sent"
    return "Signed" if undated.done(les_return, "contract_signed_on") else "Sent"


def _days_late(scheme: LesScheme, les_return: LesReturn | None, as_of: date) -> int | None:
    """Lateness only means something once a contract has gone out.

    A return received on a date never recorded ("Y") cannot be said to be late.
    """
    if les_return is None or not undated.done(les_return, "contract_sent_on"):
        return None
    if les_return.return_received_on is None and les_return.return_received_undated:
        return None
    return days_late(scheme.return_due_on, les_return.return_received_on, as_of)


def days_late(due_on: date | None, received_on: date | None, as_of: date) -> int | None:
    """Calendar days past the return deadline: to receipt, or to ``as_of`` if still awaited."""
    if due_on is None:
        return None
    return max(0, ((received_on or as_of) - due_on).days)


def _exceptions(
    row: PracticeReturn, criteria: list[LesCriterion], answers: dict[int, LesAnswer]
) -> Iterator[AnswerException]:
    """Every "No", below-threshold or missing answer on a received return."""
    if not row.received:
        return
    for criterion in criteria:
        answer = answers.get(criterion.id)  # type: ignore[arg-type]
        value = answer.value if answer else None
        verdict = les.answer_meets(criterion, value)
        if verdict is True:
            continue
        yield AnswerException(
            ods_code=row.ods_code,
            practice=row.name,
            code=criterion.code,
            question=criterion.question,
            value=value,
            reason=_exception_reason(criterion, verdict),
            evidence_note=answer.evidence_note if answer else None,
        )


def _exception_reason(criterion: LesCriterion, verdict: bool | None) -> str:
    if verdict is None:
        return "No answer"
    if criterion.answer_type == "yes_no":
        return "No"
    if criterion.answer_type in ("number", "percent") and criterion.threshold is not None:
        return f"Below threshold ({criterion.threshold:g})"
    return "Not a valid answer"
