"""Sheets are judged by their header rows and data, never refused or skipped for their name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from sgtui.importers.detect import detect
from sgtui.importers.mapping import Mapping
from sgtui.importers.pipeline import run_import
from sgtui.importers.reader import open_workbook
from sgtui.importers.report import SheetReport
from sgtui.services.context import Services


def _book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _sheets(path: Path) -> dict[str, tuple[str | None, str | None, int | None]]:
    """Sheet name -> (kind, skip reason, header row), as detection decides them."""
    book = open_workbook(path)
    try:
        found = {}
        for sheet in book.sheets:
            d = detect(sheet, Mapping())
            found[sheet.name] = (d.kind.name if d.kind else None, d.skipped, d.header_row)
        return found
    finally:
        book.close()


PRACTICES = [
    ["ODS code", "Practice name", "Borough", "Practice manager"],
    ["G85001", "Brixton Hill Surgery", "Lambeth", "Ann Admin"],
    ["G85002", "Stockwell Road Practice", "Lambeth", None],
]
MEETINGS = [
    ["Meeting ID", "Date", "Meeting", "Chair", "Venue", "Minute taker"],
    ["LAM-SCP-01", date(2024, 4, 3), "Safeguarding leads", "Dr Chair", "Teams", "Bo Notes"],
    ["LAM-SCP-02", date(2024, 5, 8), "Safeguarding leads", "Dr Chair", "Room 2", "Bo Notes"],
]


def test_practice_list_named_list_is_read(tmp_path: Path) -> None:
    path = _book(tmp_path / "b.xlsx", {"Practice List": PRACTICES})
    assert _sheets(path) == {"Practice List": ("practices", None, 1)}


def test_meeting_log_named_notes_is_read_and_imports(svc: Services, tmp_path: Path) -> None:
    path = _book(tmp_path / "b.xlsx", {"Notes 2024": [["Meetings 2024"], *MEETINGS]})
    assert _sheets(path) == {"Notes 2024": ("meetings", None, 2)}
    report = run_import(svc, [path])
    assert report.committed and not report.errors
    assert [(s.sheet, s.kind, s.inserted) for s in report.sheets] == [("Notes 2024", "meetings", 2)]


def test_meeting_log_is_not_read_as_actions(tmp_path: Path) -> None:
    # A sheet named like an action log still holds meetings: its columns say so.
    path = _book(tmp_path / "b.xlsx", {"Action log": MEETINGS})
    assert _sheets(path)["Action log"][0] == "meetings"


def test_real_lookups_and_dashboards_still_skipped_with_closest_kind(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "b.xlsx",
        {
            "Boroughs": [["Borough"], ["Lambeth"], ["Southwark"], ["Lewisham"]],
            "Stages": [
                ["Stage", "Meaning"],
                ["Panel", "Panel meeting held"],
                ["Draft", "Drafting"],
            ],
            "Figures": [["Open actions", 12], ["Expired training", 3], ["Reviews", 4]],
            "Sheet4": [["Date", "Venue"], [date(2024, 1, 2), "Teams"], [date(2024, 2, 6), "Room"]],
            "About": [["This workbook tracks the team's safeguarding work, one sheet a log."]],
        },
    )
    assert _sheets(path) == {
        "Boroughs": (
            None,
            "lookups: closest to practices (row 1 names Borough; "
            "a practices sheet also needs ODS code)",
            None,
        ),
        "Stages": (
            None,
            "lookups: closest to reviews (row 1 names Stage; "
            "a reviews sheet also needs Reference, Review type)",
            None,
        ),
        "Figures": (
            None,
            "dashboard: closest to actions (row 1 names Open actions; "
            "an actions sheet also needs Action ref)",
            None,
        ),
        "Sheet4": (
            None,
            "lookups: closest to meetings (row 1 names Date, Venue; "
            "a meetings sheet also needs Meeting ID)",
            None,
        ),
        "About": (None, "instructions: no row names a column sgtui reads", None),
    }


def test_dashboard_of_formulas_without_values_is_skipped(tmp_path: Path) -> None:
    # openpyxl saves formulas with no cached value: the dashboard is labels beside formulas.
    path = _book(
        tmp_path / "b.xlsx",
        {
            "Overview": [
                ["Open actions", '=COUNTIFS(A:A,"Open")'],
                ["Practices", "=COUNTA(B:B)"],
            ]
        },
    )
    reason = _sheets(path)["Overview"][1]
    assert reason is not None and reason.startswith("dashboard: ")


def test_header_row_needs_the_fields_its_records_need(tmp_path: Path) -> None:
    # Row 1 is a banner naming four meeting fields but no Meeting ID; row 2 is the header.
    rows = [
        ["Meeting", "Chair", "Venue", "Date"],
        ["Meeting ID", "Meeting", "Chair", "Venue", "Date"],
        ["M-1", "Leads", "Dr A", "Teams", date(2024, 1, 9)],
        ["M-2", "Leads", "Dr A", "Teams", date(2024, 2, 13)],
    ]
    path = _book(tmp_path / "b.xlsx", {"Log": rows})
    assert _sheets(path) == {"Log": ("meetings", None, 2)}


def test_data_under_the_header_breaks_ties_between_header_rows(tmp_path: Path) -> None:
    # The same header twice (a template line left above the table): both rows name the
    # same fields, and only the second has dates under "Date". Without the data the
    # first would win (earlier rows win ties).
    rows = [
        ["Meeting ID", "Date", "Chair", "Venue"],
        ["Meeting ID", "Date", "Chair", "Venue"],
        ["M-1", date(2024, 1, 9), "Dr A", "Teams"],
        ["M-2", date(2024, 2, 13), "Dr A", "Teams"],
    ]
    path = _book(tmp_path / "b.xlsx", {"Log": rows})
    assert _sheets(path) == {"Log": ("meetings", None, 2)}


def test_data_under_the_header_decides_between_kinds(tmp_path: Path) -> None:
    # "Reference / Date / Status / Due" names three meeting fields (ref, meeting_date,
    # status) and three action fields (ref, status, due_on): the columns tie, the data
    # does not. Whichever reading has dates under its date column wins.
    header = ["Reference", "Date", "Status", "Due"]
    meetings_like = [
        header,
        ["R-1", date(2024, 3, 1), "Held", "Yes"],
        ["R-2", date(2024, 4, 1), "Held", "No"],
    ]
    actions_like = [
        header,
        ["R-1", "Leads", "Open", date(2024, 3, 1)],
        ["R-2", "Leads", "Open", date(2024, 4, 1)],
    ]
    path = _book(tmp_path / "b.xlsx", {"Sheet1": meetings_like, "Sheet2": actions_like})
    found = _sheets(path)
    assert (found["Sheet1"][0], found["Sheet2"][0]) == ("meetings", "actions")


def test_sheet_name_breaks_a_tie_only(tmp_path: Path) -> None:
    header = ["Reference", "Date", "Status", "Due"]
    both = [header, ["R-1", date(2024, 3, 1), "Open", date(2024, 3, 8)]]
    data_says_meetings = [header, ["R-1", date(2024, 3, 1), "Held", "Yes"]]
    path = _book(
        tmp_path / "b.xlsx", {"Actions": both, "Meetings": both, "Action log": data_says_meetings}
    )
    found = _sheets(path)
    assert (found["Actions"][0], found["Meetings"][0], found["Action log"][0]) == (
        "actions",
        "meetings",
        "meetings",
    )


def test_refusal_names_the_closest_kind(sqlite_svc: Services, tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(
        "Date,Venue,Chair,Notes\n"
        "03/04/2024,Teams,Dr A,Quarterly visit to the practice\n"
        "08/05/2024,Room 2,Dr B,Follow-up visit with the lead\n"
    )
    report = run_import(sqlite_svc, [path])
    assert report.fatal == (
        "no sheet has a header row sgtui recognises (visits; visits came closest to meetings "
        "(row 1 names Date, Venue, Chair; a meetings sheet also needs Meeting ID)); "
        "name the columns in a mapping file (--mapping)"
    )


def test_skip_reason_reaches_the_report(svc: Services, tmp_path: Path) -> None:
    path = _book(
        tmp_path / "b.xlsx",
        {"Practice List": PRACTICES, "Lists": [["Borough"], ["Lambeth"], ["Bexley"]]},
    )
    report = run_import(svc, [path], dry_run=True)
    assert report.ok
    skipped: list[SheetReport] = [s for s in report.sheets if not s.kind]
    assert [s.as_json()["skipped"] for s in skipped] == [
        "lookups: closest to practices (row 1 names Borough; a practices sheet also needs ODS code)"
    ]
    assert [(s.sheet, s.kind, s.inserted) for s in report.sheets if s.kind] == [
        ("Practice List", "practices", 2)
    ]


def test_over_long_cell_on_a_skipped_sheet_does_not_crash(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "b.xlsx",
        {"Notes": [["x" * 10_001], ["Read the guidance on the team drive first."]]},
    )
    assert _sheets(path)["Notes"] == (None, "instructions: no row names a column sgtui reads", None)
