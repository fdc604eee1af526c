"""Export a report: choose it and its options, where to write it, then write it in a worker.

The reports are the registry in :mod:`sgtui.exporters.reports`, and the worker hands a
:class:`~sgtui.exporters.reports.ReportRequest` to the same
:func:`~sgtui.exporters.reports.write_report` that ``sgtui export`` calls, so the file
from the screen and the file from the command line are always the same file. The
exporters count the rows they write, and that count drives the progress bar.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, ProgressBar, Select, Static
from textual.widgets.option_list import Option

from sgtui.exporters.reports import REPORT_BY_NAME, REPORTS, ReportKind, ReportRequest
from sgtui.services.catalogues import BOROUGHS, code_words
from sgtui.tui.base import SgtuiScreen
from sgtui.tui.context import services_of
from sgtui.tui.file_paths import documents_folder, shown_path, typed_path

OPTION_ROWS = ("year", "quarter", "borough", "date_from", "date_to", "status")


def financial_quarter(day: date) -> str:
    """The financial quarter ``day`` falls in, as ``sgtui export quarterly`` takes it."""
    if day.month >= 4:
        return f"{day.year}-Q{(day.month - 4) // 3 + 1}"
    return f"{day.year - 1}-Q4"


def default_file_name(spec: ReportKind, year: str, quarter: str, borough: str, day: date) -> str:
    """A name that says what the file is: ``les-return-2024-25-LAM.xlsx``.

    A calendar or CSV name ends in its protective marking (``-OFFICIAL-SENSITIVE.ics``):
    those files have no page header to print it in.
    """
    from sgtui.exporters.safety import marked_file_name

    scope = borough or "all"
    if spec.name == "les-return":
        stem = f"les-return-{(year or 'year').replace('/', '-')}-{scope}"
    elif spec.name == "quarterly":
        stem = f"quarterly-{quarter or 'quarter'}-{scope}"
    else:
        stem = f"{spec.name}-{scope}-{day:%Y-%m-%d}"
    return marked_file_name(stem, spec.suffixes[0])


def written_text(summary: str, output: Path) -> str:
    """ "✓ Wrote FILE (what it holds)", with the file shown the way officers read paths."""
    return f"✓ Wrote {shown_path(output)}" + (f" ({summary})" if summary else "")


class ExportScreen(SgtuiScreen):
    """Choose a report on the left, its options on the right, then F9 (or Enter on the file)."""

    AUTO_FOCUS = "#export-reports"
    DEFAULT_CSS = """
    ExportScreen #export-body { height: 1fr; }
    ExportScreen #export-reports { width: 34; height: 1fr; border: round $panel; }
    ExportScreen #export-reports:focus { border: round $accent; }
    ExportScreen #export-options { padding: 0 1; height: 1fr; }
    ExportScreen .export-row { height: auto; margin-bottom: 1; }
    ExportScreen .export-row Label { width: 16; padding-top: 1; }
    ExportScreen .export-row Input, ExportScreen .export-row Select { width: 1fr; }
    ExportScreen #export-message { height: auto; margin-top: 1; }
    ExportScreen #export-progress { display: none; }
    """
    BINDINGS = [Binding("f9", "export", "Export", id="export.run", tooltip="Write the file")]

    def __init__(self) -> None:
        super().__init__()
        self.spec = REPORTS[0]
        self._auto_name = ""
        """The file path we last filled in; once the officer types their own, we leave it."""
        self.running = False

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label("Export a report", classes="screen-title")
        with Horizontal(id="export-body"):
            yield OptionList(
                *[Option(spec.label, id=spec.name) for spec in REPORTS], id="export-reports"
            )
            with Vertical(id="export-options"):
                yield from self._row("year", "Scheme year", Input(placeholder="e.g. 2024/25"))
                yield from self._row("quarter", "Quarter", Input(placeholder="e.g. 2024-Q3"))
                boroughs = [(b.name, b.code) for b in BOROUGHS]
                yield from self._row("borough", "Borough", Select(boroughs, prompt="All boroughs"))
                yield from self._row("date_from", "From", Input(placeholder="dd/mm/yyyy"))
                yield from self._row("date_to", "To", Input(placeholder="dd/mm/yyyy"))
                yield from self._row("status", "Status", Select([], prompt="Any status"))
                yield from self._row("output", "Save as", Input())
                with Horizontal(classes="form-buttons"):
                    yield Button("Export (F9)", id="export-run", variant="primary")
                yield ProgressBar(id="export-progress", show_eta=False)
                yield Static("", id="export-message")
        yield from self.compose_footer()

    def _row(self, name: str, label: str, field: Input | Select[str]) -> ComposeResult:
        field.id = f"export-{name}"
        with Horizontal(classes="export-row", id=f"row-{name}"):
            yield Label(label)
            yield field

    def on_mount(self) -> None:
        today = services_of(self).clock.today()
        self.query_one("#export-quarter", Input).value = financial_quarter(today)
        borough = getattr(getattr(self.app, "settings", None), "borough", None)
        if borough in {b.code for b in BOROUGHS}:
            self.query_one("#export-borough", Select).value = borough
        self._choose(REPORTS[0])
        self._load_latest_year()

    @work(thread=True, exit_on_error=False, description="Reading the scheme years")
    def _load_latest_year(self) -> None:
        from sgtui.services.figures import latest_scheme

        with services_of(self).session() as session:
            scheme = latest_scheme(session)
        if scheme is not None:
            self.app.call_from_thread(self._set_year, scheme.year)

    def _set_year(self, year: str) -> None:
        year_input = self.query_one("#export-year", Input)
        if not year_input.value:
            year_input.value = year

    # Choosing the report and its options

    @on(OptionList.OptionHighlighted, "#export-reports")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._choose(REPORT_BY_NAME[str(event.option.id)])

    @on(OptionList.OptionSelected, "#export-reports")
    def _selected(self) -> None:
        self.query_one("#export-output", Input).focus()

    def _choose(self, spec: ReportKind) -> None:
        self.spec = spec
        wanted = set(spec.options)
        if "dates" in wanted:
            wanted |= {"date_from", "date_to"}
        for name in OPTION_ROWS:
            self.query_one(f"#row-{name}").display = name in wanted
        self.query_one("#export-status", Select).set_options(
            [(code_words(s), s) for s in spec.statuses]
        )
        self._suggest_name()

    @on(Input.Changed, "#export-year, #export-quarter")
    @on(Select.Changed, "#export-borough")
    def _options_changed(self) -> None:
        self._suggest_name()

    def _suggest_name(self) -> None:
        output = self.query_one("#export-output", Input)
        if output.value and output.value != self._auto_name:
            return  # the officer typed their own name
        borough = self._value("borough")
        name = default_file_name(
            self.spec,
            self.query_one("#export-year", Input).value.strip(),
            self.query_one("#export-quarter", Input).value.strip(),
            borough,
            services_of(self).clock.today(),
        )
        self._auto_name = shown_path(documents_folder() / name)
        output.value = self._auto_name

    def _value(self, name: str) -> str:
        widget = self.query_one(f"#export-{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        return str(widget.value).strip()  # type: ignore[attr-defined]

    # Writing the file

    def _request(self) -> ReportRequest | str:
        """The report the form describes, or a sentence saying what is wrong."""
        from sgtui.services.ukdates import DateParseError, parse_optional_uk_date

        dates: dict[str, date | None] = {}
        for name, label in (("date_from", "From"), ("date_to", "To")):
            try:
                dates[name] = parse_optional_uk_date(self._value(name))
            except DateParseError as exc:
                return f"{label}: {exc}"
        if "year" in self.spec.options and not self._value("year"):
            return "Scheme year: give one, e.g. 2024/25"
        if not self._value("output"):
            return "Save as: give a file name"
        return ReportRequest(
            report=self.spec.name,
            output=typed_path(self._value("output")),
            year=self._value("year"),
            quarter=self._value("quarter"),
            borough=self._value("borough") or None,
            status=self._value("status") or None,
            date_from=dates["date_from"],
            date_to=dates["date_to"],
        )

    @on(Input.Submitted, "#export-output")
    @on(Button.Pressed, "#export-run")
    def action_export(self) -> None:
        if self.running:
            return
        request = self._request()
        if isinstance(request, str):
            self._status(f"✗ {request}")
            return
        target = request.output
        if not target.exists():
            self._start(request)
            return
        from sgtui.tui.modals.confirm import ConfirmModal

        def answered(replace_it: bool | None) -> None:
            if replace_it:
                self._start(replace(request, force=True))
            else:
                self._status("Not written: choose another file name.")

        question = f"{shown_path(target)} already exists. Replace it?"
        self.app.push_screen(ConfirmModal(question, "Replace", "Keep it"), answered)

    def _start(self, request: ReportRequest) -> None:
        self.running = True
        self.query_one("#export-run", Button).disabled = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(f"Writing {request.output.name}…")
        self._export(request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", description="Export")
    def _export(self, request: ReportRequest) -> None:
        """Gather and write the report exactly as ``sgtui export`` does (openpyxl loads here)."""
        from sgtui.exporters.reports import write_report
        from sgtui.services.errors import ServiceError

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            result = write_report(services_of(self), request, progress)
        except (ServiceError, OSError) as exc:
            self.app.call_from_thread(self._finished, f"✗ Not written: {exc}")
            return
        self.app.call_from_thread(self._finished, written_text(result.summary, request.output))

    def _progress(self, done: int, total: int) -> None:
        """Rows written so far, told by the exporter every few hundred rows and at the end."""
        self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)

    def _finished(self, message: str) -> None:
        self.running = False
        self.query_one("#export-run", Button).disabled = False
        bar = self.query_one("#export-progress", ProgressBar)
        if bar.total is None:  # nothing was counted: show the file done, not still going
            bar.update(total=1, progress=1)
        bar.display = message.startswith("✓")
        self._status(message)

    def _status(self, text: str) -> None:
        self.query_one("#export-message", Static).update(text)
