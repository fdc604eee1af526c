"""One practice's LES return: pipeline dates and each criterion's answer (missing ones marked)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from sgtui.services import editing, les, lists, records, undated
from sgtui.services.catalogues import LES_PIPELINE
from sgtui.services.ukdates import format_uk
from sgtui.services.undated import step_text
from sgtui.store.models import LesCriterion, LesReturn, LesScheme, Practice
from sgtui.tui.screens.record import RecordScreen, section


@dataclass(frozen=True)
class ReturnPage:
    les_return: LesReturn
    scheme: LesScheme
    practice: Practice
    criteria: list[LesCriterion]
    answers: dict[int, str]
    received_text: str
    """The "return received" step as a form starts from it (a date, "yes" or blank)."""


def answer_line(criterion: LesCriterion, value: str | None) -> str:
    """✓ meets / ✗ does not / ? missing, then the criterion and the answer."""
    verdict = les.answer_meets(criterion, value) if value else None
    mark = (
        "? missing"
        if not value
        else ("✓ meets" if verdict else "✗ not met" if verdict is False else "· noted")
    )
    return f"{mark:<10} {criterion.code} {criterion.question}: {value or '—'}"


class LesReturnScreen(RecordScreen):
    """A practice's return for one scheme year."""

    kind = "les"
    BINDINGS = [
        Binding(
            "e",
            "edit",
            "Edit steps",
            id="les.edit",
            tooltip="Contract sent/signed, return requested/received, validated, Named GP, payment",
        ),
        Binding(
            "r",
            "record",
            "Record answers",
            id="les.record",
            tooltip="Each criterion's answer (yes, a date, 92%, 3); blank ones show as missing",
        ),
        Binding("o", "open_practice", "Practice", id="les.practice"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        yield section("Pipeline (e to edit)", Static("", id="return-pipeline"))
        yield section("Answers (r to record)", Static("", id="return-answers"))
        yield from self.compose_footer()

    def load(self, session: Session) -> ReturnPage:
        les_return = records.get(session, LesReturn, self.record_id)
        return ReturnPage(
            les_return,
            records.get(session, LesScheme, les_return.scheme_id),
            records.get(session, Practice, les_return.practice_id),
            les.criteria(session, les_return.scheme_id),
            lists.return_answers(session, self.record_id),
            editing.field_texts(session, "les_return", les_return)["return_received_on"],
        )

    def show(self, data: ReturnPage) -> None:
        r = data.les_return
        status = dict((code, label) for code, label, _c in LES_PIPELINE).get(r.status, r.status)
        self.query_one("#record-header", Static).update(
            f"[b]{data.practice.ods_code} {data.practice.name}[/b] · LES {data.scheme.year} · {status}"
            f" · chased {r.chase_count} time(s), last {format_uk(r.last_chased_on) or 'never'}"
        )
        steps = [
            f"{'✓' if undated.done(r, column) else '·'} {label}: {step_text(r, column)}"
            for _code, label, column in LES_PIPELINE
            if column
        ]
        self.query_one("#return-pipeline", Static).update("\n".join(steps))
        answers = [answer_line(c, data.answers.get(c.id or 0)) for c in data.criteria]
        self.query_one("#return-answers", Static).update(
            "\n".join(answers) or "This scheme year has no criteria yet."
        )

    def action_edit(self) -> None:
        """Every pipeline step and the chase fields, through the field registry."""
        from sgtui.tui.modals.registry_form import open_form

        d = self.data
        title = (
            f"LES return · {d.practice.ods_code} {d.practice.name} · {d.scheme.year}" if d else ""
        )
        intro = "A step takes a date, today, or yes (done, date not known); the status follows."
        open_form(
            self, "les_return", self.record_id, title=title, intro=intro, then=self.after_save
        )

    def action_record(self) -> None:
        """Each criterion's answer, read by its type; nothing is saved if any is bad."""
        from sgtui.tui.modals.les_forms import LesAnswersModal

        d = self.data
        if d is not None:
            form = LesAnswersModal(
                d.scheme, d.practice, d.les_return, d.criteria, d.answers, d.received_text
            )
            self.app.push_screen(form, self.after_save)

    def action_open_practice(self) -> None:
        from sgtui.tui.navigation import open_record

        if self.data is not None:
            open_record(self.app, "practice", self.data.practice.id)
