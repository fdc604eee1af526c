"""A review's page: timeline, submissions, recommendations, linked meetings, S-CRT fields.

Everything on it is edited where it is shown: ``e`` every field of the review, ``s``
the S-CRT fields, Enter on a submission or recommendation its own form; ``a`` and
``r`` add them, ``m`` and ``d`` mark them done today, ``l`` links a meeting, and
Delete removes the row under the cursor after asking (ctrl+z brings it back).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, SQLModel
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from sgtui.services import editing, records, reviews, undated
from sgtui.services.catalogues import REVIEW_TYPES, STAGE_LABELS, coded_value
from sgtui.services.lists import Row, Scope
from sgtui.services.ukdates import format_uk
from sgtui.services.undated import step_text
from sgtui.store.models import Recommendation, Review, Submission
from sgtui.tui.context import services_of
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable


@dataclass(frozen=True)
class ReviewPage:
    review: Review
    timeline: list[reviews.TimelineEvent]
    recommendations: list[Recommendation]
    scrt: list[reviews.ScrtField]
    former_refs: list[str]
    """References the review had before a conversion (its RR reference)."""


def next_number(recommendations: list[Recommendation]) -> str:
    """The number a new recommendation is offered: one after the highest whole number."""
    numbers = [int(r.number) for r in recommendations if r.number.strip().isdigit()]
    return str(max(numbers, default=0) + 1)


MARKED_DONE: dict[str, tuple[type[SQLModel], str, str]] = {
    "submission": (Submission, "submitted_on", "submitted"),
    "recommendation": (Recommendation, "completed_on", "complete"),
}
"""Kind -> (table, its "done on" step, the word for done) for ``m`` and ``d``."""


class ReviewScreen(RecordScreen):
    """One statutory review."""

    kind = "review"
    BINDINGS = [
        Binding("e", "edit", "Edit", id="review.edit", tooltip="Edit every field of the review"),
        Binding(
            "s",
            "fill_scrt",
            "S-CRT",
            id="review.scrt",
            priority=True,  # over the lists' s (sort): a click on a heading still sorts them
            tooltip="Fill in the S-CRT fields the review holds",
        ),
        Binding(
            "a",
            "add_submission",
            "Add submission",
            id="review.add_submission",
            show=False,  # each list's title says its keys; the footer has room for so many
            tooltip="Request a submission; the rules propose its due date",
        ),
        Binding(
            "m",
            "mark_done('submission')",
            "Submitted",
            id="review.mark_submitted",
            show=False,
            tooltip="Mark the submission under the cursor submitted today",
        ),
        Binding(
            "r",
            "add_recommendation",
            "Add recommendation",
            id="review.add_recommendation",
            show=False,
            tooltip="Add a recommendation and its health action, lead and target date",
        ),
        Binding(
            "d",
            "mark_done('recommendation')",
            "Recommendation done",
            id="review.complete_recommendation",
            show=False,
            tooltip="Mark the recommendation under the cursor complete today",
        ),
        Binding("l", "link_meeting", "Link meeting", id="review.link_meeting"),
        Binding(
            "delete",
            "delete_row",
            "Delete",
            id="review.delete",
            show=False,
            tooltip="Delete the submission or recommendation under the cursor (asks first)",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        with Horizontal(classes="record-columns", id="review-columns"):
            with VerticalScroll(classes="record-left"):
                yield section("Timeline", Static("", id="review-timeline"))
                yield section("S-CRT fields (s to fill)", Static("", id="review-scrt"))
            with VerticalScroll(classes="record-right"):
                yield section(
                    "Submissions (a add · Enter edit · m submitted today · Del delete)",
                    RecordTable("review_submissions", self._linked(), id="review-submissions"),
                )
                yield section(
                    "Recommendations and health actions"
                    " (r add · Enter edit · d done today · Del delete)",
                    RecordTable("recommendations", self._linked(), id="review-recommendations"),
                )
                yield section(
                    "Linked meetings (l link · Enter open · Del unlink)",
                    RecordTable("meetings", self._linked(), id="review-meetings"),
                )
        yield from self.compose_footer()

    def _linked(self) -> Scope:
        return self.linked_scope(review_id=self.record_id)

    def load(self, session: Session) -> ReviewPage:
        review = records.get(session, Review, self.record_id)
        return ReviewPage(
            review,
            reviews.timeline(session, review, services_of(self).clock.today()),
            reviews.recommendations_of(session, self.record_id),
            reviews.scrt_fields(session, review),
            reviews.aliases_of(session, self.record_id),
        )

    def show(self, data: ReviewPage) -> None:
        r = data.review
        stage = coded_value(r, "stage", STAGE_LABELS)  # "Awaiting tea (unmapped)" as written
        self.query_one("#record-header", Static).update(
            f"[b]{r.ref}[/b]  {REVIEW_TYPES.get(r.review_type, (r.review_type,))[0]} · stage: {stage}"
            f" · subject: {r.subject or '—'} · notified {format_uk(r.notified_on) or '—'}"
            + (f" · formerly {', '.join(data.former_refs)}" if data.former_refs else "")
        )
        lines = [
            f"{event.mark} {format_uk(event.day)}  {event.label}"
            + (f" — {event.note}" if event.note else "")
            for event in data.timeline
        ]
        self.query_one("#review-timeline", Static).update("\n".join(lines) or "No dates yet.")
        self.query_one("#review-scrt", Static).update(scrt_text(r, data.scrt))

    # --- The review itself -----------------------------------------------------------

    def action_edit(self) -> None:
        """Every field of the review, S-CRT fields included, in one form."""
        from sgtui.tui.modals.registry_form import open_form

        open_form(self, "review", self.record_id, then=self.after_save)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``s`` goes to a filter box being typed in, not to the S-CRT form."""
        if action == "fill_scrt" and isinstance(self.focused, Input):
            return False
        return super().check_action(action, parameters)

    def action_fill_scrt(self) -> None:
        """Only the S-CRT fields the review holds; the panel's count follows on saving."""
        from sgtui.tui.modals.registry_form import open_form

        ref = self.data.review.ref if self.data is not None else ""
        open_form(
            self,
            "review",
            self.record_id,
            only=reviews.SCRT_EDITABLE,
            title=f"S-CRT fields of {ref}".strip(),
            intro="What NHS England's S-CRT asks for that the review holds itself; "
            "its status, partnership, locality and recommendations count are worked out.",
            then=self.after_save,
        )

    # --- Submissions and recommendations ---------------------------------------------

    def action_add_submission(self) -> None:
        from sgtui.tui.modals.submission_form import open_new_submission

        open_new_submission(self, self.record_id, then=self.after_save)

    def action_add_recommendation(self) -> None:
        from sgtui.tui.modals.registry_form import open_form

        if self.data is None:
            return  # still loading: the number offered needs the ones already there
        open_form(
            self,
            "recommendation",
            parent_id=self.record_id,
            title=f"Add a recommendation to {self.data.review.ref}",
            preset={"number": next_number(self.data.recommendations)},
            then=self.after_save,
        )

    def _open_record(self, event: LinkTable.RecordChosen) -> None:
        """Enter on a submission or recommendation edits it; a meeting opens its page."""
        kind, _sep, record_id = event.row.key.partition(":")
        if kind in MARKED_DONE:
            from sgtui.tui.modals.registry_form import open_form

            event.stop()
            open_form(self, kind, int(record_id), then=self.after_save)
            return
        super()._open_record(event)

    def _current(self, kind: str) -> Row | None:
        """The row under the cursor of the submissions or recommendations list."""
        table = self.query_one(f"#review-{kind}s", RecordTable).table
        row = table.current_row
        if row is None:
            self.notify(f"There is no {kind} here yet", severity="warning")
        return row

    def action_mark_done(self, kind: str) -> None:
        row = self._current(kind)
        if row is not None:
            self._mark_done(kind, int(row.key.partition(":")[2]))

    @work(thread=True, exit_on_error=False, description="Marking it done")
    def _mark_done(self, kind: str, record_id: int) -> None:
        """Set its "done on" step to today, unless it is already done (then say when)."""
        model, step, word = MARKED_DONE[kind]
        svc = services_of(self)
        with svc.session() as session:
            record = records.get(session, model, record_id)
            if undated.done(record, step):
                message = f"Already {word}: {step_text(record, step)}"
                self.app.call_from_thread(self.notify, message, severity="warning")
                return
            editing.update(session, svc, kind, record_id, {step: "today"})
        self.app.call_from_thread(self.notify, f"Marked {word} today")
        self.app.call_from_thread(self.reload)

    # --- Linked meetings ---------------------------------------------------------------

    def action_link_meeting(self) -> None:
        from sgtui.tui.modals.link_meeting import choose_meeting

        choose_meeting(self, self.record_id, then=self._linked_meeting)

    def _linked_meeting(self, what: str | None) -> None:
        if what:
            self.notify(f"Linked {what}")

    # --- Deleting ------------------------------------------------------------------------

    def action_delete_row(self) -> None:
        """Delete the focused list's row after asking; linked meetings are unlinked."""
        from sgtui.tui.modals.confirm import ConfirmModal
        from sgtui.tui.modals.delete_record import confirm_delete

        focused = self.focused
        row = focused.current_row if isinstance(focused, LinkTable) else None
        if row is None:
            self.notify("Choose a submission, recommendation or meeting first", severity="warning")
            return
        kind, _sep, record_id = row.key.partition(":")
        question, yes = deletion_question(kind, row)
        what = question.removesuffix("?")
        if kind != "meeting":
            done = what.replace("Delete", "Deleted", 1)
            confirm_delete(
                self, kind, int(record_id), question=question, done=done, yes=yes, then=self.reload
            )
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._unlink(int(record_id), what.replace("Unlink", "Unlinked", 1))

        self.app.push_screen(ConfirmModal(question, yes, "Keep it"), answered)

    @work(thread=True, exit_on_error=False, description="Unlinking the meeting")
    def _unlink(self, meeting_id: int, done: str) -> None:
        """A wrong link is taken off the meeting (its review field), not the meeting deleted."""
        svc = services_of(self)
        with svc.session() as session:
            editing.update(session, svc, "meeting", meeting_id, {"review": ""})
        self.app.call_from_thread(self.notify, f"{done} (ctrl+z undoes it)")
        self.app.call_from_thread(self.reload)


def deletion_question(kind: str, row: Row) -> tuple[str, str]:
    """What the confirmation asks, and its "yes" button, for a row of one of the lists."""
    if kind == "submission":
        request, agency, due = row.cells[0], row.cells[1], row.cells[3]
        return f"Delete the {request} request ({agency}, due {due or 'no date'})?", "Delete"
    if kind == "recommendation":
        return f"Delete recommendation {row.cells[0]}?", "Delete"
    return f"Unlink the meeting {row.cells[1]} on {row.cells[0]} from this review?", "Unlink"


def scrt_text(review: Review, fields: list[reviews.ScrtField]) -> str:
    """The S-CRT panel: how many are missing, the entry on S-CRT, then each field."""
    missing = sum(1 for f in fields if f.missing)
    lines = [
        f"[b]{missing} of {len(fields)} still missing[/b]",
        f"Entered on S-CRT: {step_text(review, 'scrt_entered_on', 'not yet')}",
    ]
    if undated.done(review, "published_on"):
        lines.append(f"Published: {step_text(review, 'published_on')}")
    lines += [f"{'✓' if not f.missing else '✗'} {f.label}: {f.value or 'missing'}" for f in fields]
    return "\n".join(lines)
