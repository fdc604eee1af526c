"""Every list column that shows a registry field names one its rows' record kind has."""

from __future__ import annotations

import pytest

from sgtui.services.lists import LISTS, Row, record_of
from sgtui.services.registry import kind_of

ROW_KINDS = {
    "training": "training",
    "meetings": "meeting",
    "actions": "action",
    "reviews": "review",
    "practices": "practice",
    "people": "person",
    "les": "les",
    "les_chase": "les",
    "attendance": "attendance",
    "submissions": "submission",
    "recommendations": "recommendation",
    "review_submissions": "submission",
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_column_fields_belong_to_the_rows_kind(name: str) -> None:
    kind = kind_of(ROW_KINDS[name])
    fields = [c.field for c in LISTS[name].columns if c.field]
    assert fields, f"{name} has no editable column"
    for field in fields:
        assert kind.field(field).name == field
        assert not kind.field(field).on_create_only, f"{name}: {field} is set once, on adding"


def test_a_row_edits_the_record_its_key_names_not_the_one_enter_opens() -> None:
    row = Row("training:12", "person", 3, ())
    assert record_of(row) == ("training", 12)
    assert record_of(Row("les:4", "les", 4, ())) == ("les_return", 4)
