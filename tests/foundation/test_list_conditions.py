"""Column conditions ("C01 = No", "Expires < 30d") and the filter over every shown column,
as SQL on the hand-checked data set of :mod:`.test_figures` (today 10/03/2025)."""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.clock import FixedClock
from sgtui.services import les, lists
from sgtui.services.context import Services
from sgtui.services.lists import Scope
from sgtui.services.lists.conditions import ConditionError, parse
from sgtui.store.database import Database

from .figures_data import hand_checked

TODAY = date(2025, 3, 10)


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    """The hand-checked data set, on both backends."""
    return hand_checked(db, clock)


def _cells(svc: Services, name: str, where: list[str], scope: Scope, column: int = 0) -> list[str]:
    with svc.session() as s:
        rows = lists.page(s, name, scope=scope, where=where, limit=50)
        assert lists.count(s, name, scope=scope, where=where) == len(rows)
    return sorted(r.cells[column] for r in rows)


def _les_scope(svc: Services) -> Scope:
    with svc.session() as s:
        scheme = les.scheme_years(s)[0]
        criteria = tuple((c.id, c.code, c.answer_type) for c in les.criteria(s, scheme.id))
    return Scope(as_of=TODAY, scheme_id=scheme.id, criteria=criteria)


def test_criterion_columns_show_each_returns_answer(svc: Services) -> None:
    scope = _les_scope(svc)
    with svc.session() as s:
        rows = lists.page(s, "les", scope=scope)
    assert [c.label for c in lists.columns("les", scope)][-2:] == ["C01", "C03"]
    assert {r.cells[0]: r.cells[-2:] for r in rows} == {
        "G00001": ("Yes", "95%"),
        "G00002": ("No", ""),
        "G00003": ("No", "85%"),
    }


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (["C01 = No"], ["G00002", "G00003"]),
        (["c01 = yes"], ["G00001"]),
        (["C01 != No"], ["G00001"]),
        (["C03 >= 90"], ["G00001"]),
        (["C03 >= 90%"], ["G00001"]),  # as the cell shows it
        (["C03 is empty"], ["G00002"]),
        (["C01 = No", "Borough = Lambeth"], ["G00002"]),
        (["Borough = BEX"], ["G00003"]),
        (["Received < 05/02/2025"], ["G00001"]),
        (["Received is empty"], ["G00002"]),
        (["Received is done"], ["G00001", "G00003"]),
        (["Sent is empty"], []),
        (["Status = return received"], ["G00001", "G00003"]),
        (["Status is not return received"], ["G00002"]),
        (["Practice contains thr"], ["G00003"]),
    ],
)
def test_les_conditions_find_the_right_practices(
    svc: Services,
    where: list[str],
    expected: list[str],
) -> None:
    assert _cells(svc, "les", where, _les_scope(svc)) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (["Expires < 30d"], ["MCA", "PREVENT-BASIC", "SGA-L1", "SGC-L3"]),
        (["Expires < today"], ["SGA-L1", "SGC-L3"]),
        (["Status is expired"], ["SGA-L1", "SGC-L3"]),
        (["Status is expiring"], ["MCA", "PREVENT-BASIC"]),
        (["Status is not expired", "Person = alice"], ["MCA", "SGA-L3"]),
        (["Completed >= 01/01/2025"], ["SGC-L1"]),
        (["Expires <= +8wd", "Course contains mca"], ["MCA"]),
    ],
)
def test_training_conditions_read_dates_and_status_words(
    svc: Services,
    where: list[str],
    expected: list[str],
) -> None:
    assert _cells(svc, "training", where, Scope(as_of=TODAY), column=1) == expected


def test_overdue_actions_are_the_ones_the_list_marks_overdue(svc: Services) -> None:
    scope = Scope(as_of=TODAY)
    with svc.session() as s:
        marked = sorted(
            r.cells[0] for r in lists.page(s, "actions", scope=scope) if "Overdue" in r.cells[4]
        )
    assert marked == ["A1", "A4"]
    assert _cells(svc, "actions", ["Status is overdue"], scope) == marked
    assert _cells(svc, "actions", ["Due < 02/03/2025", "Status = complete"], scope) == ["A2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Colour = red", "No column “Colour”"),
        ("Expires < soonish", "holds dates"),
        ("Status is lost", "takes one of: expired, expiring, in date, no expiry"),
        ("Expires", "write a column, an operator and a value"),
        ("Expires <", "no value"),
    ],
)
def test_unreadable_conditions_say_why(text: str, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse(lists.LISTS["training"], text, Scope(as_of=TODAY))


def test_a_condition_reads_back_with_the_columns_heading() -> None:
    condition = parse(lists.LISTS["training"], "expires   <  30d", Scope(as_of=TODAY))
    assert (condition.column, condition.text) == ("expires", "Expires < 30d")


def test_the_filter_searches_every_shown_column_and_dates_as_shown(svc: Services) -> None:
    scope = Scope(as_of=TODAY)
    with svc.session() as s:
        by_date = lists.page(s, "training", "20/03/2025", scope=scope)
        by_provider_or_status = lists.page(s, "actions", "complete", scope=scope)
        by_borough = lists.page(s, "les", "BEX", scope=_les_scope(svc))
    assert [r.cells[1] for r in by_date] == ["MCA"]
    assert [r.cells[0] for r in by_provider_or_status] == ["A2"]
    assert [r.cells[0] for r in by_borough] == ["G00003"]


def test_overdue_submissions_are_the_ones_the_list_marks_overdue(svc: Services) -> None:
    scope = Scope(as_of=TODAY)
    with svc.session() as s:
        rows = lists.page(s, "submissions", scope=scope)
    marked = sorted(r.cells[4] for r in rows if "Overdue" in r.cells[6])
    assert marked == ["07/03/2025"], "one submission is overdue in the hand-checked set"
    overdue = _cells(svc, "submissions", ["Status is overdue"], scope, column=4)
    assert overdue == marked
    assert _cells(svc, "submissions", ["Submitted is empty", "Due < 10/03/2025"], scope, 4) == [
        "01/03/2025",
        "07/03/2025",
    ]
