"""The NHS ODS practice list: the copy sgtui ships, and how ODS text is tidied for display.

The list (``sgtui/data/sel_gp_practices.csv``) is read with :mod:`importlib.resources`,
so it works from a wheel as well as from a clone. Every database is seeded from it
(:func:`sgtui.services.reference.seed_practices`); ``sgtui practices refresh`` updates a
database from a newer national extract (:mod:`sgtui.services.ods_refresh`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LIST_FILE = "sel_gp_practices.csv"
ODS_SOURCE = "ODS list"
"""``source`` of a practice whose name, address and borough come from the ODS list.

The shipped list is recorded as ``"ODS list"``; a refresh as ``"ODS list (epraccur.csv)"``.
Either way the source starts with this text (see :func:`is_ods_source`).
"""


@dataclass(frozen=True)
class ListedPractice:
    """One practice as the ODS list gives it (upper case, as ODS publishes it)."""

    ods_code: str
    name: str
    postcode: str
    borough: str
    address: str


@lru_cache(maxsize=1)
def shipped_practices() -> tuple[ListedPractice, ...]:
    """The practices of the list shipped inside the package, in file order."""
    text = resources.files("sgtui").joinpath("data", LIST_FILE).read_text(encoding="utf-8")
    return tuple(
        ListedPractice(
            ods_code=row["ods_code"].strip().upper(),
            name=row["name"].strip(),
            postcode=row["postcode"].strip().upper(),
            borough=row["borough"].strip(),
            address=row["address"].strip(),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def is_ods_source(source: str | None) -> bool:
    """True when a practice's values were last set from the ODS list (seed or refresh)."""
    return bool(source) and str(source).startswith(ODS_SOURCE)


_KEEP_LOWER = frozenset({"and", "of", "the", "at", "on", "in", "upon"})
_TITLED = frozenset({"dr", "drs", "st", "mr", "mrs", "ms", "rd", "sq"})


def ods_title(text: str) -> str:
    """ODS upper case as people write it: "ST JAMES' PRACTICE" -> "St James' Practice".

    Letters-and-digits (postcodes, codes) and short words without a vowel (GP, PMS, NHS,
    H/C) stay upper case, as do short words in brackets ("(LA)"); words after an
    apostrophe stay lower ("Gray's").
    """

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        lower = token.lower()
        if any(ch.isdigit() for ch in token):
            return token.upper()
        if match.start() > 0 and text[match.start() - 1] in "'\u2019":
            return lower
        if lower in _TITLED:
            return lower.capitalize()
        if len(token) <= 4 and not re.search(r"[aeiouy]", lower):
            return token.upper()
        if len(token) <= 3 and text[match.start() - 1 : match.start()] == "(":
            return token.upper()  # "LARC CLINIC (LA)": a bracketed short word is an acronym
        if lower in _KEEP_LOWER and match.start() > 0:
            return lower
        return lower.capitalize()

    return re.sub(r"[A-Za-z0-9]+", word, text.strip())


def same_text(a: str | None, b: str | None) -> bool:
    """Equal ignoring case, punctuation spacing and runs of spaces (ODS vs a title-cased copy)."""
    return _squash(a) == _squash(b)


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ")).strip().casefold()


def postcode_district(postcode: str | None) -> str | None:
    """The outward code of a UK postcode ("SE22 0SQ" -> "SE22"), or None."""
    if not postcode:
        return None
    compact = re.sub(r"\s+", "", postcode.upper())
    if len(compact) < 5:
        return None
    return compact[:-3]
