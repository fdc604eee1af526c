"""The Today page's loader: its tiles and the lists that drive a BSO's day.

A page loader like those in :mod:`sgtui.services.pages`, Textual-free and testable
without an app. :func:`today_page` yields the tiles before the lists, so the Today
screen's one worker shows the cheap counts while the lists are still being read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from sgtui.services import figures, lists, meetings, reviews, training
from sgtui.services.catalogues import SUBMISSION_KINDS, coded_value
from sgtui.services.lists import Row
from sgtui.services.pages import days_word
from sgtui.services.ukdates import format_uk

DUE_SOON_DAYS = 7
TODAY_LIMIT = 100


@dataclass(frozen=True)
class TodayLists:
    """The lists of the Today screen (its tiles are a :class:`figures.Headline`)."""

    submissions: list[Row]
    meetings: list[Row]
    actions: list[Row]
    les: list[Row]
    training: list[Row]
    recommendations: list[Row]
    """Health actions (recommendations) due within :data:`DUE_SOON_DAYS`, not complete."""


def today_page(
    session: Session, as_of: date, borough_id: int | None
) -> Iterator[figures.Headline | TodayLists]:
    """Everything Today shows for ``as_of`` in the borough scope: the tiles (a handful
    of counts) first, then the lists, so the screen never waits on its slowest part."""
    yield figures.headline(session, as_of, borough_id)
    yield load_today_lists(session, as_of, borough_id)


def load_today_lists(session: Session, as_of: date, borough_id: int | None) -> TodayLists:
    """The lists that drive the day, each capped at :data:`TODAY_LIMIT` rows by the query."""
    submissions = [
        Row(
            f"submission:{sub.id}",
            "review",
            review.id,  # type: ignore[arg-type]
            (
                review.ref,
                coded_value(sub, "kind", SUBMISSION_KINDS).split(" / ")[0],  # "IMR": fits
                format_uk(sub.due_on),
                days_word(sub.due_on, as_of),
            ),
        )
        for sub, review in reviews.overdue_submissions(
            session, as_of, within_days=DUE_SOON_DAYS, borough_id=borough_id
        )[:TODAY_LIMIT]
    ]
    week_end = as_of + timedelta(days=6 - as_of.weekday())
    diary = lists.meetings_between(session, as_of, week_end, borough_id)
    diary += lists.minutes_outstanding(session, as_of, borough_id)
    actions = [
        Row(
            f"action:{a.id}",
            "meeting" if a.meeting_id else "review",
            a.meeting_id or a.review_id or 0,
            (a.text, a.owner or "", format_uk(a.due_on), days_word(a.due_on, as_of)),
        )
        for a in meetings.open_actions(
            session, overdue_on=as_of, borough_id=borough_id, limit=TODAY_LIMIT
        )
    ]
    scheme = figures.latest_scheme(session)
    chase = (
        lists.les_to_chase(session, scheme.id, as_of, borough_id) if scheme and scheme.id else []
    )
    expiring = [
        Row(
            f"training:{rec.id}",
            "person",
            rec.person_id,
            (person.name, course.code, format_uk(rec.expires_on), days_word(rec.expires_on, as_of)),
        )
        for rec, person, course in training.expiring_within(
            session, as_of, borough_id=borough_id, limit=TODAY_LIMIT
        )
    ]
    return TodayLists(
        submissions,
        diary,
        actions,
        chase,
        expiring,
        due_recommendations(session, as_of, borough_id),
    )


def due_recommendations(session: Session, as_of: date, borough_id: int | None) -> list[Row]:
    """Today's health actions: each opens its review; the action shown, else the wording."""
    return [
        Row(
            f"recommendation:{rec.id}",
            "review",
            review.id,  # type: ignore[arg-type]
            (
                review.ref,
                f"{rec.number}. {rec.health_action or rec.text}",
                rec.lead or "",
                days_word(rec.target_on, as_of),
            ),
        )
        for rec, review in reviews.due_recommendations(
            session, as_of, within_days=DUE_SOON_DAYS, borough_id=borough_id, limit=TODAY_LIMIT
        )
    ]
