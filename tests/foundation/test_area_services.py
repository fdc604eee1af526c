"""Reviews, meetings, LES and training services: the rules a BSO relies on."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import select

from sgtui.services import les, meetings, people, practices, reviews, training
from sgtui.services.context import Services
from sgtui.services.errors import ValidationError
from sgtui.store.models import Action, Meeting, MeetingType

D = date
TODAY = D(2025, 3, 10)


def test_rapid_review_dates_skip_bank_holidays(svc: Services) -> None:
    """Story 4: notified Monday 14/04/2025, Easter and the May bank holiday in between."""
    with svc.session() as s:
        _o, review = reviews.save_review(
            s,
            svc,
            {
                "ref": "lam-rr-2025-03",
                "review_type": "RR",
                "subject": "Child P",
                "notified_on": D(2025, 4, 14),
            },
        )
        assert review.ref == "LAM-RR-2025-03" and review.commissioning_body == "SCP"
        proposed = reviews.propose_due(s, review, "information", D(2025, 4, 14))
        assert proposed.due_on == D(2025, 4, 23)  # 5 working days, skipping 18/04 and 21/04
        _o, sub = reviews.save_submission(
            s, svc, review, {"kind": "chronology", "requested_on": D(2025, 4, 14)}
        )
        assert sub.due_on == D(2025, 4, 28)  # 8 working days
        events = dict(
            (label.split(":")[1].split("(")[0].strip() if label.startswith("Due") else label, day)
            for day, label in ((e.day, e.label) for e in reviews.timeline(s, review, TODAY))
        )
    assert events["Rapid Review complete and sent to the Panel"] == D(
        2025, 5, 8
    )  # 15 working days, over 05/05


def test_cspr_decision_gives_six_month_horizon(svc: Services) -> None:
    """Story 5: the RR becomes a CSPR; the report is due 6 calendar months after the decision."""
    with svc.session() as s:
        _o, review = reviews.save_review(
            s, svc, {"ref": "LAM-RR-2025-03", "review_type": "RR", "notified_on": D(2025, 4, 14)}
        )
        _o, review = reviews.save_review(
            s,
            svc,
            {
                "ref": "LAM-RR-2025-03",
                "review_type": "LCSPR",
                "notified_on": D(2025, 4, 14),
                "decision_on": D(2025, 4, 30),
                "stage": "decision",
            },
            themes=["Neglect", " Neglect", "Information sharing"],
        )
        events = {e.label: e.day for e in reviews.timeline(s, review, TODAY)}
        assert events["Due: Review report complete (6 months after decision)"] == D(2025, 10, 30)
        assert reviews.themes_of(s, review.id) == ["Neglect", "Information sharing"]
        missing = [f.label for f in reviews.scrt_fields(s, review) if f.missing]
    assert "Date of incident" in missing and "Local reference number" not in missing


def test_review_validation(svc: Services) -> None:
    with pytest.raises(ValidationError) as caught, svc.session() as s:
        reviews.save_review(s, svc, {"ref": "X-1", "review_type": "Inquest", "stage": "nowhere"})
    assert set(caught.value.errors) == {"review_type", "stage"}
    with (
        pytest.raises(ValidationError, match="decision_on: is before notified"),
        svc.session() as s,
    ):
        reviews.save_review(
            s,
            svc,
            {
                "ref": "X-1",
                "review_type": "SAR",
                "notified_on": D(2025, 3, 1),
                "decision_on": D(2025, 2, 1),
            },
        )


def test_recurring_series_and_action_log(svc: Services) -> None:
    """Story 7: a six-weekly network with its next dates; actions numbered from the meeting ref."""
    with svc.session() as s:
        network = s.exec(select(MeetingType).where(MeetingType.code == "SG_CLA_NETWORK")).one()
        plan = meetings.create_series(
            s,
            svc,
            {
                "code": "LAM-NET",
                "title": "Lambeth network",
                "meeting_type_id": network.id,
                "cadence_unit": "weeks",
                "cadence_every": 6,
                "first_date": D(2025, 3, 13),
                "start_time": time(10),
            },
            count=4,
        )
        series, planned = plan.series, plan.meetings
        assert plan.moved == []
        assert [m.meeting_date for m in planned] == [
            D(2025, 3, 13),
            D(2025, 4, 24),
            D(2025, 6, 5),
            D(2025, 7, 17),
        ]
        first = planned[0]
        _o, a1 = meetings.save_action(
            s, svc, {"meeting_id": first.id, "text": "Circulate minutes", "due_on": D(2025, 3, 20)}
        )
        _o, a2 = meetings.save_action(s, svc, {"meeting_id": first.id, "text": "Chase IMR"})
        assert (a1.ref, a2.ref) == ("LAM-NET-2025-03-13-01", "LAM-NET-2025-03-13-02")
        done = meetings.complete_action(s, svc, a1.id)  # type: ignore[arg-type]
        assert (done.status, done.completed_on) == ("complete", D(2025, 3, 10))
        person = people.save_person(s, svc, {"name": "Amara Okafor", "role": "Designated Nurse"})[1]
        meetings.set_attendance(s, svc, first.id, person.id, "apologies")  # type: ignore[arg-type]
        assert [
            m.meeting_date for m in meetings.next_meetings(s, series.id, D(2025, 4, 1), limit=2)
        ] == [D(2025, 4, 24), D(2025, 6, 5)]  # type: ignore[arg-type]
        _o, meeting = meetings.save_meeting(
            s,
            svc,
            {
                "ref": first.ref,
                "title": first.title,
                "meeting_date": first.meeting_date,
                "minutes_status": "circulated",
            },
        )
        assert meeting.minutes_circulated_on == D(2025, 3, 10)
        assert s.exec(select(Action).where(Action.status == "open")).one().ref.endswith("-02")


def test_meeting_ref_made_when_missing(svc: Services) -> None:
    with svc.session() as s:
        sab = s.exec(select(MeetingType).where(MeetingType.code == "SAB")).one()
        _o, meeting = meetings.save_meeting(
            s,
            svc,
            {
                "title": "SAB",
                "meeting_type_id": sab.id,
                "borough_id": 4,
                "meeting_date": D(2025, 6, 2),
            },
        )
        assert meeting.ref == "SAB-LAM-2025-06-02"
        assert s.exec(select(Meeting)).one().status == "planned"
    with pytest.raises(ValidationError, match="end_time: is not after"), svc.session() as s:
        meetings.save_meeting(
            s,
            svc,
            {
                "title": "X",
                "meeting_date": D(2025, 6, 2),
                "start_time": time(11),
                "end_time": time(10),
            },
        )


def test_les_pipeline_and_answers(svc: Services) -> None:
    """Stories 9-10: contracts out in bulk, chased, answers read by type."""
    with svc.session() as s:
        scheme = les.save_scheme(s, svc, "LES 24-25", {})[1]
        assert scheme.year == "2024/25"
        p = practices.save_practice(s, svc, {"ods_code": "G00001", "name": "One"})[1]
        ret = les.save_return(s, svc, scheme, p, {})[1]
        assert ret.status == "not_sent"
        assert les.mark_step(s, svc, [ret.id], "contract_sent_on", D(2025, 3, 10)) == 1  # type: ignore[list-item]
        assert les.mark_step(s, svc, [ret.id], "contract_sent_on", D(2025, 3, 11)) == 0  # type: ignore[list-item]
        les.mark_chased(s, svc, [ret.id, ret.id], D(2025, 3, 10))  # type: ignore[list-item]
        assert (ret.status, ret.chase_count, ret.last_chased_on) == (
            "contract_sent",
            2,
            D(2025, 3, 10),
        )
        assert les.chase_dates(s, scheme.id) == {ret.id: [D(2025, 3, 10), D(2025, 3, 10)]}  # type: ignore[arg-type]
        pct = les.save_criterion(
            s,
            svc,
            scheme,
            {"code": "C03", "question": "L3 %", "answer_type": "percent", "threshold": 90},
        )[1]
        when = les.save_criterion(
            s, svc, scheme, {"code": "C02", "question": "Policy date", "answer_type": "date"}
        )[1]
        assert les.save_answer(s, svc, ret, pct, "92%")[1].value == "92"
        assert les.save_answer(s, svc, ret, when, "3 Apr 24")[1].value == "03/04/2024"
        assert les.answer_meets(pct, "89.5") is False and les.answer_meets(pct, "90") is True
    with pytest.raises(ValidationError, match="C03: '120' is not a percentage"), svc.session() as s:
        les.save_answer(s, svc, ret, pct, "120")
    with (
        pytest.raises(ValidationError, match="return received on: is before|contract_signed_on"),
        svc.session() as s,
    ):
        les.save_return(
            s,
            svc,
            scheme,
            p,
            {"contract_sent_on": D(2025, 3, 10), "contract_signed_on": D(2025, 3, 1)},
        )


def test_training_completion_rules(svc: Services) -> None:
    with svc.session() as s:
        who = people.save_person(
            s, svc, {"name": "Ben Baker", "role": "GP", "email": "Ben.Baker@NHS.example"}
        )[1]
        assert who.key == "ben.baker@nhs.example"
        course = training.get_course(s, "safeguarding adults level 3")
        _o, rec = training.record_completion(
            s, svc, person_id=who.id, course_id=course.id, completed_on=D(2024, 2, 29)
        )  # type: ignore[arg-type]
        assert (rec.expires_on, rec.expiry_stated) == (D(2027, 2, 28), False)
    with pytest.raises(ValidationError, match="completed_on: is in the future"), svc.session() as s:
        training.record_completion(
            s, svc, person_id=who.id, course_id=course.id, completed_on=D(2025, 3, 11)
        )  # type: ignore[arg-type]


def test_action_borough_follows_meeting_review_or_practice(svc: Services) -> None:
    """An action raised for a practice counts in that practice's borough (Today, stats, exports)."""
    from sgtui.services import figures
    from sgtui.services.reference import find_borough

    with svc.session() as s:
        bexley = find_borough(s, "Bexley").id  # type: ignore[union-attr]
        practice = practices.save_practice(
            s, svc, {"ods_code": "G83004", "name": "Barnard", "borough_id": bexley}
        )[1]
        review = reviews.save_review(
            s, svc, {"ref": "BEX-SAR-2025-01", "review_type": "SAR", "borough_id": bexley}
        )[1]
        meetings.save_action(
            s,
            svc,
            {
                "ref": "P1",
                "text": "Send policy",
                "practice_id": practice.id,
                "due_on": D(2025, 3, 1),
            },
        )
        meetings.save_action(
            s, svc, {"ref": "R1", "text": "IMR", "review_id": review.id, "due_on": D(2025, 3, 2)}
        )
        meetings.save_action(s, svc, {"ref": "N1", "text": "Nobody's", "due_on": D(2025, 3, 3)})
        assert figures.count_overdue_actions(s, D(2025, 3, 10), bexley) == 2
        assert [
            a.ref for a in meetings.open_actions(s, overdue_on=D(2025, 3, 10), borough_id=bexley)
        ] == ["P1", "R1"]
        assert figures.count_overdue_actions(s, D(2025, 3, 10)) == 3
