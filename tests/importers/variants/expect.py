"""What a fresh database must hold after importing any variant, checked field by field.

:func:`differences` lists every way the stored records differ from :mod:`.dataset`, one
line each ("review LEW-RR-2024-01 stage: 'notified' != 'decision'"), so a failing
variant says exactly which reading went wrong rather than only that one did.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from sgtui.services import undated
from sgtui.services.context import Services
from sgtui.store import models as m

from . import dataset as ds

COUNTED = {
    "practice": m.Practice,
    "meeting": m.Meeting,
    "action": m.Action,
    "review": m.Review,
    "submission": m.Submission,
    "reviewtheme": m.ReviewTheme,
    "recommendation": m.Recommendation,
    "lesscheme": m.LesScheme,
    "lescriterion": m.LesCriterion,
    "lesreturn": m.LesReturn,
    "lesanswer": m.LesAnswer,
    "person": m.Person,
    "trainingrecord": m.TrainingRecord,
}


class _Diff:
    """Collects "record field: got != wanted" lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def eq(self, record: str, name: str, got: Any, wanted: Any) -> None:
        if got != wanted:
            self.lines.append(f"{record} {name}: {got!r} != {wanted!r}")

    def missing(self, record: str) -> None:
        self.lines.append(f"{record}: not imported")


def table_counts(svc: Services) -> dict[str, int]:
    """Rows in each table the dataset fills."""
    with svc.session() as s:
        return {name: len(s.exec(select(model.id)).all()) for name, model in COUNTED.items()}


def differences(svc: Services) -> list[str]:
    """Every difference between the database and the dataset (empty when all is right)."""
    diff = _Diff()
    with svc.session() as s:
        boroughs = {b.id: b.code for b in s.exec(select(m.Borough))}
        practices = {p.ods_code: p for p in s.exec(select(m.Practice))}
        ods_of = {p.id: code for code, p in practices.items()}
        _practices(diff, practices, boroughs)
        meetings = {x.ref: x for x in s.exec(select(m.Meeting))}
        _meetings(diff, meetings, boroughs)
        _actions(diff, s, {x.id: ref for ref, x in meetings.items()})
        reviews = {x.ref: x for x in s.exec(select(m.Review))}
        _reviews(diff, s, reviews, boroughs)
        _recommendations(diff, s, {x.id: ref for ref, x in reviews.items()})
        _les(diff, s, practices)
        _training(diff, s, ods_of)
    return diff.lines


def _practices(diff: _Diff, found: dict[str, m.Practice], boroughs: dict[Any, str]) -> None:
    for p in ds.PRACTICES:
        row = found.get(p.ods)
        label = f"practice {p.ods}"
        if row is None:
            diff.missing(label)
            continue
        diff.eq(label, "name", row.name, p.name)
        diff.eq(label, "borough", boroughs.get(row.borough_id), p.borough)
        diff.eq(label, "postcode", row.postcode, p.postcode)
        diff.eq(label, "list_size", row.list_size, p.list_size)
        diff.eq(label, "safeguarding_lead", row.safeguarding_lead, p.lead)
        diff.eq(label, "practice_manager", row.practice_manager, p.manager)
        diff.eq(label, "email", row.email, p.email)


def _step(diff: _Diff, label: str, row: Any, column: str, wanted: ds.Step) -> None:
    """A dated step: its date, and whether it counts as done (a tick: done, no date)."""
    diff.eq(label, column, getattr(row, column, None), wanted if isinstance(wanted, date) else None)
    diff.eq(label, f"{column} done", undated.done(row, column), wanted is not None)


def _meetings(diff: _Diff, found: dict[str, m.Meeting], boroughs: dict[Any, str]) -> None:
    for x in ds.MEETINGS:
        row = found.get(x.ref)
        label = f"meeting {x.ref}"
        if row is None:
            diff.missing(label)
            continue
        diff.eq(label, "meeting_date", row.meeting_date, x.day)
        diff.eq(label, "start_time", row.start_time, x.start)
        diff.eq(label, "title", row.title, x.title)
        diff.eq(label, "borough", boroughs.get(row.borough_id), x.borough)
        diff.eq(label, "chair", row.chair, x.chair)
        diff.eq(label, "location", row.location, x.venue)
        diff.eq(label, "virtual", row.virtual, x.venue == "Teams")
        diff.eq(label, "minute_taker", row.minute_taker, x.minute_taker)
        diff.eq(label, "status", row.status, x.status)
        wanted = x.minutes if isinstance(x.minutes, date) else None
        diff.eq(label, "minutes_circulated_on", row.minutes_circulated_on, wanted)
        diff.eq(
            label,
            "minutes_status",
            row.minutes_status,
            "none" if x.minutes is None else "circulated",
        )


def _actions(diff: _Diff, s: Session, meeting_ref: dict[Any, str]) -> None:
    found = {x.ref: x for x in s.exec(select(m.Action))}
    for a in ds.ACTIONS:
        row = found.get(a.ref)
        label = f"action {a.ref}"
        if row is None:
            diff.missing(label)
            continue
        diff.eq(label, "meeting", meeting_ref.get(row.meeting_id), a.meeting)
        diff.eq(label, "text", row.text, a.text)
        diff.eq(label, "owner", row.owner, a.owner)
        diff.eq(label, "raised_on", row.raised_on, a.raised)
        diff.eq(label, "due_on", row.due_on, a.due)
        diff.eq(label, "status", row.status, a.status)
        diff.eq(label, "completed_on", row.completed_on, a.completed)


def _reviews(diff: _Diff, s: Session, found: dict[str, m.Review], boroughs: dict[Any, str]) -> None:
    for r in ds.REVIEWS:
        row = found.get(r.ref)
        label = f"review {r.ref}"
        if row is None:
            diff.missing(label)
            continue
        diff.eq(label, "review_type", row.review_type, r.review_type)
        diff.eq(label, "borough", boroughs.get(row.borough_id), r.borough)
        diff.eq(label, "subject", row.subject, r.subject)
        diff.eq(label, "notified_on", row.notified_on, r.notified)
        diff.eq(label, "decision_on", row.decision_on, r.decision)
        diff.eq(label, "commissioned_on", row.commissioned_on, r.commissioned)
        diff.eq(label, "stage", row.stage, r.stage)
        diff.eq(label, "published_on", row.published_on, r.published)
        _step(diff, label, row, "scrt_entered_on", r.scrt)
        themes = set(s.exec(select(m.ReviewTheme.theme).where(m.ReviewTheme.review_id == row.id)))
        diff.eq(label, "themes", themes, set(r.themes))
        subs = {
            x.kind: x for x in s.exec(select(m.Submission).where(m.Submission.review_id == row.id))
        }
        diff.eq(label, "request kinds", set(subs), set(r.requests))
        for kind, sub in subs.items():
            where = f"{label} {kind} request"
            diff.eq(where, "requested_on", sub.requested_on, r.requested)
            diff.eq(where, "due_on", sub.due_on, r.due)
            diff.eq(
                where,
                "submitted_on",
                sub.submitted_on,
                r.submitted if isinstance(r.submitted, date) else None,
            )
            diff.eq(
                where, "status", sub.status, "requested" if r.submitted is None else "submitted"
            )


def _recommendations(diff: _Diff, s: Session, review_ref: dict[Any, str]) -> None:
    found = {(review_ref.get(x.review_id), x.number): x for x in s.exec(select(m.Recommendation))}
    for r in ds.RECOMMENDATIONS:
        row = found.get((r.review, str(r.number)))
        label = f"recommendation {r.review} #{r.number}"
        if row is None:
            diff.missing(label)
            continue
        diff.eq(label, "text", row.text, r.text)
        diff.eq(label, "health_action", row.health_action, r.health_action)
        diff.eq(label, "lead", row.lead, r.lead)
        diff.eq(label, "target_on", row.target_on, r.target)
        diff.eq(label, "rag", row.rag, r.rag)
        diff.eq(label, "status", row.status, "complete" if r.rag == "blue" else "open")
        diff.eq(label, "completed_on", row.completed_on, r.completed)


def _les(diff: _Diff, s: Session, practices: dict[str, m.Practice]) -> None:
    scheme = s.exec(select(m.LesScheme).where(m.LesScheme.year == ds.LES_YEAR)).first()
    if scheme is None:
        diff.missing(f"LES scheme {ds.LES_YEAR}")
        return
    criteria = {
        c.code: c
        for c in s.exec(select(m.LesCriterion).where(m.LesCriterion.scheme_id == scheme.id))
    }
    diff.eq("LES criteria", "codes", set(criteria), {c.code for c in ds.CRITERIA})
    for c in ds.CRITERIA:
        if c.code in criteria:
            diff.eq(
                f"criterion {c.code}", "answer_type", criteria[c.code].answer_type, c.answer_type
            )
    by_id = {c.id: code for code, c in criteria.items()}
    returns = {
        r.practice_id: r
        for r in s.exec(select(m.LesReturn).where(m.LesReturn.scheme_id == scheme.id))
    }
    for r in ds.LES_RETURNS:
        practice = practices.get(r.ods)
        row = returns.get(practice.id) if practice else None
        label = f"LES return {r.ods}"
        if row is None:
            diff.missing(label)
            continue
        furthest = "not_sent"
        for step in ds.LES_STEPS:
            _step(diff, label, row, f"{step}_on", getattr(r, step))
            if getattr(r, step) is not None:
                furthest = step
        diff.eq(label, "status", row.status, furthest)
        diff.eq(label, "chase_count", row.chase_count, r.chased)
        answers = {
            by_id.get(a.criterion_id): a.value
            for a in s.exec(select(m.LesAnswer).where(m.LesAnswer.return_id == row.id))
        }
        for c, wanted in zip(ds.CRITERIA, r.answers, strict=True):
            diff.eq(label, f"answer {c.code}", _answer(answers.get(c.code)), _answer_wanted(wanted))


def _answer(text: str | None) -> object:
    """A stored answer compared by meaning: "85%" and "85" are the same percentage."""
    if text is None:
        return None
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return text


def _answer_wanted(value: object) -> object:
    if value is None:
        return None
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return float(value)  # type: ignore[arg-type]


def _training(diff: _Diff, s: Session, ods_of: dict[Any, str]) -> None:
    people = {p.id: p for p in s.exec(select(m.Person))}
    courses = {c.id: c.code for c in s.exec(select(m.Course))}
    identity = {pid: (p.name, ods_of.get(p.practice_id)) for pid, p in people.items()}
    wanted_people = sorted((p.name, p.practice) for p in ds.PEOPLE)
    diff.eq(
        "people",
        "(name, practice)",
        sorted(identity.values(), key=str),
        sorted(wanted_people, key=str),
    )
    found: dict[tuple[Any, ...], m.TrainingRecord] = {}
    for t in s.exec(select(m.TrainingRecord)):
        found[
            (*identity.get(t.person_id, (None, None)), courses.get(t.course_id), t.completed_on)
        ] = t
    for c in ds.COMPLETIONS:
        person = ds.PEOPLE[c.person]
        key = (person.name, person.practice, c.course, c.completed)
        label = f"training {person.name} ({person.practice or 'ICB'}) {c.course} {c.completed}"
        row = found.get(key)
        if row is None:
            diff.missing(label)
            continue
        diff.eq(label, "expires_on", row.expires_on, ds.expiry_of(c))
        diff.eq(label, "expiry_stated", row.expiry_stated, c.stated_expiry is not None)
