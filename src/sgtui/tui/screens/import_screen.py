"""Import a legacy workbook: pick it, dry run, fix what sgtui misread, read the errors, commit.

Every run goes through :func:`sgtui.importers.pipeline.run_import` in a thread worker
(the same function ``sgtui import`` calls), its progress callback feeding the bar; the
report fills the sheets table and four tabs: the columns of a sheet, the values sgtui
could not match to its catalogues, the changes the import would make to stored records
(master data held back until "Accept changes" is ticked) and the names that could be
more than one person. Each fix (a column's field, a value's meaning, who a name is) is
saved in a mapping file (:func:`sgtui.importers.mapping.save_mapping`) and the dry run
repeated with it, so the officer makes each choice once.

F9 after a dry run of the same workbook and mapping file (unchanged on disk) commits
against the versions that dry run read: a record a colleague saved after the officer
reviewed the Changes tab is kept as they saved it and listed as a conflict, never
overwritten by a change the officer did not see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    DirectoryTree,
    Input,
    Label,
    ProgressBar,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker, WorkerState

from sgtui.importers.report import shown
from sgtui.tui.base import SgtuiScreen
from sgtui.tui.context import services_of
from sgtui.tui.file_paths import is_dir, shown_path, typed_path
from sgtui.tui.import_text import (
    Fixes,
    corrected_mapping,
    default_mapping_path,
    summary_line,
)

if TYPE_CHECKING:
    from sgtui.importers.report import ImportReport, SheetReport

Files = tuple[tuple[str, int, int] | None, ...]
"""The workbook and mapping file a run read, as (path, modified, size) each: a commit
uses a dry run's versions only when it reads the very files that dry run read."""

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv"})
SHEET_COLUMNS = ("Sheet", "Kind", "Header row", "Rows", "New", "Updated", "Unchanged", "Rejected")
PROBLEM_COLUMNS = ("Sheet", "Row", "Column", "Header", "Value", "Message")
SHOWN_CHANGES = 1000
"""Changes listed on screen; a re-import of a big log may change more (the JSON has all)."""
CLASH_NOTE = "not written: a colleague saved it meanwhile (theirs kept)"
"""The Changes tab's note on a record left as a colleague saved it during the import."""


class WorkbookTree(DirectoryTree):
    """Folders and the files sgtui can import; hidden entries left out; home shown as ~."""

    def __init__(self, path: Path, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(path, id=id)
        self.root.set_label(shown_path(path))

    def reset_node(self, node: Any, label: Any, data: Any = None) -> Any:
        if node is self.root:
            label = shown_path(Path(self.path))
        return super().reset_node(node, label, data)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.suffix.lower() in WORKBOOK_SUFFIXES or is_dir(p))
        ]


class ImportScreen(SgtuiScreen):
    """Pick a workbook, see what sgtui makes of it, fix it, then import it."""

    AUTO_FOCUS = "#import-path"
    OWNS_UNDO = True
    """ctrl+z here undoes the import just made, never some other change of mine."""
    DEFAULT_CSS = """
    ImportScreen .import-row { height: 1; padding: 0 1; }
    ImportScreen .import-row Label { width: 14; }
    ImportScreen .import-row Input { width: 1fr; }
    ImportScreen #import-buttons { height: 3; padding: 0 1; }
    ImportScreen #import-buttons Button { margin-right: 1; }
    ImportScreen #import-buttons Checkbox {
        height: 1; border: none; padding: 0; margin: 1 1 0 0;  /* three boxes and three
        buttons fit in 120 columns */
    }
    ImportScreen #import-body { height: 1fr; }
    ImportScreen #import-tree { width: 34; border: round $panel; }
    ImportScreen #import-status { height: auto; padding: 0 1; }
    ImportScreen #import-progress { padding: 0 1; display: none; }
    ImportScreen #import-sheets { height: 8; }
    ImportScreen #import-review { height: 1; padding: 0 1; color: $text-muted; }
    ImportScreen #import-tabs { height: 1fr; }
    ImportScreen #import-tabs DataTable { height: 1fr; }
    ImportScreen #import-errors { height: 9; }
    ImportScreen DataTable:focus { border-left: wide $accent; }
    /* 80x24: the folder tree gives way to the typed path, and the fixed heights shrink, so
       the sheets, the review tabs and the problems all stay on screen. */
    ImportScreen.-narrow #import-tree { display: none; }
    ImportScreen.-short #import-buttons { height: 1; }
    ImportScreen.-short #import-buttons Button { height: 1; border: none; min-width: 0; }
    ImportScreen.-short #import-buttons Checkbox { margin: 0 1 0 0; }
    ImportScreen.-short #import-status { max-height: 2; }
    ImportScreen.-short #import-sheets { height: 4; }
    ImportScreen.-short #import-errors { height: 4; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("f5", "dry_run", "Dry run", id="import.dry_run", tooltip="Check, write nothing"),
        Binding("ctrl+s", "save_mapping", "Save mapping", id="import.save_mapping"),
        Binding("f9", "commit", "Import", id="import.commit", tooltip="Write to the database"),
        Binding(
            "ctrl+z",
            "undo_import",
            "Undo import",
            id="import.undo",
            tooltip="Take back the import just made: remove what it added, restore what it changed",
        ),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.home()
        self.report: ImportReport | None = None
        self.report_of: Files = ()
        """The files the report shown was made from (see :data:`Files`)."""
        self.fixes = Fixes()
        """Columns, values and people the officer has chosen since the last save."""
        self.columns_of = ""
        """The sheet whose columns the Columns tab shows."""
        self.value_rows: list[tuple[str, str, str, str]] = []
        """Per row of the values tab: (sheet kind, field, header, cell text)."""
        self.running = False

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label("Import a legacy workbook", classes="screen-title")
        yield from self._path_row(
            "Workbook",
            "import-path",
            "path to .xlsx .xlsm .xls .ods .csv (Enter runs a dry run)",
        )
        yield from self._path_row(
            "Mapping file",
            "import-mapping",
            "optional .toml; saving a fix writes one beside the workbook",
        )
        with Horizontal(id="import-buttons"):
            yield Checkbox("Skip invalid rows", id="import-skip-invalid")
            yield Checkbox("Accept changes", id="import-accept-changes")
            yield Checkbox(
                "Accept identifiers",
                id="import-accept-identifiers",
                tooltip="Import review subjects that look like real names or NHS numbers"
                " (as --accept-identifiers does); better: fix them in a mapping",
            )
            yield Button("Dry run (F5)", id="import-dry-run", variant="primary")
            yield Button("Save mapping (^s)", id="import-save-mapping")
            yield Button("Import (F9)", id="import-commit", variant="warning")
        with Horizontal(id="import-body"):
            yield WorkbookTree(self.start, id="import-tree")
            with Vertical():
                yield Static("Choose a workbook on the left or type its path.", id="import-status")
                yield ProgressBar(id="import-progress", show_eta=False)
                yield DataTable(id="import-sheets", cursor_type="row")
                yield Static("", id="import-review")
                with TabbedContent(id="import-tabs"):
                    with TabPane("Columns", id="tab-columns"):
                        yield DataTable(id="import-columns", cursor_type="row")
                    with TabPane("Values to map", id="tab-values"):
                        yield DataTable(id="import-values", cursor_type="row")
                    with TabPane("Changes", id="tab-changes"):
                        yield DataTable(id="import-changes", cursor_type="row")
                    with TabPane("People", id="tab-people"):
                        yield DataTable(id="import-people", cursor_type="row")
        yield Label("Problems", id="import-errors-title", classes="section-title")
        yield DataTable(id="import-errors", cursor_type="row")
        yield from self.compose_footer()

    def _path_row(self, label: str, input_id: str, placeholder: str) -> ComposeResult:
        with Horizontal(classes="import-row"):
            yield Label(label)
            yield Input(placeholder=placeholder, id=input_id, compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-columns", DataTable).add_columns(
            "Column", "Header", "Imported as", ""
        )
        self.query_one("#import-values", DataTable).add_columns(
            "Sheet", "Column", "Header", "Value", "Rows", "Means"
        )
        self.query_one("#import-changes", DataTable).add_columns(
            "Record", "Field", "Stored now", "Workbook says", ""
        )
        self.query_one("#import-people", DataTable).add_columns(
            "Sheet", "Row", "Name", "Organisation", "Could be", "Is"
        )

    # Choosing the file

    @property
    def workbook(self) -> Path | None:
        text = self.query_one("#import-path", Input).value
        return typed_path(text) if text.strip() else None

    @property
    def mapping_file(self) -> Path | None:
        text = self.query_one("#import-mapping", Input).value
        return typed_path(text) if text.strip() else None

    @on(DirectoryTree.FileSelected)
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#import-path", Input).value = shown_path(event.path)
        self.fixes.clear()
        self.action_dry_run()

    @on(Input.Submitted, "#import-path")
    def _path_typed(self) -> None:
        path = self.workbook
        if path is not None and is_dir(path):
            self.query_one("#import-tree", WorkbookTree).path = path
            self._status(f"Showing {shown_path(path)}: choose a workbook.")
            return
        self.fixes.clear()
        self.action_dry_run()

    @on(Input.Submitted, "#import-mapping")
    def _mapping_typed(self) -> None:
        self.action_dry_run()

    # Running the importer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("dry_run", "commit", "save_mapping", "undo_import") and self.running:
            return False
        if action == "undo_import":
            report = self.report
            return bool(report and report.committed and report.import_number is not None)
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#import-dry-run")
    def action_dry_run(self) -> None:
        self._start(dry_run=True)

    @on(Button.Pressed, "#import-commit")
    def action_commit(self) -> None:
        self._start(dry_run=False)

    def _start(self, *, dry_run: bool) -> None:
        path = self.workbook
        if path is None:
            self._status("✗ Choose a workbook first.")
            return
        if not path.is_file():
            self._status(f"✗ No such file: {shown_path(path)}")
            return
        if self.fixes:
            self._status("! You changed the mapping: save it (ctrl+s) first, then run again.")
            return
        self.running = True
        self._set_buttons(disabled=True)
        skip_invalid = self.query_one("#import-skip-invalid", Checkbox).value
        accept = self.query_one("#import-accept-changes", Checkbox).value
        identifiers = self.query_one("#import-accept-identifiers", Checkbox).value
        files = _files_of(path, self.mapping_file)
        read_versions = None if dry_run else self._reviewed_versions(files)
        verb = "Checking" if dry_run else "Importing"
        self._status(f"{verb} {path.name}…")
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._run(
            path,
            self.mapping_file,
            dry_run,
            skip_invalid,
            accept,
            identifiers,
            read_versions=read_versions,
            files=files,
        )

    def _reviewed_versions(self, files: Files) -> dict[str, dict[int, int]] | None:
        """The versions read by the dry run on screen, if it was of these very files: the
        commit then keeps any record saved since the officer reviewed that dry run."""
        report = self.report
        if report is None or not report.dry_run or report.fatal or self.report_of != files:
            return None
        return report.read_versions

    @work(thread=True, exclusive=True, exit_on_error=False, group="import", description="Import")
    def _run(
        self,
        path: Path,
        mapping_path: Path | None,
        dry_run: bool,
        skip_invalid: bool,
        accept_changes: bool,
        accept_identifiers: bool = False,
        *,
        read_versions: dict[str, dict[int, int]] | None = None,
        files: Files = (),
    ) -> None:
        """Read (and, unless a dry run, write) the workbook; the report goes back to the UI."""
        from sgtui.importers.mapping import load_mapping
        from sgtui.importers.pipeline import run_import
        from sgtui.importers.safety import UnreadableFile
        from sgtui.services.errors import ServiceError
        from sgtui.store.errors import DatabaseError

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            mapping = load_mapping(mapping_path)
            report = run_import(
                services_of(self),
                [path],
                mapping=mapping,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                accept_changes=accept_changes,
                accept_identifiers=accept_identifiers,
                progress=progress,
                read_versions=read_versions,
            )
        except (UnreadableFile, ServiceError, DatabaseError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show_report, report, path, files)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A run that failed unexpectedly is reported (by the base) and frees the buttons."""
        super().on_worker_state_changed(event)
        if event.worker.group == "import" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._finish()
            self._status("✗ The import stopped unexpectedly; nothing was written.")

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)

    def _failed(self, message: str) -> None:
        self._finish()
        self._status(f"✗ {message}")

    def _finish(self) -> None:
        self.running = False
        self._set_buttons(disabled=False)

    def _set_buttons(self, *, disabled: bool) -> None:
        for button in self.query("#import-buttons Button").results(Button):
            button.disabled = disabled

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(text)

    # Showing the report

    def _show_report(self, report: ImportReport, path: Path, files: Files = ()) -> None:
        self._finish()
        self.report, self.report_of = report, files
        self.query_one("#import-progress", ProgressBar).update(total=1, progress=1)
        self._status(summary_line(report, path.name))
        if report.committed:
            self.notify(f"Imported {path.name}")
        self._fill_sheets(report)
        self._fill_values(report)
        self._fill_changes(report)
        self._fill_people(report)
        self._fill_errors(report)
        self._review_line()
        self.refresh_bindings()  # ctrl+z (undo import) shows once there is an import to undo

    def _fill_sheets(self, report: ImportReport) -> None:
        rows = []
        for sheet in report.sheets:
            rows.append(
                (
                    sheet.sheet,
                    sheet.kind or f"skipped: {sheet.skipped or 'not recognised'}",
                    str(sheet.header_row or "—"),
                    str(sheet.rows) if sheet.kind else "",
                    *(
                        (
                            str(sheet.inserted),
                            str(sheet.updated),
                            str(sheet.unchanged),
                            str(sheet.rejected),
                        )
                        if sheet.kind
                        else ("", "", "", "")
                    ),
                )
            )
        table = _filled(self.query_one("#import-sheets", DataTable), SHEET_COLUMNS, rows)
        first = next((i for i, s in enumerate(report.sheets) if s.kind), None)
        if first is not None:
            table.move_cursor(row=first)
            self._fill_columns(report.sheets[first])
        else:
            self.query_one("#import-columns", DataTable).clear()

    def _fill_errors(self, report: ImportReport) -> None:
        rows = [
            (e.sheet, str(e.row or ""), e.column or "", e.header or "", e.value or "", f"{mark}{e.message}")
            for problems, mark in ((report.errors, "✗ "), (report.warnings, "! warning: "))
            for e in problems
        ]  # fmt: skip
        _filled(self.query_one("#import-errors", DataTable), PROBLEM_COLUMNS, rows)
        title = f"Problems: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        if report.fatal:
            title = "Problems: the file could not be read"
        self.query_one("#import-errors-title", Label).update(title)

    @on(DataTable.RowHighlighted, "#import-sheets")
    def _sheet_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.report is not None and event.row_key.value is not None:
            self._fill_columns(self.report.sheets[int(event.row_key.value)])

    @property
    def current_sheet(self) -> SheetReport | None:
        table = self.query_one("#import-sheets", DataTable)
        if self.report is None or table.row_count == 0:
            return None
        return self.report.sheets[table.cursor_row]

    def _fill_columns(self, sheet: SheetReport) -> None:
        table = self.query_one("#import-columns", DataTable)
        table.clear()
        self._review_line(sheet)
        if not sheet.kind:
            return
        letters = {text.split(" -> ")[0]: letter for letter, text in sheet.columns.items()}
        for header, target in sheet.mapping.items():
            fixed = self.fixes.headers.get((sheet.kind, header))
            shown = fixed or target
            table.add_row(
                letters.get(header, ""),
                header,
                "— not imported" if shown in (None, "ignore") else shown,
                "✎ changed, not saved" if fixed else "",
                key=header,
            )

    @on(DataTable.RowSelected, "#import-columns")
    def _column_chosen(self, event: DataTable.RowSelected) -> None:
        from sgtui.importers.fields import KINDS
        from sgtui.tui.modals.field_choice import FieldChoiceModal

        sheet = self.current_sheet
        header = event.row_key.value
        if sheet is None or not sheet.kind or header is None:
            return
        kind = sheet.kind
        fields = [(f.name, f.label) for f in KINDS[kind].fields]
        current = self.fixes.headers.get((kind, header), sheet.mapping.get(header))

        def chosen(target: str | None) -> None:
            if target is not None and target != current:
                self.fixes.headers[(kind, header)] = target
                self._fill_columns(sheet)
                self._status(f"! “{header}” now fills {target}: save the mapping (ctrl+s).")

        self.app.push_screen(FieldChoiceModal(header, kind, fields, current), chosen)

    def _review_line(self, sheet: SheetReport | None = None) -> None:
        """What each tab holds, in one line above them (the tab labels stay put: relabelling
        a tab re-lays the tabs out, which unsettled the tables around them)."""
        if sheet is not None:
            self.columns_of = sheet.sheet
        parts = [f"Columns of {self.columns_of}" if self.columns_of else "Columns"]
        report = self.report
        if report is not None and not report.fatal:
            values = sum(len(column.values) for column in report.unmapped)
            held = sum(1 for change in report.changes if change.held)
            changes = f"changes: {len(report.changes)}" + (f", {held} held back" if held else "")
            parts += [f"values to map: {values}", changes, f"names to match: {len(report.people)}"]
        self.query_one("#import-review", Static).update(" · ".join(parts))

    # Values sgtui could not match, changes to stored records, names of more than one person

    def _fill_values(self, report: ImportReport) -> None:
        table = self.query_one("#import-values", DataTable)
        table.clear()
        self.value_rows = []
        for column in report.unmapped:
            kind = column.kind
            for text, rows in sorted(column.values.items(), key=lambda item: -item[1]):
                fixed = self.fixes.values.get((column.field, text))
                means = self._label_of(kind, column.field, fixed) if fixed else "— kept as written"
                table.add_row(
                    column.sheet, column.column, column.header, text, str(rows),
                    f"{means}  ✎ not saved" if fixed else means,
                    key=str(len(self.value_rows)),
                )  # fmt: skip
                self.value_rows.append((kind, column.field, column.header, text))

    def _label_of(self, kind: str, field_name: str, code: str) -> str:
        from sgtui.importers.codes import choices

        return dict(choices(kind, field_name)).get(code, code)

    @on(DataTable.RowSelected, "#import-values")
    def _value_chosen(self, event: DataTable.RowSelected) -> None:
        from sgtui.importers.codes import choices
        from sgtui.tui.modals.field_choice import ValueChoiceModal

        if event.row_key.value is None:
            return
        kind, field_name, header, text = self.value_rows[int(event.row_key.value)]
        options = choices(kind, field_name)
        if not options:
            self._status(
                f"! {header} has no list to choose from: map “{text}” in the mapping file."
            )
            return
        current = self.fixes.values.get((field_name, text))

        def chosen(code: str | None) -> None:
            if code is not None and self.report is not None:
                self.fixes.values[(field_name, text)] = code
                self._fill_values(self.report)
                label = self._label_of(kind, field_name, code)
                self._status(f"! “{text}” now means {label}: save the mapping (ctrl+s).")

        self.app.push_screen(ValueChoiceModal(header, text, options, current), chosen)

    def _fill_changes(self, report: ImportReport) -> None:
        """Records left as a colleague saved them first (they need a look), then the diffs."""
        table = self.query_one("#import-changes", DataTable)
        table.clear()
        for conflict in report.conflicts[:SHOWN_CHANGES]:
            clash = conflict.clash
            table.add_row(conflict.record, clash.label, clash.theirs, clash.yours, CLASH_NOTE)
        for change in report.changes[:SHOWN_CHANGES]:
            note = "held back: tick Accept changes" if change.held else ""
            table.add_row(change.record, change.field, shown(change.old), shown(change.new), note)
        if len(report.changes) > SHOWN_CHANGES:
            rest = len(report.changes) - SHOWN_CHANGES
            table.add_row(f"… and {rest:,} more", "", "", "", "see sgtui import --json")

    def _fill_people(self, report: ImportReport) -> None:
        table = self.query_one("#import-people", DataTable)
        table.clear()
        for index, choice in enumerate(report.people):
            fixed = self.fixes.people.get(choice.mapping_key)
            labels = dict(choice.candidates)
            shown = (
                ""
                if fixed is None
                else ("a new person" if fixed == "new" else labels.get(fixed, fixed))
            )
            table.add_row(
                choice.sheet, str(choice.row or ""), choice.name, choice.organisation or "",
                f"{len(choice.candidates)} people · {choice.rows} row(s) held back",
                f"{shown}  ✎ not saved" if fixed else "— choose",
                key=str(index),
            )  # fmt: skip

    @on(DataTable.RowSelected, "#import-people")
    def _person_chosen(self, event: DataTable.RowSelected) -> None:
        from sgtui.tui.modals.field_choice import PersonChoiceModal

        report = self.report
        if report is None or event.row_key.value is None:
            return
        choice = report.people[int(event.row_key.value)]
        entry = choice.mapping_key

        def chosen(key: str | None) -> None:
            if key is not None and self.report is not None:
                self.fixes.people[entry] = key
                self._fill_people(self.report)
                self._status(f"! Chosen who “{choice.name}” is: save the mapping (ctrl+s).")

        current = self.fixes.people.get(entry)
        modal = PersonChoiceModal(choice.name, choice.organisation, choice.candidates, current)
        self.app.push_screen(modal, chosen)

    # Undoing the import just made

    def action_undo_import(self) -> None:
        from sgtui.tui.modals.confirm import ConfirmModal

        report = self.report
        if report is None or report.import_number is None:
            return
        number = report.import_number
        question = (
            f"Undo import {number}? Everything it added is removed and everything it "
            "changed is put back, unless someone has changed it since."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.running = True
                self._set_buttons(disabled=True)
                self._status(f"Undoing import {number}…")
                self._undo(number)
            else:
                self._status(f"Cancelled: import {number} stays.")

        self.app.push_screen(ConfirmModal(question, "Undo import", "Keep it"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import", description="Undo")
    def _undo(self, number: int) -> None:
        """Undo the import in one transaction; a refusal comes back as a sentence."""
        from sgtui.services.errors import ServiceError
        from sgtui.services.imports import undo_import

        try:
            result = undo_import(services_of(self), number)
        except ServiceError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._undone, number, result.effect)

    def _undone(self, number: int, effect: str) -> None:
        self._finish()
        self.report = None  # what the tables showed was that import: nothing left of it
        for table in self.query(DataTable).results(DataTable):
            table.clear()
        self._review_line()
        self.query_one("#import-errors-title", Label).update("Problems")
        self._status(f"✓ Undid import {number}: {effect}. F5 checks the workbook again.")
        self.notify(f"Import {number} undone")
        self.refresh_bindings()

    # Saving the mapping

    @on(Button.Pressed, "#import-save-mapping")
    def action_save_mapping(self) -> None:
        path, report = self.workbook, self.report
        if path is None or report is None or report.fatal:
            self._status("✗ Run a dry run of a workbook first; the mapping starts from it.")
            return
        target = self.mapping_file or default_mapping_path(path)
        fixes = Fixes(dict(self.fixes.headers), dict(self.fixes.values), dict(self.fixes.people))
        self._save_mapping(report, fixes, target)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Saving the mapping")
    def _save_mapping(self, report: ImportReport, fixes: Fixes, target: Path) -> None:
        import tomllib

        from sgtui.importers.mapping import save_mapping
        from sgtui.importers.safety import UnreadableFile

        try:
            kept = tomllib.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
            save_mapping(corrected_mapping(report, fixes, kept), target)
        except (UnreadableFile, OSError, tomllib.TOMLDecodeError) as exc:
            self.app.call_from_thread(self._status, f"✗ Mapping not saved: {exc}")
            return
        self.app.call_from_thread(self._mapping_saved, target)

    def _mapping_saved(self, target: Path) -> None:
        self.fixes.clear()
        self.query_one("#import-mapping", Input).value = shown_path(target)
        self.notify(f"Mapping saved to {target.name}")
        self.action_dry_run()


def _files_of(workbook: Path, mapping: Path | None) -> Files:
    """What identifies a run's input: each file's path, modification time and size."""
    return tuple(_file_of(path) for path in (workbook, mapping))


def _file_of(path: Path | None) -> tuple[str, int, int] | None:
    if path is None:
        return None
    try:
        found, where = path.stat(), str(path.resolve())
    except OSError:  # a mapping file not written yet
        return None
    return (where, found.st_mtime_ns, found.st_size)


def _filled(
    table: DataTable[str], labels: tuple[str, ...], rows: Sequence[tuple[str, ...]]
) -> DataTable[str]:
    """The table emptied and refilled with columns as wide as their widest cell.

    Widths are set here, not left to the table to work out when next idle, so the screen
    is laid out the same however busy the machine is (rows keyed by their position).
    """
    from rich.cells import cell_len

    table.clear(columns=True)
    for index, label in enumerate(labels):
        table.add_column(label, width=max([cell_len(label), *(cell_len(r[index]) for r in rows)]))
    for position, row in enumerate(rows):
        table.add_row(*row, key=str(position))
    return table
