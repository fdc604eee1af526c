"""`sgtui set`, `add`, `delete` and `fields`: the form's editing, from the command line.

Each call goes through :func:`sgtui.cli.main.main` on a small database seeded as the
registry walk seeds it (one record of every kind), with the clock stopped on Monday
10/03/2025, so "today" and "+2wd" are known dates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from sgtui.services import editing, people
from sgtui.services.errors import ValidationError
from sgtui.services.registry import KINDS, FieldType
from sgtui.store.models import AuditEntry

from .cli_support import cli, open_fixed, seeded_database, stored, texts
from .registry_samples import BAD


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, int]]:
    return seeded_database(tmp_path, monkeypatch)


def record_arg(kind: str, ids: dict[str, int]) -> str:
    named = {"review": "review:lam-rr-2025-03", "practice": "practice:G85001", "meeting": "meeting:NET-1"}  # fmt: skip
    return named.get(kind, f"{kind}:{ids[kind]}")


GOOD: dict[FieldType, tuple[str, str, str, str, str]] = {
    FieldType.TEXT: ("review", "steis_ref", "S123", "—", "S123"),
    FieldType.LONG_TEXT: ("submission", "notes", "Sent by secure e-mail", "—", "Sent by secure e-mail"),
    FieldType.DATE: ("review", "Decision on", "05/03/2025", "—", "05/03/2025"),
    FieldType.STEP: ("les_return", "contract_sent_on", "+2wd", "—", "12/03/2025"),
    FieldType.TIME: ("meeting", "start_time", "2.30pm", "—", "14:30"),
    FieldType.CHOICE: ("meeting", "minutes_status", "draft", "None", "Draft"),
    FieldType.NUMBER: ("training", "hours", "7.5", "—", "7.5"),
    FieldType.WHOLE_NUMBER: ("practice", "list_size", "12,000", "—", "12000"),
    FieldType.FLAG: ("person", "active", "no", "yes", "no"),
    FieldType.PERSON: ("action", "owner", "ben okafor", "—", "Ben Okafor"),
    FieldType.PRACTICE: ("action", "practice", "g85002", "—", "G85002"),
    FieldType.REFERENCE: ("action", "review", "lam-rr-2025-03", "—", "LAM-RR-2025-03"),
}  # fmt: skip
"""kind, field (name or label), typed, shown before, shown after. No field is a percentage."""


@pytest.mark.parametrize("field_type", list(GOOD), ids=[t.name for t in GOOD])
def test_one_field_of_each_type_is_set(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str], field_type: FieldType
) -> None:
    path, ids = seeded
    kind, field, typed, before, after = GOOD[field_type]
    name = KINDS[kind].field(field).name
    version = stored(path, kind, ids[kind]).version  # type: ignore[attr-defined]
    code, out, err = cli(capsys, "set", record_arg(kind, ids), f"{field}={typed}")
    assert (code, err) == (0, "")
    record = record_arg(kind, ids).replace("lam-rr", "LAM-RR")
    assert out == f"{record} saved (now version {version + 1}):\n  {name}: {before} → {after}\n"
    assert texts(path, kind, ids[kind])[name] == after


def _service_message(path: Path, kind: str, record_id: int, field: str, typed: str) -> str:
    """What the form shows under the field for this value: ``Label message``."""
    svc = open_fixed(path)
    try:
        with svc.session() as s, pytest.raises(ValidationError) as refused:
            editing.update(s, svc, kind, record_id, {field: typed})
    finally:
        svc.db.dispose()
    return f"{KINDS[kind].field(field).label} {refused.value.errors[field]}"


@pytest.mark.parametrize("field_type", list(BAD), ids=[t.name for t in BAD])
def test_a_bad_value_of_each_type_gets_the_forms_message(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str], field_type: FieldType
) -> None:
    path, ids = seeded
    kind, field, typed, start = BAD[field_type]
    version = stored(path, kind, ids[kind]).version  # type: ignore[attr-defined]
    code, out, err = cli(capsys, "set", record_arg(kind, ids), f"{field}={typed}")
    message = _service_message(path, kind, ids[kind], field, typed)
    label = KINDS[kind].field(field).label
    assert message.startswith(f"{label} {start}")
    assert (code, out, err) == (2, "", f"sgtui: error: {field}: {message}\n")
    assert stored(path, kind, ids[kind]).version == version  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "assignment", "line"),
    [
        (
            "review",
            "decision_on=30/02/2025",
            "decision_on: Decision on '30/02/2025': no such date",
        ),
        (
            "meeting",
            "Status=postponed",
            "status: Status 'postponed' is not one of: Planned, Held, Cancelled",
        ),
        ("training", "hours=300", "hours: Hours must be at most 200"),
        ("practice", "active=perhaps", "active: Open 'perhaps' is not yes or no"),
        ("review", "ref=LAM-RR-2025-04", "ref: Reference cannot be changed once the record exists"),
    ],
)
def test_refusals_read_as_the_form_shows_them(
    seeded: tuple[Path, dict[str, int]],
    capsys: pytest.CaptureFixture[str],
    kind: str,
    assignment: str,
    line: str,
) -> None:
    _path, ids = seeded
    assert cli(capsys, "set", record_arg(kind, ids), assignment) == (
        2,
        "",
        f"sgtui: error: {line}\n",
    )


def test_nothing_is_written_when_one_of_several_values_is_bad(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = seeded
    review = stored(path, "review", ids["review"])
    code, out, err = cli(
        capsys, "set", "review:LAM-RR-2025-03",
        "steis_ref=S1", "start_time=10:00", "decision_on=31/02/2025", "stage=decision",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "sgtui: error: start_time: start_time is not a field of a review (fields: ref, "
        "review_type, borough, subject, age_band, stage, incident_on, notified_on, decision_on, "
        "decision, commissioned_on, signed_off_on, published_on, publication_url, closed_on, "
        "scrt_entered_on, scrt_updated_on, steis_ref, scrt_ref, designated_professional, "
        "independent_author, case_summary, themes, lessons_learnt, dissemination)",
        "sgtui: error: decision_on: Decision on '31/02/2025': no such date",
    ]
    after = stored(path, "review", ids["review"])
    assert (after.version, after.steis_ref, after.stage) == (review.version, None, review.stage)  # type: ignore[attr-defined]
    code, _out, err = cli(
        capsys, "set", "review:LAM-RR-2025-03", "steis_ref=S1", "decision_on=01/01/2025"
    )
    assert (code, err) == (
        2,
        "sgtui: error: decision_on: Decision on is before notified on (03/03/2025)\n",
    )
    assert stored(path, "review", ids["review"]).steis_ref is None  # type: ignore[attr-defined]


def test_several_values_are_one_change_in_the_history(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = seeded
    code, out, _err = cli(
        capsys, "set", f"submission:{ids['submission']}", "submitted_on=today", "notes=by e-mail"
    )
    assert code == 0
    assert out == (
        f"submission:{ids['submission']} saved (now version 2):\n"
        "  submitted_on: — → 10/03/2025\n"
        "  status: Requested → Submitted\n"
        "  notes: — → by e-mail\n"
    )
    svc = open_fixed(path)
    with svc.session() as s:
        last = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()  # type: ignore[union-attr]
        assert (last.record_type, last.record_id, last.actor) == (
            "submission",
            ids["submission"],
            "Test Officer",
        )
        assert set(json.loads(last.changes)) == {"submitted_on", "status", "notes"}
    svc.db.dispose()


def test_set_prints_json_with_show_keys(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    _path, ids = seeded
    code, out, _err = cli(
        capsys, "set", f"les:{ids['les_return']}", "contract_sent_on=yes", "chase_count=2", "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "saved": True,
        "record": f"les_return:{ids['les_return']}",
        "version": 2,
        "changed": {
            "contract_sent_on": {"before": None, "after": "yes"},
            "chase_count": {"before": 0, "after": 2},
        },
    }
    code, out, _err = cli(capsys, "set", f"les:{ids['les_return']}", "chase_count=2")
    assert (code, out) == (0, f"les_return:{ids['les_return']}: nothing to change (it already has those values)\n")  # fmt: skip


def test_a_real_looking_subject_needs_confirm(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = seeded
    code, out, err = cli(capsys, "set", "review:LAM-RR-2025-03", "subject=Jane Smith")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "sgtui: error: subject: Subject (pseudonym or initials only) looks like a real name: use a pseudonym or initials "
        "(e.g. 'Child P', 'Adult B', 'JS'). Save it anyway?",
        "sgtui: nothing saved: re-run with --confirm to save it anyway",
    ]
    assert stored(path, "review", ids["review"]).subject is None  # type: ignore[attr-defined]
    code, out, _err = cli(capsys, "set", "review:LAM-RR-2025-03", "subject=Jane Smith", "--confirm")
    assert code == 0 and "subject: — → Jane Smith" in out
    assert stored(path, "review", ids["review"]).subject == "Jane Smith"  # type: ignore[attr-defined]


def test_a_meeting_marked_held_early_needs_confirm(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    _path, ids = seeded
    code, _out, err = cli(capsys, "set", "meeting:NET-1", "status=Held")
    assert (code, err.splitlines()[0]) == (
        2,
        "sgtui: error: status: This meeting is on 13/03/2025, still to come. Mark it held anyway?",
    )
    code, out, _err = cli(capsys, "set", "meeting:NET-1", "status=Held", "--confirm")
    assert code == 0 and "  status: Planned → Held\n" in out


def test_a_name_shared_by_two_people_lists_them(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = seeded
    svc = open_fixed(path)
    with svc.session() as s:
        _o, gp = people.save_person(
            s, svc, {"name": "Sam Jones", "role": "GP", "organisation": "Clapham"}
        )
        _o, bso = people.save_person(
            s, svc, {"name": "Sam Jones", "role": "BSO", "organisation": "ICB"}
        )
        gp_id, bso_id = gp.id, bso.id
    svc.db.dispose()
    code, out, err = cli(capsys, "set", f"action:{ids['action']}", "owner=sam jones")
    assert (code, out) == (2, "")
    assert err == (
        f"sgtui: error: owner: Owner 'sam jones' matches 2 people: "
        f"Sam Jones (GP · Clapham) = person:{gp_id}; Sam Jones (BSO · ICB) = person:{bso_id}. "
        "Give person:ID or the e-mail\n"
    )
    code, out, _err = cli(capsys, "set", f"action:{ids['action']}", f"owner=person:{bso_id}")
    assert code == 0 and "  owner: — → Sam Jones\n" in out
    assert stored(path, "action", ids["action"]).owner_person_id == bso_id  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("review:NOPE-1", "no review NOPE-1"),
        ("action:999", "no action with id 999"),
        ("wombat:1", "no kind of record 'wombat': use one of " + ", ".join(KINDS)),
    ],
)
def test_an_unknown_record_is_one_line(
    seeded: tuple[Path, dict[str, int]],
    capsys: pytest.CaptureFixture[str],
    record: str,
    message: str,
) -> None:
    assert cli(capsys, "set", record, "notes=x") == (2, "", f"sgtui: error: {message}\n")


def test_a_word_without_a_value_and_a_field_given_twice(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "set", "practice:G85001", "pcn") == (
        2,
        "",
        "sgtui: error: 'pcn': give FIELD=VALUE (`sgtui fields practice` lists the fields)\n",
    )
    assert cli(capsys, "set", "practice:G85001", "pcn=A", "PCN=B") == (
        2,
        "",
        "sgtui: error: pcn is given twice\n",
    )


def test_expect_version_refuses_a_stale_save(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ids = seeded
    assert cli(capsys, "set", "practice:G85001", "pcn=North", "--expect-version", "1")[0] == 0
    code, out, err = cli(capsys, "set", "practice:G85001", "pcn=South", "--expect-version", "1")
    assert (code, out) == (1, "")
    assert err == (
        "sgtui: error: G85001 was changed by someone else since you opened it: nothing saved; "
        "it is now version 2. See `sgtui history practice:G85001`, then re-run with "
        "--expect-version 2\n"
    )
    assert texts(path, "practice", _ids["practice"])["pcn"] == "North"


def test_add_to_a_parent_then_delete_and_undo(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = seeded
    code, out, err = cli(
        capsys, "add", "recommendation", "--to", "review:LAM-RR-2025-03",
        "number=2", "text=Audit referrals", "lead=Dr Asha Patel", "target_on=+1m",
    )  # fmt: skip
    assert (code, err) == (0, "")
    lines = out.splitlines()
    added = lines[0].removeprefix("added ").removesuffix(":")
    assert added.startswith("recommendation:")
    assert lines[1:] == [
        "  number: 2",
        "  text: Audit referrals",
        "  lead: Dr Asha Patel",
        "  target_on: 10/04/2025",
        "  status: Open",
    ]
    new_id = int(added.partition(":")[2])
    assert stored(path, "recommendation", new_id).review_id == ids["review"]  # type: ignore[attr-defined]
    assert cli(capsys, "add", "recommendation", "--to", "meeting:NET-1", "number=3", "text=x") == (
        2,
        "",
        "sgtui: error: a recommendation is added to a review, not a meeting: --to review:REF\n",
    )
    code, out, _err = cli(capsys, "delete", added)  # stdin is not a terminal under pytest
    assert (code, out) == (
        1,
        f"Would delete {added} (recommendation: Number 2, Recommendation Audit referrals).\n"
        "not deleted: re-run with --yes to delete without a terminal\n",
    )
    assert stored(path, "recommendation", new_id) is not None
    code, out, _err = cli(capsys, "delete", added, "--yes")
    assert (code, out) == (
        0,
        f"Deleted {added} (recommendation: Number 2, Recommendation Audit referrals). "
        "`sgtui undo` brings it back.\n",
    )
    assert stored(path, "recommendation", new_id) is None
    assert cli(capsys, "undo", "--yes")[0] == 0
    assert stored(path, "recommendation", new_id) is not None


def test_delete_is_refused_before_asking(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "delete", "review:LAM-RR-2025-03") == (
        2,
        "",
        "sgtui: error: a review cannot be deleted (it is kept for the record)\n",
    )


def test_add_refuses_like_set(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "add", "practice", "name=New Surgery", "list_size=lots")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "sgtui: error: list_size: List size 'lots' is not a whole number",
        "sgtui: error: ods_code: ODS code is required",
    ]


def test_fields_lists_choices_from_the_database(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = cli(capsys, "fields", "review", "--json")
    assert code == 0
    listed = json.loads(out)
    assert listed["kind"] == "review"
    assert [f["name"] for f in listed["fields"]] == [f.name for f in KINDS["review"].fields]
    by_name = {f["name"]: f for f in listed["fields"]}
    assert by_name["review_type"] == {
        "name": "review_type",
        "label": "Type",
        "type": "choice",
        "required": True,
        "help": "",
        "choices": [
            {"code": "RR", "label": "RR Rapid Review"},
            {"code": "CSPR", "label": "CSPR Child Safeguarding Practice Review"},
            {"code": "LCSPR", "label": "LCSPR Local Child Safeguarding Practice Review"},
            {"code": "DHR", "label": "DHR Domestic Homicide Review / DARDR"},
            {"code": "SAR", "label": "SAR Safeguarding Adults Review"},
            {"code": "OWHR", "label": "OWHR Offensive Weapons Homicide Review"},
            {"code": "OTHER", "label": "OTHER Other learning review"},
        ],
        "any_text": False,
        "on_create_only": False,
    }
    assert by_name["borough"]["choices"] == [
        {"code": "BEX", "label": "Bexley"},
        {"code": "BRO", "label": "Bromley"},
        {"code": "GRE", "label": "Greenwich"},
        {"code": "LAM", "label": "Lambeth"},
        {"code": "LEW", "label": "Lewisham"},
        {"code": "SOU", "label": "Southwark"},
    ]
    assert by_name["published_on"]["type"] == "yes or date"
    assert by_name["ref"]["on_create_only"] is True
    assert by_name["steis_ref"]["choices"] == []


def test_fields_text_and_kinds(
    seeded: tuple[Path, dict[str, int]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line per field, however long its help
    code, out, _err = cli(capsys, "fields", "person")
    assert code == 0
    role = next(line for line in out.splitlines() if line.startswith("│ role "))
    assert "A role from the list, or type a new one. any text; suggestions: Named GP, " in role
    practice = next(line for line in out.splitlines() if line.startswith("│ practice "))
    assert [cell.strip() for cell in practice.split("│")[1:-1]] == [
        "practice", "Practice", "practice", "", "ODS code",
    ]  # fmt: skip
    code, out, _err = cli(capsys, "fields", "--json")
    kinds = {k["name"]: k for k in json.loads(out)["kinds"]}
    assert list(kinds) == list(KINDS)
    assert kinds["submission"]["record"] == "submission:ID"
    assert kinds["submission"]["parent"] == "review"
    assert kinds["practice"]["record"] == "practice:ODS"
    assert cli(capsys, "fields", "wombat")[0] == 2


def test_refusals_as_json_for_scripts(
    seeded: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        capsys, "set", "meeting:NET-1", "start_time=25:00", "virtual=perhaps", "--json"
    )
    assert code == 2 and len(err.splitlines()) == 2
    assert json.loads(out) == {
        "saved": False,
        "errors": {
            "start_time": "Start '25:00' is not a time (use hh:mm, e.g. 14:30)",
            "virtual": "Virtual 'perhaps' is not yes or no",
        },
    }
    code, out, _err = cli(capsys, "set", "meeting:NET-1", "status=held", "--json")
    assert (code, json.loads(out)) == (
        2,
        {
            "saved": False,
            "question": "This meeting is on 13/03/2025, still to come. Mark it held anyway?",
            "field": "status",
        },
    )
    code, out, _err = cli(
        capsys, "add", "attendance", "--to", "meeting:NET-1", "person=ben okafor", "--json"
    )
    added = json.loads(out)
    assert (code, added["saved"], added["version"]) == (0, True, 1)
    assert added["fields"] == {"person": "Ben Okafor", "status": "invited"}
