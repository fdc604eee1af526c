"""GP LES: a scheme year's practice grid with bulk steps, the chase list and the summary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select

from sgtui.services import les, lists
from sgtui.store.models import LesScheme
from sgtui.tui.context import services_of
from sgtui.tui.screens.areas import ListAreaScreen
from sgtui.tui.widgets.bars import Bars
from sgtui.tui.widgets.record_table import RecordTable


@dataclass(frozen=True)
class LesSummary:
    rates: list[les.ReturnRate]
    compliance: list[les.CriterionCompliance]


class LesScreen(ListAreaScreen):
    """The LES year: choose the scheme, select practices, mark steps, watch the bars."""

    mode = "les"
    list_name = "les"
    title_text = "GP safeguarding LES"
    BINDINGS = [
        Binding(
            "S",
            "mark('contract_sent_on')",
            "Contracts sent",
            id="les.sent",
            tooltip="Mark contracts sent today on the selection (or the whole list)",
        ),
        Binding(
            "k",
            "chase",
            "Chased today",
            id="les.chased",
            tooltip="Mark chased today on the selection (or the whole list)",
        ),
        Binding(
            "w",
            "chase_list",
            "Chase list",
            id="les.chase_list",
            tooltip="Show only returns not yet received",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scheme_id: int | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="les-top"):
            yield Select[int]([], prompt="Scheme year", id="les-year", allow_blank=True)
            yield Label(
                "space selects · S contracts sent · k chased today · w chase list",
                classes="dialog-hint",
            )
        with Horizontal(id="les-body"):
            table = RecordTable(self.list_name, self.scope(), id="main-list")
            yield table
            with Vertical(id="les-summary"):
                yield Label("Return rate by borough", classes="section-title")
                yield Bars(id="les-rates")
                yield Label("Criteria met", classes="section-title")
                yield Bars(id="les-criteria")

    def on_mount(self) -> None:
        super().on_mount()
        self.main_list.table.markable = True
        self._load_schemes()

    def scope(self, **linked: int | None) -> lists.Scope:
        return super().scope(scheme_id=getattr(self, "scheme_id", None) or -1, **linked)

    @work(thread=True, exit_on_error=False, description="Loading scheme years")
    def _load_schemes(self) -> None:
        with services_of(self).session() as session:
            years = [
                (s.year, s.id)
                for s in session.exec(select(LesScheme).order_by(LesScheme.year.desc()))
            ]  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_schemes, years)

    def _show_schemes(self, years: list[tuple[str, int]]) -> None:
        chooser = self.query_one("#les-year", Select)
        chooser.set_options(years)
        if years:
            chooser.value = years[0][1]

    @on(Select.Changed, "#les-year")
    def _year_chosen(self, event: Select.Changed) -> None:
        self.scheme_id = event.value if isinstance(event.value, int) else None
        self.rescope()

    def rescope(self) -> None:
        super().rescope()
        self.main_list.table.marked.clear()
        if self.scheme_id:
            self._load_summary(self.scheme_id, getattr(self.app, "borough_id", None))

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="les-summary",
        description="Summarising returns",
    )
    def _load_summary(self, scheme_id: int, borough_id: int | None) -> None:
        with services_of(self).session() as session:
            summary = LesSummary(
                les.return_rates(session, scheme_id),
                les.criterion_compliance(session, scheme_id, borough_id),
            )
        self.app.call_from_thread(self._show_summary, summary)

    def _show_summary(self, summary: LesSummary) -> None:
        self.query_one("#les-rates", Bars).show(
            [(r.borough, r.percent, f"{r.received}/{r.contracts_sent}") for r in summary.rates],
            label_width=12,
        )
        self.query_one("#les-criteria", Bars).show(
            [(c.code, c.percent, f"{c.met}/{c.answered}") for c in summary.compliance],
            label_width=12,
        )

    def _targets(self) -> tuple[list[int], bool]:
        """The selected returns, else (flag True) every return in the list as filtered."""
        marked = self.main_list.table.marked
        return [int(key.split(":")[1]) for key in marked], not marked

    def action_mark(self, column: str) -> None:
        self._confirm_bulk(column)

    def action_chase(self) -> None:
        self._confirm_bulk("chased")

    def _confirm_bulk(self, step: str) -> None:
        """Act on the selection; with none, ask before acting on every return in the list."""
        ids, whole = self._targets()
        if not whole:
            self._bulk(step, ids, False)
            return
        from sgtui.tui.modals.confirm import ConfirmModal

        question = f"Nothing selected: apply to all {self.main_list.total} returns in the list?"
        self.app.push_screen(
            ConfirmModal(question, "Apply to all", "Cancel"),
            lambda yes: self._bulk(step, [], True) if yes else None,
        )

    def action_chase_list(self) -> None:
        """Toggle between every return and the chase list (contract sent, nothing back)."""
        chasing = self.main_list.request.name == "les_chase"
        self.main_list.set_list("les" if chasing else "les_chase")
        self.query_one(".screen-title", Label).update(
            "GP safeguarding LES" + ("" if chasing else " · chase list")
        )

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="les-bulk",
        description="Updating returns",
    )
    def _bulk(self, step: str, ids: list[int], whole: bool) -> None:
        """Apply one step to many returns in one transaction (all or nothing)."""
        svc = services_of(self)
        request = self.main_list.request
        with svc.session() as session:
            if whole:
                ids = lists.record_ids(session, request.name, request.filter_text, request.scope)
            today = svc.clock.today()
            changed = (
                les.mark_chased(session, svc, ids, today)
                if step == "chased"
                else les.mark_step(session, svc, ids, step, today)
            )
        self.app.call_from_thread(self._bulk_done, changed, step)

    def _bulk_done(self, changed: int, step: str) -> None:
        what = "marked chased today" if step == "chased" else "marked contract sent"
        self.notify(f"{changed} return{'s' if changed != 1 else ''} {what}")
        self.main_list.table.marked.clear()
        self.rescope()
