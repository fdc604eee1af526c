"""Write ``esr_competence_report.csv``: an ESR-style competence report, as a trust sends it.

    python sample_data/legacy/make_esr_export.py

Every name is invented. The layout follows ESR's competence/compliance reports (see
:mod:`sgtui.importers.learning` for where the column names come from): report title lines
above the header, Windows-1252 text (a curly apostrophe, an accented name), competence
names wrapped as ``NHS|CSTF|...|`` with their validity, dates as ESR writes them, every
mandatory competence (not only safeguarding) and requirements not yet met.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = [
    "Employee Number",
    "Title",
    "Last Name",
    "First Name",
    "Assignment Number",
    "Position Title",
    "Staff Group",
    "Organisation",
    "Competence Name",
    "Achievement Date",
    "Expiry Date",
    "Meets Requirement",
]
PEOPLE = {
    "20417": ("Mrs", "O\u2019Neill", "Ren\u00e9e", "Practice Nurse", "Nursing and Midwifery"),
    "20533": ("Dr", "Asante", "Kofi", "GP", "Medical and Dental"),
    "20871": ("Mr", "Lindqvist", "Per", "Receptionist", "Administrative and Clerical"),
}
ROWS = [
    (
        "20417",
        "NHS|CSTF|Safeguarding Adults - Level 2 - 3 Years|",
        "14/02/2024",
        "14/02/2027",
        "Yes",
    ),
    ("20417", "NHS|CSTF|Safeguarding Children - Level 3 - 3 Years|", "03-OCT-2023", "", "Yes"),
    ("20417", "NHS|CSTF|Fire Safety - 2 Years|", "20/01/2024", "20/01/2026", "Yes"),
    (
        "20533",
        "NHS|CSTF|Safeguarding Children - Level 3 - 3 Years|",
        "11/09/2023",
        "11/09/2026",
        "Yes",
    ),
    ("20533", "NHS|CSTF|Preventing Radicalisation - Level 3 - 3 Years|", "05-JUN-2024", "", "Yes"),
    (
        "20533",
        "NHS|CSTF|Resuscitation - Level 2 - Adult Basic Life Support - 1 Year|",
        "",
        "",
        "No",
    ),
    ("20533", "NHS|MAND|Mental Capacity Act - 3 Years|", "2024-01-22 00:00:00", "", "Yes"),
    ("20871", "NHS|CSTF|Safeguarding Children - Level 2 - 3 Years|", "", "", "No"),
    (
        "20871",
        "NHS|CSTF|Preventing Radicalisation - Basic Prevent Awareness - 3 Years|",
        "30/11/2023",
        "",
        "Yes",
    ),
    (
        "20871",
        "NHS|CSTF|Infection Prevention and Control - Level 1 - 3 Years|",
        "30/11/2023",
        "",
        "Yes",
    ),
]


def report_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Competence Compliance Report"])
    writer.writerow(["Organisation: 999 NHS Example Integrated Care Board", "Run Date: 01/03/2025"])
    writer.writerow([])
    writer.writerow(HEADER)
    for number, competence, achieved, expiry, meets in ROWS:
        title, last, first, position, group = PEOPLE[number]
        writer.writerow(
            [
                number,
                title,
                last,
                first,
                f"{number}-2",
                position,
                group,
                "999 NHS Example ICB",
                competence,
                achieved,
                expiry,
                meets,
            ]
        )
    return out.getvalue()


def main() -> None:
    (HERE / "esr_competence_report.csv").write_bytes(report_text().encode("cp1252"))


if __name__ == "__main__":
    main()
