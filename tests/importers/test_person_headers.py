"""Headers keep their person words; the most specific field wins; ties are shown, not guessed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from sgtui.importers.fields import KINDS, header_words, match_headers_detail, synonyms_for
from sgtui.importers.mapping import Mapping
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.store.models import Action


def _mapped(kind: str, headers: list[str]) -> list[str | None]:
    columns = match_headers_detail(headers, synonyms_for(KINDS[kind])).columns
    return [columns.get(i) for i in range(len(headers))]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Actioned by", "owner"),
        ("Signed off by", "owner"),
        ("Completed by", "owner"),
        ("Lead officer", "owner"),
        ("Owner", "owner"),
        ("Responsible lead", "owner"),
        ("Due by", "due_on"),
        ("Complete by", "due_on"),
        ("Date completed", "completed_on"),
        ("Completed", "completed_on"),
        ("COMPLETED (DATE)", "completed_on"),
        ("date-completed", "completed_on"),
    ],
)
def test_action_headers_by_meaning(header: str, field: str) -> None:
    assert _mapped("actions", [header]) == [field]


def test_by_after_a_participle_is_a_person_after_a_verb_a_deadline() -> None:
    assert header_words("Actioned by") == {"actioned", "person"}
    assert header_words("Signed off by") == {"signed", "off", "person"}
    assert header_words("Return by") == {"return", "deadline"}
    assert header_words("Date signed off by panel") == {"date", "signed", "off", "panel"}


def test_person_headers_never_fill_date_fields() -> None:
    # On an LES sheet "Signed by" and "Reviewed by" are people: no step date is taken.
    assert _mapped("les", ["Signed by", "Reviewed by", "Contract signed", "Named GP reviewed"]) == [
        None,
        None,
        "contract_signed_on",
        "named_gp_reviewed",
    ]
    assert _mapped("meetings", ["Chaired by", "Minuted by"]) == ["chair", "minute_taker"]
    assert _mapped("meetings", ["Notes taken by"]) == ["minute_taker"]


def test_word_order_case_abbreviations_and_plurals() -> None:
    assert _mapped(
        "reviews",
        ["REF.", "review: type", "Dt requested", "Submitted (date)", "learning themes"],
    ) == ["ref", "review_type", "requested_on", "submitted_on", "themes"]
    assert _mapped("recommendations", ["No. of rec", "Ref of review", "Target dt"]) == [
        "number",
        "review_ref",
        "target_on",
    ]
    assert _mapped("les", ["Return rec'd", "Received date of return"]) == [
        "return_received_on",
        None,  # the same field twice: the first, better-scoring column keeps it
    ]


def test_more_wordings_of_the_same_fields() -> None:
    assert _mapped("meetings", ["Minutes by", "Minutes sent", "Minutes"]) == [
        "minute_taker",
        "minutes_circulated_on",
        None,  # "Minutes" alone says neither who took them nor when they went out
    ]
    assert _mapped("recommendations", ["Rec #", "Recommendation"]) == ["number", "text"]
    assert _mapped("training", ["Date of training", "Delivered by", "In date?"]) == [
        "completed_on",
        "provider",
        None,
    ]


def test_trailing_on_after_a_participle_is_a_date() -> None:
    assert header_words("Requested on") == {"requested", "date"}
    assert _mapped("reviews", ["Request", "Requested on"]) == ["request_kind", "requested_on"]
    assert _mapped("actions", ["Raised on", "Completed on"]) == ["raised_on", "completed_on"]


def test_contact_and_place_wordings() -> None:
    assert _mapped("practices", ["Practice ODS code", "Practice email", "Local authority"]) == [
        "ods_code",
        "email",
        "borough",
    ]
    assert _mapped("meetings", ["Meeting No.", "Forum", "Where", "Meeting status"]) == [
        "ref",
        "title",
        "location",
        "status",
    ]


def test_most_specific_field_wins() -> None:
    # "Course name" is the course, "Practice code" the ODS code: generic words weigh less.
    assert _mapped("training", ["Course name", "Staff name"]) == ["course", "name"]
    assert _mapped("practices", ["Practice code", "Practice"]) == ["ods_code", "name"]


def test_equal_matches_are_ambiguous_and_left_unmapped() -> None:
    found = match_headers_detail(
        ["ODS code", "Contract sent/signed", "Return requested"], synonyms_for(KINDS["les"])
    )
    assert found.columns == {0: "ods_code", 2: "return_requested_on"}
    assert found.ambiguous == {1: ("contract_sent_on", "contract_signed_on")}


def test_ambiguous_header_is_a_dry_run_warning(svc: Services, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(["Action ref", "Action", "Raised/due", "Owner"])
    sheet.append(["A-1", "Send the letter", date(2024, 3, 1), "Jo Lead"])
    path = tmp_path / "actions.xlsx"
    book.save(path)
    report = run_import(svc, [path], dry_run=True)
    assert report.ok and not report.errors
    assert [str(w) for w in report.warnings] == [
        "Actions!C1 (Raised/due): ambiguous header: could be due_on or raised_on; "
        "name it in the mapping file"
    ]
    assert report.sheets[0].mapping == {
        "Action ref": "ref",
        "Action": "text",
        "Raised/due": None,
        "Owner": "owner",
    }


def test_mapping_file_resolves_the_ambiguity(svc: Services, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(["Action ref", "Action", "Raised/due", "Actioned by"])
    sheet.append(["A-1", "Send the letter", date(2024, 3, 1), "Jo Lead"])
    path = tmp_path / "actions.xlsx"
    book.save(path)
    mapping = Mapping(headers={"actions": {"raised/due": "due_on"}})
    report = run_import(svc, [path], mapping=mapping)
    assert report.committed and not report.errors and not report.warnings
    with svc.session() as session:
        action = session.exec(select(Action)).one()
        assert (action.ref, action.due_on, action.raised_on, action.owner) == (
            "A-1",
            date(2024, 3, 1),
            None,
            "Jo Lead",
        )
