"""The dataset written straight into a database, without the importer.

This is how the checker in :mod:`.expect` is itself tested: the records written here
must show no differences from the dataset (bar steps the schema cannot yet record as
"done, date not recorded"), and a changed field must show up as exactly one difference.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from sgtui.services import undated
from sgtui.services.catalogues import REVIEW_TYPES
from sgtui.store import models as m

from . import dataset as ds


def _step(model: type, column: str, value: ds.Step) -> dict[str, Any]:
    """A step's column values: its date, or its "undated" flag where the schema has one."""
    values: dict[str, Any] = {column: value if isinstance(value, date) else None}
    flag = undated.FLAGS.get(column)
    if value is ds.UNDATED and flag and hasattr(model, flag):
        values[flag] = True
    return values


def load(session: Session) -> None:
    """Insert every record of the dataset (the reference catalogues must be seeded)."""
    borough = {b.code: b.id for b in session.exec(select(m.Borough))}
    course = {c.code: c.id for c in session.exec(select(m.Course))}
    practice = {}
    for p in ds.PRACTICES:
        row = m.Practice(
            ods_code=p.ods,
            name=p.name,
            borough_id=borough[p.borough],
            postcode=p.postcode,
            list_size=p.list_size,
            safeguarding_lead=p.lead,
            practice_manager=p.manager,
            email=p.email,
        )
        session.add(row)
        session.flush()
        practice[p.ods] = row.id
    meeting = {}
    for x in ds.MEETINGS:
        row = m.Meeting(
            ref=x.ref,
            title=x.title,
            borough_id=borough[x.borough],
            meeting_date=x.day,
            start_time=x.start,
            location=x.venue,
            virtual=x.venue == "Teams",
            chair=x.chair,
            minute_taker=x.minute_taker,
            status=x.status,
            minutes_status="none" if x.minutes is None else "circulated",
            minutes_circulated_on=x.minutes if isinstance(x.minutes, date) else None,
        )
        session.add(row)
        session.flush()
        meeting[x.ref] = row.id
    for a in ds.ACTIONS:
        session.add(
            m.Action(
                ref=a.ref,
                meeting_id=meeting[a.meeting],
                text=a.text,
                owner=a.owner,
                raised_on=a.raised,
                due_on=a.due,
                status=a.status,
                completed_on=a.completed,
            )
        )
    review = {}
    for r in ds.REVIEWS:
        row = m.Review(
            ref=r.ref,
            review_type=r.review_type,
            commissioning_body=REVIEW_TYPES[r.review_type][1],
            borough_id=borough[r.borough],
            subject=r.subject,
            notified_on=r.notified,
            decision_on=r.decision,
            commissioned_on=r.commissioned,
            published_on=r.published,
            stage=r.stage,
            **_step(m.Review, "scrt_entered_on", r.scrt),
        )
        session.add(row)
        session.flush()
        review[r.ref] = row.id
        for theme in r.themes:
            session.add(m.ReviewTheme(review_id=row.id, theme=theme))
        for kind in r.requests:
            session.add(
                m.Submission(
                    review_id=row.id,
                    kind=kind,
                    requested_on=r.requested,
                    due_on=r.due,
                    submitted_on=r.submitted if isinstance(r.submitted, date) else None,
                    status="requested" if r.submitted is None else "submitted",
                )
            )
    for c in ds.RECOMMENDATIONS:
        session.add(
            m.Recommendation(
                review_id=review[c.review],
                number=str(c.number),
                text=c.text,
                health_action=c.health_action,
                lead=c.lead,
                target_on=c.target,
                rag=c.rag,
                status="complete" if c.rag == "blue" else "open",
                completed_on=c.completed,
            )
        )
    _les(session, practice)
    _training(session, practice, course)
    session.commit()


def _les(session: Session, practice: dict[str, Any]) -> None:
    scheme = m.LesScheme(year=ds.LES_YEAR)
    session.add(scheme)
    session.flush()
    criteria = []
    for position, c in enumerate(ds.CRITERIA, start=1):
        row = m.LesCriterion(
            scheme_id=scheme.id,
            code=c.code,
            question=c.question,
            answer_type=c.answer_type,
            position=position,
        )
        session.add(row)
        session.flush()
        criteria.append(row.id)
    for r in ds.LES_RETURNS:
        steps: dict[str, Any] = {}
        status = "not_sent"
        for step in ds.LES_STEPS:
            steps.update(_step(m.LesReturn, f"{step}_on", getattr(r, step)))
            status = step if getattr(r, step) is not None else status
        row = m.LesReturn(
            scheme_id=scheme.id,
            practice_id=practice[r.ods],
            status=status,
            chase_count=r.chased,
            **steps,
        )
        session.add(row)
        session.flush()
        for criterion, answer in zip(criteria, r.answers, strict=True):
            if answer is not None:
                session.add(
                    m.LesAnswer(return_id=row.id, criterion_id=criterion, value=_text(answer))
                )


def _text(answer: object) -> str:
    if answer is True or answer is False:
        return "yes" if answer else "no"
    if isinstance(answer, date):
        return answer.isoformat()
    return str(answer)


def _training(session: Session, practice: dict[str, Any], course: dict[str, Any]) -> None:
    people = []
    for index, p in enumerate(ds.PEOPLE):
        row = m.Person(
            key=f"reference-{index}",
            name=p.name,
            role=p.role,
            organisation=p.organisation,
            practice_id=practice[p.practice] if p.practice else None,
        )
        session.add(row)
        session.flush()
        people.append(row.id)
    for c in ds.COMPLETIONS:
        session.add(
            m.TrainingRecord(
                person_id=people[c.person],
                course_id=course[c.course],
                completed_on=c.completed,
                expires_on=ds.expiry_of(c),
                expiry_stated=c.stated_expiry is not None,
            )
        )
