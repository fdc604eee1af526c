"""Review add/edit (privacy warnings as the subject is typed) and action edit, with conflicts."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Select

from sgtui.services import meetings, reviews
from sgtui.services.context import Services
from sgtui.services.registry import label
from sgtui.store.models import Action, Review
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.keys import SIZE, palette, type_text
from tests.support.waiting import settled


def colleague(svc: Services) -> Services:
    return Services(db=svc.db, clock=svc.clock, actor="A Colleague")


def hint(app: SgtuiApp) -> str:
    return str(app.screen.query_one("#hint-subject").render())


async def test_new_review_warns_about_a_real_name_as_it_is_typed(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "new review", "New review")
        assert type(app.screen).__name__ == "RegistryFormModal"
        labels = [str(label.render()) for label in app.screen.query(".field-label")]
        assert "Subject (pseudonym or initials only)" in labels
        await type_text(pilot, "LAM-RR-2025-04")
        app.screen.query_one("#field-review_type", Select).value = "RR Rapid Review"
        app.screen.query_one("#field-subject", Input).focus()
        await type_text(pilot, "John Smith")
        await pilot.pause()
        assert "⚠ Subject (pseudonym or initials only) looks like a real name" in hint(app)
        app.screen.query_one("#field-subject", Input).value = "4010232137"
        await pilot.pause()
        assert "NHS number" in hint(app)
        app.screen.query_one("#field-subject", Input).value = "Child Q"
        await pilot.pause()
        assert not hint(app).startswith("⚠")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert "LAM-RR-2025-04" in str(app.screen.query_one("#record-header").render())
    with svc.session() as s:
        review = s.exec(select(Review).where(Review.ref == "LAM-RR-2025-04")).one()
    assert review.subject == "Child Q" and review.review_type == "RR"


async def test_a_reference_already_used_is_refused(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "new review", "New review")
        await type_text(pilot, "lam-rr-2025-03")
        app.screen.query_one(
            "#field-review_type", Select
        ).value = "CSPR Child Safeguarding Practice Review"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "clashes: another review has the same reference" in str(
            app.screen.query_one("#error-ref").render()
        )
    with svc.session() as s:
        assert s.exec(select(Review.review_type)).one() == "RR"


async def test_edit_review_after_a_colleague_saved_shows_both_versions(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "LAM-RR-2025", "LAM-RR-2025-03")
        await pilot.press("e")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        other = colleague(svc)
        with other.session() as s:
            review = s.exec(select(Review)).one()
            reviews.save_review(
                s,
                other,
                {"ref": review.ref, "review_type": "RR", "subject": "Child R"},
                expected_version=review.version,
            )
        app.screen.query_one("#field-subject", Input).value = "Child S"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConflictModal"
        rows = app.screen.query_one("#conflict-table")
        shown = [
            [str(c) for c in rows.get_row_at(i)]  # type: ignore[attr-defined]
            for i in range(rows.row_count)  # type: ignore[attr-defined]
        ]
        # Only the field that differs, by its label (the other fields agree).
        assert shown == [[label("review", "subject"), "Child S", "Child R"]]
        await pilot.click("#conflict-theirs")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
    with svc.session() as s:
        assert s.exec(select(Review.subject)).one() == "Child R"


async def test_edit_an_action_and_save_mine_over_a_colleagues(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", "Safeguarding & CLA Health Network")
        actions = app.screen.query_one("#meeting-actions", RecordTable)
        actions.table.focus()
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        assert app.screen.query_one("#field-text", Input).value == "Circulate the training figures"
        other = colleague(svc)
        with other.session() as s:
            action = s.exec(select(Action)).one()
            meetings.save_action(
                s,
                other,
                {"ref": action.ref, "text": "Circulate the figures (colleague)"},
                expected_version=action.version,
            )
        app.screen.query_one("#field-status", Select).value = "In progress"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConflictModal"
        await pilot.click("#conflict-mine")
        await settled(pilot)
        assert type(app.screen).__name__ == "MeetingScreen"
    with svc.session() as s:
        action = s.exec(select(Action)).one()
    # Only the field changed here is saved over theirs: the colleague's wording stays.
    assert (action.text, action.status) == ("Circulate the figures (colleague)", "in_progress")
