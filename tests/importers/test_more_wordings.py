"""More wordings of the same fields and values, each read by a general rule, not a listed string.

Each test names the rule it proves and uses phrasings of its own: a date pattern in a
header says "a date" and explains itself; a word naming the sheet's own kind qualifies
rather than names a column; a verb or document word matches its equivalents ("issued"
for "sent", "closed" for "completed", "self-assessment" for "return"); a numbered LES
column is a criterion, never a step; and coded values read idioms ("under way") and
their own wordings of cancelled and carried-forward.
"""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.importers import codes
from sgtui.importers.detect import CRITERION, detect, is_criterion_title
from sgtui.importers.fields import (
    DATE_FORMAT,
    KINDS,
    header_words,
    match_headers_detail,
    synonyms_for,
)
from sgtui.importers.mapping import Mapping
from sgtui.importers.reader import SheetSource


def _mapped(kind: str, headers: list[str]) -> list[str | None]:
    columns = match_headers_detail(headers, synonyms_for(KINDS[kind])).columns
    return [columns.get(i) for i in range(len(headers))]


# --- A date pattern in a header -------------------------------------------------------


def test_a_date_pattern_is_one_self_explaining_date_word() -> None:
    assert header_words("Published (DD.MM.YYYY)") == {"published", DATE_FORMAT}
    assert header_words("Notified [dd-mm-yy]") == {"notified", DATE_FORMAT}
    # the pattern is not the header's last word: a trailing "by" still reads as one
    assert header_words("Reply by (dd/mm/yyyy)") == {"reply", "deadline", DATE_FORMAT}
    assert header_words("Closed on (mm/yy)") == {"closed", "date", DATE_FORMAT}


def test_a_time_pattern_is_dropped() -> None:
    assert header_words("Start (hh:mm)") == {"start"}
    assert header_words("Time (24hr)") == {"time"}
    assert _mapped("meetings", ["Ref", "Begins HH.MM", "Date"]) == ["ref", None, "meeting_date"]
    assert _mapped("meetings", ["Ref", "Start (hh:mm)"]) == ["ref", "start_time"]


def test_headers_with_a_date_pattern_match_as_without_it() -> None:
    assert _mapped(
        "reviews",
        ["Notified (DD-MM-YY)", "Response due by (dd/mm/yyyy)", "Submitted [dd.mm.yyyy]"],
    ) == ["notified_on", "due_on", "submitted_on"]
    assert _mapped("meetings", ["Date of meeting (DD/MM/YYYY)", "Ref"]) == ["meeting_date", "ref"]
    assert _mapped("actions", ["Raised (dd/mm/yy)", "Target (dd-mm-yyyy)"]) == [
        "raised_on",
        "due_on",
    ]


# --- Words naming the sheet's own kind qualify ---------------------------------------


def test_a_kind_word_qualifies_the_field_named_by_the_other_words() -> None:
    assert _mapped("practices", ["Surgery ODS", "Practice locality", "Practice list size"]) == [
        "ods_code",
        "borough",
        "list_size",
    ]
    assert _mapped("actions", ["Action lead", "Action deadline", "Action progress"]) == [
        "owner",
        "due_on",
        "status",
    ]
    # "Training status" tied the course ("training") with the status before
    assert _mapped("training", ["Training status", "Course provider", "Name"]) == [
        "status",
        "provider",
        "name",
    ]
    assert _mapped("reviews", ["Ref", "Review", "Review stage"]) == ["ref", "review_type", "stage"]


def test_ods_always_names_a_code() -> None:
    assert header_words("Org ODS") == {"organisation", "ods", "code"}
    assert _mapped("les", ["Surgery ODS", "Surgery"]) == ["ods_code", "practice_name"]


# --- Equivalent verbs and documents ----------------------------------------------------


def test_les_steps_in_other_verbs_and_document_words() -> None:
    assert _mapped(
        "les",
        [
            "Contract dispatched",
            "Agreement signed",
            "Submission requested",
            "Assessment received",
            "Return checked",
            "Payment approved",
        ],
    ) == [
        "contract_sent_on",
        "contract_signed_on",
        "return_requested_on",
        "return_received_on",
        "validated_on",
        "payment_authorised",
    ]


def test_les_sending_and_asking_steps_named_by_the_verb_alone() -> None:
    # On an LES sheet what goes out to a practice is its contract; what is asked of it, its return
    assert _mapped("les", ["ODS", "Date sent out", "Date requested", "Times chased"]) == [
        "ods_code",
        "contract_sent_on",
        "return_requested_on",
        "chased",
    ]
    assert _mapped("les", ["Chasers sent"]) == ["chased"]
    assert _mapped("les", ["Reminders issued", "Issued"]) == ["chased", "contract_sent_on"]


def test_completed_steps_written_as_closed_or_finished() -> None:
    assert _mapped("recommendations", ["Closed on", "Progress rating"]) == ["completed_on", "rag"]
    assert _mapped("recommendations", ["Finished", "Red/Amber/Green"]) == ["completed_on", "rag"]
    assert _mapped("actions", ["Ref", "Date finished"]) == ["ref", "completed_on"]
    assert _mapped("meetings", ["Minutes emailed"]) == ["minutes_circulated_on"]


def test_a_sent_or_signed_pair_is_still_ambiguous() -> None:
    found = match_headers_detail(["Contract issued/agreed"], synonyms_for(KINDS["les"]))
    assert found.columns == {}
    assert found.ambiguous == {0: ("contract_sent_on", "contract_signed_on")}


def test_recommendation_and_action_timescales_and_sign_off() -> None:
    assert _mapped("recommendations", ["Timescale", "Date achieved"]) == [
        "target_on",
        "completed_on",
    ]
    assert _mapped("recommendations", ["Date signed off as complete"]) == ["completed_on"]
    assert _mapped("actions", ["Ref", "Timeframe", "Achieved"]) == ["ref", "due_on", "completed_on"]
    assert _mapped("les", ["ODS", "Self-assessment submitted"]) == [
        "ods_code",
        "return_received_on",
    ]


def test_asked_is_requested_and_where_and_when_are_place_and_date() -> None:
    assert _mapped("reviews", ["Ref", "Asked for", "Date ICB asked", "Date received"]) == [
        "ref",
        "request_kind",
        "requested_on",
        "notified_on",
    ]
    assert _mapped("reviews", ["Date request received"]) == ["requested_on"]
    assert _mapped("les", ["ODS", "Asked for return"]) == ["ods_code", "return_requested_on"]
    assert _mapped("meetings", ["Ref", "When", "Where held"]) == ["ref", "meeting_date", "location"]
    assert _mapped("training", ["Learner", "Place of work"]) == ["name", "organisation"]


# --- Contact words say what a column holds, a person word whose ---------------------


def test_a_contact_word_beside_a_person_is_the_contact() -> None:
    assert _mapped("practices", ["ODS", "PM e-mail", "Lead GP"]) == [
        "ods_code",
        "email",
        "safeguarding_lead",
    ]
    assert _mapped("practices", ["Manager's email"]) == ["email"]
    assert _mapped("training", ["Learner", "Line manager email"]) == ["name", "email"]
    # a date word still wins: the day an email went out is a date
    assert _mapped("les", ["ODS", "Date contract emailed"]) == ["ods_code", "contract_sent_on"]


# --- Abbreviations -----------------------------------------------------------------------


def test_more_abbreviations() -> None:
    assert _mapped("practices", ["ODS", "List sz"]) == ["ods_code", "list_size"]
    assert _mapped("reviews", ["Ref", "Init.", "Notif. date"]) == ["ref", "subject", "notified_on"]
    assert _mapped("les", ["NGP sign-off", "Valid."]) == ["named_gp_reviewed", "validated_on"]


# --- A numbered LES column is a criterion ---------------------------------------------------


@pytest.mark.parametrize(
    ("title", "numbered"),
    [
        ("C2 Practice policy reviewed", True),
        ("q4: Meetings held", True),
        ("3. Staff trained", True),
        ("1) Lead named", True),
        ("C3.1 - audit done", True),
        ("Contract sent", False),
        ("2023/24 return received", False),
        ("Named GP reviewed", False),
    ],
)
def test_criterion_titles(title: str, numbered: bool) -> None:
    assert is_criterion_title(title) is numbered


def test_a_numbered_column_is_never_read_as_a_step() -> None:
    # No Named GP column: "C2 ... reviewed" and "C3 ... signed" stay questions of the return
    rows = [
        ["ODS code", "Practice", "Contract sent", "C2 Practice policy reviewed", "C3 Audit signed"],
        ["G99001", "Hill Surgery", date(2024, 4, 2), "Yes", "No"],
    ]
    sheet = SheetSource("LES 2024-25", True, lambda: iter(rows))
    found = detect(sheet, Mapping())
    assert found.kind is not None and found.kind.name == "les"
    assert found.columns == {
        0: "ods_code",
        1: "practice_name",
        2: "contract_sent_on",
        3: CRITERION,
        4: CRITERION,
    }


def test_the_mapping_file_still_names_a_numbered_column() -> None:
    rows = [["ODS code", "Practice", "Contract sent", "C9 Payment authorised"]]
    rows.append(["G99001", "Hill Surgery", "Y", "Y"])
    sheet = SheetSource("LES", True, lambda: iter(rows))
    mapping = Mapping(headers={"les": {"c9 payment authorised": "payment_authorised"}})
    assert detect(sheet, mapping).columns == {
        0: "ods_code",
        1: "practice_name",
        2: "contract_sent_on",
        3: "payment_authorised",
    }


# --- Coded values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Under way", "in_progress"),
        ("on the go - JS chasing", "in_progress"),
        ("Brought forward", "carried_forward"),
        ("Rolled forward to next meeting", "carried_forward"),
        ("Carry over", "carried_forward"),
        ("Deferred to March", "carried_forward"),
        ("Part done", "in_progress"),
        ("Half done - awaiting JS", "in_progress"),
        ("No longer needed", "closed"),
        ("Done", "complete"),
    ],
)
def test_action_status_idioms_and_wordings(text: str, code: str) -> None:
    assert codes.match(text, codes.ACTION_STATUS).code == code


def test_a_word_inside_an_idiom_means_nothing_alone() -> None:
    # "in hand" is progress; "hand" alone is not ("Handed over" is not in progress)
    assert codes.match("Handed over", codes.ACTION_STATUS).unmapped


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Abandoned - no quorum", "cancelled"),
        ("Not going ahead", "cancelled"),
        ("Did not go ahead", "cancelled"),
        ("Scrapped", "cancelled"),
        ("Rearranged", "cancelled"),
        ("Date TBC", "planned"),
        ("Held", "held"),
    ],
)
def test_meeting_status_wordings(text: str, code: str) -> None:
    assert codes.match(text, codes.MEETING_STATUS).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("With author", "draft_report"),
        ("Draft with author for comments", "draft_report"),
        ("Author appointed", "commissioned"),
    ],
)
def test_review_stage_wordings(text: str, code: str) -> None:
    assert codes.match(text, codes.STAGE).code == code


def test_valid_until_is_never_the_validated_step() -> None:
    """ "Valid." abbreviates Validated on an LES sheet, but "Valid until" there is not that
    step (it stays a criterion), and on a training sheet it is the expiry."""
    from sgtui.importers.fields import KINDS, match_headers, synonyms_for

    les = match_headers(["ODS code", "Valid until", "Valid.", "NGP"], synonyms_for(KINDS["les"]))
    assert les == {0: "ods_code", 2: "validated_on", 3: "named_gp_reviewed"}
    training = match_headers(["Valid until"], synonyms_for(KINDS["training"]))
    assert training == {0: "expires_on"}
