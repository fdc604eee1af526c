"""Trust figures: kills survived with zero loss, fuzz cases tried, hostile files, peak memory.

    .venv/bin/python bench/bench_trust.py [--kills 5] [--wide]

Runs the same machinery as tests/trust (SIGKILLed bulk writes, the hypothesis fuzz of
the importer, the hostile workbooks measured in fresh processes) in a throwaway data
folder and prints one line per figure, including the workbook that claims 1,048,576 rows
x 200 columns (refused by the safety scan; ``--wide`` is kept for old command lines).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def crash_figures(work: Path, kills: int) -> str:
    """SIGKILL the bulk writer ``kills`` times; count all-or-nothing outcomes."""
    from sgtui.store.engine import open_database
    from trust.crash import kill_runs

    path = work / "crash.db"
    open_database(path).dispose()
    outcomes = kill_runs(path, kills, seed=20250310)
    survived = sum(o.zero_loss for o in outcomes)
    mid = sum(o.killed for o in outcomes)
    return f"crash: {survived}/{kills} SIGKILLs survived with zero loss ({mid} landed mid-write)"


def fuzz_figures(work: Path) -> str:
    """Run the importer fuzz test once, counting the workbooks it imported."""
    import trust.test_fuzz_import as fuzz
    from sgtui.services.workspace import open_workspace

    template = work / "fuzz" / "template.db"
    template.parent.mkdir()
    open_workspace(template).db.dispose()
    calls = {"n": 0}
    real = fuzz.run_import

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return real(*args, **kwargs)

    fuzz.run_import = counting
    try:
        fuzz.test_random_workbooks_import_or_report_never_partial(template=template)
    finally:
        fuzz.run_import = real
    return f"fuzz: {calls['n']} random workbooks imported or reported, 0 raised, 0 partial commits"


def hostile_figures(work: Path, wide: bool) -> list[str]:
    """Import each hostile workbook in a fresh process; report outcome and peak memory."""
    from sgtui.store.engine import open_database
    from trust.hostile import HOSTILE, measure

    lines, refused, worst = [], 0, ("", 0.0)
    for name, generate in HOSTILE.items():
        db_path, book = work / f"h-{len(lines)}.db", work / f"h-{len(lines)}.xlsx"
        open_database(db_path).dispose()
        generate(book)
        outcome = measure(db_path, book)
        refused += bool(outcome["fatal"] or outcome["errors"])
        verdict = (
            "refused" if outcome["fatal"] else "rows rejected" if outcome["errors"] else "read"
        )
        peak = float(outcome["peak_mb"])  # type: ignore[arg-type]
        worst = max(worst, (name, peak), key=lambda pair: pair[1])
        lines.append(f"  {name:<28} {verdict:<14} peak +{peak:7.1f} MB  {outcome['seconds']} s")
    tried = sum("not run" not in line for line in lines)
    lines.insert(0, f"hostile: {refused} of {tried} files refused or rejected; per file:")
    lines.append(f"peak memory on the worst file: +{worst[1]:.1f} MB ({worst[0]})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument(
        "--wide", action="store_true", help="no effect: the 200-column claim is always tried now"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["SGTUI_DATA_DIR"] = str(work / "data")
        print(crash_figures(work, args.kills))
        print(fuzz_figures(work))
        print("\n".join(hostile_figures(work, args.wide)))


if __name__ == "__main__":
    main()
