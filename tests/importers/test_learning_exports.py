"""ESR competence reports and e-learning completion exports import as they come, no mapping."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlmodel import select

from sgtui.importers.learning import competence_title, is_not_completed
from sgtui.importers.pipeline import run_import
from sgtui.importers.reader import csv_delimiter, csv_encoding
from sgtui.services.context import Services
from sgtui.store.models import Course, Person, TrainingRecord

ESR_HEADER = [
    "Employee Number",
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
ESR_ROWS: list[list[Any]] = [
    [
        "10001",
        "O\u2019Brien",
        "Si\u00e2n",
        "10001-1",
        "Practice Nurse",
        "Nursing and Midwifery Registered",
        "Brixton Hill Surgery",
        "NHS|CSTF|Safeguarding Adults - Level 2 - 3 Years|",
        "12/03/2024",
        "12/03/2027",
        "Yes",
    ],
    [
        "10001",
        "O\u2019Brien",
        "Si\u00e2n",
        "10001-1",
        "Practice Nurse",
        "Nursing and Midwifery Registered",
        "Brixton Hill Surgery",
        "NHS|CSTF|Safeguarding Children - Level 3 - 3 Years|",
        "12-MAR-2024",
        "",
        "Yes",
    ],
    [
        "10002",
        "Patel",
        "Sam",
        "10002-1",
        "Receptionist",
        "Administrative and Clerical",
        "Stockwell Road Practice",
        "NHS|CSTF|Preventing Radicalisation - Basic Prevent Awareness - 3 Years|",
        "2024-03-12 00:00:00",
        "",
        "Yes",
    ],
    [
        "10002",
        "Patel",
        "Sam",
        "10002-1",
        "Receptionist",
        "Administrative and Clerical",
        "Stockwell Road Practice",
        "NHS|CSTF|Safeguarding Children - Level 3 - 3 Years|",
        "",
        "",
        "No",
    ],
    [
        "10002",
        "Patel",
        "Sam",
        "10002-1",
        "Receptionist",
        "Administrative and Clerical",
        "Stockwell Road Practice",
        "NHS|MAND|Mental Capacity Act|",
        "01/02/2023",
        "",
        "Yes",
    ],
]
ESR_EXPECTED = {
    ("Si\u00e2n O\u2019Brien", "Practice Nurse", "SGA-L2", date(2024, 3, 12), date(2027, 3, 12)),
    ("Si\u00e2n O\u2019Brien", "Practice Nurse", "SGC-L3", date(2024, 3, 12), date(2027, 3, 12)),
    ("Sam Patel", "Receptionist", "PREVENT-BASIC", date(2024, 3, 12), date(2027, 3, 12)),
    ("Sam Patel", "Receptionist", "MCA", date(2023, 2, 1), date(2026, 2, 1)),
}
NOT_DONE_WARNING = (
    "{sheet}: 1 row records a course not completed (no completion date; status not done): "
    "not imported"
)


def _csv(rows: list[list[Any]]) -> str:
    def cell(value: Any) -> str:
        text = str(value)
        return f'"{text}"' if any(c in text for c in ',"|') else text

    return "\r\n".join(",".join(cell(v) for v in row) for row in rows) + "\r\n"


def _imported(svc: Services) -> set[tuple[str, str | None, str, date, date | None]]:
    with svc.session() as session:
        rows = session.exec(
            select(
                Person.name,
                Person.role,
                Course.code,
                TrainingRecord.completed_on,
                TrainingRecord.expires_on,
            )
            .join(Person, Person.id == TrainingRecord.person_id)
            .join(Course, Course.id == TrainingRecord.course_id)
        ).all()
    return {tuple(r) for r in rows}  # type: ignore[misc]


def _check(
    svc: Services,
    report: Any,
    counts_before: dict[str, int],
    counts: Any,
    sheet: str,
    expected: set[Any],
    people: int,
) -> None:
    assert report.committed and not report.errors, report.errors
    assert [str(w) for w in report.warnings] == [NOT_DONE_WARNING.format(sheet=sheet)]
    added = {k: counts(svc)[k] - counts_before[k] for k in ("person", "trainingrecord")}
    assert added == {"person": people, "trainingrecord": len(expected)}
    assert _imported(svc) == expected


def test_esr_competence_report_cp1252_csv(svc: Services, tmp_path: Path, counts: Any) -> None:
    # ESR reports come with title lines above the header and in Windows-1252.
    title = [["Competence Compliance Report"], ["Run date: 01/03/2025 09:00"], []]
    path = tmp_path / "esr_competence.csv"
    path.write_bytes(_csv([*title, ESR_HEADER, *ESR_ROWS]).encode("cp1252"))
    before = counts(svc)
    report = run_import(svc, [path])
    sheet = report.sheets[0]
    assert (sheet.kind, sheet.header_row, sheet.rows, sheet.inserted) == ("training", 4, 4, 4)
    assert sheet.mapping == {
        "Employee Number": "staff_number",
        "Last Name": "last_name",
        "First Name": "first_name",
        "Assignment Number": None,
        "Position Title": "role",
        "Staff Group": "staff_group",
        "Organisation": "organisation",
        "Competence Name": "course",
        "Achievement Date": "completed_on",
        "Expiry Date": "expires_on",
        "Meets Requirement": "status",
    }
    _check(svc, report, before, counts, "esr_competence", ESR_EXPECTED, 2)


def test_esr_competence_report_xlsx(svc: Services, tmp_path: Path, counts: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Competence Report"
    sheet.append(ESR_HEADER)
    for row in ESR_ROWS:
        cells = list(row)
        if cells[8] == "12/03/2024":
            cells[8] = datetime(2024, 3, 12)  # Excel holds real dates
        sheet.append(cells)
    path = tmp_path / "esr.xlsx"
    book.save(path)
    before = counts(svc)
    report = run_import(svc, [path])
    _check(svc, report, before, counts, "Competence Report", ESR_EXPECTED, 2)


ELFH = [
    [
        "First Name",
        "Last Name",
        "Email Address",
        "Job Role",
        "Employer",
        "Course Title",
        "Status",
        "Completion Date",
        "Score",
    ],
    [
        "Zo\u00eb",
        "Adams",
        "zoe.adams@nhs.net",
        "GP",
        "Brixton Hill Surgery",
        "Safeguarding Children Level 3",
        "Completed",
        "05/06/2024",
        "90",
    ],
    [
        "Zo\u00eb",
        "Adams",
        "zoe.adams@nhs.net",
        "GP",
        "Brixton Hill Surgery",
        "Prevent Awareness",
        "Completed",
        "2024-06-07",
        "",
    ],
    [
        "Zo\u00eb",
        "Adams",
        "zoe.adams@nhs.net",
        "GP",
        "Brixton Hill Surgery",
        "Safeguarding Adults - Level 1",
        "In progress",
        "",
        "",
    ],
    [
        "Ola",
        "Bello",
        "ola.bello@nhs.net",
        "Practice manager",
        "Stockwell Road Practice",
        "Safeguarding Adults Level 2",
        "Completed",
        "07/06/2024",
        "85",
    ],
]


def test_elfh_completion_export_utf8_bom(svc: Services, tmp_path: Path, counts: Any) -> None:
    path = tmp_path / "elfh_completions.csv"
    path.write_bytes(_csv(ELFH).encode("utf-8-sig"))
    before = counts(svc)
    report = run_import(svc, [path])
    expected = {
        ("Zo\u00eb Adams", "GP", "SGC-L3", date(2024, 6, 5), date(2027, 6, 5)),
        ("Zo\u00eb Adams", "GP", "PREVENT-BASIC", date(2024, 6, 7), date(2027, 6, 7)),
        ("Ola Bello", "Practice manager", "SGA-L2", date(2024, 6, 7), date(2027, 6, 7)),
    }
    _check(svc, report, before, counts, "elfh_completions", expected, 2)


def test_unknown_course_is_mapped_by_the_mapping_file(svc: Services, tmp_path: Path) -> None:
    from sgtui.importers.mapping import Mapping

    rows = [
        ELFH[0],
        ["Ola", "Bello", "", "", "", "Child Protection Refresher", "Completed", "07/06/2024", ""],
    ]
    path = tmp_path / "lms.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    refused = run_import(svc, [path], dry_run=True)
    assert [e.message for e in refused.errors] == [
        "unknown course (add it to the course catalogue or map it in the mapping file)"
    ]
    mapping = Mapping(values={"course": {"child protection refresher": "SGC-L2"}})
    report = run_import(svc, [path], mapping=mapping)
    assert report.committed and not report.errors
    assert {r[2] for r in _imported(svc)} == {"SGC-L2"}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("NHS|CSTF|Safeguarding Adults - Level 2 - 3 Years|", "Safeguarding Adults Level 2"),
        ("457|LOCAL|Domestic Abuse Awareness|", "Domestic Abuse Awareness"),
        ("Safeguarding Children Level 3", "Safeguarding Children Level 3"),
        ("Fire Safety - 2 Years", "Fire Safety"),
    ],
)
def test_competence_titles_unwrapped(text: str, title: str) -> None:
    assert competence_title(text) == title


def test_status_words_of_rows_that_are_not_completions() -> None:
    assert [is_not_completed(s) for s in ("No", "Not started", "In Progress", "Failed")] == [
        True
    ] * 4
    assert [is_not_completed(s) for s in ("Yes", "Completed", "Passed", None, "")] == [False] * 5


def test_csv_encodings_and_delimiters(tmp_path: Path) -> None:
    saved = {
        "cp1252": "Name,Siân\n".encode("cp1252"),
        "utf-8-sig": "\ufeffName,Zoë\n".encode(),
        "utf-16": "Name\tZoë\nSam\tLi\n".encode("utf-16"),
    }
    found = {}
    for name, data in saved.items():
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        encoding, lines = csv_encoding(path)
        found[name] = (encoding, lines, path.read_bytes().decode(encoding))
    assert found == {
        "cp1252": ("cp1252", 1, "Name,Siân\n"),
        "utf-8-sig": ("utf-8-sig", 1, "Name,Zoë\n"),
        "utf-16": ("utf-16", 2, "Name\tZoë\nSam\tLi\n"),
    }
    assert csv_delimiter("Name\tCourse\tDate\n") == "\t"
    assert csv_delimiter("Name;Course;Date\n") == ";"
    assert csv_delimiter("Name,Course (a;b),Date\n") == ","


def test_tab_separated_utf16_export_imports(svc: Services, tmp_path: Path) -> None:
    # Excel's "Unicode text" (and some LMS downloads): UTF-16 with tabs.
    text = "\r\n".join("\t".join(str(v) for v in row) for row in ELFH[:2]) + "\r\n"
    path = tmp_path / "lms_export.csv"
    path.write_bytes(text.encode("utf-16"))
    report = run_import(svc, [path])
    assert report.committed and not report.errors
    assert _imported(svc) == {
        ("Zo\u00eb Adams", "GP", "SGC-L3", date(2024, 6, 5), date(2027, 6, 5))
    }


def test_learning_solutions_report_surname_first_and_camel_case(
    svc: Services, tmp_path: Path
) -> None:
    # NHS learning systems list learners "Surname, First name" in one column, and
    # database exports write CamelCase headers.
    rows = [
        ["Learner", "PRN", "JobGroup", "Registered", "CourseTitle", "DateCompleted"],
        [
            "Adams, Zo\u00eb Dr",
            "P1",
            "GP",
            "01/01/2024",
            "Safeguarding Children Level 3",
            "05/06/2024",
        ],
        ["Bello, Ola", "P2", "Admin", "01/01/2024", "Safeguarding Adults Level 2", "07/06/2024"],
    ]
    path = tmp_path / "dls.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    report = run_import(svc, [path])
    assert report.committed and not report.errors and not report.warnings
    assert report.sheets[0].mapping == {
        "Learner": "name",
        "PRN": "staff_number",
        "JobGroup": "role",
        "Registered": None,
        "CourseTitle": "course",
        "DateCompleted": "completed_on",
    }
    assert _imported(svc) == {
        ("Zo\u00eb Adams", "GP", "SGC-L3", date(2024, 6, 5), date(2027, 6, 5)),
        ("Ola Bello", "Admin", "SGA-L2", date(2024, 6, 7), date(2027, 6, 7)),
    }


def test_courses_outside_the_catalogue_are_counted_not_refused(
    svc: Services, tmp_path: Path
) -> None:
    # An ESR report lists every mandatory competence; the team tracks safeguarding ones.
    def row(course: str, achieved: str) -> list[Any]:
        return [
            "10009",
            "Okafor",
            "Ade",
            "10009-1",
            "GP",
            "Medical",
            "Practice",
            course,
            achieved,
            "",
            "Yes",
        ]

    rows = [
        ESR_HEADER,
        row("NHS|CSTF|Fire Safety - 2 Years|", "01/04/2024"),
        row("NHS|CSTF|Resuscitation - Level 2 - Adult Basic Life Support - 1 Year|", "02/04/2024"),
        row("NHS|CSTF|Fire Safety - 2 Years|", "03/04/2023"),
        row("NHS|CSTF|Infection Prevention and Control - Level 2 - 3 Years|", "04/04/2024"),
        row("NHS|CSTF|Safeguarding Adults - Level 3 - 3 Years|", "05/04/2024"),
    ]
    path = tmp_path / "esr_all.csv"
    path.write_bytes(_csv(rows).encode("cp1252"))
    report = run_import(svc, [path])
    assert report.committed and not report.errors
    assert [str(w) for w in report.warnings] == [
        "esr_all: 4 rows name courses outside the course catalogue, not imported: "
        "Fire Safety (2), Infection Prevention and Control Level 2 (1), "
        "Resuscitation Level 2 Adult Basic Life Support (1); add them to the catalogue or "
        "map them in the mapping file ([values.course])"
    ]
    assert (report.sheets[0].rows, report.sheets[0].inserted) == (1, 1)
    assert _imported(svc) == {("Ade Okafor", "GP", "SGA-L3", date(2024, 4, 5), date(2027, 4, 5))}


def test_safeguarding_course_not_in_the_catalogue_is_still_an_error(
    svc: Services, tmp_path: Path
) -> None:
    rows = [
        ESR_HEADER,
        ["1", "Okafor", "Ade", "", "GP", "", "", "Safeguarding Refresher", "05/04/2024", "", "Yes"],
    ]
    path = tmp_path / "esr_sg.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    report = run_import(svc, [path], dry_run=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "H", "unknown course (add it to the course catalogue or map it in the mapping file)")
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("NHS|CSTF|Safeguarding Adults - Level 2 - 3 Years|", "SGA-L2"),
        ("NHS|CSTF|Safeguarding Children - Level 3 - 3 Years|", "SGC-L3"),
        (
            "NHS|CSTF|Preventing Radicalisation - Basic Prevent Awareness - 3 Years|",
            "PREVENT-BASIC",
        ),
        ("NHS|CSTF|Preventing Radicalisation - Level 3 - 3 Years|", "PREVENT-L3"),
        ("Safeguarding Children and Young People - Level 2", "SGC-L2"),
        ("Adult Safeguarding Level 1", "SGA-L1"),
        ("Child Protection Level 3", "SGC-L3"),
        ("Children L3", "SGC-L3"),
        ("Liberty Protection Safeguards", "DOLS"),
        ("Domestic Violence Awareness", "DA"),
        ("Safeguarding Adults - 3 Years", None),  # a validity is not a level
        ("NHS|CSTF|Resuscitation - Level 2 - Adult Basic Life Support - 1 Year|", None),
        ("Infection Prevention and Control - Level 2", None),
    ],
)
def test_course_codes_from_learning_system_titles(text: str, code: str | None) -> None:
    from sgtui.importers.links import course_code

    assert course_code(text, None) == code


def test_sample_esr_report_imports_as_it_comes(svc: Services, legacy: Path, counts: Any) -> None:
    before = counts(svc)
    report = run_import(svc, [legacy / "esr_competence_report.csv"])
    assert report.committed and not report.errors
    sheet = report.sheets[0]
    assert (sheet.kind, sheet.header_row, sheet.rows, sheet.inserted) == ("training", 4, 6, 6)
    assert [str(w) for w in report.warnings] == [
        "esr_competence_report: 2 rows record a course not completed (no completion date; "
        "status not done): not imported",
        "esr_competence_report: 2 rows name courses outside the course catalogue, not "
        "imported: Fire Safety (1), Infection Prevention and Control Level 1 (1); add them "
        "to the catalogue or map them in the mapping file ([values.course])",
    ]
    added = {k: counts(svc)[k] - before[k] for k in ("person", "trainingrecord")}
    assert added == {"person": 3, "trainingrecord": 6}
    assert _imported(svc) == {
        (
            "Ren\u00e9e O\u2019Neill",
            "Practice Nurse",
            "SGA-L2",
            date(2024, 2, 14),
            date(2027, 2, 14),
        ),
        (
            "Ren\u00e9e O\u2019Neill",
            "Practice Nurse",
            "SGC-L3",
            date(2023, 10, 3),
            date(2026, 10, 3),
        ),
        ("Kofi Asante", "GP", "SGC-L3", date(2023, 9, 11), date(2026, 9, 11)),
        ("Kofi Asante", "GP", "PREVENT-L3", date(2024, 6, 5), date(2027, 6, 5)),
        ("Kofi Asante", "GP", "MCA", date(2024, 1, 22), date(2027, 1, 22)),
        ("Per Lindqvist", "Receptionist", "PREVENT-BASIC", date(2023, 11, 30), date(2026, 11, 30)),
    }
