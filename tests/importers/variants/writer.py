"""Write the logical dataset as one seeded variant: sheets of cells, before any file format.

:func:`build` turns a seed into a :class:`Variant`: for each kind of sheet a name, title
rows, a header row (each field's wording, case and punctuation), a column order, extra
columns, blank and Totals rows, and every value spelled one of the ways an officer
writes it. The same seed always gives the same cells. :mod:`.formats` then saves it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from . import dataset as ds
from . import words as w

FORMATS = ("xlsx", "lo-xlsx", "xls", "ods", "csv")
"""openpyxl's own xlsx; xlsx, xls and ods saved by LibreOffice; one CSV per sheet."""
NBSP = "\u00a0"


@dataclass
class Sheet:
    """One sheet's cells, top row first, as a workbook would hold them."""

    name: str
    kind: str | None
    rows: list[list[Any]]
    hidden: bool = False


@dataclass
class Variant:
    """A variant: its seed, file format, sheets, and a line per choice made (for reports)."""

    seed: int
    fmt: str
    vary: tuple[str, ...] = ()
    sheets: list[Sheet] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    date_styles: list[str] = field(default_factory=list)
    """The date styles this variant writes ("date" cells, "serial" numbers, text forms)."""

    @property
    def name(self) -> str:
        """Unique among variants: "07", or "07-headers" when one dimension is varied."""
        if set(self.vary) == set(DIMENSIONS):
            return f"{self.seed:02d}"
        return f"{self.seed:02d}-{'+'.join(self.vary) or 'plain'}-{self.fmt}"

    @property
    def text_only(self) -> bool:
        """CSV cells are all text: no real dates, serials or numbers."""
        return self.fmt == "csv"


Column = tuple[str, Callable[[Any], Any], str]
"""(field, the record's logical value, how to render it)."""


DIMENSIONS = ("names", "headers", "values", "dates", "layout")
"""What a variant varies besides its format: sheet names; header wording, case and
punctuation; value spellings and ticks; date and time styles; title, blank and Totals
rows, column order, extra columns and sheets with no records."""


def build(seed: int, fmt: str | None = None, *, vary: tuple[str, ...] = DIMENSIONS) -> Variant:
    """The variant for ``seed`` (its format cycles through :data:`FORMATS` unless given).

    Only the dimensions in ``vary`` are varied; the others take the plainest choice (the
    first word of every list, the dataset's column order, no titles, real dates), so
    ``vary=()`` is the tidiest workbook and one dimension alone shows what it breaks.
    """
    variant = Variant(seed, fmt or FORMATS[seed % len(FORMATS)], tuple(vary))
    rng = random.Random(seed)
    _Builder(variant, {dim: rng if dim in vary else _Plain() for dim in DIMENSIONS}).run()
    return variant


class _Plain(random.Random):
    """A "random" source that always makes the plainest choice."""

    def random(self) -> float:
        return 0.999

    def choice(self, seq: Any) -> Any:
        return seq[0]

    def randint(self, a: int, b: int) -> int:
        return a

    def sample(self, population: Any, k: int, *, counts: Any = None) -> list[Any]:
        return list(population)[:k]

    def shuffle(self, x: Any) -> None:
        return None


class _Builder:
    """Makes every seeded choice for one variant."""

    def __init__(self, variant: Variant, sources: dict[str, random.Random]) -> None:
        self.v = variant
        self.names = sources["names"]
        self.words = sources["headers"]
        self.rng = sources["values"]
        self.dates = sources["dates"]
        self.layout = sources["layout"]
        styles = ([] if variant.text_only else ["date", "serial"]) + list(w.TEXT_DATE_STYLES)
        if variant.text_only:
            styles.insert(0, styles.pop(styles.index("{d:02d}/{m:02d}/{Y}")))
        self.date_styles = self.dates.sample(styles, self.dates.randint(1, 4))
        variant.date_styles = list(self.date_styles)
        self.org_style = self.rng.choice(("name", "code", "mixed"))
        self.icb = self.rng.choice(w.ICB_NAMES)
        self.ods_case = self.rng.random() < 0.3
        variant.features.append(f"dates: {', '.join(self.date_styles)}")
        variant.features.append(f"training organisation as {self.org_style}; ICB as {self.icb!r}")

    # --- sheets -------------------------------------------------------------------

    def run(self) -> None:
        kinds = list(KIND_COLUMNS)
        self.layout.shuffle(kinds)
        for kind in kinds:
            self.v.sheets.append(self.sheet(kind))
        if not self.v.text_only:
            self.v.sheets.extend(self.furniture())

    def sheet(self, kind: str) -> Sheet:
        rng = self.layout
        name = self.names.choice(w.SHEET_NAMES[kind])
        columns = list(KIND_COLUMNS[kind](self))
        if rng.random() < 0.6:
            rng.shuffle(columns)
        headers = self.headers(kind, columns)
        extras = [] if kind == "les" else rng.sample(w.EXTRA_COLUMNS, rng.randint(0, 2))
        for extra in extras:
            at = rng.randint(0, len(headers))
            headers.insert(at, extra)
            columns.insert(at, ("", lambda _r: self.rng.choice(w.EXTRA_TEXT), "text"))
        offset = 1 if rng.random() < 0.2 else 0
        rows: list[list[Any]] = self.titles(kind)
        header_row = len(rows) + 1
        rows.append(headers)
        records = RECORDS[kind]()
        body = [[self.render(how, value(r)) for _f, value, how in columns] for r in records]
        for _ in range(rng.randint(0, 2)):
            body.insert(rng.randint(1, len(body) - 1), [])
        rows.extend(body)
        if kind in ("practices", "les") and rng.random() < 0.5:
            rows.extend(self.totals(kind, columns))
        rows = [([None] * offset + row) if row else [] for row in rows]
        self.v.features.append(
            f"{kind}: sheet {name!r}, header in row {header_row}"
            f"{' from column B' if offset else ''}, headers {headers}"
        )
        return Sheet(name, kind, rows)

    def titles(self, kind: str) -> list[list[Any]]:
        rng = self.layout
        count = rng.choice((0, 0, 1, 2, 3))
        if kind == "les" and count == 0 and rng.random() < 0.5:
            count = 1
        lines = [rng.choice(w.TITLES[kind])] + list(rng.sample(w.TITLE_EXTRAS, 2))
        rows: list[list[Any]] = [[line] for line in lines[:count]]
        if rows and rng.random() < 0.6:
            rows.append([])
        return rows

    def headers(self, kind: str, columns: list[Column]) -> list[str]:
        rng = self.words
        case = rng.choice(("as is", "as is", "upper", "lower", "title"))
        chosen: list[str] = []
        for name, _value, how in columns:
            if name.startswith("criterion:"):
                code = name.split(":")[1]
                text = rng.choice(w.CRITERION_FORMS).format(
                    n=int(code[1:]), q=rng.choice(w.CRITERION_TITLES[code])
                )
            else:
                text = rng.choice(w.HEADERS[kind][name])
                if how in ("date", "step") and rng.random() < 0.2:
                    text += rng.choice(w.DATE_SUFFIXES)
            chosen.append(self.punctuate(_case(text, case)))
        return chosen

    def punctuate(self, text: str) -> str:
        roll = self.words.random()
        if roll < 0.08:
            return text + ":"
        if roll < 0.14 and " " in text:
            return text.replace(" ", "\n", 1)  # a wrapped header cell
        if roll < 0.2:
            return text + " "
        return text

    def totals(self, kind: str, columns: list[Column]) -> list[list[Any]]:
        label = self.layout.choice(("Total", "Totals", "TOTAL", "Total:"))
        row: list[Any] = [label] + [None] * (len(columns) - 1)
        for index, (name, _value, _how) in enumerate(columns):
            if index and name == "list_size":
                row[index] = sum(p.list_size for p in ds.PRACTICES)
            if index and name == "return_received":
                row[index] = sum(r.return_received is not None for r in ds.LES_RETURNS)
        if self.v.text_only:
            row = [None if c is None else str(c) for c in row]
        return [[], row] if self.layout.random() < 0.5 else [row]

    def furniture(self) -> list[Sheet]:
        """Sheets with no records: instructions, a hidden lookups list, a dashboard."""
        rng = self.layout
        sheets = []
        if rng.random() < 0.5:
            sheets.append(
                Sheet(
                    rng.choice(("Read me", "Instructions", "Guidance")),
                    None,
                    [["How to use this tracker"], ["Add new rows at the bottom of each log."]],
                )
            )
        if rng.random() < 0.5:
            lists = [
                ["Meeting statuses", "RAG"],
                ["Planned", "Red"],
                ["Held", "Amber"],
                ["Cancelled", "Green"],
            ]
            sheets.append(Sheet(rng.choice(("Lists", "Lookups", "Dropdowns")), None, lists, True))
        if rng.random() < 0.4:
            sheets.append(
                Sheet("Dashboard", None, [["Open actions", 4], ["LES returns received", 5]])
            )
        return sheets

    # --- values -------------------------------------------------------------------

    def render(self, how: str, value: Any) -> Any:
        """One cell: the logical value written one of the ways an officer writes it."""
        if how == "step":
            return self.step(value)
        if value is None or value == "" or value == ():
            return None
        return RENDERERS[how](self, value)

    def step(self, value: ds.Step) -> Any:
        if value is ds.UNDATED:
            return self.rng.choice(w.YES_MARKS)
        if value is None:
            return self.rng.choice(w.NO_MARKS) or None
        return self.date(value)

    def date(self, day: date) -> Any:
        style = self.dates.choice(self.date_styles)
        if style == "date":
            return day
        if style == "serial":
            return (day - date(1899, 12, 30)).days
        return style.format(
            d=day.day,
            m=day.month,
            Y=day.year,
            y=day.year % 100,
            Month=w.MONTHS[day.month - 1],
            Mon=w.MONTHS[day.month - 1][:3],
        )

    def time(self, at: time) -> Any:
        if not self.v.text_only and self.dates.random() < 0.4:
            return at
        style = self.dates.choice(w.TIME_STYLES)
        hour12 = at.hour % 12 or 12
        ampm = "am" if at.hour < 12 else "pm"
        if style == "{h}{ampm}":
            return f"{hour12}{'.' + format(at.minute, '02d') if at.minute else ''}{ampm}"
        return style.format(H=at.hour, M=at.minute)

    def text(self, value: str) -> str:
        roll = self.rng.random()
        if roll < 0.07:
            return value + NBSP
        if roll < 0.14:
            return value + " "
        return value

    def ref(self, value: str) -> str:
        roll = self.rng.random()
        if roll < 0.15:
            return value.lower()
        if roll < 0.25:
            return value + " "
        return value

    def ods(self, value: str) -> str:
        return value.lower() if self.ods_case and self.rng.random() < 0.5 else self.text(value)

    def number(self, value: float) -> Any:
        if self.v.text_only:
            return (
                f"{value:,}" if isinstance(value, int) and self.rng.random() < 0.4 else str(value)
            )
        if isinstance(value, int) and value >= 1000 and self.rng.random() < 0.25:
            return f"{value:,}"
        return value

    def word(self, table: dict[str, tuple[str, ...]], code: str) -> str:
        text = self.rng.choice(table[code])
        roll = self.rng.random()
        if roll < 0.12:
            return text.lower()
        if roll < 0.2 and len(text) > 2:
            return text.upper()
        return self.text(text)

    def requests(self, kinds: tuple[str, ...]) -> str:
        joiner = self.rng.choice(w.REQUEST_JOINERS)
        return joiner.join(self.word(w.REQUEST_KINDS, k) for k in kinds)

    def themes(self, themes: tuple[str, ...]) -> str:
        joiner = self.rng.choice(("; ", ", ", ";"))
        spelled = [t[0].lower() + t[1:] if self.rng.random() < 0.3 else t for t in themes]
        return joiner.join(spelled)

    def organisation(self, person: ds.Person) -> str:
        if person.practice is None:
            return self.icb
        practice = next(p for p in ds.PRACTICES if p.ods == person.practice)
        style = self.org_style
        if style == "mixed":
            style = self.rng.choice(("name", "code"))
        return practice.ods if style == "code" else self.text(practice.name)

    def answer(self, value: Any) -> Any:
        if value is True:
            return self.rng.choice(w.ANSWER_YES)
        if value is False:
            return self.rng.choice(w.ANSWER_NO)
        if isinstance(value, date):
            if not self.v.text_only and self.dates.random() < 0.5:
                return value
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        return str(value) if self.v.text_only else value

    def percent(self, value: float) -> Any:
        if self.rng.random() < 0.3:
            return f"{value}%"
        return str(value) if self.v.text_only else value


def _case(text: str, case: str) -> str:
    if case == "upper":
        return text.upper()
    if case == "lower":
        return text.lower()
    if case == "title":
        return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
    return text


RENDERERS: dict[str, Callable[[_Builder, Any], Any]] = {
    "text": _Builder.text,
    "ref": _Builder.ref,
    "ods": _Builder.ods,
    "date": _Builder.date,
    "time": _Builder.time,
    "number": _Builder.number,
    "borough": lambda b, code: b.word(w.BOROUGHS, code),
    "review_type": lambda b, code: b.word(w.REVIEW_TYPES, code),
    "stage": lambda b, code: b.word(w.STAGES, code),
    "meeting_status": lambda b, code: b.word(w.MEETING_STATUSES, code),
    "action_status": lambda b, code: b.word(w.ACTION_STATUSES, code),
    "rag": lambda b, code: b.word(w.RAG, code),
    "course": lambda b, code: b.word(w.COURSES, code),
    "requests": _Builder.requests,
    "themes": _Builder.themes,
    "organisation": _Builder.organisation,
    "answer": _Builder.answer,
    "percent": _Builder.percent,
    "chased": lambda b, n: b.number(n) if n else None,
}


def _practice_columns(_b: _Builder) -> list[Column]:
    return [
        ("ods_code", lambda p: p.ods, "ods"),
        ("name", lambda p: p.name, "text"),
        ("borough", lambda p: p.borough, "borough"),
        ("postcode", lambda p: p.postcode, "text"),
        ("list_size", lambda p: p.list_size, "number"),
        ("safeguarding_lead", lambda p: p.lead, "text"),
        ("practice_manager", lambda p: p.manager, "text"),
        ("email", lambda p: p.email, "text"),
    ]


def _meeting_columns(_b: _Builder) -> list[Column]:
    return [
        ("ref", lambda m: m.ref, "ref"),
        ("meeting_date", lambda m: m.day, "date"),
        ("start_time", lambda m: m.start, "time"),
        ("title", lambda m: m.title, "text"),
        ("borough", lambda m: m.borough, "borough"),
        ("chair", lambda m: m.chair, "text"),
        ("location", lambda m: m.venue, "text"),
        ("minute_taker", lambda m: m.minute_taker, "text"),
        ("minutes_circulated_on", lambda m: m.minutes, "step"),
        ("status", lambda m: m.status, "meeting_status"),
    ]


def _action_columns(_b: _Builder) -> list[Column]:
    return [
        ("ref", lambda a: a.ref, "ref"),
        ("meeting", lambda a: a.meeting, "ref"),
        ("text", lambda a: a.text, "text"),
        ("owner", lambda a: a.owner, "text"),
        ("raised_on", lambda a: a.raised, "date"),
        ("due_on", lambda a: a.due, "date"),
        ("status", lambda a: a.status, "action_status"),
        ("completed_on", lambda a: a.completed, "date"),
    ]


def _review_columns(_b: _Builder) -> list[Column]:
    return [
        ("ref", lambda r: r.ref, "ref"),
        ("review_type", lambda r: r.review_type, "review_type"),
        ("borough", lambda r: r.borough, "borough"),
        ("subject", lambda r: r.subject, "text"),
        ("notified_on", lambda r: r.notified, "date"),
        ("decision_on", lambda r: r.decision, "date"),
        ("commissioned_on", lambda r: r.commissioned, "date"),
        ("request_kind", lambda r: r.requests, "requests"),
        ("requested_on", lambda r: r.requested, "date"),
        ("due_on", lambda r: r.due, "date"),
        ("submitted_on", lambda r: r.submitted, "step"),
        ("scrt_entered", lambda r: r.scrt, "step"),
        ("stage", lambda r: r.stage, "stage"),
        ("themes", lambda r: r.themes, "themes"),
        ("published_on", lambda r: r.published, "date"),
    ]


def _recommendation_columns(_b: _Builder) -> list[Column]:
    return [
        ("review_ref", lambda r: r.review, "ref"),
        ("number", lambda r: r.number, "number"),
        ("text", lambda r: r.text, "text"),
        ("health_action", lambda r: r.health_action, "text"),
        ("lead", lambda r: r.lead, "text"),
        ("target_on", lambda r: r.target, "date"),
        ("rag", lambda r: r.rag, "rag"),
        ("completed_on", lambda r: r.completed, "date"),
    ]


def _les_columns(_b: _Builder) -> list[Column]:
    practice = {p.ods: p for p in ds.PRACTICES}
    columns: list[Column] = [
        ("ods_code", lambda r: r.ods, "ods"),
        ("practice_name", lambda r: practice[r.ods].name, "text"),
    ]
    for step in ds.LES_STEPS:
        columns.append((step, lambda r, s=step: getattr(r, s), "step"))
    columns.append(("chased", lambda r: r.chased, "chased"))
    for index, criterion in enumerate(ds.CRITERIA):
        how = "percent" if criterion.answer_type == "percent" else "answer"
        columns.append((f"criterion:{criterion.code}", lambda r, i=index: r.answers[i], how))
    return columns


def _training_columns(_b: _Builder) -> list[Column]:
    def expiry(c: ds.Completion) -> date | None:
        if c.stated_expiry:
            return c.stated_expiry
        return ds.expiry_of(c) if _b.rng.random() < 0.5 else None

    return [
        ("name", lambda c: ds.PEOPLE[c.person].name, "text"),
        ("role", lambda c: ds.PEOPLE[c.person].role, "text"),
        ("organisation", lambda c: ds.PEOPLE[c.person], "organisation"),
        ("course", lambda c: c.course, "course"),
        ("completed_on", lambda c: c.completed, "date"),
        ("expires_on", expiry, "date"),
    ]


KIND_COLUMNS: dict[str, Callable[[_Builder], list[Column]]] = {
    "practices": _practice_columns,
    "meetings": _meeting_columns,
    "actions": _action_columns,
    "reviews": _review_columns,
    "recommendations": _recommendation_columns,
    "les": _les_columns,
    "training": _training_columns,
}
RECORDS: dict[str, Callable[[], tuple[Any, ...]]] = {
    "practices": lambda: ds.PRACTICES,
    "meetings": lambda: ds.MEETINGS,
    "actions": lambda: ds.ACTIONS,
    "reviews": lambda: ds.REVIEWS,
    "recommendations": lambda: ds.RECOMMENDATIONS,
    "les": lambda: ds.LES_RETURNS,
    "training": lambda: ds.COMPLETIONS,
}
