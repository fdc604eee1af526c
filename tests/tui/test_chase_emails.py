"""The LES chase list in the app: draft chase e-mails (M) and copy e-mail addresses (@).

The seed (``seed.py``): three 2024/25 returns with contracts sent on 02/04/2024 and
nothing back, so all three practices are on the chase list; today is 10/03/2025.
"""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from sqlmodel import select
from textual.widgets import Input, Static

from sgtui.services.context import Services
from sgtui.store.models import LesReturn, Practice
from sgtui.tui.app import SgtuiApp
from sgtui.tui.modals.chase_emails import ChaseEmailsModal
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.app import notices
from tests.support.clock import TODAY
from tests.support.keys import SIZE
from tests.support.waiting import settled

ADDRESSES = {"G85001": "brixton@example.nhs.uk", "G85002": "clapham@example.nhs.uk"}
"""Peckham (G85099) has no e-mail address."""


def _give_addresses(svc: Services) -> None:
    with svc.session() as s:
        for practice in s.exec(select(Practice).where(Practice.ods_code.in_(ADDRESSES))):  # type: ignore[attr-defined]
            practice.email = ADDRESSES[practice.ods_code]
            s.add(practice)


def _chases(svc: Services) -> dict[str, tuple[int, object]]:
    with svc.session() as s:
        rows = s.exec(select(Practice.ods_code, LesReturn).join(LesReturn)).all()
        return {ods: (r.chase_count, r.last_chased_on) for ods, r in rows}


async def _chase_list(pilot, app: SgtuiApp) -> RecordTable:  # noqa: ANN001
    await pilot.press("4")
    await settled(pilot)
    await pilot.press("w")
    await settled(pilot)
    grid = app.screen.query_one("#main-list", RecordTable)
    grid.table.focus()
    return grid


async def test_m_drafts_an_email_per_practice_and_marks_them_chased(
    app: SgtuiApp, svc: Services, tmp_path: Path
) -> None:
    _give_addresses(svc)
    out = tmp_path / "drafts"
    out.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await _chase_list(pilot, app)
        await pilot.press("M")
        await settled(pilot)
        assert isinstance(app.screen, ChaseEmailsModal)
        app.screen.query_one("#chase-folder", Input).value = str(out)
        await pilot.press("enter")
        await settled(pilot)
        assert not isinstance(app.screen, ChaseEmailsModal)
        assert notices(app)[-1] == (
            f"Wrote 2 chase e-mail drafts to {out} and marked them chased today;"
            " no e-mail address for 1: G85099 Peckham Medical Centre"
        )
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "G85001 Brixton Hill Group Practice - LES 2024-25 chase.eml",
        "G85002 Clapham Family Practice - LES 2024-25 chase.eml",
    ]
    parsed = email.message_from_bytes((out / names[1]).read_bytes(), policy=policy.default)
    assert parsed["To"] == "clapham@example.nhs.uk"
    assert parsed["Subject"] == (
        "OFFICIAL-SENSITIVE: GP safeguarding LES 2024/25: signed contract and LES return"
        " outstanding for Clapham Family Practice (G85002)"
    )
    assert _chases(svc) == {"G85001": (1, TODAY), "G85002": (1, TODAY), "G85099": (0, None)}


async def test_one_ctrl_z_undoes_the_chases_the_drafts_recorded(
    app: SgtuiApp, svc: Services, tmp_path: Path
) -> None:
    _give_addresses(svc)
    async with app.run_test(size=SIZE) as pilot:
        await _chase_list(pilot, app)
        await pilot.press("M")
        await settled(pilot)
        app.screen.query_one("#chase-folder", Input).value = str(tmp_path)
        await pilot.press("enter")
        await settled(pilot)
        assert _chases(svc)["G85002"] == (1, TODAY)
        await pilot.press("ctrl+z")
        await settled(pilot)
        preview = str(app.screen.query_one("#undo-preview").render())
        await pilot.press("enter")
        await settled(pilot)
    assert "on 4 records" in preview  # two returns and their two chase-log entries
    assert _chases(svc) == {"G85001": (0, None), "G85002": (0, None), "G85099": (0, None)}


async def test_a_missing_folder_is_said_in_the_dialog_and_nothing_is_recorded(
    app: SgtuiApp, svc: Services, tmp_path: Path
) -> None:
    _give_addresses(svc)
    missing = tmp_path / "nowhere"
    async with app.run_test(size=SIZE) as pilot:
        await _chase_list(pilot, app)
        await pilot.press("M")
        await settled(pilot)
        field = app.screen.query_one("#chase-folder", Input)
        field.value = str(missing)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, ChaseEmailsModal)
        error = str(app.screen.query_one("#chase-error", Static).render())
        assert error == f"✗ cannot write the chase e-mails: folder {missing} does not exist"
        assert field.value == str(missing) and not field.disabled
    assert _chases(svc)["G85001"] == (0, None)


async def test_at_copies_the_selections_addresses_for_outlook(app: SgtuiApp, svc: Services) -> None:
    _give_addresses(svc)
    async with app.run_test(size=SIZE) as pilot:
        await _chase_list(pilot, app)
        await pilot.press("at")
        await settled(pilot)
        assert app.clipboard == "brixton@example.nhs.uk; clapham@example.nhs.uk"
        assert notices(app)[-1] == ("Copied 2 e-mail addresses (1 practice(s) have none)")
        await pilot.press("space")  # select the first row only: Brixton
        await pilot.press("at")
        await settled(pilot)
        assert app.clipboard == "brixton@example.nhs.uk"
        assert notices(app)[-1] == "Copied 1 e-mail address"
    assert _chases(svc)["G85001"] == (0, None)  # copying records no chase
