"""Say which variant features the importer gets wrong, one root cause per line.

    PYTHONPATH=src:tests python -m importers.variants.diagnose [headers] [values] [dims] [--no-ticks]

``headers``: every header wording of every field, each tried alone in an otherwise
plain sheet, and what the importer mapped it to (only the misses are listed). ``values``:
every value spelling and step mark likewise. ``dims``: variants that vary one dimension
at a time (sheet names, headers, values, dates, layout) in every format, with their
errors (cascades left out) and wrong fields grouped; they are imported with
``skip_invalid`` so the rows that do import show their wrong readings too. Not a test: a tool for reading a
failing run of ``test_variants.py``. ``--no-ticks`` writes ticked steps as blanks, to see
past an importer that cannot read ticks yet.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sgtui.clock import FixedClock
from sgtui.importers.pipeline import run_import
from sgtui.services.context import Services
from sgtui.services.reference import seed_reference_data
from sgtui.store.engine import open_database

from . import dataset as ds
from . import words as w
from . import writer
from .expect import differences
from .formats import save_all, write_csv
from .writer import DIMENSIONS, FORMATS, KIND_COLUMNS, build

CASCADES = ("no meeting with this ID", "no review with this reference")


def _services(folder: Path) -> Services:
    svc = Services(
        db=open_database(folder / "probe.db"), clock=FixedClock.on(date(2025, 3, 10)), actor="x"
    )
    with svc.session() as session:
        seed_reference_data(session, svc)
    return svc


def headers() -> list[str]:
    """Each header wording alone, in an otherwise plain sheet: what it was mapped to."""
    lines = []
    for kind, fields in w.HEADERS.items():
        for name, alternatives in fields.items():
            for header in alternatives:
                lines += _probe(kind, {name: header})
    return lines


def _probe(kind: str, chosen: dict[str, str]) -> list[str]:
    variant = build(0, "csv", vary=())
    sheet = next(s for s in variant.sheets if s.kind == kind)
    names = [name for name, _value, _how in KIND_COLUMNS[kind](None)]  # type: ignore[arg-type]
    for column, name in enumerate(names):
        if name in chosen:
            sheet.rows[0][column] = chosen[name]
    variant.sheets = [sheet]
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_csv(variant, Path(tmp))
        report = run_import(_services(Path(tmp)), paths, dry_run=True, backup=False)
    found = report.sheets[0]
    if not found.kind:
        return [f"{kind}: sheet with headers {list(chosen.values())} skipped ({found.skipped})"]
    lines = []
    if found.kind != kind:
        lines.append(f"{kind}: headers {list(chosen.values())} read as a {found.kind} sheet")
    for name, header in chosen.items():
        got = found.mapping.get(header)
        if _field(got) != _field(name):
            lines.append(f"{kind}: header {header!r} -> {got} (wanted {name})")
    return lines


def _field(name: str | None) -> str | None:
    return name.removesuffix("_on") if name else None


VALUE_TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "borough": w.BOROUGHS,
    "review type": w.REVIEW_TYPES,
    "stage": w.STAGES,
    "request": w.REQUEST_KINDS,
    "meeting status": w.MEETING_STATUSES,
    "action status": w.ACTION_STATUSES,
    "RAG": w.RAG,
    "course": w.COURSES,
}


@contextmanager
def _only(table: dict[str, tuple[str, ...]], code: str, spelling: str) -> Iterator[None]:
    """Make ``spelling`` the plainest (so the only) way ``code`` is written."""
    saved = table[code]
    table[code] = (spelling, *saved)
    try:
        yield
    finally:
        table[code] = saved


def values() -> list[str]:
    """Each value spelling and step mark alone, in an otherwise plain CSV variant (ticked
    steps left blank): the errors and wrong readings it causes beyond the plain one's."""
    lines = []
    with ticks_blank():
        baseline = set(_value_probe())
        for label, table in VALUE_TABLES.items():
            for code, spellings in table.items():
                for spelling in spellings[1:]:
                    with _only(table, code, spelling):
                        found = [x for x in _value_probe() if x not in baseline]
                    lines += [f"{label} {spelling!r} (for {code}): {x}" for x in found]
        lines += _marks("NO_MARKS", "not-done mark", baseline)
    lines += _marks("YES_MARKS", "done mark", baseline)
    return lines


def _marks(name: str, label: str, baseline: set[str]) -> list[str]:
    saved = getattr(w, name)
    lines = []
    for mark in dict.fromkeys(m for m in saved if m):
        setattr(w, name, (mark,))
        try:
            found = [x for x in _value_probe() if x not in baseline]
        finally:
            setattr(w, name, saved)
        lines += [f"{label} {mark!r}: {x}" for x in found]
    return lines


def _value_probe() -> list[str]:
    variant = build(0, "csv", vary=())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        svc = _services(folder)
        report = run_import(svc, write_csv(variant, folder / "csv"), skip_invalid=True)
        found = [
            re.sub(r"![A-Z]+\d+", "", str(e))
            for e in report.errors
            if not any(c in e.message for c in CASCADES)
        ]
        if report.committed:  # rows left out by an error are not news: the error is
            found += [x for x in differences(svc) if not x.endswith(": not imported")]
        svc.db.dispose()
    return list(dict.fromkeys(found))


TICK_LINES = re.compile(r" done: |minutes_status|request status|LES return \S+ status")


@contextmanager
def ticks_blank() -> Iterator[None]:
    """Write "done, date not recorded" as a blank, so the other dimensions show through
    an importer that cannot read ticks yet (their differences are then left out)."""
    original = writer._Builder.step

    def step(self: writer._Builder, value: ds.Step) -> object:
        return None if value is ds.UNDATED else original(self, value)

    writer._Builder.step = step  # type: ignore[method-assign]
    try:
        yield
    finally:
        writer._Builder.step = original  # type: ignore[method-assign]


def dimensions(seeds: range = range(4), *, ticks: bool = True) -> list[str]:
    """Variants varying one dimension only; root errors and wrong fields, grouped."""
    lines = []
    for dim in (None, *DIMENSIONS):
        found: dict[str, set[str]] = defaultdict(set)
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            variants = [
                build(seed, fmt, vary=(dim,) if dim else ()) for seed in seeds for fmt in FORMATS
            ]
            files = save_all(variants, root)
            for variant in variants:
                where = root / f"db-{variant.name}"
                where.mkdir()
                svc = _services(where)
                paths = files.get(variant.name, [])
                report = run_import(svc, paths, skip_invalid=True, backup=False)
                tag = f"{variant.fmt}"
                for error in report.errors:
                    if not any(c in error.message for c in CASCADES):
                        found["error: " + re.sub(r"![A-Z]+\d+", "", str(error))].add(tag)
                kinds = {s.name: s.kind for s in variant.sheets}
                for sheet in report.sheets:
                    wanted = kinds.get(sheet.sheet, kinds.get(Path(sheet.file).stem))
                    if wanted and sheet.kind != wanted:
                        got = sheet.kind or f"skipped ({sheet.skipped})"
                        found[f"{wanted} sheet {sheet.sheet!r} read as {got}"].add(tag)
                if report.committed:
                    for line in differences(svc):
                        if ticks or not TICK_LINES.search(line):
                            found["wrong: " + line].add(tag)
                svc.db.dispose()
        lines.append(f"== varying {dim or 'nothing'} ({len(seeds)} seeds x {len(FORMATS)} formats)")
        for line, tags in sorted(found.items(), key=lambda item: (-len(item[1]), item[0])):
            lines.append(f"  [{','.join(sorted(tags))}] {line}")
    return lines


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if not a.startswith("--")] or ["headers", "values", "dims"]
    ticks = "--no-ticks" not in argv
    if "headers" in wanted:
        print("\n".join(headers()))
    if "values" in wanted:
        print("\n".join(values()))
    if "dims" in wanted:
        if ticks:
            print("\n".join(dimensions()))
        else:
            with ticks_blank():
                print("\n".join(dimensions(ticks=False)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
