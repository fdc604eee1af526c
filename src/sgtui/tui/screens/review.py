"""A review's page: timeline, submissions, recommendations, linked meetings, S-CRT fields."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from sgtui.services import records, reviews, undated
from sgtui.services.catalogues import RAG_LABELS, REVIEW_TYPES, STAGE_LABELS, coded_value
from sgtui.services.ukdates import format_uk
from sgtui.services.undated import step_text
from sgtui.store.models import Recommendation, Review
from sgtui.tui.context import services_of
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.record_table import RecordTable


@dataclass(frozen=True)
class ReviewPage:
    review: Review
    timeline: list[reviews.TimelineEvent]
    recommendations: list[Recommendation]
    scrt: list[reviews.ScrtField]
    former_refs: list[str]
    """References the review had before a conversion (its RR reference)."""


class ReviewScreen(RecordScreen):
    """One statutory review."""

    kind = "review"
    BINDINGS = [
        Binding("a", "add_submission", "Add submission", id="review.add_submission"),
        Binding("e", "edit", "Edit", id="review.edit", tooltip="Edit type, subject, stage"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        with Horizontal(classes="record-columns"):
            with VerticalScroll(classes="record-left"):
                yield section("Timeline", Static("", id="review-timeline"))
                yield section("S-CRT fields", Static("", id="review-scrt"))
            with VerticalScroll(classes="record-right"):
                yield section(
                    "Submissions (a to add)",
                    RecordTable(
                        "submissions",
                        self.linked_scope(review_id=self.record_id),
                        id="review-submissions",
                    ),
                )
                yield section(
                    "Recommendations and health actions", Static("", id="review-recommendations")
                )
                yield section(
                    "Linked meetings",
                    RecordTable(
                        "meetings",
                        self.linked_scope(review_id=self.record_id),
                        id="review-meetings",
                    ),
                )
        yield from self.compose_footer()

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
        missing = [f.label for f in data.scrt if f.missing]
        scrt = [
            f"{'✓' if not f.missing else '✗'} {f.label}: {f.value or 'missing'}" for f in data.scrt
        ]
        scrt.insert(0, f"[b]{len(missing)} of {len(data.scrt)} still missing[/b]")
        scrt.insert(1, f"Entered on S-CRT: {step_text(r, 'scrt_entered_on', 'not yet')}")
        if undated.done(r, "published_on"):
            scrt.insert(2, f"Published: {step_text(r, 'published_on')}")
        self.query_one("#review-scrt", Static).update("\n".join(scrt))
        recs = [
            f"{rec.number}. {rec.text} — {rec.health_action or 'no health action'}"
            f" · lead {rec.lead or '—'} · target {format_uk(rec.target_on) or '—'} · {rec.status}"
            + (f" · RAG {coded_value(rec, 'rag', RAG_LABELS)}" if rec.rag else "")
            + (
                f" · completed {step_text(rec, 'completed_on')}"
                if undated.done(rec, "completed_on")
                else ""
            )
            for rec in data.recommendations
        ]
        self.query_one("#review-recommendations", Static).update(
            "\n".join(recs) or "None recorded."
        )

    def action_add_submission(self) -> None:
        from sgtui.tui.modals.record_forms import SubmissionFormModal

        if self.data is None:
            return
        svc = services_of(self)
        self.app.push_screen(
            SubmissionFormModal(svc, self.data.review, svc.clock.today()), self.after_save
        )

    def action_edit(self) -> None:
        """Every field of the review, S-CRT fields included, in one form."""
        from sgtui.tui.modals.registry_form import open_form

        open_form(self, "review", self.record_id, then=self.after_save)
