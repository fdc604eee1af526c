"""A review's recommendations list, the health actions due on Today, meetings to link, S-CRT fields."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from sgtui.services import editing, lists, meetings, people, reviews
from sgtui.services.context import Services
from sgtui.services.reference import find_borough
from sgtui.store.models import Review

TODAY = date(2025, 3, 10)
"""The tests' fixed today (the ``clock`` fixture's)."""


def add_review(s: Session, svc: Services, ref: str, borough: str = "LAM") -> Review:
    found = find_borough(s, borough)
    assert found is not None
    _o, review = reviews.save_review(
        s,
        svc,
        {"ref": ref, "review_type": "CSPR", "borough_id": found.id, "notified_on": TODAY},
    )
    return review


def add_recommendation(s: Session, svc: Services, review: Review, **texts: str) -> int:
    rec = editing.create(
        s, svc, "recommendation", {"text": "Share chronologies", **texts}, parent_id=review.id
    )
    return rec.id  # type: ignore[attr-defined,no-any-return]


def test_the_scrt_form_holds_the_fields_the_review_keeps_itself() -> None:
    assert reviews.SCRT_EDITABLE == (
        "steis_ref",
        "notified_on",
        "incident_on",
        "designated_professional",
        "case_summary",
        "themes",
        "signed_off_on",
        "published_on",
        "publication_url",
        "stage",
        "lessons_learnt",
        "dissemination",
        "scrt_entered_on",
        "scrt_updated_on",
        "scrt_ref",
    )


def test_recommendations_list_in_report_order_with_words_for_status(svc: Services) -> None:
    with svc.session() as s:
        review = add_review(s, svc, "LAM-CSPR-2025-01")
        other = add_review(s, svc, "SOU-CSPR-2025-01", "SOU")
        people.save_person(s, svc, {"name": "Dr Asha Patel", "role": "GP"})
        for number in ("10", "2", "1"):
            add_recommendation(s, svc, review, number=number)
        add_recommendation(
            s,
            svc,
            review,
            number="3",
            health_action="Audit GP returns",
            lead="Dr Asha Patel",
            target_on="07/03/2025",
            rag="Red",
        )
        add_recommendation(s, svc, other, number="1")
        scope = lists.Scope(as_of=TODAY, review_id=review.id)
        rows = lists.page(s, "recommendations", scope=scope)
        assert [r.cells[0] for r in rows] == ["1", "2", "3", "10"]
        assert rows[2].cells == (
            "3",
            "Share chronologies",
            "Audit GP returns",
            "Dr Asha Patel",
            "07/03/2025",
            "Red",
            "! Overdue",
            "",
        )
        assert (rows[2].kind, rows[2].record_id) == ("review", review.id)
        assert lists.count(s, "recommendations", scope=scope) == 4
        assert lists.count(s, "recommendations", "audit", scope=scope) == 1
        descending = lists.page(s, "recommendations", sort=lists.Sort("number", True), scope=scope)
        assert [r.cells[0] for r in descending] == ["10", "3", "2", "1"]


def test_health_actions_due_within_the_window_and_not_done(svc: Services) -> None:
    """Target before today + 7 days, still open: the same window as submissions due."""
    with svc.session() as s:
        review = add_review(s, svc, "LAM-CSPR-2025-01")
        southwark = add_review(s, svc, "SOU-CSPR-2025-01", "SOU")
        last_day = (TODAY + timedelta(days=6)).strftime("%d/%m/%Y")
        too_late = (TODAY + timedelta(days=7)).strftime("%d/%m/%Y")
        late = add_recommendation(s, svc, review, number="1", target_on="03/03/2025")
        due = add_recommendation(s, svc, review, number="2", target_on=last_day)
        add_recommendation(s, svc, review, number="3", target_on=too_late)
        add_recommendation(s, svc, review, number="4", target_on="03/03/2025", completed_on="yes")
        add_recommendation(
            s, svc, review, number="5", target_on="03/03/2025", status="Not applicable"
        )
        add_recommendation(s, svc, review, number="6")
        elsewhere = add_recommendation(s, svc, southwark, number="1", target_on="04/03/2025")
        found = reviews.due_recommendations(s, TODAY, within_days=7)
        assert [rec.id for rec, _review in found] == [late, elsewhere, due]
        lambeth = find_borough(s, "LAM")
        assert lambeth is not None
        in_lambeth = reviews.due_recommendations(s, TODAY, within_days=7, borough_id=lambeth.id)
        assert [rec.id for rec, _review in in_lambeth] == [late, due]
        assert [rec.id for rec, _r in reviews.due_recommendations(s, TODAY)] == [late, elsewhere]
        editing.update(s, svc, "recommendation", late, {"completed_on": "today"})
        assert [rec.id for rec, _r in reviews.due_recommendations(s, TODAY)] == [elsewhere]


def test_meetings_to_link_are_the_boroughs_coming_ones_not_linked_yet(svc: Services) -> None:
    with svc.session() as s:
        review = add_review(s, svc, "LAM-CSPR-2025-01")
        other = add_review(s, svc, "LAM-CSPR-2025-02")
        lam, sou = find_borough(s, "LAM"), find_borough(s, "SOU")
        assert lam is not None and sou is not None
        network = meetings.meeting_type(s, "SG_CLA_NETWORK").id

        def meeting(day: date, borough_id: int, **extra: object) -> int:
            values = {"title": f"Network {day}", "meeting_type_id": network, "meeting_date": day}
            _o, saved = meetings.save_meeting(s, svc, {**values, "borough_id": borough_id, **extra})
            return saved.id  # type: ignore[return-value]

        meeting(TODAY - timedelta(days=1), lam.id)  # past
        today = meeting(TODAY, lam.id)
        meeting(TODAY + timedelta(days=2), sou.id)  # another borough
        meeting(TODAY + timedelta(days=3), lam.id, status="cancelled")
        meeting(TODAY + timedelta(days=4), lam.id, review_id=review.id)  # linked already
        for_other = meeting(TODAY + timedelta(days=5), lam.id, review_id=other.id)
        offered = reviews.meetings_to_link(s, review, TODAY)
        assert [m.id for m in offered] == [today, for_other]


def test_a_reviews_own_submissions_leave_out_the_review_column(svc: Services) -> None:
    with svc.session() as s:
        review = add_review(s, svc, "LAM-CSPR-2025-01")
        editing.create(
            s,
            svc,
            "submission",
            {"kind": "imr", "requested_on": "17/02/2025", "due_on": "03/03/2025"},
            parent_id=review.id,
        )
        scope = lists.Scope(as_of=TODAY, review_id=review.id)
        everywhere = lists.page(s, "submissions", scope=scope)
        own = lists.page(s, "review_submissions", scope=scope)
        assert everywhere[0].cells[0] == "LAM-CSPR-2025-01"
        assert own[0].cells == everywhere[0].cells[1:]
        assert own[0].cells == (
            "IMR / agency report",
            "ICB",
            "17/02/2025",
            "03/03/2025",
            "",
            "! Overdue (requested)",
        )
        assert [c.label for c in lists.columns("review_submissions")] == [
            "Request",
            "Agency",
            "Requested",
            "Due",
            "Submitted",
            "Status",
        ]
