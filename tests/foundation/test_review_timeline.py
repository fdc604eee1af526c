"""A review's timeline marks each deadline met, met late, missed or still to come.

Rapid Review LAM-RR-2025-03: incident Thu 10/04/2025, notified Mon 14/04/2025. Good
Friday 18/04, Easter Monday 21/04 and the early May bank holiday 05/05 are not working
days, so the RR rules give (working days after the anchor):

- panel notification: incident + 5 = Thu 17/04 (Fri 11, Mon 14, Tue 15, Wed 16, Thu 17)
- information: notified + 5 = Wed 23/04 (Tue 15, Wed 16, Thu 17, Tue 22, Wed 23)
- chronology: notified + 8 = Mon 28/04 (Thu 24, Fri 25, Mon 28)
- RR return: notified + 10 = Wed 30/04 (Tue 29, Wed 30)
- RR complete: notified + 15 = Thu 08/05 (Thu 1, Fri 2, Tue 6, Wed 7, Thu 8)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sgtui.services import reviews
from sgtui.services.context import Services
from sgtui.services.reviews import TimelineEvent

D = date
AS_OF = D(2025, 5, 12)
"""Monday 12/05/2025: every RR deadline has passed."""


def _rapid_review(svc: Services, **values: Any) -> None:
    with svc.session() as s:
        _o, review = reviews.save_review(
            s,
            svc,
            {
                "ref": "LAM-RR-2025-03",
                "review_type": "RR",
                "incident_on": D(2025, 4, 10),
                "notified_on": D(2025, 4, 14),
                "stage": "rapid_review",
                **values,
            },
        )
        for kind, submitted in (
            ("information", {"submitted_on": D(2025, 4, 28)}),
            ("chronology", {}),
            ("rr_return", {"submitted_undated": True}),
        ):
            reviews.save_submission(
                s, svc, review, {"kind": kind, "requested_on": D(2025, 4, 14), **submitted}
            )


def _timeline(svc: Services, as_of: date, ref: str = "LAM-RR-2025-03") -> list[TimelineEvent]:
    with svc.session() as s:
        return reviews.timeline(s, reviews.get_review(s, ref), as_of)


def _lines(events: list[TimelineEvent]) -> list[tuple[str, date, str, str]]:
    return [(e.mark, e.day, e.milestone or e.label, e.note) for e in events]


def test_each_deadline_met_late_or_missed(svc: Services) -> None:
    _rapid_review(svc)
    assert _lines(_timeline(svc, AS_OF)) == [
        ("✓", D(2025, 4, 10), "Incident", ""),
        ("✓", D(2025, 4, 14), "Notified", ""),
        ("✓", D(2025, 4, 17), "panel_notification", "met 14/04/2025"),
        ("✗", D(2025, 4, 23), "information", "met 28/04/2025, 5 days late"),
        ("✗", D(2025, 4, 28), "chronology", "not met, 14 days late"),
        ("✓", D(2025, 4, 30), "rr_return", "met (date not recorded)"),
        ("✗", D(2025, 5, 8), "rr_complete", "not met, 4 days late"),
    ]


def test_the_fields_behind_the_marks(svc: Services) -> None:
    _rapid_review(svc)
    by_milestone = {e.milestone: e for e in _timeline(svc, AS_OF) if e.kind == "deadline"}
    late = by_milestone["information"]
    assert (late.met, late.met_on, late.days_late) == (True, D(2025, 4, 28), 5)
    missed = by_milestone["rr_complete"]
    assert (missed.met, missed.met_on, missed.days_late) == (False, None, 4)
    assert missed.label == (
        "Due: Rapid Review complete and sent to the Panel (15 working days after notified)"
    )
    on_time = by_milestone["panel_notification"]
    assert (on_time.met, on_time.met_on, on_time.days_late) == (True, D(2025, 4, 14), None)


def test_a_deadline_not_yet_passed_is_still_to_come(svc: Services) -> None:
    """On Wed 07/05 the RR is due tomorrow: not late; on its own due date, still not late."""
    _rapid_review(svc)
    for as_of in (D(2025, 5, 7), D(2025, 5, 8)):
        complete = [e for e in _timeline(svc, as_of) if e.milestone == "rr_complete"][0]
        assert (complete.mark, complete.note, complete.upcoming) == ("·", "", True)
        assert complete.days_late is None
    chronology = [e for e in _timeline(svc, D(2025, 5, 7)) if e.milestone == "chronology"][0]
    assert chronology.note == "not met, 9 days late"


def test_the_decision_meets_the_rapid_review(svc: Services) -> None:
    """Decided Fri 09/05: one day after Thu 08/05, so met late, and said so."""
    _rapid_review(svc, decision_on=D(2025, 5, 9), stage="decision")
    complete = [e for e in _timeline(svc, AS_OF) if e.milestone == "rr_complete"][0]
    assert (complete.mark, complete.note) == ("✗", "met 09/05/2025, 1 day late")


def test_a_stage_past_the_step_meets_it_without_a_date(svc: Services) -> None:
    """A legacy RR at stage "commissioned" with no decision date: the RR was completed."""
    _rapid_review(svc, stage="commissioned")
    complete = [e for e in _timeline(svc, AS_OF) if e.milestone == "rr_complete"][0]
    assert (complete.mark, complete.note, complete.met_on) == ("✓", "met (date not recorded)", None)


def test_a_request_not_required_owes_nothing(svc: Services) -> None:
    _rapid_review(svc)
    with svc.session() as s:
        review = reviews.get_review(s, "LAM-RR-2025-03")
        reviews.save_submission(s, svc, review, {"kind": "chronology", "status": "not_required"})
    assert "chronology" not in {e.milestone for e in _timeline(svc, AS_OF)}


def test_a_report_signed_off_after_six_months_is_late(svc: Services) -> None:
    """CSPR decided Wed 30/04/2025: report due Thu 30/10/2025, signed off Mon 03/11: 4 late."""
    with svc.session() as s:
        reviews.save_review(
            s,
            svc,
            {
                "ref": "LAM-CSPR-2025-01",
                "review_type": "CSPR",
                "notified_on": D(2025, 4, 14),
                "decision_on": D(2025, 4, 30),
                "signed_off_on": D(2025, 11, 3),
                "published_on": D(2026, 1, 15),
            },
        )
    events = _lines(_timeline(svc, D(2025, 11, 12), "LAM-CSPR-2025-01"))
    assert events == [
        ("✓", D(2025, 4, 14), "Notified", ""),
        ("✓", D(2025, 4, 30), "Decision", ""),
        ("✗", D(2025, 10, 30), "report_complete", "met 03/11/2025, 4 days late"),
        ("✓", D(2025, 11, 3), "Report signed off", ""),
        ("·", D(2026, 1, 15), "Published", ""),
    ]
