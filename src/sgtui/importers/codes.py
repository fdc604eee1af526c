"""Coded values (stage, status, request kind, RAG, review type) read by their words.

Officers type a coded column as a sentence: "Awaiting panel", "IMRs being written",
"With Home Office for QA", "Completed - see minutes". One matcher serves every coded
field: a team's value map (the mapping file's ``[values.<field>]``) first, then the
words of the cell against each catalogue entry's code, label and synonyms. Words are
compared after normalising case and punctuation, dropping filler, singularising and
cutting -ing/-ed endings, so "drafted", "drafting" and "draft" are one word. The entry
whose phrases cover most of the cell's words wins; a tie is not a match. A phrase never
matches a cell that negates one of its words ("not complete" is not "complete"; in
"Cancelled - no quorum" only "quorum" is negated).

A value that matches nothing is kept as written beside an "unmapped" code (see
:func:`sgtui.services.catalogues.unmapped_code`) and reported as a warning: only a
review type that matches nothing stops a row (it decides the review's deadlines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from sgtui.importers.cells import CellError, clean_text, is_unknown
from sgtui.services import catalogues as cat

# --- Words -----------------------------------------------------------------------------

FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "for",
        "with",
        "by",
        "on",
        "in",
        "at",
        "is",
        "are",
        "was",
        "be",
        "been",
        "being",
        "see",
        "yet",
        "currently",
        "still",
        "now",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "from",
        "as",
        "per",
        "re",
        "please",
    ]
)
"""Words that carry no meaning in a status cell ("With Home Office for QA")."""
NEGATIONS = frozenset({"not", "no", "non", "never"})
ABBREVIATIONS: dict[str, str] = {
    "info": "information",
    "inf": "information",
    "chron": "chronology",
    "chrono": "chronology",
    "chronologies": "chronology",
    "mgmt": "management",
    "mtg": "meeting",
    "wip": "progress",
    "canx": "cancelled",
    "canc": "cancelled",
    "compl": "complete",
    "cmplt": "complete",
    "ho": "home office",
    "tor": "terms reference",
    "dardr": "domestic abuse related death review",
}
"""Short forms, word for word (a value may expand to more than one word)."""
IRREGULAR: dict[str, str] = {
    "written": "write",
    "wrote": "write",
    "underway": "progress",
    "ongoing": "progress",
    "begun": "start",
    "began": "start",
    "canceled": "cancelled",
    "authorized": "authorised",
}


IDIOMS: dict[str, str] = {
    "in hand": "progress",
    "under way": "progress",
    "on the go": "progress",
}
"""Phrases whose words mean nothing alone ("in hand" is not about hands): read as one word."""
_IDIOM = re.compile(r"\b(" + "|".join(re.escape(p) for p in IDIOMS) + r")\b")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """One word's comparable form: singular, without -ing/-ed/-ion/-e, no final double letter."""
    word = IRREGULAR.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ion"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


@lru_cache(maxsize=8192)
def word_list(text: str) -> tuple[str, ...]:
    """The cell's meaningful words in order, stemmed ("IMRs being written" -> (imr, writ)).

    When every word is filler (a lone "A" for amber) the words are kept as they are.
    """
    lowered = " ".join(text.lower().replace("'", "").replace("’", "").split())
    lowered = _IDIOM.sub(lambda m: IDIOMS[m.group(1)], lowered)
    raw = re.findall(r"[a-z0-9✓✔✗✘]+", lowered)
    expanded = [part for w in raw for part in ABBREVIATIONS.get(w, w).split()]
    kept = [w for w in expanded if w not in FILLER] or expanded
    return tuple(stem(w) for w in kept)


def words(text: str) -> frozenset[str]:
    """The cell's meaningful words as a set (see :func:`word_list`)."""
    return frozenset(word_list(text))


def negated(text: str) -> frozenset[str]:
    """Words a negation applies to: the word after "not"/"no" ("not complete" -> {complet})."""
    found = word_list(text)
    return frozenset(b for a, b in zip(found, found[1:], strict=False) if a in NEGATIONS)


# --- Catalogues ------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """One coded field's entries as phrases of stemmed words, each naming its code."""

    what: str
    """The field as a message names it ("stage", "request kind")."""
    codes: tuple[str, ...]
    phrases: tuple[tuple[frozenset[str], str, bool], ...]
    """(words, code, whether the words are the entry's own code or label, not a synonym)."""
    labels: tuple[tuple[str, str], ...] = ()
    """(code, label) of each entry, in catalogue order."""


def catalogue(what: str, labels: dict[str, str], synonyms: Iterable[tuple[str, str]]) -> Catalogue:
    """A catalogue from code -> label plus (words, code) synonyms.

    Each code is a phrase itself ("draft_report"), and so is its label, each part of a
    label split on "/" ("Published / embargoed"), and the label without its brackets.
    """
    own: list[tuple[str, str]] = []
    for code, label in labels.items():
        own += [(code.replace("_", " "), code), (label, code)]
        own += [(part, code) for part in re.split(r"/", label)]
        own.append((re.sub(r"\(.*?\)", " ", label), code))
    found: dict[tuple[frozenset[str], str], bool] = {}
    for texts, is_own in ((own, True), (list(synonyms), False)):
        for text, code in texts:
            if words(text):
                found[(words(text), code)] = found.get((words(text), code), False) or is_own
    phrases = tuple((w, code, is_own) for (w, code), is_own in found.items())
    return Catalogue(what, tuple(labels), phrases, tuple(labels.items()))


def _pairs(table: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    return [(text, code) for code, texts in table.items() for text in texts]


STAGE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "notified": ("new", "referral", "referred", "received", "open"),
    "rapid_review": ("scoping", "rr", "rapid review", "initial review"),
    "decision": ("awaiting decision", "decision pending", "to decide"),
    "commissioned": ("commissioned", "terms reference", "author appointed", "set up"),
    "information_gathering": (
        "information gathering",
        "chronology",
        "imr",
        "agency report",
        "request",
        "information requested",
    ),
    "panel": ("panel", "practitioner event", "learning event", "review meeting", "workshop"),
    "draft_report": ("draft", "draft report", "report writing", "writing report", "with author"),
    "sign_off": ("sign off", "signed off", "approval", "board approval"),
    "awaiting_qa": ("qa", "quality assurance", "home office", "quality assurance panel"),
    "published": ("published", "publication", "embargoed", "embargo"),
    "action_plan": ("action plan", "monitoring", "implementation"),
    "closed": ("closed", "complete", "completed", "finished"),
    "no_review": ("no review", "nfa", "no further action", "not progressed", "not proceed"),
}
KIND_SYNONYMS: dict[str, tuple[str, ...]] = {
    "chronology": ("chronology", "timeline"),
    "imr": ("imr", "individual management review", "agency report", "report", "reflective"),
    "information": (
        "information",
        "summary",
        "agency summary",
        "information return",
        "scoping",
        "records check",
        "involvement",
    ),
    "rr_return": ("rr return", "rapid review return", "rapid review", "rr"),
    "panel_comments": ("panel", "comments", "draft comments", "feedback"),
    "other": ("other",),
}
MEETING_SYNONYMS: dict[str, tuple[str, ...]] = {
    "planned": (
        "scheduled",
        "booked",
        "confirmed",
        "invite sent",
        "arranged",
        "upcoming",
        "diarised",
        "papers circulated",
        "not yet held",
        "tbc",
        "to be confirmed",
    ),
    "held": (
        "held",
        "took place",
        "happened",
        "done",
        "complete",
        "minuted",
        "minutes",
        "attended",
    ),
    "cancelled": (
        "cancelled",
        "postponed",
        "rescheduled",
        "stood down",
        "deferred",
        "moved",
        "rearranged",
        "called off",
        "abandoned",
        "not going ahead",
        "did not go ahead",
        "scrapped",
    ),
}
ACTION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "open": (
        "new",
        "not started",
        "outstanding",
        "not due",
        "pending",
        "awaiting",
        "hold",
        "to do",
        "todo",
        "not complete",
        "overdue",
    ),
    "in_progress": (
        "progress",
        "started",
        "track",
        "partially",
        "partly",
        "part complete",
        "partially complete",
        "part done",
        "partly done",
        "half done",
        "being progressed",
        "working on",
    ),
    "complete": ("done", "achieved", "actioned", "finished", "resolved", "completed", "met"),
    "closed": (
        "superseded",
        "withdrawn",
        "no longer required",
        "not required",
        "no longer needed",
        "not needed",
        "closed",
    ),
    "carried_forward": (
        "carried forward",
        "c f",
        "cf",
        "rolled over",
        "carry forward",
        "carried over",
        "carry over",
        "brought forward",
        "rolled forward",
        "roll over",
        "next meeting",
        "deferred",
    ),
}
RAG_SYNONYMS: dict[str, tuple[str, ...]] = {
    "red": ("r", "off track", "not started", "overdue", "behind"),
    "amber": ("a", "at risk", "some progress", "partially"),
    "green": ("g", "on track", "progress"),
    "blue": ("b", "complete", "completed", "done", "achieved", "closed"),
}

STAGE = catalogue("stage", cat.STAGE_LABELS, _pairs(STAGE_SYNONYMS))
REQUEST_KIND = catalogue("ICB request", cat.SUBMISSION_KINDS, _pairs(KIND_SYNONYMS))
MEETING_STATUS = catalogue("status", cat.MEETING_STATUS_LABELS, _pairs(MEETING_SYNONYMS))
ACTION_STATUS = catalogue("status", cat.ACTION_STATUS_LABELS, _pairs(ACTION_SYNONYMS))
RAG = catalogue("RAG rating", cat.RAG_LABELS, _pairs(RAG_SYNONYMS))
REVIEW_TYPE = catalogue(
    "review type",
    {code: label for code, (label, _body) in cat.REVIEW_TYPES.items()},
    [(text, code) for text, code in cat.REVIEW_TYPE_SYNONYMS.items()],
)

CODED: dict[tuple[str, str], tuple[Catalogue, bool]] = {
    ("reviews", "stage"): (STAGE, False),
    ("reviews", "request_kind"): (REQUEST_KIND, True),
    ("meetings", "status"): (MEETING_STATUS, False),
    ("actions", "status"): (ACTION_STATUS, False),
    ("recommendations", "rag"): (RAG, False),
}
"""(sheet kind, field) -> (its catalogue, whether one cell may name several values)."""


# --- Matching ----------------------------------------------------------------------------


def best_code(text: str, table: Catalogue) -> str | None:
    """The code whose phrases cover most of the cell's words; None for none or a tie.

    Between entries covering as many words, the one whose own code or label covers more
    wins, so a value that names an entry outright ("Amber - in progress", "Draft report
    with Home Office") is that entry rather than a tie with another's synonym.
    """
    if text in table.codes:
        return text
    cell = words(text)
    if not cell:
        return None
    denied = negated(text)
    covered: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}
    for phrase, code, is_own in table.phrases:
        if phrase <= cell and (not phrase & denied or phrase & NEGATIONS):
            covered.setdefault(code, set()).update(phrase)
            if is_own:
                named.setdefault(code, set()).update(phrase)
    if not covered:
        return None
    ranked = sorted(
        (((len(w), len(named.get(code, ()))), code) for code, w in covered.items()), reverse=True
    )
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


@dataclass(frozen=True, slots=True)
class Coded:
    """A coded cell's value: the catalogue code, or an unmapped code and the text as written."""

    code: str
    text: str | None = None
    """The text as written, only when it matched nothing (then ``code`` is "unmapped:…")."""

    @property
    def unmapped(self) -> bool:
        """True when the value matched no catalogue entry."""
        return self.text is not None


def match(text: str, table: Catalogue, value_map: dict[str, str] | None = None) -> Coded:
    """The code for one value: the team's value map first, then the words; else unmapped."""
    if text.endswith(cat.UNMAPPED_SUFFIX):  # sgtui's own export of a value kept as written
        text = text.removesuffix(cat.UNMAPPED_SUFFIX).strip() or text
    key = " ".join(text.lower().split())
    mapped = (value_map or {}).get(key)
    for candidate in (mapped, text) if mapped else (text,):
        code = best_code(candidate, table)
        if code is not None:
            return Coded(code)
    return Coded(cat.unmapped_code(text), text)


SPLIT = re.compile(r"\s*(?:&|\+|,|;|/|\band\b|\bplus\b)\s*", re.I)


def coded_reader(
    table: Catalogue, value_map: dict[str, str], several: bool
) -> Callable[[object], Coded | tuple[Coded, ...] | None]:
    """A cell reader for one coded column (see :data:`CODED`)."""

    def read(value: object) -> Coded | tuple[Coded, ...] | None:
        text = clean_text(value)
        if is_unknown(text):
            return None
        if not several:
            return match(text, table, value_map)
        whole = match(text, table, value_map)
        if not whole.unmapped and not SPLIT.search(text):
            return (whole,)
        parts = [p for p in SPLIT.split(text) if p.strip()]
        found = [match(p, table, value_map) for p in parts] if len(parts) > 1 else [whole]
        return tuple(dict.fromkeys(found))

    return read


def choices(kind: str, field_name: str) -> list[tuple[str, str]]:
    """(code, label) of each catalogue entry an unmapped value of this column may map to.

    For the Import screen: an officer picks one, and the code is saved as
    ``[values.<field>] "<text>" = "<code>"`` in the mapping file.
    """
    found = CODED.get((kind, field_name))
    return list(found[0].labels) if found else []


def review_type(text: str, value_map: dict[str, str] | None = None) -> str:
    """RR, CSPR, LCSPR, DHR, SAR, OWHR or OTHER by code, name or words; else a CellError."""
    found = match(text, REVIEW_TYPE, value_map)
    if found.unmapped:
        raise CellError(f"unknown review type (use one of {', '.join(cat.REVIEW_TYPES)})")
    return found.code
