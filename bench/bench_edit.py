"""Benchmark: saving one edit through the field registry, on a 100k-training-record database.

Run: python bench/bench_edit.py   (prints figures and ratios; not a timed test)

What an officer waits for after ctrl+s is one transaction: read the field's text,
check it, apply the kind's rules and any clash with another record, write, audit.
The floor is the same change written straight through ``records.apply_changes`` (the
version check and audit every save pays), so the ratio is what the registry adds.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select  # noqa: E402

from bench.bigdb import TODAY, make_big_database  # noqa: E402
from sgtui.clock import FixedClock  # noqa: E402
from sgtui.services import editing, records  # noqa: E402
from sgtui.services.deadlines import add_working_days  # noqa: E402
from sgtui.services.workspace import open_workspace  # noqa: E402
from sgtui.store.models import Action, TrainingRecord  # noqa: E402

# Due dates well after any raised date in the synthetic data (raised up to mid-2025).

SAVES = 300


def _timed(save, ids: list[int]) -> list[float]:  # noqa: ANN001 - a callable taking an id
    times = []
    for number, record_id in enumerate(ids):
        start = time.perf_counter()
        save(record_id, number)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        counts = make_big_database(path)
        svc = open_workspace(path, clock=FixedClock.on(TODAY), actor="Bench")
        with svc.session() as s:
            action_ids = list(s.exec(select(Action.id)))
            training_ids = list(s.exec(select(TrainingRecord.id)))
        rng = random.Random(3)
        picks = rng.sample(action_ids, SAVES * 2)
        trainings = rng.sample(training_ids, SAVES)

        def registry_save(record_id: int, n: int) -> None:
            with svc.session() as s:
                editing.update(s, svc, "action", record_id, {"due_on": f"+{n % 40 + 400}wd"})

        def floor_save(record_id: int, n: int) -> None:
            with svc.session() as s:
                action = records.get(s, Action, record_id)
                due = add_working_days(TODAY, n % 40 + 400)
                records.apply_changes(s, svc, action, {"due_on": due})

        def training_save(record_id: int, n: int) -> None:
            with svc.session() as s:  # the expiry follows the course: one more read
                editing.update(s, svc, "training", record_id, {"completed_on": f"-{n % 300 + 1}d"})

        floor = _timed(floor_save, picks[:SAVES])
        registry = _timed(registry_save, picks[SAVES:])
        training = _timed(training_save, trainings)
        svc.db.dispose()
    print(f"database: {counts}")
    for name, times in (
        ("floor: records.apply_changes", floor),
        ("editing.update action.due_on", registry),
        ("editing.update training.completed_on", training),
    ):
        ordered = sorted(times)
        p95 = ordered[int(len(ordered) * 0.95)]
        print(
            f"{name:40s} median {statistics.median(times) * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms"
        )
    ratio = statistics.median(registry) / statistics.median(floor)
    print(f"ratio registry/floor (median): {ratio:.2f}x")


if __name__ == "__main__":
    main()
