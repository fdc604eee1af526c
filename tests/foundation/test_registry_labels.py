"""Import and export use the registry's labels for the fields it holds: one definition.

An import field named as a registry field of the same kind of record is labelled as
the form labels it (the Import screen's field picker shows that label), unless
:data:`OWN_LABELS` says why not; its old workbook wording still reads. An export's
column holding a registry field is headed by the field's label.
"""

from __future__ import annotations

import pytest

from sgtui.exporters.les_return import GRID_FIXED, OUTSTANDING_COLUMNS
from sgtui.exporters.lists import (
    ACTION_COLUMNS,
    MEETING_COLUMNS,
    PRACTICE_COLUMNS,
    REVIEW_EXTRA,
    TRAINING_COLUMNS,
)
from sgtui.importers.fields import KINDS as SHEET_KINDS
from sgtui.importers.fields import OWN_LABELS, match_headers, registry_field, synonyms_for

SHARED = {
    "practices": ["ods_code", "name", "borough", "postcode", "address", "pcn", "list_size",
                  "safeguarding_lead", "practice_manager", "email"],
    "meetings": ["meeting_date", "start_time", "title", "borough", "chair", "location",
                 "minute_taker", "minutes_circulated_on", "status"],
    "actions": ["meeting", "text", "owner", "raised_on", "due_on", "status", "completed_on"],
    "reviews": ["ref", "review_type", "borough", "subject", "incident_on", "notified_on",
                "decision_on", "commissioned_on", "stage", "themes", "published_on"],
    "recommendations": ["number", "text", "health_action", "lead", "target_on", "rag",
                        "completed_on"],
    "les": ["contract_sent_on", "contract_signed_on", "return_requested_on",
            "return_received_on", "validated_on"],
    "training": ["course", "completed_on", "expires_on", "hours", "provider"],
}  # fmt: skip
"""Each kind of sheet's fields that the registry holds under the same name, in order."""


def test_the_shared_fields_are_the_expected_ones() -> None:
    found = {
        kind.name: [f.name for f in kind.fields if registry_field(kind.name, f.name)]
        for kind in SHEET_KINDS.values()
    }
    assert {k: v for k, v in found.items() if v} == SHARED


def test_every_shared_import_field_has_the_registry_label_or_a_reason() -> None:
    for sheet, names in SHARED.items():
        for name in names:
            spec, shared = SHEET_KINDS[sheet].by_name[name], registry_field(sheet, name)
            assert shared is not None
            if (sheet, name) in OWN_LABELS:
                assert spec.label != shared.label and OWN_LABELS[(sheet, name)]
            else:
                assert spec.label == shared.label, (sheet, name)
    assert SHEET_KINDS["actions"].by_name["raised_on"].label == "Raised on"
    assert SHEET_KINDS["reviews"].by_name["review_type"].label == "Review type"


@pytest.mark.parametrize(
    ("sheet", "headers", "fields"),
    [
        ("actions", ["Date raised", "Due date", "Date completed"], ["raised_on", "due_on", "completed_on"]),
        ("actions", ["Raised on", "Due", "Completed on"], ["raised_on", "due_on", "completed_on"]),
        ("meetings", ["Venue", "Start time", "Meeting"], ["location", "start_time", "title"]),
        ("meetings", ["Location or Teams", "Start", "Title"], ["location", "start_time", "title"]),
        ("recommendations", ["Rec no.", "Date completed"], ["number", "completed_on"]),
        ("practices", ["Practice name", "Email"], ["name", "email"]),
        ("reviews", ["Notified on", "Published on", "Stage"], ["notified_on", "published_on", "stage"]),
    ],
)  # fmt: skip
def test_workbook_wording_and_the_registry_labels_both_read(
    sheet: str, headers: list[str], fields: list[str]
) -> None:
    matched = match_headers(headers, synonyms_for(SHEET_KINDS[sheet]))
    assert [matched.get(i) for i in range(len(headers))] == fields


def test_export_headers_take_the_registry_labels() -> None:
    assert [c.header for c in ACTION_COLUMNS] == [
        "Action ref", "Meeting ref", "Meeting", "Meeting date", "Review ref", "Practice ODS",
        "Borough", "Action", "Owner", "Raised on", "Due", "Status", "Completed on", "RAG",
    ]  # fmt: skip
    assert [c.header for c in MEETING_COLUMNS] == [
        "Meeting ID", "Date", "Start", "Title", "Borough", "Chair", "Location or Teams", "Status",
    ]  # fmt: skip
    assert [c.header for c in PRACTICE_COLUMNS] == [
        "ODS code", "Name", "Borough", "Postcode", "Address", "PCN", "List size",
        "Safeguarding lead", "Practice manager", "E-mail", "Open",
    ]  # fmt: skip
    assert [c.header for c in TRAINING_COLUMNS] == [
        "Name", "E-mail", "Role", "Organisation", "Practice ODS", "Practice", "Borough",
        "Course code", "Course", "Completed on", "Expires on", "Hours", "Provider", "Status",
        "RAG",
    ]  # fmt: skip
    assert [label for label, _attr in REVIEW_EXTRA] == [
        "Borough code", "Review type", "Commissioning body",
        "Subject (pseudonym or initials only)", "Decision", "Decision date", "Commissioned on", "Closed on", "Independent chair or author",
        "S-CRT reference", "Entered on S-CRT", "S-CRT last updated on",
    ]  # fmt: skip
    assert [c.header for c in GRID_FIXED][:13] == [
        "ODS code", "Practice", "PCN", "Postcode", "Borough", "Safeguarding lead", "Contract",
        "Contract sent", "Contract signed", "Return status", "RAG", "Return requested",
        "Return received",
    ]  # fmt: skip
    assert [c.header for c in OUTSTANDING_COLUMNS][:8] == [
        "ODS code", "Practice", "Practice manager", "Safeguarding lead", "E-mail", "Contract",
        "Return requested", "Times chased",
    ]  # fmt: skip
