"""Snapshots of the LES forms and the scheme year's page at 120x40 on the small seed.

The seed's "today" is fixed at 10/03/2025, so the new-year form proposes 2025/26.
Review the report (pytest --snapshot-report) before accepting changes with
``--snapshot-update``: a changed SVG is a changed form.
"""

from __future__ import annotations

from typing import Any

import pytest

from sgtui.tui.app import SgtuiApp
from tests.support.keys import SIZE
from tests.support.snapshots import settle_after


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("return_steps_form", ("4", "enter", "e")),
        ("answers_form", ("4", "enter", "r")),
        ("new_year_form", ("4", "N")),
        ("scheme_page", ("4", "C")),
        ("criterion_form", ("4", "C", "enter")),
    ],
)
def test_les_forms(snap_compare: Any, app: SgtuiApp, name: str, keys: tuple[str, ...]) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=settle_after(*keys))
