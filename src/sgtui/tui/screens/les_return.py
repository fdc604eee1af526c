"""One practice's LES return: pipeline dates and each criterion's answer (missing ones marked)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from sgtui.services import les, lists, records, undated
from sgtui.services.catalogues import LES_PIPELINE
from sgtui.services.ukdates import format_uk
from sgtui.services.undated import step_text
from sgtui.store.models import LesCriterion, LesReturn, LesScheme, Practice
from sgtui.tui.context import services_of
from sgtui.tui.screens.record import RecordScreen, section


@dataclass(frozen=True)
class ReturnPage:
    les_return: LesReturn
    scheme: LesScheme
    practice: Practice
    criteria: list[LesCriterion]
    answers: dict[int, str]


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
        Binding("r", "record", "Record answers", id="les.record"),
        Binding("o", "open_practice", "Practice", id="les.practice"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        yield section("Pipeline", Static("", id="return-pipeline"))
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

    def action_record(self) -> None:
        from sgtui.tui.modals.record_forms import les_return_form

        d = self.data
        if d is not None:
            form = les_return_form(
                services_of(self), d.scheme, d.practice, d.les_return, d.criteria, d.answers
            )
            self.app.push_screen(form, self.after_save)

    def action_open_practice(self) -> None:
        from sgtui.tui.navigation import open_record

        if self.data is not None:
            open_record(self.app, "practice", self.data.practice.id)
