"""Counts in words: "1 row", "2 rows", "10,000+ rows", written once for every screen."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None, *, more: bool = False) -> str:
    """``count`` and the noun that agrees with it: "1 row", "1,234 rows".

    ``nouns`` is the plural when it is not ``noun`` + "s" ("1 criterion", "2 criteria");
    ``more`` adds a "+" for a count that is only a lower bound ("100+ rows").
    """
    word = noun if count == 1 and not more else (nouns or f"{noun}s")
    return f"{count:,}{'+' if more else ''} {word}"
