"""The report queries against the fixed dataset, on SQLite and PostgreSQL.

Every expected number is worked out by hand from tests/exporters/conftest.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from sgtui.clock import FixedClock
from sgtui.services import figures, lists, reports, today
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.expiry import ExpiryStatus

TODAY = date(2025, 3, 10)
Q3_END = date(2024, 12, 31)


def test_les_return_all_boroughs(session: Session) -> None:
    report = reports.les_return_report(session, "2024/25", TODAY)
    # In scope: 4 active Lambeth practices + Sigma (Southwark). Contracts sent to all
    # but Delta (no return record); signed by Alpha and Beta; received from Alpha, Beta,
    # Sigma; complete (every criterion answered) Alpha and Sigma.
    assert len(report.practices) == 5
    assert (report.contracts_sent, report.contracts_signed, report.received) == (4, 2, 3)
    assert report.complete == 2
    # Outstanding: sent and not received (Gamma); Delta was never sent a contract.
    assert [p.ods_code for p in report.outstanding] == ["G85003"]
    by_ods = {p.ods_code: p for p in report.practices}
    # Deadline 31/01/2025: Beta received 05/02 = 5 days late; Gamma still awaited on
    # 10/03 = 28 + 10 = 38 days; Delta had no contract so lateness does not apply.
    assert {k: p.days_late for k, p in by_ods.items()} == {
        "G85001": 0,
        "G85002": 5,
        "G85003": 38,
        "G85004": None,
        "G85101": 0,
    }
    assert by_ods["G85001"].met_fraction == 1.0
    assert by_ods["G85002"].met_fraction == 0.0
    assert by_ods["G85003"].met_fraction is None
    assert [(c.code, c.answered, c.met) for c in report.compliance] == [
        ("C01", 3, 2),
        ("C02", 3, 2),
        ("C03", 2, 2),
    ]
    assert [(e.ods_code, e.code, e.reason) for e in report.exceptions] == [
        ("G85002", "C01", "No"),
        ("G85002", "C02", "Below threshold (90)"),
        ("G85002", "C03", "No answer"),
    ]


def test_les_return_one_borough(session: Session) -> None:
    lambeth = reports.borough_by_name(session, "lambeth")
    report = reports.les_return_report(session, "2024-25", TODAY, lambeth.id)
    assert report.borough == "Lambeth"
    assert len(report.practices) == 4
    assert (report.contracts_sent, report.received, report.complete) == (3, 2, 1)
    assert [(c.code, c.answered, c.met) for c in report.compliance] == [
        ("C01", 2, 1),
        ("C02", 2, 1),
        ("C03", 1, 1),
    ]


def test_unknown_borough_and_year_are_clear_errors(session: Session) -> None:
    with pytest.raises(NotFound, match="no borough"):
        reports.borough_by_name(session, "Atlantis")
    with pytest.raises(NotFound, match="2019/20"):
        reports.les_return_report(session, "2019/20", TODAY)


@pytest.mark.parametrize(
    ("text", "start", "end", "year"),
    [
        ("2024-Q3", date(2024, 10, 1), date(2024, 12, 31), "2024/25"),
        ("2024-Q4", date(2025, 1, 1), date(2025, 3, 31), "2024/25"),
        ("2024/25 Q1", date(2024, 4, 1), date(2024, 6, 30), "2024/25"),
        ("2023q2", date(2023, 7, 1), date(2023, 9, 30), "2023/24"),
    ],
)
def test_parse_quarter(text: str, start: date, end: date, year: str) -> None:
    quarter = reports.parse_quarter(text)
    assert (quarter.start, quarter.end, quarter.scheme_year) == (start, end, year)


def test_parse_quarter_rejects_nonsense() -> None:
    with pytest.raises(ValidationError, match="not a quarter"):
        reports.parse_quarter("2024-Q5")


def test_quarterly_figures(session: Session) -> None:
    report = reports.quarterly_report(session, reports.parse_quarter("2024-Q3"), TODAY)
    assert report.as_of == Q3_END
    # New in Oct-Dec 2024: the RR (15/10) and the SAR (01/11).
    assert sorted(r.ref for r in report.new_reviews) == ["LAM-RR-2024-01", "SOU-SAR-2024-01"]
    # Open on 31/12/2024: the RR, the DHR, and the LCSPR closed only on 15/01/2025;
    # the SAR closed on 20/12/2024.
    assert sorted(r.ref for r in report.open_reviews) == [
        "LAM-DHR-2024-01",
        "LAM-LCSPR-2023-01",
        "LAM-RR-2024-01",
    ]
    made = report.submitted_in_quarter
    assert len(made) == 2 and sum(bool(s.on_time) for s in made) == 1
    assert [s.review_ref for s in report.overdue_submissions] == ["LAM-DHR-2024-01"]
    assert len(report.health_actions) == 2
    assert [a.number for a in report.health_actions if a.overdue] == ["1"]
    assert [(r.borough, r.contracts_sent, r.received) for r in report.les_rates] == [
        ("Lambeth", 3, 2),
        ("Southwark", 1, 1),
    ]
    by_course = {c.label: (c.required, c.compliant) for c in report.training_by_course}
    assert by_course["Safeguarding Adults Level 1"] == (1, 1)
    assert by_course["Safeguarding Adults Level 3"] == (2, 2)
    assert by_course["Safeguarding Children Level 3"] == (2, 0)
    assert [m.ref for m in report.meetings] == ["LAM-NET-2024-11-12"]


def test_quarterly_agrees_with_the_headline_figures(session: Session) -> None:
    """The same figure is never computed two ways: the export matches figures.py."""
    report = reports.quarterly_report(session, reports.parse_quarter("2024-Q4"), TODAY)
    assert report.as_of == TODAY
    assert len(report.overdue_submissions) == figures.count_overdue_submissions(session, TODAY)
    assert len([r for r in report.open_reviews if r.closed_on is None]) == (
        figures.count_open_reviews(session)
    )


def test_action_lines_and_filters(session: Session) -> None:
    everything = reports.action_lines(session, TODAY, reports.Filters())
    assert [(a.ref[-2:], a.rag) for a in everything] == [
        ("03", "Complete"),
        ("01", "Red"),
        ("02", "Amber"),
    ]
    overdue = reports.action_lines(session, TODAY, reports.Filters(status="overdue"))
    assert [a.ref[-2:] for a in overdue] == ["01"]
    assert len(overdue) == figures.count_overdue_actions(session, TODAY)
    december = reports.Filters(date_from=date(2024, 12, 1), date_to=date(2024, 12, 31))
    assert [a.ref[-2:] for a in reports.action_lines(session, TODAY, december)] == ["01"]
    southwark = reports.borough_by_name(session, "SOU").id
    assert reports.action_lines(session, TODAY, reports.Filters(borough_id=southwark)) == []


def test_training_lines_and_filters(session: Session) -> None:
    lines = list(reports.training_lines(session, TODAY, reports.Filters()))
    assert [(t.name, t.course_code, t.status, t.rag) for t in lines] == [
        ("Ann GP", "SGA-L3", "In date", "Green"),
        ("Ann GP", "SGC-L3", "Expired", "Red"),
        ("Bob Admin", "SGA-L1", "Expiring", "Amber"),
        ("Cat Nurse", "SGA-L3", "In date", "Green"),
    ]

    def names(**kw: object) -> list[str]:
        return [t.name for t in reports.training_lines(session, TODAY, reports.Filters(**kw))]

    assert names(status="expired") == ["Ann GP"]
    assert names(status="expiring") == ["Bob Admin"]
    assert names(status="in_date") == ["Ann GP", "Cat Nurse"]
    assert names(borough_id=reports.borough_by_name(session, "Southwark").id) == ["Cat Nurse"]
    assert names(date_from=date(2023, 1, 1)) == ["Ann GP", "Cat Nurse"]

    def counted(**kw: object) -> int:
        return reports.training_count(session, TODAY, reports.Filters(**kw))

    assert counted() == 4
    assert counted(status="expired") == 1
    assert counted(date_from=date(2023, 1, 1)) == 2


def test_a_training_status_filter_returns_the_rows_its_status_column_names(
    session: Session,
) -> None:
    every = list(reports.training_lines(session, TODAY, reports.Filters()))
    for status in ExpiryStatus:
        chosen = reports.training_lines(session, TODAY, reports.Filters(status=status.code))
        assert [t.status for t in chosen] == [t.status for t in every if t.status == status.label]


def test_the_list_the_export_and_today_agree_on_each_training_status(session: Session) -> None:
    scope = lists.Scope(as_of=TODAY)
    for status in ExpiryStatus:
        where = [f"Status is {status.word}"]
        listed = lists.page(session, "training", scope=scope, where=where)
        assert {row.cells[4] for row in listed} <= {status.shown}
        exported = reports.training_count(session, TODAY, reports.Filters(status=status.code))
        assert len(listed) == exported, status
    expiring = lists.page(session, "training", scope=scope, where=["Status is expiring"])
    on_today = today.load_today_lists(session, TODAY, None).training
    assert {row.key for row in on_today} <= {row.key for row in expiring} and on_today


def test_review_rows_carry_every_scrt_field(session: Session) -> None:
    rows = reports.review_rows(session, reports.Filters())
    assert [r.review.ref for r in rows] == [
        "LAM-DHR-2024-01",
        "LAM-LCSPR-2023-01",
        "LAM-RR-2024-01",
        "SOU-SAR-2024-01",
    ]
    dhr = rows[0].scrt
    assert dhr["StEIS number"] == "2024/12345"
    assert dhr["Date added (referral)"] == date(2024, 6, 1)
    assert dhr["Safeguarding Partnership/Board"] == "Safer Lambeth Partnership"
    assert dhr["Status open/closed"] == "Open"
    assert rows[2].scrt["Abuse/vulnerability themes"] == "Neglect; Domestic abuse"
    open_refs = [r.review.ref for r in reports.review_rows(session, reports.Filters(status="open"))]
    assert open_refs == ["LAM-DHR-2024-01", "LAM-RR-2024-01"]
    since = reports.Filters(date_from=date(2024, 10, 1))
    assert [r.review.ref for r in reports.review_rows(session, since)] == [
        "LAM-RR-2024-01",
        "SOU-SAR-2024-01",
    ]


def test_meeting_events_in_range(session: Session, clock: FixedClock) -> None:
    events = reports.meeting_events(session, date(2024, 11, 1), date(2024, 12, 31))
    assert [(e.ref, e.status) for e in events] == [
        ("LAM-NET-2024-11-12", "held"),
        ("LAM-NET-2024-12-10", "cancelled"),
    ]
