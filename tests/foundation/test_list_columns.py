"""Which columns a list shows, in what order: the story's columns first, the key never hidden."""

from __future__ import annotations

from datetime import date

from sgtui.services import lists
from sgtui.services.lists import Scope

TODAY = date(2025, 3, 1)


def test_actions_show_due_and_status_before_the_long_text() -> None:
    shown = lists.LISTS["actions"].shown(Scope(as_of=TODAY))
    assert [c.label for _i, c in shown] == ["Reference", "Due", "Status", "Action", "Owner"]
    assert [i for i, _c in shown] == [0, 3, 4, 1, 2], "each column still reads its own cell"


def test_hidden_columns_are_left_out_but_never_the_first() -> None:
    shown = lists.LISTS["training"].shown(
        Scope(as_of=TODAY), frozenset({"person", "state", "provider"})
    )
    assert [c.key for _i, c in shown] == ["person", "course", "completed", "expires"]


def test_the_scope_adds_criterion_columns_after_the_fixed_ones() -> None:
    scope = Scope(as_of=TODAY, criteria=((7, "C01", "yes_no"), (9, "C08", "yes_no")))
    keys = [c.key for _i, c in lists.LISTS["les"].shown(scope)]
    assert keys[-2:] == ["criterion:7", "criterion:9"]
    assert [c.label for c in lists.columns("les", scope)][-2:] == ["C01", "C08"]
