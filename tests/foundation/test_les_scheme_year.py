"""Starting an LES scheme year (story 9) and recording a return's answers (story 10)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from sgtui.services import les, les_answers, practices
from sgtui.services.context import Services
from sgtui.services.errors import ValidationError
from sgtui.services.reference import find_borough
from sgtui.store.models import AuditEntry, LesAnswer, LesCriterion, LesReturn, LesScheme


def _practices(s: Session, svc: Services) -> None:
    """Two Lambeth practices, one in Southwark, and one closed Southwark practice."""
    lam, sou = find_borough(s, "LAM"), find_borough(s, "SOU")
    assert lam and sou
    for ods, name, borough, active in (
        ("G85001", "Brixton Hill", lam.id, True),
        ("G85002", "Clapham Family", lam.id, True),
        ("G85099", "Peckham Medical", sou.id, True),
        ("G85098", "Closed Surgery", sou.id, False),
    ):
        practices.save_practice(
            s, svc, {"ods_code": ods, "name": name, "borough_id": borough, "active": active}
        )


def _scheme(s: Session, svc: Services, year: str, codes: list[tuple[str, str, float | None]]):  # noqa: ANN202
    scheme = les.save_scheme(s, svc, year, {"payment_basis": "per list size"})[1]
    for position, (code, answer_type, threshold) in enumerate(codes, start=1):
        les.save_criterion(
            s,
            svc,
            scheme,
            {
                "code": code,
                "question": f"Question {code}",
                "answer_type": answer_type,
                "threshold": threshold,
                "position": position,
            },
        )
    return scheme


def _count(s: Session, model: type, *where: object) -> int:
    return s.exec(select(func.count()).select_from(model).where(*where)).one()  # type: ignore[arg-type]


def test_new_year_copies_latest_criteria_and_makes_a_return_per_open_practice(
    svc: Services,
) -> None:
    with svc.session() as s:
        _practices(s, svc)
        _scheme(s, svc, "2023/24", [("C01", "yes_no", None)])
        _scheme(s, svc, "2024/25", [("C01", "yes_no", None), ("C02", "percent", 90.0)])
        audited_before = _count(s, AuditEntry)
    with svc.session() as s:
        scheme = les.start_scheme_year(s, svc, "25-26")
        scheme_id = scheme.id
        assert scheme.year == "2025/26"
        assert scheme.payment_basis is None, "only the criteria are copied"
    with svc.session() as s:
        copied = [
            (c.code, c.question, c.answer_type, c.threshold, c.position)
            for c in les.criteria(s, scheme_id)  # type: ignore[arg-type]
        ]
        assert copied == [
            ("C01", "Question C01", "yes_no", None, 1),
            ("C02", "Question C02", "percent", 90.0, 2),
        ]
        returns = s.exec(select(LesReturn).where(LesReturn.scheme_id == scheme_id)).all()
        assert len(returns) == 3, "three open practices; the closed one gets none"
        assert {r.status for r in returns} == {"not_sent"}
        # 1 scheme + 2 criteria + 3 returns, each audited as created
        assert _count(s, AuditEntry) - audited_before == 6
        assert _count(s, LesCriterion) == 1 + 2 + 2


def test_new_year_copies_the_year_named(svc: Services) -> None:
    with svc.session() as s:
        _practices(s, svc)
        _scheme(s, svc, "2023/24", [("A1", "number", 3.0)])
        _scheme(s, svc, "2024/25", [("C01", "yes_no", None), ("C02", "percent", 90.0)])
    with svc.session() as s:
        scheme = les.start_scheme_year(s, svc, "2025/26", copy_from="2023/24")
        assert [(c.code, c.threshold) for c in les.criteria(s, scheme.id)] == [("A1", 3.0)]  # type: ignore[arg-type]


def test_new_year_before_any_other_has_no_criteria(svc: Services) -> None:
    with svc.session() as s:
        _practices(s, svc)
        _scheme(s, svc, "2024/25", [("C01", "yes_no", None)])
    with svc.session() as s:
        scheme = les.start_scheme_year(s, svc, "2022/23")
        assert les.criteria(s, scheme.id) == []  # type: ignore[arg-type]
        assert _count(s, LesReturn, LesReturn.scheme_id == scheme.id) == 3


def test_new_year_refuses_a_year_that_exists_or_is_not_a_year(svc: Services) -> None:
    with svc.session() as s:
        _practices(s, svc)
        _scheme(s, svc, "2024/25", [("C01", "yes_no", None)])
    with pytest.raises(ValidationError) as exists, svc.session() as s:
        les.start_scheme_year(s, svc, "2024-2025")
    assert exists.value.errors == {"year": "2024/25 already exists"}
    with pytest.raises(ValidationError) as bad, svc.session() as s:
        les.start_scheme_year(s, svc, "next year")
    assert bad.value.errors == {"year": "'next year' is not a scheme year (e.g. 2024/25)"}
    with pytest.raises(ValidationError) as missing, svc.session() as s:
        les.start_scheme_year(s, svc, "2025/26", copy_from="2019/20")
    assert missing.value.errors == {"copy_from": "no LES scheme year 2019/20"}
    with svc.session() as s:
        assert _count(s, LesScheme) == 1, "nothing written by a refused start"


def test_next_scheme_year() -> None:
    assert les.next_scheme_year("2024/25", date(2025, 3, 10)) == "2025/26"
    assert les.next_scheme_year("2099/00", date(2025, 3, 10)) == "2100/01"
    assert les.next_scheme_year(None, date(2025, 3, 10)) == "2024/25"
    assert les.next_scheme_year(None, date(2025, 4, 1)) == "2025/26"


def _return_with_four_criteria(s: Session, svc: Services) -> int:
    _practices(s, svc)
    scheme = _scheme(
        s,
        svc,
        "2024/25",
        [("C01", "yes_no", None), ("C02", "date", None), ("C03", "percent", 90.0)],
    )
    les.save_criterion(
        s,
        svc,
        scheme,
        {
            "code": "C04",
            "question": "Forums",
            "answer_type": "number",
            "threshold": 4,
            "position": 4,
        },
    )
    return les.start_scheme_year(s, svc, "2025/26", copy_from="2024/25").id or 0


def test_answers_recorded_criterion_by_criterion(svc: Services) -> None:
    with svc.session() as s:
        scheme_id = _return_with_four_criteria(s, svc)
        return_id = s.exec(select(LesReturn.id).where(LesReturn.scheme_id == scheme_id)).first()
    answers = {"C01": "yes", "c02": "3/4/2025", "C03": "92%", "C04": "3"}
    with svc.session() as s:
        les_answers.set_answers(s, svc, return_id, answers)  # type: ignore[arg-type]
    with svc.session() as s:
        stored = {
            c.code: (v, les.answer_meets(c, v))
            for c, v in s.exec(
                select(LesCriterion, LesAnswer.value)
                .join(LesAnswer, LesAnswer.criterion_id == LesCriterion.id)
                .where(LesAnswer.return_id == return_id)
            )
        }
    assert stored == {
        "C01": ("Yes", True),
        "C02": ("03/04/2025", True),
        "C03": ("92", True),
        "C04": ("3", False),
    }
    with svc.session() as s:
        les_answers.set_answers(s, svc, return_id, {"C04": ""})  # type: ignore[arg-type]
    with svc.session() as s:
        assert _count(s, LesAnswer, LesAnswer.return_id == return_id) == 3, "cleared = missing"
        codes = {c.id: c.code for c in les.criteria(s, scheme_id)}
        counts = les.answer_counts(s, scheme_id)
        assert {codes[i]: n for i, n in counts.items()} == {"C01": 1, "C02": 1, "C03": 1}
        assert les.return_count(s, scheme_id) == 3


def test_a_bad_answer_writes_nothing_and_names_each_criterion(svc: Services) -> None:
    with svc.session() as s:
        scheme_id = _return_with_four_criteria(s, svc)
        return_id = s.exec(select(LesReturn.id).where(LesReturn.scheme_id == scheme_id)).first()
    answers = {"C01": "yes", "C02": "31/02/2025", "C03": "150%", "C04": "three", "C09": "1"}
    with pytest.raises(ValidationError) as bad, svc.session() as s:
        les_answers.set_answers(s, svc, return_id, answers)  # type: ignore[arg-type]
    assert set(bad.value.errors) == {"C02", "C03", "C04", "C09"}
    assert bad.value.errors["C03"] == "'150%' is not a percentage (0-100)"
    assert bad.value.errors["C04"] == "'three' is not a number"
    assert bad.value.errors["C09"] == (
        "is not a criterion of this scheme year (criteria: C01, C02, C03, C04)"
    )
    with svc.session() as s:
        assert _count(s, LesAnswer) == 0
