"""GP practices, people, and the LES returns (with the chase list)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Float, Select, cast, select
from sqlmodel import Session, col

from sgtui.services.catalogues import LES_PIPELINE
from sgtui.services.figures import les_outstanding_condition
from sgtui.services.lists.base import Column, ListSpec, Row, Scope, Sort, cols, editable, narrow, uk
from sgtui.services.undated import cell_text
from sgtui.store.models import Borough, LesAnswer, LesReturn, Person, Practice

LES_STATUS = {code: label for code, label, _column in LES_PIPELINE}


def _practices_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(Practice.id),
            col(Practice.ods_code),
            col(Practice.name),
            col(Borough.code),
            col(Practice.pcn),
        )
        .add_columns(col(Practice.postcode), col(Practice.safeguarding_lead))
        .select_from(Practice)
        .outerjoin(Borough, col(Borough.id) == Practice.borough_id)
    )
    return narrow(stmt, scope, {"borough_id": Practice.borough_id})


def _practice_row(r: Any, scope: Scope) -> Row:
    cells = (
        r.ods_code,
        r.name,
        r.code or "",
        r.pcn or "",
        r.postcode or "",
        r.safeguarding_lead or "",
    )
    return Row(f"practice:{r.id}", "practice", r.id, cells)


def _people_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(Person.id),
            col(Person.name),
            col(Person.role),
            col(Person.organisation),
            col(Borough.code),
        )
        .select_from(Person)
        .outerjoin(Borough, col(Borough.id) == Person.borough_id)
    )
    return narrow(stmt, scope, {"borough_id": Person.borough_id, "practice_id": Person.practice_id})


def _person_row(r: Any, scope: Scope) -> Row:
    cells = (r.name, r.role or "", r.organisation or "", r.code or "")
    return Row(f"person:{r.id}", "person", r.id, cells)


def _les_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(LesReturn.id),
            col(LesReturn.practice_id),
            col(Practice.ods_code),
            col(Practice.name),
            col(Borough.code),
        )
        .add_columns(
            col(LesReturn.status),
            col(LesReturn.contract_sent_on),
            col(LesReturn.return_received_on),
        )
        .add_columns(col(LesReturn.contract_sent_undated), col(LesReturn.return_received_undated))
        .add_columns(col(LesReturn.chase_count), col(LesReturn.last_chased_on))
        .select_from(LesReturn)
        .join(Practice, col(Practice.id) == LesReturn.practice_id)
        .outerjoin(Borough, col(Borough.id) == Practice.borough_id)
    )
    return narrow(
        stmt,
        scope,
        {
            "scheme_id": LesReturn.scheme_id,
            "borough_id": Practice.borough_id,
            "practice_id": LesReturn.practice_id,
        },
    )


def _les_row(r: Any, scope: Scope) -> Row:
    cells = (
        r.ods_code,
        r.name,
        r.code or "",
        LES_STATUS.get(r.status, r.status),
        cell_text(r.contract_sent_on, r.contract_sent_undated),
        cell_text(r.return_received_on, r.return_received_undated),
        str(r.chase_count or 0),
        uk(r.last_chased_on),
    )
    return Row(f"les:{r.id}", "les", r.id, cells)


def _les_chase_base(scope: Scope) -> Select[Any]:
    """Who to chase: the outstanding returns, by the rule the Today tile counts with."""
    return _les_base(scope).where(les_outstanding_condition())


def les_chase_query(scope: Scope) -> Select[Any]:
    """The chase list's own query, for services that need who is on it (one definition)."""
    return _les_chase_base(scope)


def _criterion_columns(scope: Scope) -> tuple[tuple[Column, Any], ...]:
    """One column per criterion in the scope: the return's answer, fetched by the page's
    own query (a correlated subquery per criterion, so the grid still pages in SQL)."""
    found: list[tuple[Column, Any]] = []
    for criterion_id, code, answer_type in scope.criteria:
        answer: Any = (
            select(col(LesAnswer.value))
            .where(
                col(LesAnswer.return_id) == LesReturn.id,
                col(LesAnswer.criterion_id) == criterion_id,
            )
            .correlate(LesReturn)
            .scalar_subquery()
        )
        if answer_type in ("number", "percent"):
            answer = cast(answer, Float)  # "C02 >= 90" compares numbers, not text
        unit = "%" if answer_type == "percent" else ""
        column = Column(f"criterion:{criterion_id}", code, max(len(code), 5), unit=unit)
        found.append((column, answer))
    return tuple(found)


def _step_words(day: Any, undated: Any) -> dict[str, Any]:
    """ "Sent is empty" / "Sent is done" for a step that may be done without a date ("Y")."""

    def done(_scope: Scope) -> Any:
        return col(day).is_not(None) | col(undated)

    return {"done": done, "empty": lambda scope: ~done(scope)}


PRACTICES = ListSpec(
    "practices",
    "GP practices",
    editable(
        cols(
            ("ods", "ODS", 7),
            ("name", "Practice", 36),
            ("borough", "Borough", 7),
            ("pcn", "PCN", 22),
            ("postcode", "Postcode", 9),
            ("lead", "Safeguarding lead", 22),
        ),
        name="name",
        borough="borough",
        pcn="pcn",
        postcode="postcode",
        lead="safeguarding_lead",
    ),
    {"ods": Practice.ods_code, "name": Practice.name, "borough": Borough.code},
    (Practice.name, Practice.ods_code, Practice.postcode),
    Sort("name"),
    _practices_base,
    _practice_row,
    column_exprs={
        "borough": (Borough.code, Borough.name),
        "pcn": Practice.pcn,
        "postcode": Practice.postcode,
        "lead": Practice.safeguarding_lead,
    },
)
PEOPLE = ListSpec(
    "people",
    "People",
    editable(
        cols(
            ("name", "Name", 26),
            ("role", "Role", 26),
            ("organisation", "Organisation", 36),
            ("borough", "Borough", 7),
        ),
        name="name",
        role="role",
        organisation="organisation",
        borough="borough",
    ),
    {"name": Person.name, "role": Person.role},
    (Person.name, Person.role, Person.organisation),
    Sort("name"),
    _people_base,
    _person_row,
    column_exprs={"organisation": Person.organisation, "borough": (Borough.code, Borough.name)},
)
LES = ListSpec(
    "les",
    "LES returns",
    editable(
        cols(
            ("ods", "ODS", 6),
            ("name", "Practice", 28),
            ("borough", "Borough", 7),
            ("status", "Status", 18),
            ("sent", "Sent", 10),
            ("received", "Received", 10),
            ("chases", "Chases", 6),
            ("chased", "Last chased", 11),
        ),
        sent="contract_sent_on",
        received="return_received_on",
        chases="chase_count",
        chased="last_chased_on",
    ),
    {
        "ods": Practice.ods_code,
        "name": Practice.name,
        "status": LesReturn.status,
        "chased": LesReturn.last_chased_on,
    },
    (Practice.name, Practice.ods_code, LesReturn.status),
    Sort("name"),
    _les_base,
    _les_row,
    column_exprs={
        "borough": (Borough.code, Borough.name),
        "sent": LesReturn.contract_sent_on,
        "received": LesReturn.return_received_on,
        "chases": LesReturn.chase_count,
    },
    codes={"status": {label.lower(): code for code, label in LES_STATUS.items()}},
    statuses={
        "sent": _step_words(LesReturn.contract_sent_on, LesReturn.contract_sent_undated),
        "received": _step_words(LesReturn.return_received_on, LesReturn.return_received_undated),
    },
    extra_columns=_criterion_columns,
)
LES_CHASE = replace(LES, name="les_chase", title="LES chase list", base=_les_chase_base)


def les_to_chase(
    session: Session, scheme_id: int, as_of: date, borough_id: int | None = None, limit: int = 200
) -> list[Row]:
    """Returns with a contract sent and no return received: the chase list, least chased first."""
    scope = Scope(as_of=as_of, borough_id=borough_id, scheme_id=scheme_id)
    stmt = _les_chase_base(scope)
    order = (col(LesReturn.last_chased_on).asc().nulls_first(), Practice.name)
    return [_les_row(r, scope) for r in session.execute(stmt.order_by(*order).limit(limit))]


def return_answers(session: Session, return_id: int) -> dict[int, str]:
    """{criterion id: stored answer} for one LES return."""
    stmt = select(col(LesAnswer.criterion_id), col(LesAnswer.value)).where(
        col(LesAnswer.return_id) == return_id
    )
    return {criterion_id: value or "" for criterion_id, value in session.execute(stmt)}
