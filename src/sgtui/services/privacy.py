"""Privacy by design: a review subject must be a pseudonym or initials, never a real name.

Statutory review records are special-category data; the subject field exists only to
tell reviews apart ("Child P", "Adult B", "JS"). These checks warn (they do not
refuse) when the text looks like a real name or holds an NHS number, so the officer
can correct it before it is saved, exported or shared. Notes and other free text get
the NHS-number check alone (:func:`check_free_text`): names are normal there.

This module is the one home of the rule. The app's form (as it is typed and on save),
``sgtui set``/``sgtui add`` (through :mod:`sgtui.services.editing`) and the import (through
:func:`private_fields`) all ask it, by the ``privacy`` tag of each field in
:mod:`sgtui.services.registry`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sgtui.services.registry import FieldDef, KindDef

PSEUDONYM_WORDS = frozenset(
    {
        "child", "adult", "baby", "infant", "young", "person", "subject", "family",
        "sibling", "mother", "father", "parent", "case", "victim", "perpetrator",
        "mr", "mrs", "ms", "miss", "mx", "dr", "master", "and", "the", "of",
        "boy", "girl", "male", "female", "son", "daughter", "brother", "sister", "twin",
        "twins", "unborn", "grandmother", "grandfather", "husband", "wife", "partner",
        "neighbour", "unknown", "deceased", "review", "operation", "homicide", "domestic",
        "abuse", "safeguarding", "learning", "rapid", "local", "practice", "joint",
        "thematic", "multi", "agency", "bexley", "bromley", "greenwich", "lambeth",
        "lewisham", "southwark", "london", "south", "east",
    }
)  # fmt: skip
"""Words that pseudonyms and review titles are built from ("Baby Girl T", "Operation
Oak", "Lambeth DHR Adult C"); they never count towards a "full name"."""

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "master"})

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
NHS_CANDIDATE = re.compile(r"(?<!\d)(\d(?:[ \-]?\d){9})(?!\d)")
"""Ten digits, optionally grouped with spaces or hyphens (e.g. 943 476 5919)."""


def is_valid_nhs_number(digits: str) -> bool:
    """True when ten digits pass the NHS Modulus 11 check (weights 10..2)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_numbers(text: str) -> list[str]:
    """The valid NHS numbers written anywhere in ``text`` (digits only)."""
    found = (re.sub(r"\D", "", m.group(1)) for m in NHS_CANDIDATE.finditer(text))
    return [digits for digits in found if is_valid_nhs_number(digits)]


def _is_name_word(word: str) -> bool:
    """A capitalised word of two or more letters that is not a pseudonym word or initials."""
    if len(word) < 2 or not word[0].isupper() or word.lower() in PSEUDONYM_WORDS:
        return False
    return not (word.isupper() and len(word) <= 3)  # "JS", "ABC" are initials


def looks_like_full_name(text: str) -> bool:
    """Two or more name-like words in a row, or a title followed by one ("Mr Smith")."""
    words = WORD.findall(text)
    run = 0
    for previous, word in zip([""] + words, words, strict=False):
        if _is_name_word(word):
            run += 1
            if run >= 2 or previous.lower() in TITLES:
                return True
        else:
            run = 0
    return False


def check_subject(text: str | None) -> list[str]:
    """Warnings for a review subject that may identify a person; empty when it looks safe."""
    if not text or not text.strip():
        return []
    warnings: list[str] = []
    if nhs_numbers(text):
        warnings.append("contains what looks like an NHS number: record pseudonyms only")
    if looks_like_full_name(text):
        warnings.append(
            "looks like a real name: use a pseudonym or initials (e.g. 'Child P', 'Adult B', 'JS')"
        )
    return warnings


def spaced_nhs_number(digits: str) -> str:
    """Ten digits as the NHS writes them, 3-3-4 ("943 476 5919"), so an officer can find them."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def check_free_text(text: str | None, *, quote: bool = True) -> list[str]:
    """Warnings for a note or free-text field holding an NHS number; empty when it has none.

    Notes, case summaries and lessons learnt are read by colleagues and exported, and an
    NHS number identifies a patient. Only numbers passing Modulus 11 warn, so phone
    numbers and references rarely do; the officer may still confirm a number is needed.
    ``quote`` shows the number so the officer can find it as they type; a report that is
    kept or printed (an import's) passes False, so it never repeats the number.
    """
    if not text:
        return []
    found = dict.fromkeys(nhs_numbers(text))  # each number once, in the order written
    if found and not quote:
        return ["contains what looks like an NHS number: remove it or confirm it must be kept"]
    return [
        f"contains what looks like an NHS number ({spaced_nhs_number(digits)}):"
        " remove it or confirm it must be kept"
        for digits in found
    ]


def privacy_warnings(spec: FieldDef, text: object, *, quote: bool = True) -> list[str]:
    """What a private field's text may give away: a real name, an NHS number.

    ``spec.privacy`` says which rule applies: "subject" (a pseudonym only) or
    "free_text" (no NHS numbers); a field without the tag is never checked.
    """
    if not spec.privacy or not isinstance(text, str) or not text.strip():
        return []
    if spec.privacy == "subject":
        return check_subject(text)
    return check_free_text(text, quote=quote)


def private_fields(
    kind: KindDef, values: Mapping[str, object], *, quote: bool = True
) -> Iterator[tuple[FieldDef, list[str]]]:
    """Each private field among ``values`` (by field name) that may identify someone, and why."""
    for spec in kind.fields:
        if spec.privacy and spec.name in values:
            found = privacy_warnings(spec, values[spec.name], quote=quote)
            if found:
                yield spec, found
