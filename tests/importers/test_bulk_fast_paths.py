"""The bulk writer's fast paths give exactly what the slow, obvious code gives."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import pytest

from sgtui.services.bulk import create_changes


def _expected(row: dict[str, Any], defaults: dict[str, Any]) -> str:
    """What sgtui.services.audit writes for a created row (json.dumps, keys sorted)."""
    full = {**defaults, **row}
    changes = {
        k: [None, v.isoformat() if isinstance(v, date | time) else v]
        for k, v in full.items()
        if v is not None
    }
    return json.dumps(changes, sort_keys=True, default=str)


ROWS = [
    {"name": 'Zoë "Q" O\'Neil\n', "n": 3, "flag": True, "x": 1.5, "on": date(2024, 2, 29)},
    {"name": "", "n": -(10**20), "flag": False, "x": 0.1 + 0.2, "on": None},
    {"name": None, "n": 0, "flag": None, "x": 1e300, "on": date(1900, 1, 1)},
    {"name": "☃ \u00a0tab\t", "n": 7, "flag": True, "x": -0.0, "on": date(2024, 2, 29)},
]


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"at": datetime(2025, 3, 1, 9, 30, 1, 5, tzinfo=UTC)},
        {"start": time(9, 30)},
        {"x": float("nan")},  # json writes NaN: left to json
        {"x": float("inf")},
        {"n": Decimal("1.10")},  # default=str
        {"n": True},  # a bool among ints must not be taken for 1
    ],
)
def test_created_rows_audit_text_is_json_text(extra: dict[str, Any]) -> None:
    rows = [dict(row) for row in ROWS]
    rows[1].update(extra)
    if "at" in extra or "start" in extra:
        for row in rows:
            row.setdefault(next(iter(extra)), None)
    defaults = {"version": 1, "active": True, "empty": None, "source": "s"}
    names = sorted(set(defaults) | set(rows[0]))
    assert create_changes(rows, names, defaults) == [_expected(r, defaults) for r in rows]
