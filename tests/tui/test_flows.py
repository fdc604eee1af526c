"""Pilot tests of the officer's flows (USER-STORIES.md), asserting on the database and screen."""

from __future__ import annotations

from sqlmodel import select

from sgtui.services.catalogues import SUBMISSION_KINDS
from sgtui.services.context import Services
from sgtui.store.models import Action, LesAnswer, LesReturn, Meeting, Submission, TrainingRecord
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.keys import SIZE, type_text
from tests.support.waiting import settled


async def test_today_lists_open_records_and_escape_returns(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        submissions = app.screen.query_one("#today-submissions", LinkTable)
        assert submissions.current_row is not None
        assert submissions.current_row.cells[0] == "LAM-RR-2025-03"
        submissions.focus()
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "TodayScreen"


async def test_add_meeting_then_its_action_and_mark_done(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)
        app.screen.query_one("#field-title").focus()
        await type_text(pilot, "GP forum")
        app.screen.query_one("#field-meeting_date").focus()
        await type_text(pilot, "31/02/2025")
        await pilot.press("ctrl+s")
        await settled(pilot)
        error = app.screen.query_one("#error-meeting_date").render()
        assert "no such date" in str(error)
        app.screen.query_one("#field-meeting_date").value = "20/03/2025"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        with svc.session() as s:
            meeting = s.exec(select(Meeting).where(Meeting.title == "GP forum")).one()
        table = app.screen.query_one("#main-list", RecordTable)
        table.table.move_cursor(row=table.table.get_row_index(f"meeting:{meeting.id}"))
        table.table.focus()
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingScreen"
        await pilot.press("n")
        await settled(pilot)
        await type_text(pilot, "Send the minutes")
        app.screen.query_one("#field-due_on").focus()
        await type_text(pilot, "27/03/2025")
        await pilot.press("ctrl+s")
        await settled(pilot)
        with svc.session() as s:
            action = s.exec(select(Action).where(Action.meeting_id == meeting.id)).one()
        assert action.text == "Send the minutes" and action.status == "open"
        actions = app.screen.query_one("#meeting-actions", RecordTable)
        actions.table.focus()
        await pilot.press("d")
        await settled(pilot)
        with svc.session() as s:
            assert s.get(Action, action.id).status == "complete"  # type: ignore[union-attr]
        assert "complete" in actions.rows[0].cells[-1]


async def test_escape_with_unsaved_changes_asks_first(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)
        await type_text(pilot, "Half typed")
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        assert app.screen.query_one("#field-title").value == "Half typed"  # type: ignore[attr-defined]


async def test_record_a_submission_with_proposed_due_date(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert "missing" in str(app.screen.query_one("#review-scrt").render())
        await pilot.press("a")
        await settled(pilot)
        form = app.screen
        form.query_one("#field-kind").value = SUBMISSION_KINDS["imr"]  # type: ignore[attr-defined]
        await settled(pilot)
        proposed = form.query_one("#field-due_on").value  # type: ignore[attr-defined]
        assert proposed, "the rules should propose a due date"
        await pilot.press("ctrl+s")
        await settled(pilot)
        with svc.session() as s:
            sub = s.exec(select(Submission).where(Submission.kind == "imr")).one()
        assert sub.due_on.strftime("%d/%m/%Y") == proposed  # type: ignore[union-attr]
        submissions = app.screen.query_one("#review-submissions", RecordTable)
        assert submissions.total == 2


async def test_record_les_return_criterion_by_criterion(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "LesReturnScreen"
        assert "? missing" in str(app.screen.query_one("#return-answers").render())
        await pilot.press("r")
        await settled(pilot)
        form = app.screen
        form.query_one("#field-return_received_on").value = "03/03/2025"  # type: ignore[attr-defined]
        form.query_one("#field-C01").value = "maybe"  # type: ignore[attr-defined]
        form.query_one("#field-C02").value = "92%"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "not yes or no" in str(form.query_one("#error-C01").render())
        with svc.session() as s:
            assert s.exec(select(LesAnswer)).first() is None, "nothing half-saved"
        form.query_one("#field-C01").value = "yes"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settled(pilot)
        with svc.session() as s:
            answers = {a.value for a in s.exec(select(LesAnswer))}
            received = s.exec(
                select(LesReturn).where(LesReturn.return_received_on.is_not(None))
            ).all()  # type: ignore[union-attr]
        assert answers == {"Yes", "92"} and len(received) == 1
        assert "✓ meets" in str(app.screen.query_one("#return-answers").render())


async def test_add_training_completion_from_a_person(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "PersonScreen"
        await pilot.press("t")
        await settled(pilot)
        form = app.screen
        form.query_one("#field-course").value = "Safeguarding Adults Level 1"  # type: ignore[attr-defined]
        form.query_one("#field-completed_on").value = "01/03/2025"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settled(pilot)
        with svc.session() as s:
            assert len(s.exec(select(TrainingRecord)).all()) == 3
        assert app.screen.query_one("#person-training", RecordTable).total == 2


async def test_filter_and_sort_practices(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        practices = app.screen.query_one("#main-list", RecordTable)
        assert [r.cells[0] for r in practices.rows] == ["G85001", "G85002", "G85099"]
        await pilot.press("s")
        await settled(pilot)
        assert [r.cells[0] for r in practices.rows] == ["G85001", "G85002", "G85099"]
        await pilot.press("s")
        await settled(pilot)
        assert [r.cells[0] for r in practices.rows] == ["G85099", "G85002", "G85001"]
        assert "ODS ▼" in [str(c.label) for c in practices.table.columns.values()]
        await pilot.press("slash")
        await type_text(pilot, "clap")
        await pilot.press("enter")
        await settled(pilot)
        assert [r.cells[1] for r in practices.rows] == ["Clapham Family Practice"]
        status = str(practices.query_one(".record-table--status").render())
        assert status.startswith("1 row ·") and "1 rows" not in status
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "PracticeScreen"
        people = app.screen.query_one("#practice-les", RecordTable)
        assert people.total == 1


async def test_jump_practice_to_person_and_back(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "PracticeScreen"
        app.screen.query_one("#practice-people", RecordTable).table.focus()
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "PersonScreen"
        assert "Dr Asha Patel" in str(app.screen.query_one("#record-header").render())
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "PracticesScreen"


async def test_borough_scope_is_chosen_and_remembered(app: SgtuiApp, svc: Services) -> None:
    from sgtui.config import load_settings

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        assert app.screen.query_one("#main-list", RecordTable).total == 3
        await pilot.press("b")
        await settled(pilot)
        options = app.screen.query_one("#scope-options")
        index = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == "SOU"  # type: ignore[attr-defined]
        )
        options.highlighted = index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settled(pilot)
        assert app.screen.query_one("#main-list", RecordTable).total == 1
        assert "Southwark" in str(app.screen.query_one("#mode-bar").render())
    assert load_settings().borough == "SOU"
    again = SgtuiApp(svc)
    async with again.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert again.scope_label == "Southwark"


async def test_export_what_i_see(app: SgtuiApp, tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "practices.csv"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "clap")
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("x")
        await settled(pilot)
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        app.screen.query_one("#export-path").focus()
        await pilot.press("enter")
        await settled(pilot)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and "Clapham Family Practice" in lines[1]
