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
        "Operation Oak",
        "Baby Girl T",
        "Lambeth Homicide Review Adult C",
        "Joint Thematic Review",
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


def test_a_kept_report_never_repeats_the_number() -> None:
    from sgtui.services.privacy import check_free_text

    assert check_free_text("Call about 9434765919", quote=False) == [
        "contains what looks like an NHS number: remove it or confirm it must be kept"
    ]
    assert check_free_text("Call about 9434765918", quote=False) == []


def test_private_fields_follow_the_registry_tags() -> None:
    from sgtui.services.privacy import private_fields
    from sgtui.services.registry import kind_of

    values = {
        "ref": "John Smith",  # not a private field: never checked
        "subject": "John Smith",
        "case_summary": "NHS 943 476 5919",
        "lessons_learnt": "Share with Mary Jones",  # names are normal in free text
    }
    found = [(spec.name, reasons) for spec, reasons in private_fields(kind_of("review"), values)]
    assert found == [
        (
            "subject",
            [
                "looks like a real name: use a pseudonym or initials"
                " (e.g. 'Child P', 'Adult B', 'JS')"
            ],
        ),
        (
            "case_summary",
            [
                "contains what looks like an NHS number (943 476 5919):"
                " remove it or confirm it must be kept"
            ],
        ),
    ]
