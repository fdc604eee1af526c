"""The app's record lists, paged from SQL: one spec per list, shared by every screen.

Why here and not in widgets: a list over 100,000 training records must never be loaded
whole, so each screen asks for one page (``LIMIT``/``OFFSET``) sorted and filtered by
the database, plus a count. Sort keys map to indexed columns so a sorted page stays a
few milliseconds. Textual-free: the benchmark and the tests call it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlmodel import Session

from sgtui.services.catalogues import LES_PIPELINE, SUBMISSION_KINDS
from sgtui.services.ukdates import format_uk
from sgtui.store.models import (
    Action,
    Attendance,
    Borough,
    Course,
    LesAnswer,
    LesReturn,
    Meeting,
    Person,
    Practice,
    Review,
    Submission,
    TrainingRecord,
)

PAGE_SIZE = 100
EXPIRING_DAYS = 30
LES_STATUS = {code: label for code, label, _column in LES_PIPELINE}


@dataclass(frozen=True)
class Row:
    """One table row: a unique key, the record Enter opens (kind + id) and the cell texts."""

    key: str
    kind: str
    record_id: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """A column's key (used for sorting), heading and width in cells."""

    key: str
    label: str
    width: int


@dataclass(frozen=True)
class Sort:
    """Sort by a column key, ascending unless ``descending``."""

    column: str
    descending: bool = False

    def flipped(self) -> Sort:
        return replace(self, descending=not self.descending)


@dataclass(frozen=True)
class Scope:
    """What narrows a list besides the filter text: the borough scope and a linked record."""

    as_of: date = field(default_factory=date.today)
    borough_id: int | None = None
    scheme_id: int | None = None
    practice_id: int | None = None
    person_id: int | None = None
    meeting_id: int | None = None
    review_id: int | None = None


@dataclass(frozen=True)
class ListSpec:
    """How one list is queried and shown."""

    name: str
    title: str
    columns: tuple[Column, ...]
    sort_exprs: dict[str, Any]
    filter_exprs: tuple[Any, ...]
    default_sort: Sort
    base: Callable[[Scope], Select[Any]]
    to_row: Callable[[Any, Scope], Row]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _d(day: date | None) -> str:
    return format_uk(day)


def _expiry_status(expires: date | None, as_of: date) -> str:
    """A word, never colour alone: Expired / Due soon / In date."""
    if expires is None:
        return "No expiry"
    if expires < as_of:
        return "✗ Expired"
    if expires <= as_of + timedelta(days=EXPIRING_DAYS):
        return "! Due soon"
    return "✓ In date"


def _narrow(stmt: Select[Any], scope: Scope, columns: dict[str, Any]) -> Select[Any]:
    """Apply the scope fields this list supports (``columns`` maps scope field to column)."""
    for name, column in columns.items():
        value = getattr(scope, name)
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


# --- Specs ---------------------------------------------------------------------------


def _training_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            TrainingRecord.id,
            TrainingRecord.person_id,
            Person.name,
            Course.code,
            TrainingRecord.completed_on,
            TrainingRecord.expires_on,
            TrainingRecord.provider,
        )
        .select_from(TrainingRecord)
        .join(Person, Person.id == TrainingRecord.person_id)
        .join(Course, Course.id == TrainingRecord.course_id)
    )
    return _narrow(
        stmt,
        scope,
        {
            "borough_id": Person.borough_id,
            "person_id": TrainingRecord.person_id,
            "practice_id": Person.practice_id,
        },
    )


def _training_row(r: Any, scope: Scope) -> Row:
    cells = (
        r.name,
        r.code,
        _d(r.completed_on),
        _d(r.expires_on),
        _expiry_status(r.expires_on, scope.as_of),
        r.provider or "",
    )
    return Row(f"training:{r.id}", "person", r.person_id, cells)


def _meetings_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            Meeting.id,
            Meeting.meeting_date,
            Meeting.title,
            Borough.code,
            Meeting.status,
            Meeting.minutes_status,
            Meeting.ref,
        )
        .select_from(Meeting)
        .outerjoin(Borough, Borough.id == Meeting.borough_id)
    )
    if scope.person_id is not None:
        stmt = stmt.join(Attendance, Attendance.meeting_id == Meeting.id).where(
            Attendance.person_id == scope.person_id
        )
    if scope.practice_id is not None:
        named = select(Action.meeting_id).where(Action.practice_id == scope.practice_id)
        stmt = stmt.where(Meeting.id.in_(named))  # type: ignore[union-attr]
    return _narrow(stmt, scope, {"borough_id": Meeting.borough_id, "review_id": Meeting.review_id})


def _meeting_row(r: Any, scope: Scope) -> Row:
    cells = (_d(r.meeting_date), r.title, r.code or "SEL", r.status, r.minutes_status, r.ref)
    return Row(f"meeting:{r.id}", "meeting", r.id, cells)


def _actions_base(scope: Scope) -> Select[Any]:
    stmt = select(
        Action.id,
        Action.ref,
        Action.text,
        Action.owner,
        Action.due_on,
        Action.status,
        Action.meeting_id,
        Action.review_id,
    ).select_from(Action)
    if scope.borough_id is not None:
        stmt = stmt.join(Meeting, Meeting.id == Action.meeting_id)
    return _narrow(
        stmt,
        scope,
        {
            "borough_id": Meeting.borough_id,
            "meeting_id": Action.meeting_id,
            "practice_id": Action.practice_id,
            "person_id": Action.owner_person_id,
            "review_id": Action.review_id,
        },
    )


def _action_row(r: Any, scope: Scope) -> Row:
    overdue = r.due_on is not None and r.due_on < scope.as_of and r.status in OPEN_STATUSES
    status = f"! Overdue ({r.status})" if overdue else r.status
    kind, target = ("meeting", r.meeting_id) if r.meeting_id else ("review", r.review_id or 0)
    cells = (r.ref, r.text, r.owner or "", _d(r.due_on), status)
    return Row(f"action:{r.id}", kind, target, cells)


OPEN_STATUSES = ("open", "in_progress", "carried_forward")


def _reviews_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            Review.id,
            Review.ref,
            Review.review_type,
            Borough.code,
            Review.stage,
            Review.notified_on,
            Review.subject,
        )
        .select_from(Review)
        .outerjoin(Borough, Borough.id == Review.borough_id)
    )
    return _narrow(stmt, scope, {"borough_id": Review.borough_id})


def _review_row(r: Any, scope: Scope) -> Row:
    cells = (r.ref, r.review_type, r.code or "", r.stage, _d(r.notified_on), r.subject or "")
    return Row(f"review:{r.id}", "review", r.id, cells)


def _practices_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(Practice.id, Practice.ods_code, Practice.name, Borough.code, Practice.pcn)
        .add_columns(Practice.postcode, Practice.safeguarding_lead)
        .select_from(Practice)
        .outerjoin(Borough, Borough.id == Practice.borough_id)
    )
    return _narrow(stmt, scope, {"borough_id": Practice.borough_id})


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
        select(Person.id, Person.name, Person.role, Person.organisation, Borough.code)
        .select_from(Person)
        .outerjoin(Borough, Borough.id == Person.borough_id)
    )
    return _narrow(
        stmt, scope, {"borough_id": Person.borough_id, "practice_id": Person.practice_id}
    )


def _person_row(r: Any, scope: Scope) -> Row:
    cells = (r.name, r.role or "", r.organisation or "", r.code or "")
    return Row(f"person:{r.id}", "person", r.id, cells)


def _les_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(LesReturn.id, LesReturn.practice_id, Practice.ods_code, Practice.name, Borough.code)
        .add_columns(LesReturn.status, LesReturn.contract_sent_on, LesReturn.return_received_on)
        .add_columns(LesReturn.chase_count, LesReturn.last_chased_on)
        .select_from(LesReturn)
        .join(Practice, Practice.id == LesReturn.practice_id)
        .outerjoin(Borough, Borough.id == Practice.borough_id)
    )
    return _narrow(
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
        _d(r.contract_sent_on),
        _d(r.return_received_on),
        str(r.chase_count or 0),
        _d(r.last_chased_on),
    )
    return Row(f"les:{r.id}", "les", r.id, cells)


def _les_chase_base(scope: Scope) -> Select[Any]:
    """Contract sent, no return received: who to chase."""
    return _les_base(scope).where(
        LesReturn.contract_sent_on.is_not(None),  # type: ignore[union-attr]
        LesReturn.return_received_on.is_(None),  # type: ignore[union-attr]
    )


def _submissions_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(Submission.id, Submission.review_id, Review.ref, Submission.kind, Submission.agency)
        .add_columns(Submission.requested_on, Submission.due_on, Submission.submitted_on)
        .add_columns(Submission.status)
        .select_from(Submission)
        .join(Review, Review.id == Submission.review_id)
    )
    return _narrow(
        stmt, scope, {"borough_id": Review.borough_id, "review_id": Submission.review_id}
    )


def _submission_row(r: Any, scope: Scope) -> Row:
    late = r.submitted_on is None and r.due_on is not None and r.due_on < scope.as_of
    status = (
        f"! Overdue ({r.status})" if late and r.status in ("requested", "in_progress") else r.status
    )
    cells = (
        r.ref,
        SUBMISSION_KINDS.get(r.kind, r.kind),
        r.agency,
        _d(r.requested_on),
        _d(r.due_on),
        _d(r.submitted_on),
        status,
    )
    return Row(f"submission:{r.id}", "review", r.review_id, cells)


def _attendance_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(Attendance.id, Attendance.person_id, Person.name, Person.role, Person.organisation)
        .add_columns(Attendance.status)
        .select_from(Attendance)
        .join(Person, Person.id == Attendance.person_id)
    )
    return _narrow(stmt, scope, {"meeting_id": Attendance.meeting_id})


def _attendance_row(r: Any, scope: Scope) -> Row:
    mark = {"present": "✓ present", "apologies": "– apologies", "absent": "✗ absent"}
    cells = (r.name, r.role or "", r.organisation or "", mark.get(r.status, r.status))
    return Row(f"attendance:{r.id}", "person", r.person_id, cells)


def _cols(*spec: tuple[str, str, int]) -> tuple[Column, ...]:
    return tuple(Column(k, label, w) for k, label, w in spec)


_LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        "training",
        "Training records",
        _cols(
            ("person", "Person", 26),
            ("course", "Course", 14),
            ("completed", "Completed", 10),
            ("expires", "Expires", 10),
            ("state", "Status", 11),
            ("provider", "Provider", 18),
        ),
        {
            "person": Person.name,
            "course": Course.code,
            "completed": TrainingRecord.completed_on,
            "expires": TrainingRecord.expires_on,
        },
        (Person.name, Course.code),
        Sort("expires"),
        _training_base,
        _training_row,
    ),
    ListSpec(
        "meetings",
        "Meetings",
        _cols(
            ("date", "Date", 10),
            ("title", "Title", 40),
            ("borough", "Borough", 7),
            ("status", "Status", 9),
            ("minutes", "Minutes", 10),
            ("ref", "Reference", 30),
        ),
        {"date": Meeting.meeting_date, "title": Meeting.title, "status": Meeting.status},
        (Meeting.title, Meeting.ref),
        Sort("date", descending=True),
        _meetings_base,
        _meeting_row,
    ),
    ListSpec(
        "actions",
        "Actions",
        _cols(
            ("ref", "Reference", 30),
            ("text", "Action", 40),
            ("owner", "Owner", 18),
            ("due", "Due", 10),
            ("status", "Status", 20),
        ),
        {"ref": Action.ref, "due": Action.due_on, "status": Action.status},
        (Action.ref, Action.text, Action.owner, Action.status),
        Sort("due"),
        _actions_base,
        _action_row,
    ),
    ListSpec(
        "reviews",
        "Reviews",
        _cols(
            ("ref", "Reference", 18),
            ("type", "Type", 6),
            ("borough", "Borough", 7),
            ("stage", "Stage", 22),
            ("notified", "Notified", 10),
            ("subject", "Subject", 16),
        ),
        {"ref": Review.ref, "type": Review.review_type, "notified": Review.notified_on},
        (Review.ref, Review.subject, Review.review_type),
        Sort("notified", descending=True),
        _reviews_base,
        _review_row,
    ),
    ListSpec(
        "practices",
        "GP practices",
        _cols(
            ("ods", "ODS", 7),
            ("name", "Practice", 36),
            ("borough", "Borough", 7),
            ("pcn", "PCN", 22),
            ("postcode", "Postcode", 9),
            ("lead", "Safeguarding lead", 22),
        ),
        {"ods": Practice.ods_code, "name": Practice.name, "borough": Borough.code},
        (Practice.name, Practice.ods_code, Practice.postcode),
        Sort("name"),
        _practices_base,
        _practice_row,
    ),
    ListSpec(
        "people",
        "People",
        _cols(
            ("name", "Name", 26),
            ("role", "Role", 26),
            ("organisation", "Organisation", 36),
            ("borough", "Borough", 7),
        ),
        {"name": Person.name, "role": Person.role},
        (Person.name, Person.role, Person.organisation),
        Sort("name"),
        _people_base,
        _person_row,
    ),
    ListSpec(
        "les",
        "LES returns",
        _cols(
            ("ods", "ODS", 7),
            ("name", "Practice", 32),
            ("borough", "Borough", 7),
            ("status", "Status", 20),
            ("sent", "Sent", 10),
            ("received", "Received", 10),
            ("chases", "Chases", 6),
            ("chased", "Last chased", 11),
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
    ),
    ListSpec(
        "attendance",
        "Attendance",
        _cols(
            ("name", "Name", 24),
            ("role", "Role", 20),
            ("organisation", "Organisation", 20),
            ("status", "Attendance", 12),
        ),
        {"name": Person.name, "status": Attendance.status},
        (Person.name, Person.organisation),
        Sort("name"),
        _attendance_base,
        _attendance_row,
    ),
    ListSpec(
        "submissions",
        "Submissions",
        _cols(
            ("review", "Review", 18),
            ("kind", "Request", 26),
            ("agency", "Agency", 10),
            ("requested", "Requested", 10),
            ("due", "Due", 10),
            ("submitted", "Submitted", 10),
            ("status", "Status", 22),
        ),
        {"review": Review.ref, "due": Submission.due_on, "kind": Submission.kind},
        (Review.ref, Submission.kind, Submission.agency),
        Sort("due"),
        _submissions_base,
        _submission_row,
    ),
)
LISTS: dict[str, ListSpec] = {spec.name: spec for spec in _LISTS}
LISTS["les_chase"] = replace(
    LISTS["les"], name="les_chase", title="LES chase list", base=_les_chase_base
)


# --- Queries -------------------------------------------------------------------------


def _filtered(spec: ListSpec, scope: Scope, filter_text: str) -> Select[Any]:
    """The list's statement with every word of ``filter_text`` matching some filter column."""
    stmt = spec.base(scope)
    conditions: list[ColumnElement[bool]] = [
        or_(*(expr.icontains(word, autoescape=True) for expr in spec.filter_exprs))
        for word in filter_text.split()
    ]
    return stmt.where(and_(*conditions)) if conditions else stmt


def page(
    session: Session,
    name: str,
    filter_text: str = "",
    sort: Sort | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    scope: Scope | None = None,
) -> list[Row]:
    """One page of a list, filtered and sorted by the database."""
    spec, scope = LISTS[name], scope or Scope()
    sort = sort if sort and sort.column in spec.sort_exprs else spec.default_sort
    expr = spec.sort_exprs[sort.column]
    order = expr.desc() if sort.descending else expr.asc()
    primary = spec.base(scope).selected_columns[0]
    stmt = _filtered(spec, scope, filter_text).order_by(order, primary).offset(offset).limit(limit)
    return [spec.to_row(r, scope) for r in session.execute(stmt)]


def count(session: Session, name: str, filter_text: str = "", scope: Scope | None = None) -> int:
    """How many rows the list holds with this filter (shown as "n rows")."""
    spec, scope = LISTS[name], scope or Scope()
    stmt = _filtered(spec, scope, filter_text).with_only_columns(func.count()).order_by(None)
    return int(session.execute(stmt).scalar_one())


def columns(name: str) -> Sequence[Column]:
    """The columns of a list, for the table header."""
    return LISTS[name].columns


# --- Today ---------------------------------------------------------------------------


def meetings_between(
    session: Session, start: date, end: date, borough_id: int | None = None
) -> list[Row]:
    """Meetings from ``start`` to ``end`` inclusive, by date (this week's diary)."""
    scope = Scope(as_of=start, borough_id=borough_id)
    stmt = _meetings_base(scope).where(Meeting.meeting_date.between(start, end))  # type: ignore[attr-defined]
    return [_meeting_row(r, scope) for r in session.execute(stmt.order_by(Meeting.meeting_date))]


def minutes_outstanding(
    session: Session, as_of: date, borough_id: int | None = None, limit: int = 50
) -> list[Row]:
    """Held (or past planned) meetings whose minutes are not yet circulated, oldest first."""
    scope = Scope(as_of=as_of, borough_id=borough_id)
    stmt = (
        _meetings_base(scope)
        .where(Meeting.meeting_date < as_of, Meeting.status != "cancelled")
        .where(Meeting.minutes_status.in_(("none", "draft")))  # type: ignore[attr-defined]
    )
    rows = session.execute(stmt.order_by(Meeting.meeting_date.desc()).limit(limit))  # type: ignore[attr-defined]
    return [_meeting_row(r, scope) for r in rows]


def les_to_chase(
    session: Session, scheme_id: int, as_of: date, borough_id: int | None = None, limit: int = 200
) -> list[Row]:
    """Returns with a contract sent and no return received: the chase list, least chased first."""
    scope = Scope(as_of=as_of, borough_id=borough_id, scheme_id=scheme_id)
    stmt = _les_chase_base(scope)
    order = (LesReturn.last_chased_on.asc().nulls_first(), Practice.name)  # type: ignore[union-attr]
    return [_les_row(r, scope) for r in session.execute(stmt.order_by(*order).limit(limit))]


def jump_targets(session: Session, text: str, limit: int = 8) -> list[Row]:
    """Practices, people, reviews and meetings whose name or code contains ``text``."""
    rows: list[Row] = []
    for name in ("practices", "people", "reviews", "meetings"):
        rows += page(session, name, text, limit=limit)
    return rows


def return_answers(session: Session, return_id: int) -> dict[int, str]:
    """{criterion id: stored answer} for one LES return."""
    stmt = select(LesAnswer.criterion_id, LesAnswer.value).where(LesAnswer.return_id == return_id)
    return {criterion_id: value or "" for criterion_id, value in session.execute(stmt)}


def record_ids(
    session: Session, name: str, filter_text: str = "", scope: Scope | None = None
) -> list[int]:
    """The ids of every row of a list with this filter (for bulk actions on a borough)."""
    spec, scope = LISTS[name], scope or Scope()
    primary = spec.base(scope).selected_columns[0]
    stmt = _filtered(spec, scope, filter_text).with_only_columns(primary)
    return [int(i) for i in session.execute(stmt).scalars()]
