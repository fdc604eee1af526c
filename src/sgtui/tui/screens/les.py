"""GP LES: a scheme year's practice grid with bulk steps, the chase list and the summary."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select

from sgtui.services import les, lists
from sgtui.services.pages import LesSummary, les_summary
from sgtui.services.wording import plural
from sgtui.store.models import LesScheme
from sgtui.tui.context import services_of
from sgtui.tui.screens.areas import ListAreaScreen
from sgtui.tui.widgets.bars import Bars
from sgtui.tui.widgets.record_table import RecordTable


class LesScreen(ListAreaScreen):
    """The LES year: choose the scheme, select practices, mark steps, watch the bars."""

    mode = "les"
    list_name = "les"
    title_text = "GP safeguarding LES"
    BINDINGS = [
        Binding(
            "e",
            "edit_return",
            "Edit",
            id="les.edit_return",
            tooltip="Edit the steps of the return under the cursor (Enter opens its page)",
        ),
        Binding(
            "S",
            "mark('contract_sent_on')",
            "Sent",
            id="les.sent",
            tooltip="Mark contracts sent today on the selection (or the whole list)",
        ),
        Binding(
            "G",
            "mark('contract_signed_on')",
            "Signed",
            id="les.signed",
            tooltip="Mark contracts signed today on the selection (or the whole list)",
        ),
        Binding(
            "k",
            "chase",
            "Chased today",
            show=False,
            id="les.chased",
            tooltip="Mark chased today on the selection (or the whole list)",
        ),
        Binding(
            "M",
            "draft_chase_emails",
            "Chase e-mails",
            show=False,
            id="les.chase_emails",
            tooltip="Draft an Outlook e-mail to each outstanding practice selected (or listed)"
            " and mark them chased today",
        ),
        Binding(
            "at",
            "copy_emails",
            "Copy e-mails",
            show=False,
            id="les.copy_emails",
            tooltip="Copy the selected (or listed) practices' e-mail addresses, ; between",
        ),
        Binding(
            "w",
            "chase_list",
            "Chase list",
            show=False,
            id="les.chase_list",
            tooltip="Show only returns not yet received",
        ),
        Binding(
            "A",
            "toggle_criteria",
            "Answers",
            show=False,  # named in the hint above the grid
            id="les.answers",
            tooltip="Show or hide each criterion's answer as a column (C01, C02, ...)",
        ),
        Binding(
            "y",
            "choose_year",
            "Year",
            show=False,
            id="les.year",
            tooltip="Show another scheme year",
        ),
        Binding(
            "N",
            "new_year",
            "New year",
            id="les.new_year",
            tooltip="Start a scheme year: last year's criteria copied, a return per practice",
        ),
        Binding(
            "C",
            "open_scheme",
            "Criteria",
            id="les.criteria",
            tooltip="The year's criteria and details, to edit, add or delete",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scheme_id: int | None = None
        self.years: list[tuple[str, int]] = []
        """(year, scheme id) of every scheme year, latest first."""
        self.show_criteria = False
        """True while the grid shows a column per criterion (A toggles it)."""
        self.criteria: tuple[tuple[int, str, str], ...] = ()
        """(id, code, answer type) of the year's criteria, once loaded for the columns."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="les-top"):
            yield Select[int]([], prompt="Scheme year", id="les-year", allow_blank=True)
            yield Label(
                "Enter opens · F2 edits · space selects · = sets a field · k chased today"
                " · w chase list · y year · A answers",
                classes="dialog-hint",
            )
        with Vertical(id="les-body"):
            yield RecordTable(self.list_name, self.scope(), id="main-list")
            with Horizontal(id="les-summary"):  # under the grid, so the grid has the width
                with Vertical(classes="les-summary-part"):
                    yield Label("Return rate by borough", classes="section-title")
                    yield Bars(id="les-rates")
                with Vertical(classes="les-summary-part"):
                    yield Label("Criteria met", classes="section-title")
                    yield Bars(id="les-criteria")

    def on_mount(self) -> None:
        super().on_mount()
        self.main_list.table.markable = True
        self._load_schemes()

    def scope(self, **linked: int | None) -> lists.Scope:
        scope = super().scope(scheme_id=getattr(self, "scheme_id", None) or -1, **linked)
        shown = getattr(self, "show_criteria", False)
        return replace(scope, criteria=self.criteria if shown else ())

    def action_toggle_criteria(self) -> None:
        """Show the criteria's answers as columns (loaded for the year), or hide them."""
        self.show_criteria = not self.show_criteria
        if self.show_criteria and self.scheme_id:
            self._load_criteria(self.scheme_id)
        else:
            self.main_list.set_scope(self.scope())

    @work(thread=True, exclusive=True, exit_on_error=False, group="les-criteria")
    def _load_criteria(self, scheme_id: int) -> None:
        with services_of(self).session() as session:
            found = tuple(
                (c.id or 0, c.code, c.answer_type) for c in les.criteria(session, scheme_id)
            )
        self.app.call_from_thread(self._show_criteria, scheme_id, found)

    def _show_criteria(self, scheme_id: int, found: tuple[tuple[int, str, str], ...]) -> None:
        if scheme_id != self.scheme_id:
            return
        self.criteria = found
        self.main_list.set_scope(self.scope())

    @work(thread=True, exit_on_error=False, description="Loading scheme years")
    def _load_schemes(self, choose: int | None = None) -> None:
        """Fill the year chooser, latest first; show ``choose`` (else the latest)."""
        with services_of(self).session() as session:
            years = [(s.year, s.id or 0) for s in les.scheme_years(session)]
        self.app.call_from_thread(self._show_schemes, years, choose)

    def _show_schemes(self, years: list[tuple[str, int]], choose: int | None = None) -> None:
        self.years = years
        chooser = self.query_one("#les-year", Select)
        chooser.set_options(years)
        if years:
            chooser.value = choose if choose in {i for _y, i in years} else years[0][1]

    @property
    def year_text(self) -> str:
        """The scheme year on show ("" before the years have loaded)."""
        return next((y for y, i in self.years if i == self.scheme_id), "")

    @on(Select.Changed, "#les-year")
    def _year_chosen(self, event: Select.Changed) -> None:
        self.scheme_id = event.value if isinstance(event.value, int) else None
        self.criteria = ()  # another year's criteria: loaded again below
        self.rescope()
        if self.show_criteria and self.scheme_id:
            self._load_criteria(self.scheme_id)
        if event.select.has_focus_within:  # chosen from the list: back to the grid after it
            self.call_after_refresh(self.main_list.table.focus)

    def rescope(self) -> None:
        super().rescope()
        self.main_list.table.clear_marks()
        self.reload_panels()

    def on_record_table_edited(self, event: RecordTable.Edited) -> None:
        """A step edited in place (or filled down) moves the return-rate bars."""
        self.reload_panels()

    def reload_panels(self) -> None:
        """A return, the year or a practice changed: the bars may move."""
        if self.scheme_id:
            super().reload_panels()

    def load_panels(self, session: Session) -> LesSummary:
        borough_id = getattr(self.app, "borough_id", None)
        return les_summary(session, self.scheme_id or -1, borough_id)

    def show_panels(self, summary: LesSummary) -> None:
        if summary.scheme_id != self.scheme_id:
            return  # another year was chosen while this one was read
        self.query_one("#les-rates", Bars).show(
            [(r.borough, r.percent, f"{r.received}/{r.contracts_sent}") for r in summary.rates],
            label_width=12,
        )
        self.query_one("#les-criteria", Bars).show(
            [(c.code, c.percent, f"{c.met}/{c.answered}") for c in summary.compliance],
            label_width=12,
        )

    def action_choose_year(self) -> None:
        """Open the year chooser (Enter picks; the grid and bars follow)."""
        chooser = self.query_one("#les-year", Select)
        chooser.focus()
        chooser.action_show_overlay()

    def action_edit_return(self) -> None:
        """The steps of the return under the cursor, in the registry's form."""
        from sgtui.tui.modals.registry_form import open_form

        row = self.main_list.table.current_row
        if row is None:
            self.notify("No return to edit in this list", severity="warning")
            return
        ods, name = row.cells[0], row.cells[1]
        open_form(
            self,
            "les_return",
            row.record_id,
            title=f"LES return · {ods} {name} · {self.year_text}",
            intro="A step takes a date, today, or yes (done, date not known); the status follows.",
            then=self._return_saved,
        )

    def _return_saved(self, saved: object) -> None:
        if saved is not None:
            self.notify("Saved")  # the grid and the bars follow the DataChanged it posted

    def action_open_scheme(self) -> None:
        """The year's page: its details and its criteria, to edit."""
        if not self.scheme_id:
            self.notify("No scheme year yet: N starts one", severity="warning")
            return
        from sgtui.tui.screens.les_scheme import LesSchemeScreen

        self.app.push_screen(LesSchemeScreen(self.scheme_id))

    @work(thread=True, exit_on_error=False, description="Opening the new-year form")
    def action_new_year(self) -> None:
        """Ask for the year (the next one) and the year to copy; then show it in the grid."""
        from sgtui.tui.modals.les_forms import new_year_form

        svc = services_of(self)
        with svc.session() as session:
            years = [s.year for s in les.scheme_years(session)]
        default = les.next_scheme_year(years[0] if years else None, svc.clock.today())
        form = new_year_form(svc, years, default)
        self.app.call_from_thread(self.app.push_screen, form, self._year_started)

    def _year_started(self, scheme: LesScheme | None) -> None:
        if scheme is not None:
            self._announce_year(scheme.id or 0, scheme.year)

    @work(thread=True, exit_on_error=False, description="Loading the new year")
    def _announce_year(self, scheme_id: int, year: str) -> None:
        with services_of(self).session() as session:
            criteria = len(les.criteria(session, scheme_id))
            returns = les.return_count(session, scheme_id)
        self.app.call_from_thread(
            self.notify,
            f"Started LES {year}: {plural(returns, 'return')} (not sent yet),"
            f" {plural(criteria, 'criterion', 'criteria')} copied (C to edit them)",
        )
        self.app.call_from_thread(self._load_schemes, scheme_id)

    def _targets(self) -> tuple[list[int], bool]:
        """The selected returns, else (flag True) every return in the list as filtered."""
        marked = self.main_list.table.marked_rows
        return [int(key.split(":")[1]) for key in marked], not marked

    def action_mark(self, column: str) -> None:
        self._confirm_bulk(column)

    def action_chase(self) -> None:
        self._confirm_bulk("chased")

    def action_draft_chase_emails(self) -> None:
        """Ask for a folder, then draft an e-mail per outstanding practice and record the chase."""
        from sgtui.tui.modals.chase_emails import ChaseEmailsModal

        if not self.scheme_id:
            self.notify("No scheme year yet: N starts one", severity="warning")
            return
        ids, _whole = self._targets()
        modal = ChaseEmailsModal(self.year_text, ids, self.main_list.request)
        self.app.push_screen(modal, self._chase_emails_done)

    def _chase_emails_done(self, message: str | None) -> None:
        if message is None:
            self.notify("Cancelled: nothing written")
            return
        self.notify(message, timeout=12)
        self.main_list.table.clear_marks()
        self.rescope()

    @work(thread=True, exit_on_error=False, description="Reading e-mail addresses")
    def action_copy_emails(self) -> None:
        """The selection's (else the list's) practice addresses on the clipboard, for Outlook."""
        from sgtui.services import chase

        ids, whole = self._targets()
        request = self.main_list.request
        with services_of(self).session() as session:
            if whole:
                ids = lists.record_ids(
                    session,
                    request.name,
                    request.filter_text,
                    scope=request.scope,
                    where=request.where,
                )
            found, missing = chase.addresses(session, ids)
        self.app.call_from_thread(self._copy_emails, found, missing)

    def _copy_emails(self, found: list[str], missing: int) -> None:
        from sgtui.services import chase

        if not found:
            self.notify("No e-mail addresses to copy for these practices", severity="warning")
            return
        self.app.copy_to_clipboard(chase.outlook_list(found))
        text = f"Copied {len(found)} e-mail address{'es' if len(found) != 1 else ''}"
        self.notify(text + (f" ({missing} practice(s) have none)" if missing else ""))

    def _confirm_bulk(self, step: str) -> None:
        """Act on the selection; with none, ask before acting on every return in the list."""
        ids, whole = self._targets()
        if not whole:
            self._bulk(step, ids, False)
            return
        from sgtui.tui.modals.confirm import ConfirmModal

        question = (
            f"Nothing selected: apply to all {plural(self.main_list.total, 'return')} in the list?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._bulk(step, [], True)
            else:
                self.notify("Cancelled: nothing changed")

        self.app.push_screen(ConfirmModal(question, "Apply to all", "Cancel"), answered)

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
                ids = lists.record_ids(
                    session,
                    request.name,
                    request.filter_text,
                    scope=request.scope,
                    where=request.where,
                )
            today = svc.clock.today()
            changed = (
                les.mark_chased(session, svc, ids, today)
                if step == "chased"
                else les.mark_step(session, svc, ids, step, today)
            )
        self.app.call_from_thread(self._bulk_done, changed, step)

    def _bulk_done(self, changed: int, step: str) -> None:
        what = {
            "chased": "marked chased today",
            "contract_signed_on": "marked contract signed",
        }.get(step, "marked contract sent")
        self.notify(f"{changed} return{'s' if changed != 1 else ''} {what}")
        self.main_list.table.clear_marks()
        self.rescope()
