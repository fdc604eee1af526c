"""Free text (notes, summaries) warns about NHS numbers that pass Modulus 11, and only those."""

from __future__ import annotations

import pytest

from sgtui.services.privacy import check_free_text

VALID = "943 476 5919"
"""The NHS's published example: weights 10..2 give 299; 299 mod 11 = 2; 11 - 2 = 9."""
OTHER_VALID = "4010232137"
"""4*10 + 1*8 + 2*6 + 3*5 + 2*4 + 1*3 + 3*2 = 92; 92 mod 11 = 4; 11 - 4 = 7."""


def _warning(spaced: str) -> str:
    return (
        f"contains what looks like an NHS number ({spaced}): remove it or confirm it must be kept"
    )


@pytest.mark.parametrize(
    "text",
    [
        f"Spoke to GP about patient {VALID} today",
        "NHS no. 9434765919.",
        "ref 943-476-5919",
    ],
)
def test_a_valid_nhs_number_warns(text: str) -> None:
    assert check_free_text(text) == [_warning(VALID)]


def test_each_number_warns_once_in_the_order_written() -> None:
    text = f"{OTHER_VALID} and {VALID}, again {OTHER_VALID}"
    assert check_free_text(text) == [_warning("401 023 2137"), _warning(VALID)]


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5918",  # check digit should be 9
        "1000000010",  # 10 + 2 = 12, 12 mod 11 = 1, check would be 10: never a valid number
        "Call 020 7946 0958",  # eleven digits: a phone number
        "Meeting on 03/04/2025 about Child P",
        "",
        None,
    ],
)
def test_text_without_a_valid_nhs_number_is_quiet(text: str | None) -> None:
    assert check_free_text(text) == []
