"""Counts in words agree with their number: "1 row", never "1 rows"."""

from __future__ import annotations

import pytest

from sgtui.services.wording import plural


@pytest.mark.parametrize(
    ("count", "noun", "nouns", "more", "expected"),
    [
        (1, "row", None, False, "1 row"),
        (0, "row", None, False, "0 rows"),
        (2, "row", None, False, "2 rows"),
        (1_234, "row", None, False, "1,234 rows"),
        (1, "criterion", "criteria", False, "1 criterion"),
        (3, "criterion", "criteria", False, "3 criteria"),
        (1, "row", None, True, "1+ rows"),
        (100, "row", None, True, "100+ rows"),
    ],
)
def test_plural(count: int, noun: str, nouns: str | None, more: bool, expected: str) -> None:
    assert plural(count, noun, nouns, more=more) == expected
