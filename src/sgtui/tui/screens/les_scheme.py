"""An LES scheme year's own page: its details and its criteria, each editable.

A new year starts with last year's criteria copied; this is where they are changed
(a threshold raised, a question reworded), added, or deleted while no return has
answered them. Every change goes through the field registry's forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from sgtui.services import editing, les, records
from sgtui.services.lists import Column, Row
from sgtui.store.models import LesCriterion, LesScheme
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.link_table import LinkTable

CRITERIA_COLUMNS = (
    Column("code", "Code", 6),
    Column("question", "Question", 52),
    Column("answer_type", "Answer", 12),
    Column("threshold", "Meets at", 8),
    Column("position", "Order", 5),
    Column("answered", "Answered", 8),
)


@dataclass(frozen=True)
class CriterionLine:
    """One criterion as listed: the record and how many returns answer it."""

    criterion: LesCriterion
    answer_type: str
    answered: int


@dataclass(frozen=True)
class SchemePage:
    scheme: LesScheme
    texts: dict[str, str]
    """The scheme's fields as the officer reads them (UK dates)."""
    criteria: list[CriterionLine]


def criterion_row(line: CriterionLine) -> Row:
    c = line.criterion
    threshold = f"{c.threshold:g}" if c.threshold is not None else ""
    cells = (c.code, c.question, line.answer_type, threshold, str(c.position), str(line.answered))
    return Row(f"les_criterion:{c.id}", "les_criterion", c.id or 0, cells)


class LesSchemeScreen(RecordScreen):
    """One scheme year: e edits its details; Enter, a and Delete work on its criteria."""

    kind = "les_scheme"
    AUTO_FOCUS = "#scheme-criteria"
    BINDINGS = [
        Binding(
            "e",
            "edit",
            "Edit year",
            id="les_scheme.edit",
            tooltip="Scheme version, contracts issued, returns due, payment basis",
        ),
        Binding("a", "add_criterion", "Add criterion", id="les_scheme.add"),
        Binding(
            "delete",
            "delete_criterion",
            "Delete criterion",
            id="les_scheme.delete",
            tooltip="Delete the criterion under the cursor (only while no return answers it)",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        yield section(
            "Criteria (Enter edits · a adds · Delete deletes one no return has answered)",
            LinkTable(CRITERIA_COLUMNS, id="scheme-criteria"),
            classes="section grow",
        )
        yield from self.compose_footer()

    def load(self, session: Session) -> SchemePage:
        scheme = records.get(session, LesScheme, self.record_id)
        counts = les.answer_counts(session, self.record_id)
        lines = [
            CriterionLine(
                c,
                editing.field_texts(session, "les_criterion", c)["answer_type"],
                counts.get(c.id or 0, 0),
            )
            for c in les.criteria(session, self.record_id)
        ]
        return SchemePage(scheme, editing.field_texts(session, "les_scheme", scheme), lines)

    def show(self, data: SchemePage) -> None:
        t = data.texts
        self.query_one("#record-header", Static).update(
            f"[b]LES scheme year {data.scheme.year}[/b] · version {t['scheme_version'] or '—'}"
            f" · contracts issued {t['contract_issue_on'] or '—'}"
            f" · returns due {t['return_due_on'] or '—'}\n"
            f"Payment basis: {t['payment_basis'] or '—'} · {len(data.criteria)} criteria"
        )
        self.criteria_table.show_rows(criterion_row(line) for line in data.criteria)

    @property
    def criteria_table(self) -> LinkTable:
        return self.query_one("#scheme-criteria", LinkTable)

    def _open_record(self, event: LinkTable.RecordChosen) -> None:
        """Enter on a criterion edits it (a criterion has no page of its own)."""
        event.stop()
        from sgtui.tui.modals.registry_form import open_form

        title = f"Criterion {event.row.cells[0]} · LES {self.year}"
        intro = "Returns' marks follow a changed answer type or threshold at once."
        open_form(
            self,
            "les_criterion",
            event.row.record_id,
            title=title,
            intro=intro,
            then=self.after_save,
        )

    @property
    def year(self) -> str:
        """The scheme year shown ("" until it has loaded)."""
        return self.data.scheme.year if self.data else ""

    def action_edit(self) -> None:
        from sgtui.tui.modals.registry_form import open_form

        title = f"LES scheme year {self.year}"
        open_form(self, "les_scheme", self.record_id, title=title, then=self.after_save)

    def action_add_criterion(self) -> None:
        from sgtui.tui.modals.registry_form import open_form

        open_form(
            self,
            "les_criterion",
            None,
            parent_id=self.record_id,
            title=f"Add a criterion to LES {self.year}",
            then=self.after_save,
        )

    def action_delete_criterion(self) -> None:
        """Ask first; a criterion some return has answered is refused, with the reason."""
        row = self.criteria_table.current_row
        line = self._line(row.record_id) if row else None
        if line is None:
            self.notify("No criterion to delete", severity="warning")
            return
        c = line.criterion
        if line.answered:
            self.notify(
                f"{line.answered} return(s) answer {c.code}: it cannot be deleted",
                severity="warning",
            )
            return
        from sgtui.tui.modals.delete_record import confirm_delete

        confirm_delete(
            self,
            "les_criterion",
            c.id or 0,
            question=f"Delete criterion {c.code} “{c.question}”? No return has answered it.",
            done=f"Deleted criterion {c.code}",
            expected_version=c.version,
            then=self.reload,
        )

    def _line(self, criterion_id: int) -> CriterionLine | None:
        lines = self.data.criteria if self.data else []
        return next((line for line in lines if line.criterion.id == criterion_id), None)
