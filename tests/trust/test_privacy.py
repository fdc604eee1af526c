"""Review subjects: pseudonyms and initials pass; real-looking names and NHS numbers warn."""

from __future__ import annotations

import pytest

from sgtui.services.privacy import check_subject, is_valid_nhs_number, nhs_numbers


@pytest.mark.parametrize(
    "subject",
    [
        "Child P",
        "Adult B",
        "Mr X",
        "Baby A and Sibling B",
        "JS",
        "J.S.",
        "J S",
        "",
        None,
        "Family Q",
    ],
)
def test_pseudonyms_and_initials_pass(subject: str | None) -> None:
    assert check_subject(subject) == []


@pytest.mark.parametrize("subject", ["John Smith", "Mr Smith", "mary Jane Watson", "JOHN SMITH"])
def test_names_warn(subject: str) -> None:
    assert any("real name" in w for w in check_subject(subject))


def test_modulus_11() -> None:
    # 943 476 5919 is the NHS's published example of a valid number.
    assert is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("123")


@pytest.mark.parametrize("text", ["Child P 943 476 5919", "9434765919", "ref 943-476-5919"])
def test_nhs_number_warns(text: str) -> None:
    assert any("NHS number" in w for w in check_subject(text))


def test_ten_digits_failing_the_check_do_not_warn() -> None:
    assert nhs_numbers("Child P 9434765918") == []
    assert check_subject("Child P 12345678901") == []  # eleven digits: not an NHS number
