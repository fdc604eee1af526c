"""Stories 2, 4, 5 and 6 on the review page: each edit ends visible somewhere else.

A submission marked submitted leaves Today's tile and list; S-CRT fields filled lower
the panel's count; a health action due shows on Today until it is marked complete; a
deleted recommendation comes back with ctrl+z; a linked meeting is listed on the review.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from textual.widgets import Input, OptionList

from sgtui.services import editing, reviews
from sgtui.services.context import Services
from sgtui.store.models import Meeting, Recommendation, Review, Submission
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.clock import TODAY
from tests.support.keys import SIZE, palette, type_text
from tests.support.waiting import settled

REF = "LAM-RR-2025-03"


def add_overdue_imr(svc: Services) -> int:
    """An IMR due 03/03/2025, a week before "today": overdue on the Today tile."""
    with svc.session() as s:
        review = reviews.get_review(s, REF)
        sub = editing.create(
            s,
            svc,
            "submission",
            {"kind": "imr", "requested_on": "17/02/2025", "due_on": "03/03/2025"},
            parent_id=review.id,
        )
        return sub.id  # type: ignore[attr-defined,no-any-return]


def tile(app: SgtuiApp, name: str) -> str:
    """A Today tile's figure (its first line)."""
    return str(app.screen.query_one(f"#tile-{name}").render()).splitlines()[0]


def today_rows(app: SgtuiApp, name: str) -> list[tuple[str, ...]]:
    return [
        row.cells for row in app.screen.query_one(f"#today-{name}", LinkTable).rows_by_key.values()
    ]


def review_list(app: SgtuiApp, name: str) -> RecordTable:
    return app.screen.query_one(f"#review-{name}", RecordTable)


async def open_review(pilot) -> None:  # noqa: ANN001
    await settled(pilot)
    await palette(pilot, "LAM-RR-2025", REF)
    assert type(pilot.app.screen).__name__ == "ReviewScreen"


async def focus_row(pilot, name: str, key: str) -> None:  # noqa: ANN001
    """Put the cursor of one of the review's lists on the row ``key``."""
    table = review_list(pilot.app, name).table
    table.focus()
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


def submission(svc: Services, sub_id: int) -> Submission:
    with svc.session() as s:
        found = s.get(Submission, sub_id)
        assert found is not None
        return found


# --- (a) Submitted: Today's tile and line drop by one ----------------------------------


async def test_submitted_in_the_form_leaves_today(app: SgtuiApp, svc: Services) -> None:
    imr = add_overdue_imr(svc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert tile(app, "submissions") == "1"
        assert [r[1] for r in today_rows(app, "submissions")] == ["IMR", "Chronology"]
        await open_review(pilot)
        await focus_row(pilot, "submissions", f"submission:{imr}")
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        assert app.screen.query_one("#field-due_on", Input).value == "03/03/2025"
        app.screen.query_one("#field-submitted_on", Input).value = "today"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        cells = review_list(app, "submissions").table.rows_by_key[f"submission:{imr}"].cells
        assert (cells[4], cells[5]) == ("10/03/2025", "submitted")
        await pilot.press("escape")
        await settled(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert tile(app, "submissions") == "0"
        assert [r[1] for r in today_rows(app, "submissions")] == ["Chronology"]
    saved = submission(svc, imr)
    assert (saved.submitted_on, saved.status) == (TODAY, "submitted")


async def test_m_marks_the_submission_under_the_cursor_submitted(
    app: SgtuiApp, svc: Services
) -> None:
    imr = add_overdue_imr(svc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert tile(app, "submissions") == "1"
        await open_review(pilot)
        await focus_row(pilot, "submissions", f"submission:{imr}")
        await pilot.press("m")
        await settled(pilot)
        cells = review_list(app, "submissions").table.rows_by_key[f"submission:{imr}"].cells
        assert (cells[4], cells[5]) == ("10/03/2025", "submitted")
        await pilot.press("m")  # again: already done, so nothing changes
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        assert tile(app, "submissions") == "0"
        assert [r[1] for r in today_rows(app, "submissions")] == ["Chronology"]
    saved = submission(svc, imr)
    assert (saved.submitted_on, saved.status, saved.version) == (TODAY, "submitted", 2)


async def test_a_adds_a_submission_with_every_field_through_the_registry(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a")
        await settled(pilot)
        form = app.screen
        assert type(form).__name__ == "NewSubmissionFormModal"
        assert [spec.name for spec in form.fields] == [  # type: ignore[attr-defined]
            "kind",
            "agency",
            "requested_on",
            "due_on",
            "submitted_on",
            "submitted_by",
            "quality_checked_on",
            "status",
            "notes",
        ]
        assert form.query_one("#field-requested_on", Input).value == "10/03/2025"
        form.query_one("#field-kind").value = "IMR / agency report"  # type: ignore[attr-defined]
        await settled(pilot)
        assert form.query_one("#field-due_on", Input).value == "24/03/2025"
        hint = str(form.query_one("#hint-due_on").render())
        assert hint == "Proposed by the rules: 24/03/2025 (10 working days after request)"
        form.query_one("#field-notes", Input).value = "Asked the GP practice too"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert review_list(app, "submissions").total == 2
    with svc.session() as s:
        added = s.exec(select(Submission).where(Submission.kind == "imr")).one()
    assert (added.due_on, added.agency, added.notes) == (
        date(2025, 3, 24),
        "ICB",
        "Asked the GP practice too",
    )


async def test_delete_a_submission_asks_first(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await focus_row(pilot, "submissions", "submission:1")
        await pilot.press("delete")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        question = str(app.screen.query_one(".dialog-title").render())
        assert question == "Delete the Chronology request (ICB, due 13/03/2025)?"
        await pilot.press("escape")  # keep it
        await settled(pilot)
        assert review_list(app, "submissions").total == 1
        await pilot.press("delete")
        await settled(pilot)
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert review_list(app, "submissions").total == 0
        await pilot.press("escape")
        await settled(pilot)
        assert today_rows(app, "submissions") == []
    with svc.session() as s:
        assert s.exec(select(Submission)).all() == []


# --- (b) S-CRT fields: the panel's count drops by the number filled --------------------


def scrt_panel(app: SgtuiApp) -> list[str]:
    return str(app.screen.query_one("#review-scrt").render()).splitlines()


async def test_s_fills_the_scrt_fields_and_the_missing_count_drops(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        assert scrt_panel(app)[0] == "11 of 18 still missing"
        await pilot.press("s")
        await settled(pilot)
        form = app.screen
        assert type(form).__name__ == "RegistryFormModal"
        assert str(form.query_one(".dialog-title").render()) == f"S-CRT fields of {REF}"
        assert {spec.name for spec in form.fields} == {  # type: ignore[attr-defined]
            "steis_ref", "notified_on", "incident_on", "designated_professional",
            "case_summary", "themes", "signed_off_on", "published_on", "publication_url",
            "stage", "lessons_learnt", "dissemination", "scrt_entered_on",
            "scrt_updated_on", "scrt_ref",
        }  # fmt: skip
        form.query_one("#field-steis_ref", Input).value = "2025/1234"
        form.query_one("#field-incident_on", Input).value = "01/03/2025"
        form.query_one("#field-themes", Input).value = "neglect; domestic abuse"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        panel = scrt_panel(app)
        assert panel[0] == "8 of 18 still missing"
        assert "✓ StEIS number: 2025/1234" in panel
        assert "✓ Date of incident: 01/03/2025" in panel
        assert "✓ Abuse/vulnerability themes: neglect; domestic abuse" in panel
    with svc.session() as s:
        review = reviews.get_review(s, REF)
        assert (review.steis_ref, review.incident_on) == ("2025/1234", date(2025, 3, 1))


async def test_s_typed_in_a_list_filter_is_a_letter_not_the_scrt_form(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        review_list(app, "submissions").table.focus()
        await pilot.press("slash", "s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert review_list(app, "submissions").filter_input.value == "s"


# --- (c) Story 6: a health action due shows on Today until it is complete ----------------


async def test_a_health_action_due_shows_on_today_until_marked_complete(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert today_rows(app, "recommendations") == []
        await open_review(pilot)
        await pilot.press("r")
        await settled(pilot)
        form = app.screen
        assert type(form).__name__ == "RegistryFormModal"
        assert form.query_one("#field-number", Input).value == "1"
        form.query_one("#field-text", Input).value = "Agencies share chronologies within 5 days"
        form.query_one("#field-health_action", Input).value = "Audit GP chronology returns"
        form.query_one("#field-lead", Input).value = "Dr Asha Patel"
        form.query_one("#field-target_on", Input).value = "+3wd"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        recommendations = review_list(app, "recommendations")
        assert [row.cells for row in recommendations.rows] == [
            (
                "1",
                "Agencies share chronologies within 5 days",
                "Audit GP chronology returns",
                "Dr Asha Patel",
                "13/03/2025",
                "",
                "Open",
                "",
            )
        ]
        await pilot.press("escape")
        await settled(pilot)
        assert today_rows(app, "recommendations") == [
            (REF, "1. Audit GP chronology returns", "Dr Asha Patel", "due in 3d")
        ]
        app.screen.query_one("#today-recommendations", LinkTable).focus()
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        await pilot.press("d")
        await settled(pilot)
        cells = review_list(app, "recommendations").rows[0].cells
        assert (cells[6], cells[7]) == ("Complete", "10/03/2025")
        await pilot.press("escape")
        await settled(pilot)
        assert today_rows(app, "recommendations") == []
    with svc.session() as s:
        done = s.exec(select(Recommendation)).one()
    assert (done.status, done.completed_on, done.lead) == ("complete", TODAY, "Dr Asha Patel")


async def test_enter_on_a_recommendation_edits_it(app: SgtuiApp, svc: Services) -> None:
    rec_id = add_recommendation(svc, "2")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await focus_row(pilot, "recommendations", f"recommendation:{rec_id}")
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "RegistryFormModal"
        assert "#field-number" not in [f"#{w.id}" for w in app.screen.query(Input)]
        app.screen.query_one("#field-rag").value = "Amber"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert review_list(app, "recommendations").rows[0].cells[5] == "Amber"
    with svc.session() as s:
        assert s.exec(select(Recommendation.rag)).one() == "amber"


def add_recommendation(svc: Services, number: str) -> int:
    with svc.session() as s:
        review = reviews.get_review(s, REF)
        rec = editing.create(
            s,
            svc,
            "recommendation",
            {"number": number, "text": "Share chronologies", "target_on": "31/03/2025"},
            parent_id=review.id,
        )
        return rec.id  # type: ignore[attr-defined,no-any-return]


# --- (d) Delete a recommendation, then ctrl+z brings it back -------------------------------


async def test_delete_a_recommendation_then_undo_brings_it_back(
    app: SgtuiApp, svc: Services
) -> None:
    rec_id = add_recommendation(svc, "4")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await focus_row(pilot, "recommendations", f"recommendation:{rec_id}")
        await pilot.press("delete")
        await settled(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        assert str(app.screen.query_one(".dialog-title").render()) == "Delete recommendation 4?"
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert review_list(app, "recommendations").total == 0
        with svc.session() as s:
            assert s.exec(select(Recommendation)).all() == []
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert type(app.screen).__name__ == "UndoModal"
        await pilot.click("#undo-yes")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert [row.cells[:2] for row in review_list(app, "recommendations").rows] == [
            ("4", "Share chronologies")
        ]
    with svc.session() as s:
        assert s.exec(select(Recommendation.number)).all() == ["4"]


# --- (e) Link a meeting: it is listed among the review's meetings ----------------------


def linked_titles(app: SgtuiApp) -> list[str]:
    return [row.cells[1] for row in review_list(app, "meetings").rows]


async def test_l_links_one_of_the_boroughs_coming_meetings(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        assert linked_titles(app) == []
        await pilot.press("l")
        await settled(pilot)
        assert type(app.screen).__name__ == "ChoiceModal"
        choices = app.screen.query_one(OptionList)
        assert [
            str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)
        ] == [
            "13/03/2025  Safeguarding & CLA Health Network · SG_CLA_NETWORK-LAM-2025-03-13",
            "Another meeting: type its reference…",
        ]
        choices.highlighted = 0
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert linked_titles(app) == ["Safeguarding & CLA Health Network"]
        await pilot.press("l")
        await settled(pilot)
        choices = app.screen.query_one(OptionList)
        assert choices.option_count == 1  # linked now, so no longer offered
    with svc.session() as s:
        review = reviews.get_review(s, REF)
        assert s.exec(select(Meeting.review_id)).one() == review.id


async def test_link_a_meeting_by_its_reference_and_unlink_it(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("l")
        await settled(pilot)
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "FormModal"
        await type_text(pilot, "SG_CLA_NETWORK-LAM-2025-03-31")
        await pilot.press("ctrl+s")
        await settled(pilot)
        error = str(app.screen.query_one("#error-meeting").render())
        assert error == "✗ Meeting reference no meeting SG_CLA_NETWORK-LAM-2025-03-31"
        app.screen.query_one("#field-meeting", Input).value = "sg_cla_network-lam-2025-03-13"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert linked_titles(app) == ["Safeguarding & CLA Health Network"]
        await focus_row(pilot, "meetings", "meeting:1")
        await pilot.press("delete")
        await settled(pilot)
        question = str(app.screen.query_one(".dialog-title").render())
        assert question == (
            "Unlink the meeting Safeguarding & CLA Health Network on 13/03/2025 from this review?"
        )
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert linked_titles(app) == []
    with svc.session() as s:
        assert s.exec(select(Meeting.review_id)).one() is None
        assert s.exec(select(Review.id)).one() == 1
