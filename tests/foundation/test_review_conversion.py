"""A Rapid Review that becomes a CSPR, SAR or DHR keeps its record, history and old reference.

LAM-RR-2025-03 was notified Mon 03/03/2025 (no bank holiday that month), so its RR
completion was due 15 working days later, Mon 24/03/2025; the partners decided on
Thu 20/03/2025 that it becomes a CSPR, whose report is due 6 months on, 20/09/2025.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from sgtui.clock import FixedClock
from sgtui.services import history, lists, lookup, reviews
from sgtui.services.context import Services
from sgtui.services.deadlines import review_deadlines
from sgtui.services.errors import ConflictError, NotFound, ValidationError
from sgtui.services.reference import find_borough
from sgtui.services.workspace import open_workspace
from sgtui.store.models import Review, ReviewAlias

D = date
DECIDED = D(2025, 3, 20)


def _rapid_review(svc: Services, ref: str = "LAM-RR-2025-03", **values: object) -> int:
    with svc.session() as s:
        borough = find_borough(s, "LAM")
        _o, review = reviews.save_review(
            s,
            svc,
            {
                "ref": ref,
                "review_type": "RR",
                "borough_id": borough.id if borough else None,
                "subject": "Child P",
                "notified_on": D(2025, 3, 3),
                "stage": "rapid_review",
                **values,
            },
            themes=["Neglect"],
        )
        reviews.save_submission(
            s, svc, review, {"kind": "chronology", "requested_on": D(2025, 3, 3)}
        )
        return review.id  # type: ignore[return-value]


def _convert(svc: Services, review_id: int, new_type: str = "CSPR", **kwargs: object) -> Review:
    with svc.session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        decision_on = kwargs.pop("decision_on", DECIDED)
        return reviews.convert_review(s, svc, review, new_type, decision_on, **kwargs)  # type: ignore[arg-type]


def test_the_same_record_takes_the_new_type_and_reference(svc: Services) -> None:
    review_id = _rapid_review(svc)
    converted = _convert(svc, review_id, expected_version=1)
    assert (converted.id, converted.ref, converted.review_type) == (
        review_id,
        "LAM-CSPR-2025-01",
        "CSPR",
    )
    assert (converted.commissioning_body, converted.former_type) == ("SCP", "RR")
    assert (converted.decision_on, converted.stage, converted.version) == (DECIDED, "decision", 2)
    with svc.session() as s:
        assert reviews.aliases_of(s, review_id) == ["LAM-RR-2025-03"]
        assert [sub.kind for sub in reviews.submissions_of(s, review_id)] == ["chronology"]
        assert reviews.themes_of(s, review_id) == ["Neglect"]
        review = s.get(Review, review_id)
        deadlines = [(d.milestone, d.due_on) for d in review_deadlines(s, review)]  # type: ignore[arg-type]
    assert deadlines == [("report_complete", D(2025, 9, 20))]


def test_the_rapid_reviews_deadlines_stay_on_the_timeline(svc: Services) -> None:
    review_id = _rapid_review(svc)
    _convert(svc, review_id)
    with svc.session() as s:
        events = reviews.timeline(s, s.get(Review, review_id), D(2025, 3, 31))  # type: ignore[arg-type]
    by_label = {e.label: (e.day, e.mark, e.note) for e in events}
    rr_complete = (
        "Due as RR: Rapid Review complete and sent to the Panel (15 working days after notified)"
    )
    assert by_label[rr_complete] == (D(2025, 3, 24), "✓", "met 20/03/2025")
    assert by_label["Due: Review report complete (6 months after decision)"] == (
        D(2025, 9, 20),
        "·",
        "",
    )


def test_the_conversion_is_one_audited_change(svc: Services) -> None:
    review_id = _rapid_review(svc)
    _convert(svc, review_id)
    with svc.session() as s:
        ref = history.resolve(s, "review:LAM-CSPR-2025-01")
        changes = history.record_history(s, ref)
        alias_id = s.exec(select(ReviewAlias.id)).one()
        alias_changes = history.record_history(s, history.RecordRef("reviewalias", alias_id, ""))  # type: ignore[arg-type]
    convert = changes[-1]
    assert (convert.action, convert.actor) == ("convert", "Test Officer")
    assert convert.fields["ref"] == ("LAM-RR-2025-03", "LAM-CSPR-2025-01")
    assert convert.fields["review_type"] == ("RR", "CSPR")
    assert convert.fields["stage"] == ("rapid_review", "decision")
    assert convert.fields["decision_on"] == (None, "2025-03-20")
    assert [c.action for c in alias_changes] == ["convert"]
    assert alias_changes[0].fields["ref"] == (None, "LAM-RR-2025-03")


def test_the_next_free_number_for_that_borough_type_and_year(svc: Services) -> None:
    for ref, review_type in (
        ("LAM-CSPR-2025-01", "CSPR"),
        ("LAM-CSPR-2025-02", "CSPR"),
        ("LAM-CSPR-2024-05", "CSPR"),
        ("SOU-CSPR-2025-07", "CSPR"),
        ("LAM-SAR-2025-04", "SAR"),
    ):
        with svc.session() as s:
            reviews.save_review(s, svc, {"ref": ref, "review_type": review_type})
    first = _convert(svc, _rapid_review(svc, "LAM-RR-2025-03"))
    second = _convert(svc, _rapid_review(svc, "LAM-RR-2025-04"), "SAR")
    third = _convert(svc, _rapid_review(svc, "LAM-RR-2025-05"), "Domestic Homicide Review")
    assert (first.ref, second.ref, third.ref) == (
        "LAM-CSPR-2025-03",
        "LAM-SAR-2025-05",
        "LAM-DHR-2025-01",
    )
    assert (second.commissioning_body, third.commissioning_body) == ("SAB", "CSP")


def test_a_review_already_further_on_keeps_its_stage(svc: Services) -> None:
    converted = _convert(svc, _rapid_review(svc, stage="panel"), "LCSPR")
    assert (converted.ref, converted.stage) == ("LAM-LCSPR-2025-01", "panel")


@pytest.mark.parametrize(
    ("new_type", "decision_on", "errors"),
    [
        (
            "OWHR",
            DECIDED,
            {"review_type": "a Rapid Review becomes a CSPR, LCSPR, SAR, DHR, not 'OWHR'"},
        ),
        ("", DECIDED, {"review_type": "is required"}),
        ("CSPR", None, {"decision_on": "is required"}),
        ("CSPR", D(2025, 3, 2), {"decision_on": "is before notified"}),
    ],
)
def test_conversion_checks(
    svc: Services, new_type: str, decision_on: date | None, errors: dict[str, str]
) -> None:
    review_id = _rapid_review(svc)
    with pytest.raises(ValidationError) as caught:
        _convert(svc, review_id, new_type, decision_on=decision_on)
    assert caught.value.errors == errors


def test_only_a_rapid_review_converts(svc: Services) -> None:
    converted = _convert(svc, _rapid_review(svc))
    with pytest.raises(ValidationError) as caught:
        _convert(svc, converted.id, "SAR")  # type: ignore[arg-type]
    assert caught.value.errors == {
        "review_type": "only a Rapid Review can be converted; this is a Child Safeguarding"
        " Practice Review"
    }


def test_a_colleagues_save_in_between_is_a_conflict(svc: Services) -> None:
    review_id = _rapid_review(svc)
    with svc.session() as s:
        reviews.save_review(
            s,
            svc,
            {"ref": "LAM-RR-2025-03", "review_type": "RR", "subject": "Child Q"},
            expected_version=1,
        )
    with pytest.raises(ConflictError):
        _convert(svc, review_id, expected_version=1)
    with svc.session() as s:
        review = s.get(Review, review_id)
        assert (review.ref, review.review_type) == ("LAM-RR-2025-03", "RR")  # type: ignore[union-attr]
        assert s.exec(select(ReviewAlias)).all() == []


def test_the_old_reference_still_finds_the_review(svc: Services) -> None:
    review_id = _rapid_review(svc)
    _convert(svc, review_id)
    with svc.session() as s:
        assert reviews.get_review(s, " lam-rr-2025-03 ").id == review_id
        assert reviews.get_review(s, "LAM-CSPR-2025-01").id == review_id
        assert history.resolve(s, "review:lam-rr-2025-03") == history.RecordRef(
            "review", review_id, "LAM-CSPR-2025-01"
        )
        shown = lookup.show(s, "review", "LAM-RR-2025-03")
        today = svc.clock.today()
        found = lists.jump_targets(s, "LAM-RR-2025-03", today)
        filtered = lists.page(s, "reviews", "rr-2025-03", scope=lists.Scope(as_of=today))
        with pytest.raises(NotFound, match="no review with reference LAM-RR-2025-99"):
            reviews.get_review(s, "LAM-RR-2025-99")
    assert shown["review"]["ref"] == "LAM-CSPR-2025-01"
    assert shown["review"]["former_refs"] == ["LAM-RR-2025-03"]
    assert [(row.kind, row.record_id, row.cells[0]) for row in found] == [
        ("review", review_id, "LAM-CSPR-2025-01")
    ]
    assert [row.record_id for row in filtered] == [review_id]


def test_a_new_review_cannot_take_a_former_reference(svc: Services) -> None:
    _convert(svc, _rapid_review(svc))
    with pytest.raises(ValidationError) as caught, svc.session() as s:
        reviews.save_review(s, svc, {"ref": "LAM-RR-2025-03", "review_type": "RR"})
    assert caught.value.errors == {
        "ref": "LAM-RR-2025-03 is the former reference of LAM-CSPR-2025-01"
    }


def test_sgtui_show_review_by_its_old_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sgtui.cli.main import main

    path = tmp_path / "converted.db"
    svc = open_workspace(path, clock=FixedClock.on(D(2025, 3, 24)), practices=False)
    try:
        _convert(svc, _rapid_review(svc))
    finally:
        svc.db.dispose()
    assert main(["--db", str(path), "show", "review", "lam-rr-2025-03", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["review"]["ref"] == "LAM-CSPR-2025-01"
    assert shown["review"]["former_type"] == "RR"
    assert shown["review"]["former_refs"] == ["LAM-RR-2025-03"]
