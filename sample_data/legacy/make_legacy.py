"""Regenerate the legacy workbooks the importer is tested against.

    python sample_data/legacy/make_legacy.py          # needs LibreOffice (soffice) on PATH

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


def main() -> int:
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
        for name, book, fmt, suffix in [
            ("lambeth_tracker", lambeth(), "xlsx", "xlsx"),
            ("southwark_tracker", southwark(), "ods", "ods"),
            ("greenwich_training", greenwich_training(), "xls:MS Excel 97", "xls"),
        ]:
            source = root / f"{name}.xlsx"
            book.save(source)
            convert(source, fmt, HERE / f"{name}.{suffix}", profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
