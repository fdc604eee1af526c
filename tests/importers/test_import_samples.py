"""Importing the sample legacy workbooks: exact counts, spot values, links, idempotency."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.models import (
    Action,
    Borough,
    Course,
    LesReturn,
    LesScheme,
    Meeting,
    Person,
    Practice,
    Recommendation,
    Review,
    ReviewTheme,
    Submission,
    TrainingRecord,
)

LAMBETH_ROWS = {
    "GP Practices": 6,
    "Meetings": 4,
    "Action Log": 6,
    "Case Review Tracker": 4,
    "Recommendations": 4,
    "LES 2023-24": 6,
    "Training": 11,
}


def one(session: Session, statement: object) -> object:
    return session.exec(statement).one()  # type: ignore[call-overload]


def test_lambeth_sheets_kinds_and_counts(svc: Services, legacy: Path, counts: Any) -> None:
    before = counts(svc)
    report = run_import(svc, [legacy / "lambeth_tracker.xlsx"])
    assert report.committed and not report.errors
    kinds = {s.sheet: (s.kind, s.skipped, s.header_row) for s in report.sheets}
    # Skipped sheets say what they are and which kind they came closest to (issue #9).
    assert kinds["Instructions"] == (
        None,
        "instructions: no row names a column sgtui reads",
        None,
    )
    assert kinds["Lookups"] == (
        None,
        "lookups: closest to practices (row 1 names Code; "
        "a practices sheet needs at least 3 of its columns)",
        None,
    )
    assert kinds["Dashboard"] == (
        None,
        "dashboard: closest to actions (row 1 names Open actions; "
        "an actions sheet also needs Action ref)",
        None,
    )
    assert kinds["GP Practices"] == ("practices", None, 3)
    assert kinds["Training"] == ("training", None, 1)
    assert {s.sheet: s.inserted for s in report.sheets if s.kind} == LAMBETH_ROWS
    after = counts(svc)
    added = {table: after[table] - before[table] for table in after}
    assert added == {
        "practice": 6,
        "meeting": 4,
        "action": 6,
        "review": 4,
        "submission": 4,
        "reviewtheme": 4,
        "recommendation": 4,
        "lesscheme": 1,
        "lescriterion": 3,
        "lesreturn": 6,
        "lesanswer": 13,
        "person": 5,
        "trainingrecord": 11,
        "auditentry": 1,  # the import's one entry, not one "create" entry per inserted row
    }


def test_lambeth_values_are_normalised(svc: Services, legacy: Path) -> None:
    run_import(svc, [legacy / "lambeth_tracker.xlsx"])
    with svc.session() as s:
        lambeth = one(s, select(Borough).where(Borough.code == "LAM"))
        stockwell = one(s, select(Practice).where(Practice.ods_code == "G85003"))
        assert stockwell.name == "Stockwell Road Medical Centre"
        assert stockwell.borough_id == lambeth.id
        assert stockwell.source == "lambeth_tracker.xlsx!GP Practices:6"
        streatham = one(s, select(Practice).where(Practice.ods_code == "G85005"))
        assert (streatham.list_size, streatham.practice_manager) == (9800, None)
        assert one(s, select(Practice).where(Practice.ods_code == "G85002")).postcode == "SW4 8BB"
        assert (
            one(s, select(Practice).where(Practice.ods_code == "G85006")).safeguarding_lead is None
        )
        scp = one(s, select(Meeting).where(Meeting.ref == "LAM-SCP-2024-03"))
        assert (scp.meeting_date, scp.start_time, scp.status, scp.virtual) == (
            date(2024, 3, 28),
            time(14, 0),
            "planned",
            False,
        )
        net2 = one(s, select(Meeting).where(Meeting.ref == "LAM-NET-2024-02"))
        assert (net2.meeting_date, net2.minutes_circulated_on) == (
            date(2024, 2, 27),
            date(2024, 3, 5),
        )
        assert net2.virtual and net2.minutes_status == "circulated"


def test_lambeth_links_resolved(svc: Services, legacy: Path) -> None:
    report = run_import(svc, [legacy / "lambeth_tracker.xlsx"])
    with svc.session() as s:
        refs = dict(s.exec(select(Meeting.id, Meeting.ref)).all())
        actions = {a.ref: a for a in s.exec(select(Action))}
        assert refs[actions["A-002"].meeting_id] == "LAM-NET-2024-01"  # typed "lam-net-2024-01 "
        assert refs[actions["A-004"].meeting_id] == "LAM-SCP-2024-03"  # named by its date
        assert actions["A-006"].due_on == date(2024, 5, 3)  # "3 May 24"
        assert (actions["A-005"].due_on, actions["A-005"].status) == (None, "open")
        cspr = one(s, select(Review).where(Review.ref == "LAM-CSPR-2023-02"))
        assert (cspr.review_type, cspr.notified_on, cspr.scrt_entered_on) == (
            "LCSPR",
            date(2023, 5, 12),
            date(2023, 7, 1),
        )
        themes = set(s.exec(select(ReviewTheme.theme).where(ReviewTheme.review_id == cspr.id)))
        assert themes == {"Neglect", "Parental mental health"}
        kinds = s.exec(
            select(Submission.kind, Submission.due_on).where(Submission.review_id == cspr.id)
        )
        assert sorted(kinds) == [("chronology", date(2023, 6, 30)), ("imr", date(2023, 6, 30))]
        dhr = one(s, select(Review).where(Review.ref == "LAM-DHR-2024-01"))
        assert (dhr.review_type, dhr.commissioning_body, dhr.stage) == (
            "DHR",
            "CSP",
            "information_gathering",
        )
        sar = one(s, select(Review).where(Review.ref == "LAM-SAR-2023-01"))
        rec = one(s, select(Recommendation).where(Recommendation.review_id == sar.id))
        assert (rec.number, rec.rag, rec.status) == ("1", "blue", "complete")
        clapham = one(s, select(Practice).where(Practice.ods_code == "G85002"))
        les = one(s, select(LesReturn).where(LesReturn.practice_id == clapham.id))
        # "Named GP reviewed: Y" with no date: the step is done, no date is made up
        assert (
            les.return_received_on,
            les.chase_count,
            les.named_gp_reviewed_on,
            les.named_gp_reviewed_undated,
            les.status,
        ) == (date(2024, 2, 14), 2, None, True, "named_gp_reviewed")
        assert one(s, select(LesScheme)).year == "2023/24"
    assert [str(w) for w in report.warnings] == [
        'LES 2023-24!B5 (Practice) "Clapham Park Surgery": no ODS code: linked by name to practice G85002'
    ]


def _training(s: Session, name: str, code: str) -> TrainingRecord:
    statement = (
        select(TrainingRecord)
        .join(Person, Person.id == TrainingRecord.person_id)  # type: ignore[arg-type]
        .join(Course, Course.id == TrainingRecord.course_id)  # type: ignore[arg-type]
        .where(Person.name == name, Course.code == code)
    )
    return s.exec(statement).one()


def test_lambeth_training_people_and_expiry(svc: Services, legacy: Path) -> None:
    run_import(svc, [legacy / "lambeth_tracker.xlsx"])
    with svc.session() as s:
        people = {p.name: p for p in s.exec(select(Person))}
        assert set(people) == {"Alex Rivers", "Bea Stone", "Cal Moss", "Dee Hart", "Eli Park"}
        alex = people["Alex Rivers"]
        assert (
            len(s.exec(select(TrainingRecord).where(TrainingRecord.person_id == alex.id)).all())
            == 3
        )
        g85002 = one(s, select(Practice).where(Practice.ods_code == "G85002"))
        assert people["Bea Stone"].practice_id == g85002.id
        assert people["Dee Hart"].practice_id is None
        # The VLOOKUP's cached course title was read; the EDATE's cached expiry equals the
        # course's own 36 months, so it counts as derived ...
        sga = _training(s, "Alex Rivers", "SGA-L3")
        assert (sga.completed_on, sga.expires_on, sga.expiry_stated) == (
            date(2023, 3, 14),
            date(2026, 3, 14),
            False,
        )
        # ... while a team rule that differs from the course's is kept as stated.
        prevent = _training(s, "Eli Park", "PREVENT-BASIC")
        assert (prevent.expires_on, prevent.expiry_stated) == (date(2025, 4, 3), True)


def test_second_import_changes_nothing(svc: Services, legacy: Path, counts: Any) -> None:
    files = [legacy / "lambeth_tracker.xlsx", legacy / "southwark_tracker.ods"]
    run_import(svc, files)
    before = counts(svc)
    again = run_import(svc, files)
    assert again.committed and not again.errors
    assert again.totals() == {"inserted": 0, "updated": 0, "unchanged": 53, "rejected": 0}
    assert counts(svc) == before


def test_southwark_ods_dates_day_first(svc: Services, legacy: Path) -> None:
    report = run_import(svc, [legacy / "southwark_tracker.ods"])
    assert report.committed and not report.errors
    assert {s.sheet: s.skipped for s in report.sheets if not s.kind} == {
        "Read Me": "instructions: no row names a column sgtui reads"
    }
    with svc.session() as s:
        sab = one(s, select(Meeting).where(Meeting.ref == "SOU-SAB-23-09"))
        assert (sab.meeting_date, sab.start_time, sab.minutes_circulated_on, sab.status) == (
            date(2024, 4, 3),
            time(9, 30),
            date(2024, 4, 10),
            "held",
        )
        csp = one(s, select(Meeting).where(Meeting.ref == "SOU-CSP-23-10"))
        assert (csp.meeting_date, csp.start_time, csp.status) == (
            date(2024, 5, 3),
            time(14),
            "planned",
        )
        owhr = one(s, select(Review).where(Review.ref == "SOU-OWHR-2024-01"))
        assert (owhr.review_type, owhr.notified_on) == ("OWHR", date(2024, 3, 4))
        # LibreOffice could not compute EDATE of the text "03.04.24": the expiry is derived.
        wrap = _training(s, "Gus Lane", "PREVENT-L3")
        assert (wrap.expires_on, wrap.expiry_stated, wrap.hours) == (date(2027, 4, 3), False, 1.5)


def test_greenwich_xls_course_from_title_and_level(svc: Services, legacy: Path) -> None:
    report = run_import(svc, [legacy / "greenwich_training.xls"])
    assert report.committed and report.sheets[0].header_row == 2
    with svc.session() as s:
        assert _training(s, "Ida Moon", "SGA-L3").completed_on == date(2022, 5, 9)
        assert _training(s, "Jon Reed", "SGC-L2").expires_on == date(2025, 7, 11)
