"""Page loaders: an area screen's panels read in one call, without an app."""

from __future__ import annotations

from datetime import date, timedelta

from sgtui.services import editing, training
from sgtui.services.context import Services
from sgtui.services.pages import days_word, reviews_summary, training_summary


def test_reviews_summary_counts_open_reviews_by_type(svc: Services) -> None:
    with svc.session() as s:
        assert reviews_summary(s, None) == "No open reviews in scope."
        editing.create(s, svc, "review", {"ref": "LAM-RR-2025-01", "review_type": "RR"})
    with svc.session() as s:
        summary = reviews_summary(s, None)
    assert "RR" in summary and "1 open" in summary


def test_training_summary_lists_who_expires_soon_in_words(svc: Services) -> None:
    today = svc.clock.today()
    with svc.session() as s:
        person = editing.create(s, svc, "person", {"name": "Alex Carter", "role": "GP"})
        course = training.get_course(s, "SGC-L3")
        # 36 months' validity: completed three years and a week ago, it expired a week ago;
        # three years less a week, it expires in a week (in the 30-day panel).
        completed = date(today.year - 3, today.month, today.day) + timedelta(days=7)
        training.record_completion(
            s, svc, person_id=person.id, course_id=course.id, completed_on=completed
        )
    with svc.session() as s:
        summary = training_summary(s, today, None, limit=10)
    assert [row.cells[0] for row in summary.expiring] == ["Alex Carter"]
    assert summary.expiring[0].cells[3].startswith("due in")
    assert summary.by_course  # every required course has a bar
    assert days_word(today, today) == "! due today"


def test_today_page_yields_the_tiles_before_the_lists(svc: Services) -> None:
    """One worker shows the counts first: the headline, then the lists, both in scope."""
    from sgtui.services.figures import Headline
    from sgtui.services.today import TodayLists, today_page

    today = svc.clock.today()
    with svc.session() as s:
        editing.create(
            s,
            svc,
            "action",
            {"text": "Send the chronology", "status": "open", "due_on": "01/01/2025"},
        )
    with svc.session() as s:
        head, found = list(today_page(s, today, None))
    assert isinstance(head, Headline) and isinstance(found, TodayLists)
    assert head.overdue_actions == 1
    assert [row.cells[:3] for row in found.actions] == [("Send the chronology", "", "01/01/2025")]
    assert found.actions[0].cells[3] == f"✗ {(today - date(2025, 1, 1)).days}d late"
