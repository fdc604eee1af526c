"""Coded values matched by their words: phrases officers type, each with its exact code.

The spellings here were written for this test, not copied from the importer's synonym
table: each is how a tracker might say it. Ties and negations must not match.
"""

from __future__ import annotations

import pytest

from sgtui.importers import codes
from sgtui.importers.cells import CellError

STAGES = {
    "Awaiting panel": "panel",
    "Panel booked for March": "panel",
    "IMRs being written": "information_gathering",
    "Chronologies requested": "information_gathering",
    "Report being drafted": "draft_report",
    "Drafting the overview report": "draft_report",
    "With Home Office for QA": "awaiting_qa",
    "Quality assured by HO": "awaiting_qa",
    "Published on website": "published",
    "Signed off by the board": "sign_off",
    "Terms of reference agreed": "commissioned",
    "Closed": "closed",
    "NFA": "no_review",
    "No review": "no_review",
    "Action plan being monitored": "action_plan",
    "Scoping": "rapid_review",
    "DRAFT_REPORT": "draft_report",
    "Decision": "decision",
    "Draft report with Home Office": "draft_report",  # named outright beats a synonym
    "Awaiting Rapid Review meeting": "rapid_review",
}
REQUEST_KINDS = {
    "agency info": ("information",),
    "Info request": ("information",),
    "chron + IMR": ("chronology", "imr"),
    "Chronology and IMR": ("chronology", "imr"),
    "Chronologies": ("chronology",),
    "IMR/agency report": ("imr",),
    "Rapid review return": ("rr_return",),
    "Comments on draft": ("panel_comments",),
}
ACTION_STATUSES = {
    "Completed - see minutes": "complete",
    "on hold": "open",
    "Not yet due": "open",
    "Not started yet": "open",
    "In progress": "in_progress",
    "Ongoing": "in_progress",
    "Underway": "in_progress",
    "Done.": "complete",
    "C/F to next meeting": "carried_forward",
    "Carried forward": "carried_forward",
    "not completed": "open",
    "Partially complete": "in_progress",
}
MEETING_STATUSES = {
    "Took place": "held",
    "Meeting held": "held",
    "Cancelled - no quorum": "cancelled",
    "Postponed": "cancelled",
    "Booked": "planned",
    "Planned": "planned",
}
RAGS = {
    "R": "red",
    "a": "amber",
    "Green": "green",
    "GREEN": "green",
    "Blue - completed": "blue",
    "Amber (at risk)": "amber",
    "Amber - in progress": "amber",
}


@pytest.mark.parametrize(("text", "code"), STAGES.items())
def test_stage_words(text: str, code: str) -> None:
    assert codes.match(text, codes.STAGE) == codes.Coded(code)


@pytest.mark.parametrize(("text", "kinds"), REQUEST_KINDS.items())
def test_request_kind_words(text: str, kinds: tuple[str, ...]) -> None:
    read = codes.coded_reader(codes.REQUEST_KIND, {}, True)
    assert read(text) == tuple(codes.Coded(k) for k in kinds)


@pytest.mark.parametrize(("text", "code"), ACTION_STATUSES.items())
def test_action_status_words(text: str, code: str) -> None:
    assert codes.match(text, codes.ACTION_STATUS).code == code


@pytest.mark.parametrize(("text", "code"), MEETING_STATUSES.items())
def test_meeting_status_words(text: str, code: str) -> None:
    assert codes.match(text, codes.MEETING_STATUS).code == code


@pytest.mark.parametrize(("text", "code"), RAGS.items())
def test_rag_words(text: str, code: str) -> None:
    assert codes.match(text, codes.RAG).code == code


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("Awaiting tea", codes.STAGE),
        ("Amber/Green", codes.RAG),  # two entries equally: a tie is not a match
        ("Published or closed", codes.STAGE),  # two stages named outright: a tie
        ("Maybe", codes.ACTION_STATUS),
        ("Not held", codes.MEETING_STATUS.__class__("status", ("held",), ())),
        ("", codes.STAGE),
    ],
)
def test_nothing_or_a_tie_is_unmapped(text: str, table: codes.Catalogue) -> None:
    assert codes.best_code(text, table) is None


def test_unmapped_keeps_the_text_as_written() -> None:
    assert codes.match("Awaiting  Tea!", codes.STAGE) == codes.Coded(
        "unmapped:awaiting tea", "Awaiting  Tea!"
    )
    # sgtui's own label for it reads back as the same value
    assert codes.match("Awaiting  Tea! (unmapped)", codes.STAGE) == codes.Coded(
        "unmapped:awaiting tea", "Awaiting  Tea!"
    )
    two = codes.coded_reader(codes.REQUEST_KIND, {}, True)("tea + biscuits")
    assert two == (
        codes.Coded("unmapped:tea", "tea"),
        codes.Coded("unmapped:biscuits", "biscuits"),
    )


def test_team_value_map_comes_first() -> None:
    value_map = {"awaiting tea": "panel", "with ho": "sign_off", "tea": "Other"}
    assert codes.match("Awaiting Tea", codes.STAGE, value_map) == codes.Coded("panel")
    # the map overrules what the words alone would give (awaiting_qa)
    assert codes.match("With HO", codes.STAGE, value_map) == codes.Coded("sign_off")
    read = codes.coded_reader(codes.REQUEST_KIND, value_map, True)
    assert read("IMR & tea") == (codes.Coded("imr"), codes.Coded("other"))


def test_review_type_by_words_else_an_error() -> None:
    assert codes.review_type("Safeguarding Adult Review") == "SAR"
    assert codes.review_type("Local child safeguarding practice review") == "LCSPR"
    assert codes.review_type("dhr") == "DHR"
    with pytest.raises(CellError, match="unknown review type"):
        codes.review_type("Inquiry")


def test_words_normalise_case_punctuation_plurals_and_endings() -> None:
    assert codes.words("IMRs being written") == codes.words("imr write")
    assert codes.words("Drafted") == codes.words("drafting") == codes.words("draft")
    assert codes.words("Cancelled") == codes.words("cancel")
    assert codes.words("A") == frozenset({"a"})  # all filler: kept (a lone "A" is amber)


def test_choices_for_an_unmapped_column() -> None:
    assert codes.choices("recommendations", "rag") == [
        ("red", "Red"),
        ("amber", "Amber"),
        ("green", "Green"),
        ("blue", "Blue (complete)"),
    ]
    assert [c for c, _l in codes.choices("meetings", "status")] == ["planned", "held", "cancelled"]
    assert codes.choices("training", "course") == []
