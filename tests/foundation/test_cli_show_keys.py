"""`sgtui show --json` prints every registry field under the name `sgtui set` takes.

A field's name is the key show prints for it, and its value is what set takes back:
so showing a record and setting every field to what was shown changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sgtui.cli import cmd_show
from sgtui.services import editing, lookup
from sgtui.services.registry import KINDS

from .cli_support import cli, open_fixed, seeded_database
from .registry_samples import WALK, sample

SHOWN: dict[str, tuple[str, dict[str, str]]] = {
    "practice": ("G85001", {"les_returns": "les_return"}),
    "review": (
        "LAM-RR-2025-03",
        {"submissions": "submission", "recommendations": "recommendation"},
    ),
    "person": ("Dr Asha Patel", {"training": "training"}),
    "meeting": ("NET-1", {"attendees": "attendance", "actions": "action"}),
}
"""Each kind show takes: the seeded record's key, and its lists of records of a registry kind."""


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, int]]:
    return seeded_database(tmp_path, monkeypatch)


def show(capsys: pytest.CaptureFixture[str], kind: str) -> dict[str, Any]:
    code, out, err = cli(capsys, "show", kind, SHOWN[kind][0], "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def sections(payload: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(registry kind, record) for the main record and every record in its listed children."""
    found = [(kind, payload[kind])]
    for section, child_kind in SHOWN[kind][1].items():
        assert payload[section], f"the seed gives {kind} some {section}"
        found += [(child_kind, row) for row in payload[section]]
    return found


def fill_every_field(path: Path, ids: dict[str, int]) -> None:
    """Give every field of every seeded record a value, as the registry walk does.

    The person keeps their name: ``show person`` finds them by it.
    """
    svc = open_fixed(path)
    try:
        for kind, field in WALK:
            if (kind, field) == ("person", "name"):
                continue
            with svc.session() as s:
                typed, _shown = sample(s, KINDS[kind].field(field), kind)
                editing.update(s, svc, kind, ids[kind], {field: typed}, confirmed=True)
    finally:
        svc.db.dispose()


def test_show_covers_every_kind_it_takes() -> None:
    assert set(SHOWN) == set(lookup.KINDS)


def test_the_command_line_offers_the_kinds_show_takes() -> None:
    assert cmd_show.KINDS == lookup.KINDS


@pytest.mark.parametrize("kind", lookup.KINDS)
def test_every_registry_field_is_a_key_of_show_json(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    for record_kind, record in sections(show(capsys, kind), kind):
        names = [f.name for f in KINDS[record_kind].fields]
        assert [n for n in names if n not in record] == [], record_kind
        assert isinstance(record["id"], int) and isinstance(record["version"], int)


def test_show_json_values_are_as_set_takes_them(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = seeded
    fill_every_field(path, ids)
    meeting = show(capsys, "meeting")["meeting"]
    assert {k: meeting[k] for k in ("meeting_type", "start_time", "virtual", "review")} == {
        "meeting_type": "Safeguarding supervision",
        "start_time": "14:30",
        "virtual": False,
        "review": "LAM-RR-2025-03",
    }
    review = show(capsys, "review")["review"]
    assert [review[k] for k in ("published_on", "themes", "notified_on", "decision_on")] == [
        "2025-03-12",
        "neglect; domestic abuse",
        "2020-01-01",
        "2025-03-10",
    ]
    practice = show(capsys, "practice")
    les = practice["les_returns"][0]
    assert (les["contract_sent_on"], les["chase_count"], practice["practice"]["active"]) == (
        "yes",
        3,
        False,
    )
    training = show(capsys, "person")["training"][0]
    assert (training["course"], training["hours"]) == ("Safeguarding Children Level 3", 12.5)


def _text(value: Any) -> str:
    """A shown JSON value as typed on the command line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@pytest.mark.parametrize("kind", lookup.KINDS)
def test_setting_every_field_to_what_show_printed_changes_nothing(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path, ids = seeded
    fill_every_field(path, ids)
    for record_kind, record in sections(show(capsys, kind), kind):
        fields = [f for f in KINDS[record_kind].fields if not f.on_create_only]
        words = [f"{f.name}={_text(record[f.name])}" for f in fields]
        name = f"{record_kind}:{record['id']}"
        code, out, err = cli(capsys, "set", name, *words)
        assert (code, err) == (0, ""), words
        assert out.endswith(": nothing to change (it already has those values)\n"), out
