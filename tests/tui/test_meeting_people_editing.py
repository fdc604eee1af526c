"""Meetings, attendees, actions, practices, people and training edited in the app, by keys.

Each test ends with its effect seen somewhere else: Today, another person's page, the
Training list, a page's header.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select
from textual.widgets import Input, OptionList, Select

from sgtui.services import people, records, training
from sgtui.services.context import Services
from sgtui.store.models import Action, Attendance, Meeting, Person, Practice, TrainingRecord
from sgtui.tui.app import SgtuiApp
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable
from tests.support.app import notices
from tests.support.keys import SIZE, palette
from tests.support.seed import NETWORK, two_sam_patels
from tests.support.waiting import settled


def screen_name(app: SgtuiApp) -> str:
    return type(app.screen).__name__


def header(app: SgtuiApp) -> str:
    return str(app.screen.query_one("#record-header").render())


def field(app: SgtuiApp, name: str) -> Any:
    return app.screen.query_one(f"#field-{name}")


def choices(app: SgtuiApp) -> list[tuple[str, str]]:
    """The (id, label) options of the ChoiceModal on screen."""
    options = app.screen.query_one("#field-choices", OptionList)
    found = [options.get_option_at_index(i) for i in range(options.option_count)]
    return [(o.id or "", str(o.prompt)) for o in found]


async def choose(pilot: Any, option_id: str) -> None:
    """Highlight the option with that id in the ChoiceModal and press Enter."""
    ids = [i for i, _label in choices(pilot.app)]
    pilot.app.screen.query_one("#field-choices", OptionList).highlighted = ids.index(option_id)
    await pilot.press("enter")
    await settled(pilot)


async def invite(pilot: Any, name: str) -> None:
    await pilot.press("i")
    await settled(pilot)
    assert screen_name(pilot.app) == "RegistryFormModal"
    field(pilot.app, "person").value = name
    await pilot.press("ctrl+s")
    await settled(pilot)


def attendance(app: SgtuiApp) -> RecordTable:
    return app.screen.query_one("#meeting-attendance", RecordTable)


def focus_row(table: RecordTable, key: str) -> None:
    table.table.focus()
    table.table.move_cursor(row=table.table.get_row_index(key))


def person_id(svc: Services, name: str) -> int:
    with svc.session() as s:
        return s.exec(select(Person.id).where(Person.name == name)).one()  # type: ignore[return-value]


async def test_story_7_after_the_network_meeting(app: SgtuiApp, svc: Services) -> None:
    """Attendance marked, minutes to draft, actions added with owners, last time's ticked off."""
    asha, ben = person_id(svc, "Dr Asha Patel"), person_id(svc, "Ben Okafor")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert "1\nactions overdue" in str(app.screen.query_one("#tile-actions").render())
        await palette(pilot, "network", NETWORK)
        await invite(pilot, "Dr Asha Patel")
        await invite(pilot, "Ben Okafor")
        assert attendance(app).total == 2
        focus_row(attendance(app), _attendance_key(svc, asha))
        await pilot.press("p")
        await settled(pilot)
        focus_row(attendance(app), _attendance_key(svc, ben))
        await pilot.press("a")
        await settled(pilot)
        marks = {r.cells[0]: r.cells[-1] for r in attendance(app).rows}
        assert marks == {"Dr Asha Patel": "✓ present", "Ben Okafor": "– apologies"}

        await pilot.press("e")
        await settled(pilot)
        field(app, "minutes_status").value = "Draft"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen_name(app) == "MeetingScreen"
        assert "minutes: draft" in header(app)

        for text, owner, due in (
            ("Send the minutes", "Ben Okafor", "17/03/2025"),
            ("Chase the LES returns", "Dr Asha Patel", "+5wd"),
        ):
            await pilot.press("n")
            await settled(pilot)
            assert field(app, "meeting").value.startswith("SG_CLA_NETWORK-LAM-")
            assert field(app, "raised_on").value == "10/03/2025"
            field(app, "text").value = text
            field(app, "owner").value = owner
            field(app, "due_on").value = due
            await pilot.press("ctrl+s")
            await settled(pilot)
            assert screen_name(app) == "MeetingScreen"
        log = app.screen.query_one("#meeting-actions", RecordTable)
        assert log.total == 3

        with svc.session() as s:
            old = s.exec(
                select(Action).where(Action.text == "Circulate the training figures")
            ).one()
            added = {
                a.text: (a.owner_person_id, a.due_on, a.raised_on)
                for a in s.exec(select(Action).where(Action.raised_on == date(2025, 3, 10)))
            }
        assert added == {
            "Send the minutes": (ben, date(2025, 3, 17), date(2025, 3, 10)),
            "Chase the LES returns": (asha, date(2025, 3, 17), date(2025, 3, 10)),
        }
        focus_row(log, f"action:{old.id}")
        await pilot.press("d")
        await settled(pilot)

        await pilot.press("escape")  # back to Today, where the meeting was opened from
        await settled(pilot)
        assert screen_name(app) == "TodayScreen"
        assert "0\nactions overdue" in str(app.screen.query_one("#tile-actions").render())
        assert app.screen.query_one("#today-actions", LinkTable).row_count == 0
        await pilot.press("2")
        await settled(pilot)
        app.screen.query_one("#meetings-tabs").active = "tab-actions"  # type: ignore[attr-defined]
        await settled(pilot)
        statuses = {
            r.cells[1]: r.cells[-1] for r in app.screen.query_one("#all-actions", RecordTable).rows
        }
        assert statuses == {
            "Circulate the training figures": "complete",
            "Send the minutes": "open",
            "Chase the LES returns": "open",
        }


def _attendance_key(svc: Services, person: int) -> str:
    with svc.session() as s:
        found = s.exec(select(Attendance.id).where(Attendance.person_id == person)).one()
    return f"attendance:{found}"


async def test_inviting_a_shared_name_asks_which_person(app: SgtuiApp, svc: Services) -> None:
    nurse, visitor = two_sam_patels(svc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", NETWORK)
        await invite(pilot, "Sam Patel")
        assert screen_name(app) == "ChoiceModal"
        assert str(app.screen.query_one(".dialog-title").render()) == "Who is “Sam Patel”?"
        assert choices(app) == [
            (
                f"person:{nurse}",
                "Sam Patel · Practice nurse · Clapham Family Practice · Lambeth",
            ),
            (f"person:{visitor}", "Sam Patel · Health visitor · Guy's and St Thomas' · Southwark"),
            ("new", "A new person called Sam Patel"),
        ]
        await choose(pilot, f"person:{visitor}")
        assert screen_name(app) == "MeetingScreen"
        assert [r.cells[:3] for r in attendance(app).rows] == [
            ("Sam Patel", "Health visitor", "Guy's and St Thomas'")
        ]
    with svc.session() as s:
        assert s.exec(select(Attendance.person_id)).all() == [visitor]


async def test_inviting_somebody_new_creates_and_invites_them(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", NETWORK)
        await invite(pilot, "Zara Quinn")
        assert (
            str(app.screen.query_one(".dialog-title").render()) == "Nobody called “Zara Quinn” yet:"
        )
        assert choices(app) == [("new", "A new person called Zara Quinn")]
        await choose(pilot, "new")
        assert screen_name(app) == "MeetingScreen"
        assert [r.cells[0] for r in attendance(app).rows] == ["Zara Quinn"]
        await pilot.press("7")
        await settled(pilot)
        names = [r.cells[0] for r in app.screen.query_one("#main-list", RecordTable).rows]
        assert names == ["Ben Okafor", "Dr Asha Patel", "Zara Quinn"]
    with svc.session() as s:
        zara = s.exec(select(Person).where(Person.name == "Zara Quinn")).one()
        assert s.exec(select(Attendance.person_id, Attendance.status)).all() == [
            (zara.id, "invited")
        ]


async def test_set_any_attendance_status_and_remove_an_attendee(
    app: SgtuiApp, svc: Services
) -> None:
    asha = person_id(svc, "Dr Asha Patel")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", NETWORK)
        await invite(pilot, "Dr Asha Patel")
        log = app.screen.query_one("#meeting-actions", RecordTable)
        log.table.focus()
        await pilot.press("s")  # in the action log, s still sorts
        await settled(pilot)
        assert screen_name(app) == "MeetingScreen"
        assert "Reference ▲" in [str(c.label) for c in log.table.columns.values()]
        focus_row(attendance(app), _attendance_key(svc, asha))
        await pilot.press("s")
        await settled(pilot)
        assert screen_name(app) == "ChoiceModal"
        assert [label for _i, label in choices(app)] == [
            "Invited",
            "Present",
            "Apologies",
            "Deputy",
            "Absent",
        ]
        await choose(pilot, "deputy")
        assert [r.cells[-1] for r in attendance(app).rows] == ["deputy"]
        await pilot.press("delete")
        await settled(pilot)
        assert str(app.screen.query_one(".dialog-title").render()) == (
            "Remove Dr Asha Patel from this meeting?"
        )
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert attendance(app).total == 0
        assert "Removed Dr Asha Patel from the meeting (ctrl+z undoes it)" in notices(app)
        await palette(pilot, "Asha Pat", "Dr Asha Patel")
        assert app.screen.query_one("#person-meetings", RecordTable).total == 0
    with svc.session() as s:
        assert s.exec(select(Attendance)).all() == []


async def test_an_action_is_edited_in_full_then_deleted(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", NETWORK)
        log = app.screen.query_one("#meeting-actions", RecordTable)
        log.table.focus()
        await pilot.press("enter")
        await settled(pilot)
        assert screen_name(app) == "RegistryFormModal"
        assert field(app, "practice").value == "G85001"
        assert field(app, "owner").value == "Dr Asha Patel"
        field(app, "owner").value = "Ben Okafor"
        field(app, "due_on").value = "31/03/2025"
        field(app, "review").value = "LAM-RR-2025-03"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert [r.cells[2:4] for r in log.rows] == [("Ben Okafor", "31/03/2025")]
        await palette(pilot, "Ben Oka", "Ben Okafor")
        owned = app.screen.query_one("#person-actions", RecordTable)
        assert [r.cells[1] for r in owned.rows] == ["Circulate the training figures"]
        await pilot.press("escape")
        await settled(pilot)
        log = app.screen.query_one("#meeting-actions", RecordTable)
        log.table.focus()
        await pilot.press("delete")
        await settled(pilot)
        assert screen_name(app) == "ConfirmModal"
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert log.total == 0
    with svc.session() as s:
        assert s.exec(select(Action)).all() == []


async def test_marking_a_meeting_held_before_its_date_asks_first(
    app: SgtuiApp, svc: Services
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", NETWORK)
        await pilot.press("e")
        await settled(pilot)
        field(app, "status").value = "Held"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen_name(app) == "ConfirmModal"
        question = str(app.screen.query_one(".dialog-title").render())
        assert question == "This meeting is on 13/03/2025, still to come. Mark it held anyway?"
        await pilot.click("#confirm-no")
        await settled(pilot)
        assert screen_name(app) == "RegistryFormModal"
        assert app.screen.focused is field(app, "status")
        with svc.session() as s:
            assert s.exec(select(Meeting.status)).one() == "planned"
        await pilot.press("ctrl+s")
        await settled(pilot)
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert screen_name(app) == "MeetingScreen"
        assert "status: Held" in header(app)
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("2")
        await settled(pilot)
        rows = app.screen.query_one("#main-list", RecordTable).rows
        assert [(r.cells[0], r.cells[3]) for r in rows] == [("13/03/2025", "held")]


async def test_every_meeting_field_is_in_its_form(app: SgtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "network", NETWORK)
        await pilot.press("e")
        await settled(pilot)
        field(app, "papers_circulated_on").value = "today"
        field(app, "chair").value = "Dr Asha Patel"
        field(app, "end_time").value = "3.30pm"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "Chair: Dr Asha Patel" in header(app)
        assert "papers circulated: 10/03/2025" in header(app)
        assert "13/03/2025 15:30" in header(app)


async def test_practice_details_edited_show_in_its_header(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("6")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert screen_name(app) == "PracticeScreen"
        await pilot.press("e")
        await settled(pilot)
        assert field(app, "name").value == "Brixton Hill Group Practice"
        field(app, "pcn").value = "Brixton & Streatham PCN"
        field(app, "list_size").value = "8,450"
        field(app, "safeguarding_lead").value = "Dr Asha Patel"
        field(app, "postcode").value = "SW2 1RW"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen_name(app) == "PracticeScreen"
        assert "PCN Brixton & Streatham PCN · SW2 1RW · list size 8,450" in header(app)
        assert "Safeguarding lead: Dr Asha Patel" in header(app)
    with svc.session() as s:
        practice = s.exec(select(Practice).where(Practice.ods_code == "G85001")).one()
    assert (practice.list_size, practice.pcn) == (8450, "Brixton & Streatham PCN")


async def test_a_person_merged_brings_their_training_to_the_kept_person(
    app: SgtuiApp, svc: Services
) -> None:
    asha = person_id(svc, "Dr Asha Patel")
    with svc.session() as s:
        _o, twin = people.save_person(s, svc, {"name": "Asha Patel", "organisation": "Brixton"})
        l1 = training.get_course(s, "SGA-L1")
        training.record_completion(
            s, svc, person_id=twin.id, course_id=l1.id, completed_on=date(2025, 2, 1)
        )
        twin_id = twin.id
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("7")
        await settled(pilot)
        focus_row(app.screen.query_one("#main-list", RecordTable), f"person:{twin_id}")
        await pilot.press("enter")
        await settled(pilot)
        assert header(app).startswith("Asha Patel")
        await pilot.press("m")
        await settled(pilot)
        assert choices(app) == [
            (str(asha), "Dr Asha Patel · GP · Brixton Hill Group Practice · Lambeth"),
            ("typed", "Someone else: type their name or e-mail"),
        ]
        await choose(pilot, str(asha))
        question = str(app.screen.query_one(".dialog-title").render())
        assert question.startswith("Merge Asha Patel into Dr Asha Patel (GP · Brixton Hill")
        assert question.endswith("This cannot be undone with ctrl+z.")
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert screen_name(app) == "PersonScreen"
        assert header(app).startswith("Dr Asha Patel")
        courses = [r.cells[1] for r in app.screen.query_one("#person-training", RecordTable).rows]
        assert sorted(courses) == ["SGA-L1", "SGC-L3"]
        assert (
            "Merged Asha Patel into Dr Asha Patel: moved 1 training record(s); "
            "filled in organisation" in notices(app)
        )
    with svc.session() as s:
        assert s.get(Person, twin_id) is None


async def test_merge_into_a_typed_name_lists_namesakes(app: SgtuiApp, svc: Services) -> None:
    nurse, visitor = two_sam_patels(svc)
    ben = person_id(svc, "Ben Okafor")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "Ben Oka", "Ben Okafor")
        await pilot.press("m")
        await settled(pilot)
        assert choices(app) == [("typed", "Someone else: type their name or e-mail")]
        await choose(pilot, "typed")
        field(app, "person").value = "Sam Patel"
        await pilot.press("ctrl+s")
        await settled(pilot)
        error = str(app.screen.query_one("#error-person").render())
        assert (
            f"fits 2 people: Sam Patel (Practice nurse · Clapham Family Practice · Lambeth) = person:{nurse}"
            in error
        )
        field(app, "person").value = f"person:{visitor}"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert "Merge Ben Okafor into Sam Patel (Health visitor" in str(
            app.screen.query_one(".dialog-title").render()
        )
        await pilot.click("#confirm-no")
        await settled(pilot)
        assert screen_name(app) == "PersonScreen"
    with svc.session() as s:
        assert s.get(Person, ben) is not None


async def test_training_completion_edited_moves_its_expiry_on_the_training_list(
    app: SgtuiApp, svc: Services
) -> None:
    with svc.session() as s:
        record = s.exec(
            select(TrainingRecord).where(
                TrainingRecord.person_id == person_id(svc, "Dr Asha Patel")
            )
        ).one()
    assert record.expires_on == date(2025, 3, 25)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("5")
        await settled(pilot)
        expiring = app.screen.query_one("#expiring", LinkTable)
        assert [r.cells[0] for r in expiring.rows_by_key.values()] == ["Dr Asha Patel"]
        await palette(pilot, "Asha Pat", "Dr Asha Patel")
        focus_row(app.screen.query_one("#person-training", RecordTable), f"training:{record.id}")
        await pilot.press("enter")
        await settled(pilot)
        assert screen_name(app) == "RegistryFormModal"
        assert field(app, "course").value == "Safeguarding Children Level 3"
        assert field(app, "completed_on").value == "25/03/2022"
        field(app, "completed_on").value = "01/03/2025"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen_name(app) == "PersonScreen"
        await pilot.press("escape")
        await settled(pilot)
        row = app.screen.query_one("#main-list", RecordTable).table.rows_by_key[
            f"training:{record.id}"
        ]
        assert row.cells[2:4] == ("01/03/2025", "01/03/2028")
        assert app.screen.query_one("#expiring", LinkTable).row_count == 0


async def test_training_record_deleted_then_undone(app: SgtuiApp, svc: Services) -> None:
    asha = person_id(svc, "Dr Asha Patel")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "Asha Pat", "Dr Asha Patel")
        table = app.screen.query_one("#person-training", RecordTable)
        table.table.focus()
        await pilot.press("delete")
        await settled(pilot)
        question = str(app.screen.query_one(".dialog-title").render())
        assert question == "Delete the SGC-L3 training completed on 25/03/2022?"
        await pilot.click("#confirm-yes")
        await settled(pilot)
        assert table.total == 0
        assert "Deleted the SGC-L3 training of 25/03/2022 (ctrl+z undoes it)" in notices(app)
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert "Undo would restore the deleted record." in str(
            app.screen.query_one("#undo-preview").render()
        )
        await pilot.click("#undo-yes")
        await settled(pilot)
        assert screen_name(app) == "PersonScreen"
        assert [r.cells[1:4] for r in table.rows] == [("SGC-L3", "25/03/2022", "25/03/2025")]
    with svc.session() as s:
        assert s.exec(select(TrainingRecord.person_id)).all().count(asha) == 1


async def test_person_details_edited(app: SgtuiApp, svc: Services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "Ben Oka", "Ben Okafor")
        await pilot.press("e")
        await settled(pilot)
        assert field(app, "practice").value == "G85099"
        app.screen.query_one("#field-email", Input).value = "ben.okafor@nhs.net"
        app.screen.query_one("#field-borough", Select).value = "Lambeth"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert header(app) == (
            "Ben Okafor · Practice nurse · G85099 Peckham Medical Centre · Lambeth"
            " · ben.okafor@nhs.net"
        )
    with svc.session() as s:
        ben = s.exec(select(Person).where(Person.name == "Ben Okafor")).one()
        assert records.get(s, Person, ben.id).email == "ben.okafor@nhs.net"  # type: ignore[arg-type]


async def test_adding_training_without_choosing_a_course_says_it_is_required(
    app: SgtuiApp, svc: Services
) -> None:
    """A new record's picker starts blank: saving never quietly takes the first course."""
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await palette(pilot, "Ben Oka", "Ben Okafor")
        await pilot.press("t")
        await settled(pilot)
        assert field(app, "course").value is Select.NULL
        app.screen.query_one("#field-completed_on", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert str(app.screen.query_one("#error-course").render()) == "✗ Course is required"
        field(app, "course").value = "Safeguarding Adults Level 1"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen_name(app) == "PersonScreen"
    with svc.session() as s:
        ben = s.exec(select(Person).where(Person.name == "Ben Okafor")).one()
        courses = [
            (course.code, rec.completed_on) for rec, course in training.person_training(s, ben.id)
        ]
    assert ("SGA-L1", date(2025, 3, 9)) in courses
