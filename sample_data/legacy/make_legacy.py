"""Regenerate the legacy workbooks the importer is tested against.

    python sample_data/legacy/make_legacy.py          # needs LibreOffice (soffice) on PATH
    python sample_data/legacy/make_legacy.py new      # only the files added for issue 9

Every name, practice and case here is invented. The files copy the mess of real borough
workbooks: title rows over the header, merged title cells, frozen panes, blank rows,
a Totals row, dates as real dates, Excel serials and UK text, "N/A"/"TBC"/"?", ticks,
non-breaking spaces, lower-case codes, VLOOKUPs into a hidden Lookups sheet, expiry
formulas, a Dashboard of COUNTIFS and an instructions sheet.

- ``lambeth_tracker.xlsx``: tidy-ish; recalculated and saved by LibreOffice, so every
  formula carries its cached value, as in a file saved by Excel.
- ``southwark_tracker.ods``: messy headers and dates; saved by LibreOffice.
- ``greenwich_training.xls``: an old-format training log; saved by LibreOffice.
- ``dirty_tracker.xlsx``: written by openpyxl only (formulas have no cached values) with
  a known list of errors, for tests.
- ``bromley_tracker.xlsx``: a title block over every header (row 4), a sheet per year,
  a "Practice list", the team's own status words; written by openpyxl.
- ``lewisham_tracker.xlsx``: terse abbreviations, ticks, the meeting log on "Notes",
  columns in their own order; saved by LibreOffice.
- ``esr_competence_export.csv``: an ESR competence compliance export (cp1252).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
NBSP = "\u00a0"
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-GB</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>en-GB</value></prop></item>
</oor:items>
"""


def serial(day: date) -> int:
    """The Excel serial number of a date (how an unformatted date cell shows)."""
    return (day - date(1899, 12, 30)).days


def titled(
    book: Workbook, name: str, title: str, header: list[str], width: int | None = None
) -> object:
    """A sheet with a merged, bold title row, a blank row, then the header (row 3), frozen."""
    sheet = book.create_sheet(name)
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width or len(header))
    sheet.append([])
    sheet.append(header)
    sheet.freeze_panes = "A4"
    return sheet


def lambeth() -> Workbook:
    """The Lambeth team's tracker: tidy headers, every kind of cell mess in the values."""
    book = Workbook()
    notes = book.active
    notes.title = "Instructions"
    notes.append(["How to use this workbook"])
    notes.append(["Add new rows at the bottom of each log. Do not edit the Dashboard."])
    practices = titled(
        book,
        "GP Practices",
        "NHS SEL ICB - Lambeth safeguarding: GP practices",
        [
            "ODS Code",
            "Practice Name",
            "Borough",
            "Postcode",
            "List Size",
            "Safeguarding Lead (GP)",
            "Practice Manager",
            "Email",
        ],
    )
    for row in [
        [
            "G85001",
            "Brixton Hill Group Practice",
            "Lambeth",
            "SW2 1AA",
            11200,
            "Dr Lee Example",
            "Sam Manager",
            "brixton.hill@nhs.example",
        ],
        ["G85002", "Clapham Park Surgery", "Lambeth", "sw4 8bb", 8400, "Dr Kim Sample", None, None],
        [
            f"g85003{NBSP}",
            f"Stockwell Road Medical Centre{NBSP}",
            "Lambeth ",
            "SW9 9CC",
            10150,
            "Dr Pat Test",
            "Jo Office",
            None,
        ],
        ["G85004", "Vauxhall Riverside Practice", "LAM", "SE11 5DD", 6900, None, None, None],
        [
            "G85005",
            "Streatham Common Surgery",
            "lambeth",
            "SW16 3EE",
            "9,800",
            "Dr Ray Demo",
            "N/A",
            None,
        ],
        [
            "G85006",
            "Kennington Oval Health Centre",
            "Lambeth",
            "SE11 6FF",
            12500,
            "TBC",
            None,
            None,
        ],
    ]:
        practices.append(row)
    practices.append([])
    practices.append(["Total", None, None, None, "=SUM(E4:E9)"])

    meetings = titled(
        book,
        "Meetings",
        "Meetings 2024",
        [
            "Meeting ID",
            "Date",
            "Start time",
            "Meeting",
            "Borough",
            "Chair",
            "Venue/Teams",
            "Minute taker",
            "Minutes circulated",
            "Status",
        ],
    )
    for row in [
        [
            "LAM-NET-2024-01",
            date(2024, 1, 16),
            time(10, 0),
            "Safeguarding & CLA Health Network",
            "Lambeth",
            "Designated Nurse",
            "Teams",
            "BSO",
            date(2024, 1, 23),
            "Held",
        ],
        [
            "LAM-NET-2024-02",
            "27/02/2024",
            "10:00",
            "Safeguarding & CLA Health Network",
            "Lambeth",
            "Designated Nurse",
            "Teams",
            "BSO",
            "05/03/2024",
            "Held",
        ],
        [
            "LAM-SCP-2024-03",
            serial(date(2024, 3, 28)),
            "14:00",
            "Lambeth Safeguarding Children Partnership",
            "Lambeth",
            "Independent chair",
            "Town Hall",
            "BSO",
            None,
            "Planned",
        ],
        [
            "LAM-GPF-2024-04",
            date(2024, 4, 18),
            None,
            "GP safeguarding forum",
            "Lambeth",
            "Named GP",
            "Teams",
            None,
            "N/A",
            "Cancelled",
        ],
    ]:
        meetings.append(row)

    actions = titled(
        book,
        "Action Log",
        "Action log",
        ["Action Ref", "Meeting", "Action", "Owner", "Due Date", "Status", "Date Completed"],
    )
    for row in [
        [
            "A-001",
            "LAM-NET-2024-01",
            "Circulate the revised chronology template",
            "BSO",
            date(2024, 1, 31),
            "Complete",
            date(2024, 1, 30),
        ],
        [
            "A-002",
            "lam-net-2024-01 ",
            "Chase GP reports for the ICPC",
            "Designated Nurse",
            "14/02/2024",
            "Closed",
            "13/02/2024",
        ],
        [],
        [
            "A-003",
            "LAM-NET-2024-02",
            "Update the LES criteria wording",
            "Named GP",
            date(2024, 3, 12),
            "In progress",
            None,
        ],
        [
            "A-004",
            date(2024, 3, 28),
            "Share the Rapid Review learning briefing",
            "BSO",
            "TBC",
            "Open",
            None,
        ],
        [
            "A-005",
            "LAM-SCP-2024-03",
            "Confirm the health representative for the panel",
            "Designated Doctor",
            "N/A",
            "open",
            None,
        ],
        [
            "A-006",
            "LAM-GPF-2024-04",
            "Re-book the forum room",
            "BSO",
            "3 May 24",
            "Carried forward",
            None,
        ],
    ]:
        actions.append(row)

    reviews = titled(
        book,
        "Case Review Tracker",
        "Statutory reviews - Lambeth",
        [
            "Reference",
            "Review Type",
            "Borough",
            "Subject",
            "Date Notified",
            "RR meeting date",
            "Date commissioned",
            "ICB request",
            "Date requested",
            "Due date",
            "Date submitted",
            "S-CRT entered",
            "Status",
            "Learning themes",
            "Date published",
        ],
    )
    for row in [
        [
            "LAM-RR-2024-01",
            "Rapid Review",
            "Lambeth",
            "Child A",
            date(2024, 1, 8),
            date(2024, 1, 25),
            None,
            "Chronology",
            date(2024, 1, 9),
            date(2024, 1, 17),
            date(2024, 1, 16),
            "Y",
            "Decision",
            "Neglect; Domestic abuse",
            None,
        ],
        [
            "LAM-CSPR-2023-02",
            "Local Child Safeguarding Practice Review",
            "Lambeth",
            "Child B",
            "12/05/2023",
            "26/05/2023",
            "01/06/2023",
            "Chronology & IMR",
            "01/06/2023",
            "30/06/2023",
            None,
            date(2023, 7, 1),
            "Draft report",
            "neglect, Parental mental health",
            None,
        ],
        [
            "LAM-SAR-2023-01",
            "SAR",
            "Lambeth",
            "Adult B",
            date(2023, 2, 1),
            None,
            date(2023, 3, 1),
            "N/A",
            None,
            None,
            None,
            "N",
            "Published",
            None,
            date(2024, 2, 1),
        ],
        [
            "lam-dhr-2024-01",
            "DARDR",
            "Lambeth",
            "Adult C",
            date(2024, 2, 5),
            None,
            None,
            "IMR",
            date(2024, 2, 20),
            "TBC",
            None,
            "-",
            "Information gathering",
            "",
            None,
        ],
    ]:
        reviews.append(row)

    recs = titled(
        book,
        "Recommendations",
        "Review recommendations and health actions",
        ["Review Ref", "Rec No.", "Recommendation", "Health Action", "Lead", "Target Date", "RAG"],
    )
    for row in [
        [
            "LAM-CSPR-2023-02",
            1,
            "Improve information sharing between GP and health visiting",
            "Audit GP-HV liaison meetings",
            "Named GP",
            date(2024, 6, 30),
            "G",
        ],
        [
            "LAM-CSPR-2023-02",
            2,
            "Strengthen the was-not-brought policy",
            "Update the practice policy template",
            "Designated Nurse",
            "30/09/2024",
            "Amber",
        ],
        [
            "LAM-CSPR-2023-02",
            3,
            "Training on parental mental health",
            "Add to the Level 3 programme",
            "Designated Doctor",
            "31/12/2024",
            "R",
        ],
        [
            "LAM-SAR-2023-01",
            1,
            "Self-neglect pathway",
            "Brief practices on the pathway",
            "Named GP",
            date(2024, 3, 31),
            "Complete",
        ],
    ]:
        recs.append(row)

    les = titled(
        book,
        "LES 2023-24",
        "GP safeguarding LES 2023/24 returns",
        [
            "ODS Code",
            "Practice",
            "Contract sent",
            "Contract signed",
            "Return requested",
            "Return received",
            "Chased",
            "C1 Named safeguarding lead in place",
            "C2 Policy reviewed in last 12 months",
            "C3 % GPs with Level 3 training",
            "Named GP reviewed",
            "Payment authorised",
        ],
    )
    for row in [
        [
            "G85001",
            "Brixton Hill Group Practice",
            date(2023, 4, 3),
            date(2023, 4, 20),
            date(2024, 1, 8),
            date(2024, 2, 1),
            None,
            "✓",
            date(2023, 11, 1),
            100,
            date(2024, 2, 15),
            date(2024, 3, 1),
        ],
        [
            None,
            "Clapham Park Surgery",
            date(2023, 4, 3),
            date(2023, 5, 2),
            date(2024, 1, 8),
            "14/02/2024",
            2,
            "x",
            "01/09/2023",
            85,
            "Y",
            None,
        ],
        [
            "g85003",
            "Stockwell Road Medical Centre",
            date(2023, 4, 3),
            date(2023, 4, 28),
            date(2024, 1, 8),
            None,
            date(2024, 2, 20),
            "N",
            None,
            None,
            None,
            None,
        ],
        [
            "G85004",
            "Vauxhall Riverside Practice",
            date(2023, 4, 3),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "G85005",
            "Streatham Common Surgery",
            date(2023, 4, 3),
            date(2023, 4, 25),
            date(2024, 1, 8),
            date(2024, 1, 30),
            None,
            "Y",
            date(2023, 6, 12),
            92.5,
            date(2024, 2, 10),
            date(2024, 2, 28),
        ],
        [
            "G85006",
            "Kennington Oval Health Centre",
            date(2023, 4, 3),
            date(2023, 4, 21),
            date(2024, 1, 8),
            date(2024, 2, 5),
            1,
            "yes",
            date(2023, 12, 1),
            75,
            "N",
            None,
        ],
    ]:
        les.append(row)

    lookups = book.create_sheet("Lookups")
    lookups.append(["Code", "Course"])
    for code, title in [
        ("SGC-L3", "Safeguarding Children Level 3"),
        ("SGA-L2", "Safeguarding Adults Level 2"),
        ("SGA-L3", "Safeguarding Adults Level 3"),
        ("PREVENT-BASIC", "Basic Prevent Awareness"),
        ("PREVENT-L3", "Prevent Level 3 (WRAP)"),
        ("MCA", "Mental Capacity Act"),
    ]:
        lookups.append([code, title])
    lookups.sheet_state = "hidden"

    training = book.create_sheet("Training")
    training.append(
        [
            "Staff Name",
            "Job Title",
            "Organisation",
            "Course code",
            "Course",
            "Date Completed",
            "Expiry Date",
            "Status",
        ]
    )
    training.freeze_panes = "A2"
    rows = [
        ["Alex Rivers", "GP", "Brixton Hill Group Practice", "SGC-L3", date(2023, 3, 14)],
        [f"Alex Rivers{NBSP}", "GP", "Brixton Hill Group Practice", "SGA-L3", "14/03/2023"],
        [
            "alex rivers",
            "GP",
            "brixton hill group practice",
            "PREVENT-L3",
            serial(date(2022, 11, 2)),
        ],
        ["Bea Stone", "Practice nurse", "G85002", "SGC-L3", date(2022, 6, 30)],
        ["Bea Stone", "Practice nurse", "G85002", "MCA", "30/06/2022"],
        ["Cal Moss", "Receptionist", "Stockwell Road Medical Centre", "SGA-L2", date(2024, 1, 10)],
        [
            "Cal Moss",
            "Receptionist",
            "Stockwell Road Medical Centre",
            "PREVENT-BASIC",
            date(2024, 1, 10),
        ],
        ["Dee Hart", "Designated Nurse", "NHS SEL ICB", "SGC-L3", date(2021, 9, 1)],
        ["Dee Hart", "Designated Nurse", "NHS SEL ICB", "SGA-L3", date(2021, 9, 1)],
        ["Eli Park", "Practice manager", "Vauxhall Riverside Practice", "SGA-L2", "03/04/2024"],
    ]
    for number, (name, role, org, code, completed) in enumerate(rows, start=2):
        expiry = f"=EDATE(F{number},36)"
        training.append(
            [
                name,
                role,
                org,
                code,
                f"=VLOOKUP(D{number},Lookups!$A$2:$B$7,2,FALSE)",
                completed,
                expiry,
                f'=IF(G{number}<TODAY(),"Expired","In date")',
            ]
        )
    # A stated expiry (the team's own 12-month rule for this course) is kept as typed.
    training.append(
        [
            "Eli Park",
            "Practice manager",
            "Vauxhall Riverside Practice",
            "PREVENT-BASIC",
            "=VLOOKUP(D12,Lookups!$A$2:$B$7,2,FALSE)",
            date(2024, 4, 3),
            date(2025, 4, 3),
            '=IF(G12<TODAY(),"Expired","In date")',
        ]
    )
    for number in range(2, 13):
        training.cell(row=number, column=6).number_format = "DD/MM/YYYY"
        training.cell(row=number, column=7).number_format = "DD/MM/YYYY"

    dashboard = book.create_sheet("Dashboard")
    dashboard.append(["Open actions", "=COUNTIFS('Action Log'!F:F,\"Open\")"])
    dashboard.append(["Expired training", '=COUNTIFS(Training!H:H,"Expired")'])
    return book


def southwark() -> Workbook:
    """Southwark's older, messier tracker: other header words, dates typed every way."""
    book = Workbook()
    readme = book.active
    readme.title = "Read Me"
    readme.append(["Southwark safeguarding tracker - see the team drive for guidance"])
    practices = book.create_sheet("Practices")
    practices.append(["Prac Code", "Surgery", "Locality", "PM", "List size"])
    practices.append(["G85101", "Peckham Rye Surgery", "Southwark", "Mo Admin", 7300])
    practices.append(["g85102 ", "Borough High Street Practice", "southwark", None, "N/A"])
    practices.append(["G85103", "Camberwell Green Surgery", "SOU", "Lu Office", 9100])
    mtgs = book.create_sheet("Mtgs 23-24")
    mtgs.append(["Southwark meetings 2023-24"])
    mtgs.append(
        [
            "Ref",
            "Date of meeting",
            "Time",
            "Type of meeting",
            "Chair",
            "Where",
            "Mins circ'd",
            "Status",
        ]
    )
    mtgs.append(
        [
            "SOU-SAB-23-09",
            "3 Apr 24",
            "9.30",
            "Safeguarding Adults Board",
            "Independent chair",
            "MS Teams",
            "10.04.24",
            "held",
        ]
    )
    mtgs.append(
        [
            "SOU-CSP-23-10",
            "03.05.24",
            "2pm",
            "Community Safety Partnership",
            "Council",
            "Tooley St",
            "?",
            "Scheduled",
        ]
    )
    actions = book.create_sheet("Actions")
    actions.append(["ID", "Mtg", "Action", "Lead", "Deadline", "Status", "Done on"])
    actions.append(
        [
            "SOU-1",
            "SOU-SAB-23-09",
            "Send SAR briefing to practices",
            "BSO",
            "17/04/2024",
            "Done",
            "16.04.24",
        ]
    )
    actions.append(
        [
            "SOU-2",
            "sou-sab-23-09",
            "Add DARDR to the forum agenda",
            "Named GP",
            "-",
            "Ongoing",
            None,
        ]
    )
    reviews = book.create_sheet("Case reviews")
    reviews.append(
        [
            "Ref",
            "Type of review",
            "Borough",
            "Initials",
            "Date notified",
            "Decision",
            "ICB request",
            "Date req'd",
            "Due",
            "Date sub'd",
            "S-CRT",
            "Stage",
            "Themes",
        ]
    )
    reviews.append(
        [
            "SOU-SAR-2024-01",
            "Safeguarding Adults Review",
            "Southwark",
            "D.E.",
            "5 Jan 2024",
            "12.02.24",
            "Information report",
            "13/02/2024",
            "27/02/2024",
            "26/02/2024",
            "✓",
            "Panel",
            "Self-neglect;Hoarding",
        ]
    )
    reviews.append(
        [
            "SOU-OWHR-2024-01",
            "owhr",
            "Southwark",
            "F.G.",
            serial(date(2024, 3, 4)),
            "TBC",
            "chronology",
            "05/03/2024",
            "?",
            None,
            "x",
            "",
            "Knife crime",
        ]
    )
    training = book.create_sheet("Training log")
    training.append(["Name", "Role", "Org", "Course title", "Date attended", "Expiry", "hrs"])
    training.append(
        [
            "Gus Lane",
            "GP",
            "Peckham Rye Surgery",
            "Safeguarding Children L3",
            "3 Apr 24",
            "=EDATE(E2,36)",
            4,
        ]
    )
    training.append(
        [
            "Gus Lane",
            "GP",
            "Peckham Rye Surgery",
            "Prevent (WRAP)",
            "03.04.24",
            "=EDATE(E3,36)",
            1.5,
        ]
    )
    training.append(
        [
            "Hana Cole",
            "Receptionist",
            "Camberwell Green Surgery",
            "Safeguarding Adults Level 1",
            serial(date(2023, 10, 2)),
            "=EDATE(E4,36)",
            None,
        ]
    )
    return book


def greenwich_training() -> Workbook:
    """An old Greenwich training log, saved as .xls."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Training 2022"
    sheet.append(["Greenwich training log"])
    sheet.append(["Staff name", "Organisation", "Course", "Level", "Completed on", "Expiry date"])
    sheet.append(
        ["Ida Moon", "NHS SEL ICB", "Safeguarding Adults", 3, date(2022, 5, 9), "=EDATE(E3,36)"]
    )
    sheet.append(
        ["Jon Reed", "NHS SEL ICB", "Safeguarding Children", 2, date(2022, 7, 11), "=EDATE(E4,36)"]
    )
    return book


def dirty() -> Workbook:
    """A workbook with known errors, one of each kind; formulas are left without values."""
    book = Workbook()
    practices = book.active
    practices.title = "Practices"
    practices.append(["ODS code", "Practice name", "Borough"])
    practices.append(["G85201", "Dulwich Village Surgery", "Southwark"])
    practices.append([None, "Nameless Surgery", "Southwark"])  # row 3: no ODS code
    practices.append(["G85203", "Herne Hill Practice", "Atlantis"])  # row 4: unknown borough
    meetings = book.create_sheet("Meetings")
    meetings.append(["Meeting ID", "Date", "Meeting", "Status"])
    meetings.append(["DIR-M-1", date(2024, 2, 1), "Network", "Held"])
    meetings.append(["DIR-M-2", "30/02/2024", "Network", "Held"])  # row 3: no such date
    actions = book.create_sheet("Actions")
    actions.append(["Action ref", "Meeting", "Action", "Due date", "Status"])
    actions.append(["DIR-A-1", "DIR-M-1", "Fine action", "01/03/2024", "Open"])
    actions.append(
        ["DIR-A-2", "NOPE-1", "Dangling action", "01/03/2024", "Open"]
    )  # row 3: no meeting
    actions.append(
        ["DIR-A-3", "DIR-M-1", "Odd status", "01/03/2024", "Maybe"]
    )  # row 4: unknown status
    reviews = book.create_sheet("Reviews")
    reviews.append(
        ["Reference", "Review type", "Subject", "ICB request", "Date requested", "Due date"]
    )
    reviews.append(["DIR-RR-1", "RR", "Child X", "Chronology", "01/02/2024", "08/02/2024"])
    reviews.append(
        ["DIR-XX-2", "Inquiry", "Child Y", "IMR", "01/02/2024", "08/02/2024"]
    )  # row 3: type
    reviews.append(["DIR-RR-3", "RR", "Child Z", "IMR", "01/02/2024", "31/02/2024"])  # row 4: date
    training = book.create_sheet("Training")
    training.append(["Staff name", "Organisation", "Course", "Date completed", "Expiry date"])
    training.append(
        [
            "Kit Fox",
            "Dulwich Village Surgery",
            "Safeguarding Adults Level 2",
            "01/06/2023",
            "=EDATE(D2,36)",
        ]
    )
    training.append(
        [
            None,
            "Dulwich Village Surgery",
            "Safeguarding Adults Level 2",
            "01/06/2023",
            "=EDATE(D3,36)",
        ]
    )  # row 3
    training.append(
        ["Lou Fern", "Dulwich Village Surgery", "Basket weaving", "01/06/2023", "=EDATE(D4,36)"]
    )  # row 4
    return book


def _title_block(sheet: object, lines: list[str]) -> None:
    """Bromley's house style: a bold title block (where the ICB logo sits) over row 4."""
    for number, line in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=line).font = Font(bold=number == 1, size=14)
    sheet.freeze_panes = "A5"


def bromley() -> Workbook:
    """Bromley's tracker: a title block over every header (row 4), one long sheet per year.

    The practice list is on a sheet called "Practice list"; reviews and LES returns have a
    sheet per year; stages and action statuses are the team's own words ("Awaiting panel",
    "IMRs being written", "Done", "Not started"); steps are ticked "Yes" or dated.
    """
    book = Workbook()
    readme = book.active
    readme.title = "Read me"
    readme.append(["Bromley safeguarding tracker"])
    readme.append(["One sheet per year. Tick steps Yes when the date is not known."])
    block = ["NHS South East London", "Integrated Care Board - Bromley safeguarding team"]

    practices = book.create_sheet("Practice list")
    _title_block(practices, [*block, "Practice list - updated 01/04/2024"])
    practices.append(
        [
            "Practice",
            "ODS Code",
            "Borough",
            "Practice Manager",
            "Safeguarding Lead",
            "Generic email",
            "List size",
        ]
    )
    for row in [
        ["Petts Wood Surgery", "G99201", "Bromley", "Ann Cole", "Dr Raj Iyer", None, 9100],
        ["Orpington Priory Practice", "G99202", "Bromley", None, "Dr Meg Shaw", None, 12800],
        ["Beckenham Park Surgery", "G99203", "LB Bromley", "Joe Marsh", None, None, 7400],
        ["Penge Lane Medical Centre", "G99204", "Bromley", None, "Dr Ola Ade", None, 10350],
        [
            "Hayes Common Practice",
            "G99205",
            "Bromley",
            "Kay Dunn",
            "Dr Tim Vo",
            "hayes.common@nhs.example",
            6650,
        ],
    ]:
        practices.append(row)
    practices.append([])
    practices.append(["Total", None, None, None, None, None, 46300])

    meetings = book.create_sheet("Meetings 2024")
    _title_block(meetings, [*block, "Partnership meetings 2024"])
    meetings.append(
        ["Meeting date", "Meeting", "Meeting ID", "Chair", "Minutes circulated", "Status"]
    )
    for row in [
        [date(2024, 1, 11), "Bromley SAB", "BRO-SAB-24-01", "Independent chair", "Yes", "Held"],
        [
            date(2024, 2, 8),
            "Safeguarding & CLA Health Network",
            "BRO-NET-24-02",
            "Designated Nurse",
            date(2024, 2, 15),
            "Held",
        ],
        [date(2024, 3, 21), "GP safeguarding forum", "BRO-GPF-24-03", "Named GP", None, "Booked"],
    ]:
        meetings.append(row)

    actions = book.create_sheet("Action log 2024")
    _title_block(actions, [*block, "Action log 2024"])
    actions.append(["Ref", "Meeting", "Action", "Actioned by", "Due by", "Status", "Date closed"])
    for row in [
        [
            "BRO-1",
            "BRO-SAB-24-01",
            "Circulate the SAR learning brief",
            "BSO",
            date(2024, 1, 25),
            "Done",
            date(2024, 1, 24),
        ],
        [
            "BRO-2",
            "BRO-SAB-24-01",
            "Confirm GP attendance at the practitioner event",
            "Named GP",
            date(2024, 2, 1),
            "Done",
            date(2024, 2, 2),
        ],
        [
            "BRO-3",
            "BRO-NET-24-02",
            "Refresh the CLA health assessment pathway",
            "Designated Nurse",
            date(2024, 4, 30),
            "Ongoing",
            None,
        ],
        [
            "BRO-4",
            "BRO-NET-24-02",
            "Add MARAC reports to the LES guidance",
            "BSO",
            date(2024, 3, 15),
            "Not started",
            None,
        ],
        [
            "BRO-5",
            "BRO-GPF-24-03",
            "Book the summer forum venue",
            "BSO",
            date(2024, 5, 1),
            "Carried forward",
            None,
        ],
    ]:
        actions.append(row)

    header = [
        "Case Ref",
        "Review",
        "Subject",
        "Date notified",
        "ICB request",
        "Date requested",
        "Return by",
        "Date submitted",
        "S-CRT",
        "Current status",
        "Themes",
    ]
    reviews_23 = book.create_sheet("Reviews 2023-24")
    _title_block(reviews_23, [*block, "Statutory reviews notified 2023/24"])
    reviews_23.append(header)
    for row in [
        [
            "BRO-SAR-2023-03",
            "Safeguarding Adults Review",
            "Adult E",
            date(2023, 6, 5),
            "Chronology",
            date(2023, 6, 12),
            date(2023, 7, 10),
            date(2023, 7, 7),
            "Yes",
            "Awaiting panel",
            "Self-neglect; Hoarding",
        ],
        [
            "BRO-DHR-2023-01",
            "DARDR",
            "Adult F",
            date(2023, 9, 18),
            "IMR",
            date(2023, 10, 2),
            date(2023, 11, 13),
            None,
            None,
            "IMRs being written",
            "Domestic abuse",
        ],
        [
            "BRO-CSPR-2023-02",
            "Local CSPR",
            "Child G",
            date(2023, 11, 6),
            "Chronology and IMR",
            date(2023, 11, 20),
            date(2024, 1, 8),
            "Yes",
            date(2024, 2, 1),
            "Published",
            "Neglect",
        ],
    ]:
        reviews_23.append(row)
    reviews_24 = book.create_sheet("Reviews 2024-25")
    _title_block(reviews_24, [*block, "Statutory reviews notified 2024/25"])
    reviews_24.append(header)
    for row in [
        [
            "BRO-RR-2024-04",
            "Rapid Review",
            "Child H",
            date(2024, 4, 15),
            "Agency info",
            date(2024, 4, 16),
            date(2024, 4, 23),
            date(2024, 4, 22),
            None,
            "Report being drafted",
            "Exploitation",
        ],
        [
            "BRO-SAR-2024-05",
            "SAR",
            "Adult J",
            date(2024, 6, 3),
            "Information report",
            date(2024, 6, 10),
            date(2024, 6, 24),
            None,
            None,
            "Scoping",
            None,
        ],
    ]:
        reviews_24.append(row)

    les_header = [
        "ODS Code",
        "Practice",
        "Contract sent",
        "Contract signed",
        "Return received",
        "Named GP reviewed",
        "Payment authorised",
    ]
    for year, title, criteria, rows in [
        (
            "LES 2023-24",
            "GP safeguarding LES 2023/24",
            ["C1 Safeguarding lead named", "C2 % clinicians Level 3 trained"],
            [
                ["G99201", date(2023, 4, 3), "Yes", date(2024, 1, 29), "Yes", "Yes", "Yes", 96],
                ["G99202", date(2023, 4, 3), date(2023, 4, 19), None, None, None, None, None],
                [
                    "G99203",
                    date(2023, 4, 3),
                    "Yes",
                    date(2024, 2, 12),
                    date(2024, 2, 20),
                    None,
                    "No",
                    88,
                ],
                ["G99204", date(2023, 4, 3), None, None, None, None, None, None],
                [
                    "G99205",
                    date(2023, 4, 3),
                    date(2023, 4, 24),
                    date(2024, 2, 2),
                    date(2024, 2, 9),
                    date(2024, 3, 1),
                    "Yes",
                    100,
                ],
            ],
        ),
        (
            "LES 2024-25",
            "GP safeguarding LES 2024/25",
            ["C1 Safeguarding lead named", "C2 Policy reviewed this year"],
            [
                ["G99201", date(2024, 4, 2), date(2024, 4, 16), None, None, None, None, None],
                ["G99202", date(2024, 4, 2), "Yes", None, None, None, None, None],
                ["G99203", date(2024, 4, 2), None, None, None, None, None, None],
                ["G99204", "Yes", None, None, None, None, None, None],
                [
                    "G99205",
                    date(2024, 4, 2),
                    date(2024, 4, 12),
                    date(2025, 1, 31),
                    None,
                    None,
                    "Yes",
                    "Yes",
                ],
            ],
        ),
    ]:
        sheet = book.create_sheet(year)
        _title_block(sheet, [*block, title])
        sheet.append(les_header + criteria)
        names = {
            ods: name for name, ods, *_ in practices.iter_rows(min_row=5, values_only=True) if ods
        }
        for ods, *rest in rows:
            steps, answers = rest[:5], rest[5:]
            sheet.append([ods, names[ods], *steps, *answers])
        sheet.append([])
        sheet.append(["Totals", None, sum(1 for r in rows if r[1])])
    return book


def lewisham() -> Workbook:
    """Lewisham's tracker: terse abbreviated headers, ticks, columns in their own order.

    The meeting log lives on a sheet called "Notes"; steps are ticked (✓, x, Y) or dated;
    the training expiry is an EDATE formula (LibreOffice saves its value).
    """
    book = Workbook()
    practices = book.active
    practices.title = "Pracs"
    practices.append(["ODS", "Prac", "Locality", "PM", "List sz"])
    for row in [
        ["G99301", "Brockley Rise Surgery", "Lewisham", "Dan Hill", 8800],
        ["G99302", "Forest Hill Road Practice", "Lewisham", None, 11900],
        ["G99303", "Deptford Creek Medical Centre", "LEW", "Sue Lam", 13400],
        ["G99304", "Sydenham Wells Surgery", "Lewisham", None, 7150],
    ]:
        practices.append(row)

    notes = book.create_sheet("Notes")
    notes.append(["Date", "Mtg", "Ref", "Chair", "Mins circ'd", "Status"])
    for row in [
        [
            "09/01/24",
            "Safeguarding & CLA Health Network",
            "LEW-NET-24-1",
            "Des Nurse",
            "✓",
            "Held",
        ],
        ["20/02/24", "GP safeguarding forum", "LEW-GPF-24-2", "Named GP", "27/02/24", "Held"],
        ["02/04/24", "Lewisham SAB", "LEW-SAB-24-3", "Ind. chair", None, "Planned"],
    ]:
        notes.append(row)

    actions = book.create_sheet("Actions")
    actions.append(["Mtg", "Action", "Ref", "Owner", "Due", "Status", "Done"])
    for row in [
        [
            "LEW-NET-24-1",
            "Send CLA audit dates to practices",
            "L-01",
            "BSO",
            "16/01/24",
            "Done",
            "15/01/24",
        ],
        [
            "LEW-NET-24-1",
            "Chase ICPC report template",
            "L-02",
            "Des Nurse",
            "23/01/24",
            "Ongoing",
            None,
        ],
        ["LEW-GPF-24-2", "Circulate Prevent L3 dates", "L-03", "BSO", "05/03/24", "C/F", None],
        [
            "LEW-GPF-24-2",
            "Update practice leads list",
            "L-04",
            "Named GP",
            "12/03/24",
            "Open",
            None,
        ],
    ]:
        actions.append(row)

    crt = book.create_sheet("CRT")
    crt.append(["Ref", "Type", "Init.", "Notif.", "Req", "Req'd", "Due", "Sub'd", "S-CRT", "Stage"])
    for row in [
        [
            "LEW-RR-24-01",
            "RR",
            "K.L.",
            "08/01/24",
            "Chron",
            "09/01/24",
            "17/01/24",
            "✓",
            "✓",
            "Decision",
        ],
        [
            "LEW-SAR-23-04",
            "SAR",
            "M.N.",
            "14/09/23",
            "IMR",
            "02/10/23",
            "30/10/23",
            "27/10/23",
            "x",
            "Info gathering",
        ],
        [
            "LEW-DARDR-24-02",
            "DARDR",
            "P.Q.",
            "12/02/24",
            "IMR",
            "26/02/24",
            "25/03/24",
            None,
            None,
            "Panel",
        ],
    ]:
        crt.append(row)

    recs = book.create_sheet("Recs")
    recs.append(["Ref", "No.", "Rec", "Lead", "Target", "RAG"])
    for row in [
        [
            "LEW-SAR-23-04",
            1,
            "Self-neglect training for reception staff",
            "Named GP",
            "30/06/24",
            "A",
        ],
        ["LEW-SAR-23-04", 2, "Flag hoarding risk on the GP record", "Des Nurse", "31/03/24", "G"],
        ["LEW-SAR-23-04", 3, "Share the learning brief", "BSO", "29/02/24", "B"],
    ]:
        recs.append(row)

    les = book.create_sheet("LES 24-25")
    les.append(
        [
            "ODS",
            "Sent",
            "Signed",
            "Req'd",
            "Rec'd",
            "Valid.",
            "NGP",
            "Paid",
            "C1 Lead named",
            "C2 Policy date",
            "C3 L3 %",
        ]
    )
    for row in [
        ["G99301", "02/04/24", "✓", "06/01/25", "✓", "✓", "x", None, "Y", "01/11/24", 100],
        [
            "G99302",
            "02/04/24",
            "19/04/24",
            "06/01/25",
            "31/01/25",
            None,
            None,
            None,
            "Y",
            "12/09/24",
            90,
        ],
        ["G99303", "02/04/24", "✓", "06/01/25", None, None, None, None, None, None, None],
        ["G99304", "Y", None, None, None, None, None, None, None, None, None],
    ]:
        les.append(row)

    training = book.create_sheet("Trg")
    training.append(["Name", "Org", "Course", "Compl.", "Exp."])
    for number, (name, org, course, completed) in enumerate(
        [
            ("Rae Quinn", "G99301", "SG Children L3", date(2023, 5, 4)),
            ("Rae Quinn", "G99301", "SG Adults L3", date(2023, 5, 4)),
            ("Rae Quinn", "G99301", "WRAP", date(2022, 10, 12)),
            ("Ivo Berg", "Forest Hill Road Practice", "SG Adults L2", date(2024, 1, 22)),
            ("Ivo Berg", "Forest Hill Road Practice", "Prevent awareness", date(2024, 1, 22)),
            ("Lia Frost", "G99303", "SG Children L2", date(2023, 11, 30)),
        ],
        start=2,
    ):
        training.append([name, org, course, completed, f"=EDATE(D{number},36)"])
        training.cell(row=number, column=4).number_format = "DD/MM/YY"
        training.cell(row=number, column=5).number_format = "DD/MM/YY"
    return book


ESR_HEADER = [
    "Employee Number",
    "Full Name",
    "Assignment Number",
    "Position Title",
    "Organisation",
    "Competency Name",
    "Competence Level",
    "Essential",
    "Compliance Status",
    "Date Start",
    "Date Last Awarded",
    "Expiry Date",
    "VPD",
]
"""The columns of an ESR compliance/competence export (see README.md for the source)."""
ESR_ORG = "QKK South East London ICB Safeguarding"


def esr_export() -> bytes:
    """An ESR competence compliance export as a CSV, in the Windows code page ESR uses.

    Names are ESR's "Surname, Forename"; competences are ESR's pipe-delimited CSTF names;
    dates are ESR's "03-Apr-2024" and "2024/04/03 00:00:00". A required competence not
    yet achieved is a RED row with no dates: it is not a completion.
    """
    import csv
    import io

    def awarded(day: date) -> str:
        return day.strftime("%Y/%m/%d 00:00:00")

    def expiry(day: date) -> str:
        return day.replace(year=day.year + 3).strftime("%d-%b-%Y")

    people = [
        ("10234567", "Okoro, Renée", "10234567-2", "Designated Nurse Safeguarding Adults"),
        ("10345678", "Tate, Jonah", "10345678", "Business Support Officer"),
        ("10456789", "Fenwick, Priya", "10456789", "Designated Nurse Children Looked After"),
        ("10567890", "Lund, Cara", "10567890", "Safeguarding Administrator"),
    ]
    competences = {
        "SGA-L3": "NHS|CSTF|Safeguarding Adults - Level 3 - 3 Years|",
        "SGC-L3": "NHS|CSTF|Safeguarding Children - Level 3 - 3 Years|",
        "SGA-L1": "NHS|CSTF|Safeguarding Adults - Level 1 - 3 Years|",
        "SGC-L1": "NHS|CSTF|Safeguarding Children - Level 1 - 3 Years|",
        "PREVENT-L3": "NHS|CSTF|Preventing Radicalisation - Level 3 - 3 Years|",
        "PREVENT-BASIC": "NHS|CSTF|Preventing Radicalisation - Basic Prevent Awareness - 3 Years|",
    }
    rows = [
        (0, "SGA-L3", date(2023, 2, 6)),
        (0, "SGC-L3", date(2023, 2, 6)),
        (0, "PREVENT-L3", date(2022, 9, 14)),
        (1, "SGA-L1", date(2024, 4, 3)),
        (1, "SGC-L1", date(2024, 4, 3)),
        (1, "PREVENT-BASIC", None),
        (2, "SGA-L3", date(2021, 11, 30)),
        (2, "SGC-L3", date(2023, 6, 19)),
        (2, "PREVENT-L3", date(2023, 6, 20)),
        (3, "SGA-L1", date(2024, 9, 9)),
        (3, "SGC-L1", None),
        (3, "PREVENT-BASIC", date(2024, 9, 10)),
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ESR_HEADER)
    for person, code, day in rows:
        number, name, assignment, position = people[person]
        status = "GREEN" if day else "RED"
        if day and day.replace(year=day.year + 3) < date(2025, 3, 10):
            status = "RED"
        dates = [awarded(day), awarded(day), expiry(day)] if day else ["", "", ""]
        level = "3" if code.endswith("L3") else "1"
        writer.writerow(
            [number, name, assignment, position, ESR_ORG, competences[code], level, "Y", status]
            + dates
            + ["QKK"]
        )
    return out.getvalue().encode("cp1252")


def convert(source: Path, fmt: str, target: Path, profile: Path) -> None:
    """Have LibreOffice recalculate and save ``source`` as ``fmt`` to ``target``."""
    outdir = source.parent / f"out-{fmt}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--calc",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.move(outdir / f"{source.stem}.{fmt.split(':')[0]}", target)


def make_profile(root: Path) -> Path:
    """A LibreOffice user profile that always recalculates formulas on load."""
    profile = root / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE)
    return profile


NEW_FILES = ("bromley_tracker.xlsx", "lewisham_tracker.xlsx", "esr_competence_export.csv")
"""The files added for issue 9; ``make_legacy.py new`` rebuilds only these."""


def main(argv: list[str] | None = None) -> int:
    only_new = (argv if argv is not None else sys.argv[1:]) == ["new"]
    bromley().save(HERE / "bromley_tracker.xlsx")
    (HERE / "esr_competence_export.csv").write_bytes(esr_export())
    if not only_new:
        dirty().save(HERE / "dirty_tracker.xlsx")
    if shutil.which("soffice") is None:
        print(
            "soffice not found: install LibreOffice to rebuild the LibreOffice-saved files",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        profile = make_profile(root)
        old = [
            ("lambeth_tracker", lambeth(), "xlsx", "xlsx"),
            ("southwark_tracker", southwark(), "ods", "ods"),
            ("greenwich_training", greenwich_training(), "xls:MS Excel 97", "xls"),
        ]
        for name, book, fmt, suffix in [
            *([] if only_new else old),
            ("lewisham_tracker", lewisham(), "xlsx", "xlsx"),
        ]:
            source = root / f"{name}.xlsx"
            book.save(source)
            convert(source, fmt, HERE / f"{name}.{suffix}", profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
