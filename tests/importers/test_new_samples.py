"""The sample workbooks added for issue 9 import with exact counts and spot values.

Bromley (title blocks, a sheet per year, "Practice list", status words), Lewisham (terse
abbreviations, ticks, the meeting log on "Notes") and an ESR competence export (cp1252)
must each import as they come, with no mapping file and no errors. The counts are
worked out by hand from ``make_legacy.py`` (see ``sample_data/legacy/README.md``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from sgtui.importers.pipeline import run_import
from sgtui.services import undated
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
    Submission,
    TrainingRecord,
)

EMPTY = {
    "practice": 0,
    "meeting": 0,
    "action": 0,
    "review": 0,
    "submission": 0,
    "reviewtheme": 0,
    "recommendation": 0,
    "lesscheme": 0,
    "lescriterion": 0,
    "lesreturn": 0,
    "lesanswer": 0,
    "person": 0,
    "trainingrecord": 0,
}


def _imported(svc: Services, path: Path, counts: Any) -> dict[str, int]:
    """Import ``path``; the rows it added per table (audit entries left out: issue 9
    replaces the per-row audit of inserts with one import entry)."""
    before = counts(svc)
    report = run_import(svc, [path], backup=False)
    assert report.fatal is None, report.fatal
    assert [str(e) for e in report.errors] == []
    assert report.committed
    after = counts(svc)
    return {t: after[t] - before[t] for t in after if t != "auditentry"}


def _return(s: Session, ods: str, year: str) -> LesReturn:
    statement = (
        select(LesReturn)
        .join(Practice, Practice.id == LesReturn.practice_id)  # type: ignore[arg-type]
        .join(LesScheme, LesScheme.id == LesReturn.scheme_id)  # type: ignore[arg-type]
        .where(Practice.ods_code == ods, LesScheme.year == year)
    )
    return s.exec(statement).one()


def _training(s: Session, name: str, code: str) -> TrainingRecord:
    statement = (
        select(TrainingRecord)
        .join(Person, Person.id == TrainingRecord.person_id)  # type: ignore[arg-type]
        .join(Course, Course.id == TrainingRecord.course_id)  # type: ignore[arg-type]
        .where(Person.name == name, Course.code == code)
    )
    return s.exec(statement).one()


def test_bromley_counts(svc: Services, legacy: Path, counts: Any) -> None:
    added = _imported(svc, legacy / "bromley_tracker.xlsx", counts)
    assert added == {
        **EMPTY,
        "practice": 5,
        "meeting": 3,
        "action": 5,
        "review": 5,
        "submission": 6,  # "Chronology and IMR" is two requests
        "reviewtheme": 5,
        "lesscheme": 2,
        "lescriterion": 4,  # two per scheme year
        "lesreturn": 10,
        "lesanswer": 8,
    }


def test_bromley_values(sqlite_svc: Services, legacy: Path) -> None:
    report = run_import(sqlite_svc, [legacy / "bromley_tracker.xlsx"], backup=False)
    assert report.committed and not report.errors
    kinds = {s.sheet: (s.kind, s.header_row) for s in report.sheets}
    assert kinds["Practice list"] == ("practices", 4)
    assert kinds["Reviews 2024-25"] == ("reviews", 4)
    assert kinds["Read me"][0] is None
    with sqlite_svc.session() as s:
        bromley = s.exec(select(Borough).where(Borough.code == "BRO")).one()
        beckenham = s.exec(select(Practice).where(Practice.ods_code == "G99203")).one()
        assert (beckenham.borough_id, beckenham.list_size) == (bromley.id, 7400)
        sab = s.exec(select(Meeting).where(Meeting.ref == "BRO-SAB-24-01")).one()
        assert (sab.minutes_status, sab.minutes_circulated_on) == ("circulated", None)
        actions = {a.ref: a for a in s.exec(select(Action))}
        assert (actions["BRO-2"].status, actions["BRO-2"].owner) == ("complete", "Named GP")
        assert actions["BRO-4"].status == "open"  # "Not started"
        cspr = s.exec(select(Review).where(Review.ref == "BRO-CSPR-2023-02")).one()
        assert (cspr.review_type, cspr.stage, cspr.scrt_entered_on) == (
            "LCSPR",
            "published",
            date(2024, 2, 1),
        )
        asks = s.exec(select(Submission).where(Submission.review_id == cspr.id)).all()
        assert sorted((a.kind, a.status, a.submitted_on) for a in asks) == [
            ("chronology", "submitted", None),
            ("imr", "submitted", None),
        ]
        first = _return(s, "G99201", "2023/24")
        assert (first.contract_signed_on, first.return_received_on, first.status) == (
            None,
            date(2024, 1, 29),
            "payment_authorised",
        )
        assert undated.done(first, "contract_signed_on")
        late = _return(s, "G99204", "2024/25")
        assert (late.contract_sent_on, late.status) == (None, "contract_sent")


def test_lewisham_counts(svc: Services, legacy: Path, counts: Any) -> None:
    added = _imported(svc, legacy / "lewisham_tracker.xlsx", counts)
    assert added == {
        **EMPTY,
        "practice": 4,
        "meeting": 3,
        "action": 4,
        "review": 3,
        "submission": 3,
        "recommendation": 3,
        "lesscheme": 1,
        "lescriterion": 3,
        "lesreturn": 4,
        "lesanswer": 6,
        "person": 3,
        "trainingrecord": 6,
    }


def test_lewisham_values(sqlite_svc: Services, legacy: Path) -> None:
    report = run_import(sqlite_svc, [legacy / "lewisham_tracker.xlsx"], backup=False)
    assert report.committed and not report.errors
    assert {s.sheet: s.kind for s in report.sheets}["Notes"] == "meetings"
    with sqlite_svc.session() as s:
        net = s.exec(select(Meeting).where(Meeting.ref == "LEW-NET-24-1")).one()
        assert (net.meeting_date, net.minutes_status, net.minutes_circulated_on) == (
            date(2024, 1, 9),
            "circulated",
            None,
        )
        rr = s.exec(select(Review).where(Review.ref == "LEW-RR-24-01")).one()
        assert (rr.review_type, rr.stage, rr.notified_on, rr.scrt_entered_on) == (
            "RR",
            "decision",
            date(2024, 1, 8),
            None,
        )
        assert undated.done(rr, "scrt_entered_on")
        ask = s.exec(select(Submission).where(Submission.review_id == rr.id)).one()
        assert (ask.kind, ask.status, ask.submitted_on) == ("chronology", "submitted", None)
        sar = s.exec(select(Review).where(Review.ref == "LEW-SAR-23-04")).one()
        assert sar.stage == "information_gathering"
        rec = s.exec(
            select(Recommendation).where(
                Recommendation.review_id == sar.id, Recommendation.number == "3"
            )
        ).one()
        assert (rec.rag, rec.status) == ("blue", "complete")
        brockley = _return(s, "G99301", "2024/25")
        assert brockley.status == "named_gp_reviewed"
        for step in ("contract_signed_on", "return_received_on", "validated_on"):
            assert getattr(brockley, step) is None and undated.done(brockley, step), step
        assert _return(s, "G99302", "2024/25").return_received_on == date(2025, 1, 31)
        expiry = _training(s, "Rae Quinn", "SGC-L3").expires_on
        assert expiry == date(2026, 5, 4)  # EDATE's saved value
        assert _training(s, "Rae Quinn", "PREVENT-L3").completed_on == date(2022, 10, 12)


def test_esr_export_counts_and_values(svc: Services, legacy: Path, counts: Any) -> None:
    path = legacy / "esr_competence_export.csv"
    assert "Renée".encode("cp1252") in path.read_bytes()  # as ESR writes it, not UTF-8
    added = _imported(svc, path, counts)
    assert added == {**EMPTY, "person": 4, "trainingrecord": 10}  # 2 RED rows: not achieved
    with svc.session() as s:
        courses = set(
            s.exec(
                select(Course.code).join(
                    TrainingRecord,
                    TrainingRecord.course_id == Course.id,  # type: ignore[arg-type]
                )
            )
        )
        assert courses == {"SGA-L1", "SGA-L3", "SGC-L1", "SGC-L3", "PREVENT-BASIC", "PREVENT-L3"}
        completions = s.exec(select(TrainingRecord.completed_on, TrainingRecord.expires_on)).all()
        assert (date(2022, 9, 14), date(2025, 9, 14)) in completions
        assert (date(2024, 9, 10), date(2027, 9, 10)) in completions
