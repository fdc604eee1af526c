"""Cell normalisation and word-based header matching."""

from __future__ import annotations

from datetime import date, time

import pytest

from sgtui.importers.cells import (
    CellError,
    TooLong,
    clean_text,
    read_code,
    read_date,
    read_int,
    read_text,
    read_time,
    read_yes_no,
)
from sgtui.importers.criteria import answer_type, split_title
from sgtui.importers.fields import KINDS, match_headers, synonyms_for
from sgtui.importers.links import course_code
from sgtui.importers.reader import column_index, column_letter
from sgtui.importers.records import is_totals_row


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03/04/2024", date(2024, 4, 3)),
        ("3/4/24", date(2024, 4, 3)),
        ("3 Apr 24", date(2024, 4, 3)),
        ("03.04.24", date(2024, 4, 3)),
        (45385.0, date(2024, 4, 3)),
        (date(2024, 4, 3), date(2024, 4, 3)),
        ("N/A", None),
        ("-", None),
        ("TBC", None),
        ("?", None),
        ("\u00a0", None),
    ],
)
def test_dates_read_day_first(raw: object, expected: date | None) -> None:
    assert read_date(raw) == expected


def test_impossible_date_says_why() -> None:
    with pytest.raises(CellError, match="^no such date$"):
        read_date("31/02/2024")
    with pytest.raises(CellError, match="not a date"):
        read_date("next Tuesday")


@pytest.mark.parametrize(
    ("raw", "expected"), [("✓", True), ("x", True), ("Y", True), ("n", False), ("", None)]
)
def test_ticks_and_letters(raw: str, expected: bool | None) -> None:
    assert read_yes_no(raw) is expected


def test_text_codes_numbers_times() -> None:
    assert clean_text("  Stockwell\u00a0 Road  ") == "Stockwell Road"
    assert read_text("TBC") is None
    assert read_code(" g85003\u00a0") == "G85003"
    assert read_int("9,800") == 9800
    assert read_int(12.0) == 12
    with pytest.raises(CellError, match="not a whole number"):
        read_int("9.5")
    assert read_time("9.30") == time(9, 30)
    assert read_time("2pm") == time(14, 0)
    assert read_time(0.4375) == time(10, 30)
    with pytest.raises(CellError, match="text too long \\(20,000 characters"):
        clean_text(TooLong("y" * 20_000))


def _mapped(kind: str, headers: list[str]) -> list[str | None]:
    columns = match_headers(headers, synonyms_for(KINDS[kind]))
    return [columns.get(i) for i in range(len(headers))]


def test_headers_matched_on_words_and_abbreviations() -> None:
    assert _mapped(
        "practices", ["Prac Code", "Practice", "Prac. Mgr", "Safeguarding Lead (GP)"]
    ) == [
        "ods_code",
        "name",
        "practice_manager",
        "safeguarding_lead",
    ]
    assert _mapped("reviews", ["Ref", "Type of review", "Date req'd", "Date sub'd", "Due"]) == [
        "ref",
        "review_type",
        "requested_on",
        "submitted_on",
        "due_on",
    ]
    assert _mapped("recommendations", ["Review Ref", "Rec No.", "Recommendation"]) == [
        "review_ref",
        "number",
        "text",
    ]
    assert _mapped("meetings", ["Meeting ID", "Meeting", "Mins circ'd", "Shoe size"]) == [
        "ref",
        "title",
        "minutes_circulated_on",
        None,
    ]


def test_courses_read_from_descriptions() -> None:
    assert course_code("Safeguarding Children L3", None) == "SGC-L3"
    assert course_code("Safeguarding Adults", "2") == "SGA-L2"
    assert course_code("Prevent (WRAP)", None) == "PREVENT-L3"
    assert course_code("Prevent awareness", None) == "PREVENT-BASIC"
    assert course_code("Basket weaving", None) is None


def test_les_criteria_titles_and_types() -> None:
    assert split_title("C3 % GPs with Level 3 training", 9) == (
        "C03",
        "% GPs with Level 3 training",
    )
    assert split_title("Named lead in place?", 5) == ("C05", "Named lead in place?")
    assert answer_type("Lead?", ["yes", "no"]) == "yes_no"
    assert answer_type("% trained", ["85", "92.5"]) == "percent"
    assert answer_type("Policy reviewed", ["2023-11-01"]) == "date"
    assert answer_type("Notes", ["see file", "yes"]) == "text"


def test_totals_rows_and_column_letters() -> None:
    assert is_totals_row(["Total", None, 123])
    assert is_totals_row(["", "Totals:"])
    assert not is_totals_row(["G85001", "Total Health Practice"])
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]
    assert column_index("AA") == 26
