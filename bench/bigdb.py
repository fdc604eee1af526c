"""A large synthetic database for benchmarks: 100k training records, 10k meetings, 20k actions.

Written with SQLAlchemy Core bulk inserts (no audit entries): it is load for timing the
app and the figures, not data anyone edits. Deterministic from a fixed seed.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from sgtui.demo import FIRST_NAMES, LAST_NAMES, read_practices
from sgtui.services.catalogues import ROLE_REQUIREMENTS
from sgtui.services.deadlines import add_months
from sgtui.services.workspace import open_workspace
from sgtui.store.models import (
    Action,
    Borough,
    Course,
    Meeting,
    MeetingType,
    Person,
    Practice,
    TrainingRecord,
)

TODAY = date(2025, 3, 10)


def _stamps() -> dict[str, object]:
    now = datetime(2025, 3, 10, 9, tzinfo=UTC)
    return {"created_at": now, "updated_at": now, "version": 1, "source": "bench"}


def make_big_database(
    path: Path, training: int = 100_000, meetings: int = 10_000, actions: int = 20_000
) -> dict[str, int]:
    """Create ``path`` and fill it; returns the row counts written."""
    rng = random.Random(7)
    svc = open_workspace(path, practices=False)  # its own practice rows, written below
    stamps = _stamps()
    with svc.session() as s:
        boroughs = {name: bid for bid, name in s.execute(select(Borough.id, Borough.name))}
        practice_rows = [
            {
                "ods_code": p["ods_code"],
                "name": p["name"].title(),
                "postcode": p["postcode"],
                "borough_id": boroughs[p["borough"]],
                "active": True,
                **stamps,
            }
            for p in read_practices()
        ]
        s.execute(insert(Practice), practice_rows)
        practice_ids = [
            (pid, bid) for pid, bid in s.execute(select(Practice.id, Practice.borough_id))
        ]
        courses = {
            code: (cid, months)
            for cid, code, months in s.execute(
                select(Course.id, Course.code, Course.validity_months)
            )
        }
        roles = list(ROLE_REQUIREMENTS)
        n_people = max(1, training // 4)
        people_rows = []
        for n in range(n_people):
            pid, bid = rng.choice(practice_ids)
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}"
            people_rows.append(
                {
                    "key": f"{name.lower()}|bench",
                    "name": name,
                    "role": rng.choice(roles),
                    "organisation": "bench",
                    "practice_id": pid,
                    "borough_id": bid,
                    "active": True,
                    **stamps,
                }
            )
        s.execute(insert(Person), people_rows)
        person_roles = list(s.execute(select(Person.id, Person.role)))
        records, seen = [], set()
        while len(records) < training:
            person_id, role = rng.choice(person_roles)
            code = rng.choice(ROLE_REQUIREMENTS[role])
            completed = TODAY - timedelta(days=rng.randint(1, 1400))
            if (person_id, code, completed) in seen:
                continue
            seen.add((person_id, code, completed))
            course_id, months = courses[code]
            records.append(
                {
                    "person_id": person_id,
                    "course_id": course_id,
                    "completed_on": completed,
                    "expires_on": add_months(completed, months),
                    "expiry_stated": False,
                    **stamps,
                }
            )
        s.execute(insert(TrainingRecord), records)
        type_ids = [tid for (tid,) in s.execute(select(MeetingType.id))]
        meeting_rows = []
        for n in range(meetings):
            day = TODAY + timedelta(days=rng.randint(-700, 120))
            meeting_rows.append(
                {
                    "ref": f"BENCH-{n:06d}",
                    "title": f"Bench meeting {n}",
                    "meeting_type_id": rng.choice(type_ids),
                    "borough_id": rng.choice(list(boroughs.values())),
                    "meeting_date": day,
                    "start_time": time(10),
                    "status": "held" if day < TODAY else "planned",
                    "minutes_status": "none",
                    "virtual": False,
                    **stamps,
                }
            )
        s.execute(insert(Meeting), meeting_rows)
        meeting_ids = [
            (mid, day) for mid, day in s.execute(select(Meeting.id, Meeting.meeting_date))
        ]
        action_rows = []
        for n in range(actions):
            mid, day = rng.choice(meeting_ids)
            due = day + timedelta(days=rng.choice((14, 28, 42)))
            done = due < TODAY and rng.random() < 0.8
            action_rows.append(
                {
                    "ref": f"BENCH-A{n:06d}",
                    "meeting_id": mid,
                    "text": f"Bench action {n}",
                    "owner": "Officer",
                    "raised_on": day,
                    "due_on": due,
                    "status": "complete" if done else "open",
                    "completed_on": due if done else None,
                    **stamps,
                }
            )
        s.execute(insert(Action), action_rows)
    svc.db.dispose()
    return {
        "practices": len(practice_rows),
        "people": n_people,
        "training_records": training,
        "meetings": meetings,
        "actions": actions,
    }
