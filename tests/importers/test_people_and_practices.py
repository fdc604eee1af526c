"""Practices known from the ODS list, and people found again instead of duplicated.

Practices here are the real ones seeded from the ODS list: G85002 Streatham High
Practice (Lambeth), G83004 Barnard Medical Group (Bexley), G84017 Addington Road
Surgery (Bromley).
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlmodel import func, select

from sgtui.importers.mapping import dump_mapping, parse_mapping
from sgtui.importers.pipeline import run_import
from sgtui.importers.report import mapping_document
from sgtui.services.context import Services
from sgtui.services.people import save_person
from sgtui.services.practices import get_practice
from sgtui.services.reference import find_borough, seed_practices
from sgtui.store.models import LesReturn, Person, Practice, TrainingRecord

TRAINING_HEADERS = ["Staff name", "Job title", "Organisation", "Course", "Date completed"]
SGC3 = "Safeguarding Children Level 3"


@pytest.fixture
def known(svc: Services) -> Services:
    """Seeded services whose database also knows the ODS list's practices."""
    with svc.session() as s:
        seed_practices(s, svc)
    return svc


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write an xlsx with the given sheets (first row of each is its header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def training_book(path: Path, rows: list[list[Any]]) -> Path:
    return book(path, {"Training": [TRAINING_HEADERS, *rows]})


def count(svc: Services, model: type) -> int:
    with svc.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def people(svc: Services) -> dict[str, int]:
    """Person key -> number of training records."""
    with svc.session() as s:
        rows = s.exec(
            select(Person.key, func.count(TrainingRecord.id))  # type: ignore[arg-type]
            .join(TrainingRecord, TrainingRecord.person_id == Person.id, isouter=True)  # type: ignore[arg-type]
            .group_by(Person.key)
        ).all()
    return dict(rows)


def test_les_and_training_link_to_listed_practices_without_a_practice_sheet(
    known: Services, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "les.xlsx",
        {
            "LES 2024-25": [
                ["ODS Code", "Practice", "Contract sent"],
                ["G85002", "Streatham High Practice", date(2024, 4, 2)],
                ["g83004", "", date(2024, 4, 3)],
                ["", "Addington Road Surgery", date(2024, 4, 4)],
            ],
            "Training": [
                TRAINING_HEADERS,
                ["Jo Bloggs", "GP", "G85002", SGC3, date(2024, 1, 10)],
            ],
        },
    )
    report = run_import(known, [path])
    assert report.committed and report.errors == []
    assert [str(w) for w in report.warnings] == [
        'LES 2024-25!B4 (Practice) "Addington Road Surgery": no ODS code: linked by name to'
        " practice G84017"
    ]
    assert count(known, Practice) == 197
    with known.session() as s:
        linked = {
            s.get(Practice, r.practice_id).ods_code: r.contract_sent_on  # type: ignore[union-attr]
            for r in s.exec(select(LesReturn))
        }
        assert linked == {
            "G85002": date(2024, 4, 2),
            "G83004": date(2024, 4, 3),
            "G84017": date(2024, 4, 4),
        }
        jo = s.exec(select(Person)).one()
        lambeth = find_borough(s, "Lambeth")
        assert jo.practice_id == get_practice(s, "G85002").id
        assert jo.borough_id == lambeth.id  # type: ignore[union-attr]


def test_the_same_person_by_ods_code_and_by_practice_name_is_one_person(
    known: Services, tmp_path: Path
) -> None:
    by_code = training_book(
        tmp_path / "a.xlsx", [["Jo Bloggs", "GP", "G85002", SGC3, date(2023, 1, 5)]]
    )
    by_name = training_book(
        tmp_path / "b.xlsx",
        [
            ["Jo Bloggs", "GP", "Streatham High Practice", "Prevent Level 3", date(2023, 2, 6)],
            ["jo bloggs", "", "The Streatham High Practice (G85002)", "MCA", date(2023, 3, 7)],
            ["Jo  Bloggs", "GP", "Streatham High Surgery", "Domestic abuse", date(2023, 4, 8)],
        ],
    )
    assert run_import(known, [by_code]).committed
    report = run_import(known, [by_name])
    assert report.committed and report.warnings == [] and report.people == []
    assert people(known) == {"jo bloggs|g85002": 4}
    # Both files in one import, into a fresh database, give one person too.
    with known.session() as s:
        s.exec(TrainingRecord.__table__.delete())  # type: ignore[attr-defined]
        s.exec(Person.__table__.delete())  # type: ignore[attr-defined]
    report = run_import(known, [by_name, by_code])
    assert report.committed and report.people == []
    assert people(known) == {"jo bloggs|g85002": 4}


@pytest.fixture
def three_sams(known: Services) -> dict[str, str]:
    """Three people called Sam Patel: at a Lambeth practice, a Bexley practice, in Bromley."""
    keys = {}
    with known.session() as s:
        bromley = find_borough(s, "Bromley")
        for label, values in {
            "lambeth": {
                "role": "Practice nurse",
                "organisation": "Streatham High Practice",
                "practice_id": get_practice(s, "G85002").id,
            },
            "bexley": {
                "role": "GP",
                "organisation": "G83004",
                "practice_id": get_practice(s, "G83004").id,
            },
            "bromley": {
                "role": "Health visitor",
                "organisation": "Bromley",
                "borough_id": bromley.id,
            },  # type: ignore[union-attr]
        }.items():
            _o, person = save_person(s, known, {"name": "Sam Patel", **values})
            keys[label] = person.key
    return keys


def test_three_namesakes_are_told_apart_by_organisation(
    known: Services, three_sams: dict[str, str], tmp_path: Path
) -> None:
    path = training_book(
        tmp_path / "sams.xlsx",
        [
            ["Sam Patel", "", "Streatham High Practice", SGC3, date(2024, 1, 1)],  # practice name
            ["Sam Patel", "", "G85002", "MCA", date(2024, 1, 2)],  # its code
            ["Sam Patel", "", "Barnard Medical Group", SGC3, date(2024, 1, 3)],  # Bexley practice
            ["Sam Patel", "", "LB Bexley", "MCA", date(2024, 1, 4)],  # its borough
            ["Sam Patel", "", "Bromley Council", SGC3, date(2024, 1, 5)],  # borough only
            [
                "SAM PATEL",
                "",
                "Addington Road Surgery",
                "MCA",
                date(2024, 1, 6),
            ],  # a Bromley practice
        ],
    )
    report = run_import(known, [path])
    assert report.committed and report.errors == [] and report.warnings == []
    assert report.people == []
    assert people(known) == {
        three_sams["lambeth"]: 2,
        three_sams["bexley"]: 2,
        three_sams["bromley"]: 2,
    }


SAM_LABELS = [
    "Sam Patel, Practice nurse, G85002 Streatham High Practice",
    "Sam Patel, GP, G83004 Barnard Medical Group",
    "Sam Patel, Health visitor, Bromley",
]


def test_an_unresolvable_name_is_held_back_with_its_candidates(
    known: Services, three_sams: dict[str, str], tmp_path: Path
) -> None:
    path = training_book(
        tmp_path / "sams.xlsx",
        [
            ["Ann Lee", "GP", "G85002", SGC3, date(2024, 1, 1)],
            ["Sam Patel", "", "Southwark", SGC3, date(2024, 1, 2)],
            ["Sam Patel", "", "Southwark", "MCA", date(2024, 1, 3)],
            ["Sam Patel", "", "", "MCA", date(2024, 1, 4)],
        ],
    )
    report = run_import(known, [path])
    assert report.committed and report.errors == []
    candidates = [
        (three_sams["lambeth"], SAM_LABELS[0]),
        (three_sams["bexley"], SAM_LABELS[1]),
        (three_sams["bromley"], SAM_LABELS[2]),
    ]
    assert [
        (c.sheet, c.row, c.name, c.organisation, c.candidates, c.rows) for c in report.people
    ] == [
        ("Training", 3, "Sam Patel", "Southwark", candidates, 2),
        ("Training", 5, "Sam Patel", "", candidates, 1),
    ]
    listed = "; ".join(SAM_LABELS)
    why = {
        # Southwark is none of their boroughs: any of them may have moved there.
        3: f"nobody of this name is known at this organisation, only elsewhere ({listed}), "
        "and one of them may have moved",
        # No organisation: any of them, or the Southwark one if that is someone new.
        5: f"3 people could be this person ({listed}), or the one another row of this name "
        "is asked about",
    }
    assert [str(w) for w in report.warnings] == [
        f'Training!A{row} (Staff name) "Sam Patel": {why[row]}: their rows are held back until '
        "you choose one (or a new person) on the Import screen, or map "
        f'"Sam Patel|{org}" in the mapping file\'s [people]'
        for row, org in ((3, "Southwark"), (5, ""))
    ]
    sheet = report.sheets[0]
    assert (sheet.inserted, sheet.held, sheet.rejected) == (1, 3, 0)
    assert report.as_json()["people"][1]["candidates"][2] == {
        "key": three_sams["bromley"],
        "label": SAM_LABELS[2],
    }
    assert people(known) == {
        three_sams["lambeth"]: 0,
        three_sams["bexley"]: 0,
        three_sams["bromley"]: 0,
        "ann lee|g85002": 1,
    }


def test_a_people_mapping_entry_resolves_it_and_reimport_changes_nothing(
    known: Services, three_sams: dict[str, str], tmp_path: Path
) -> None:
    path = training_book(
        tmp_path / "sams.xlsx",
        [
            ["Sam Patel", "", "Southwark", SGC3, date(2024, 1, 2)],
            ["Sam Patel", "", "southwark ", "MCA", date(2024, 1, 3)],
            ["Sam Patel", "", "", "MCA", date(2024, 1, 4)],
        ],
    )
    text = f'[people]\n"sam patel|SOUTHWARK" = "{three_sams["bexley"]}"\n"Sam Patel|" = "new"\n'
    mapping = parse_mapping(tomllib.loads(text), "map.toml")
    report = run_import(known, [path], mapping=mapping)
    assert report.committed and report.people == [] and report.warnings == []
    assert report.sheets[0].inserted == 3
    assert people(known) == {
        three_sams["lambeth"]: 0,
        three_sams["bexley"]: 2,
        three_sams["bromley"]: 0,
        "sam patel|": 1,
    }
    before = (count(known, Person), count(known, TrainingRecord))
    again = run_import(known, [path], mapping=mapping)
    assert again.totals() == {"inserted": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert again.people == [] and (count(known, Person), count(known, TrainingRecord)) == before
    # The mapping the dry run reports keeps the [people] entries, and reads back.
    document = mapping_document(run_import(known, [path], mapping=mapping, dry_run=True))
    assert parse_mapping(tomllib.loads(dump_mapping(document))).people == mapping.people


def test_reimporting_held_rows_is_idempotent(
    known: Services, three_sams: dict[str, str], tmp_path: Path
) -> None:
    path = training_book(
        tmp_path / "sams.xlsx",
        [
            ["Ann Lee", "GP", "G85002", SGC3, date(2024, 1, 1)],
            ["Sam Patel", "", "Southwark", SGC3, date(2024, 1, 2)],
        ],
    )
    run_import(known, [path])
    before = (count(known, Person), count(known, TrainingRecord))
    again = run_import(known, [path])
    assert again.totals() == {"inserted": 0, "updated": 0, "unchanged": 1, "rejected": 0}
    assert again.sheets[0].held == 1 and len(again.people) == 1
    assert (count(known, Person), count(known, TrainingRecord)) == before


def test_namesakes_in_one_import_at_different_practices_are_two_people(
    known: Services, tmp_path: Path
) -> None:
    path = training_book(
        tmp_path / "two.xlsx",
        [
            ["Kim Ode", "GP", "G83004", SGC3, date(2024, 1, 3)],  # another practice: another Kim
            ["Kim Ode", "GP", "Lambeth", "MCA", date(2024, 1, 2)],  # G85002's borough: that Kim
            ["Kim Ode", "GP", "Streatham High Practice", SGC3, date(2024, 1, 1)],  # G85002
        ],
    )
    report = run_import(known, [path])
    assert report.committed and report.people == [] and report.warnings == []
    assert people(known) == {"kim ode|g85002": 2, "kim ode|g83004": 1}


@pytest.fixture
def lu_bird(known: Services) -> str:
    """Lu Bird, stored at G85002 (Lambeth)."""
    with known.session() as s:
        _o, lu = save_person(
            s,
            known,
            {
                "name": "Lu Bird",
                "organisation": "G85002",
                "practice_id": get_practice(s, "G85002").id,
            },
        )
    return lu.key


def test_a_lone_stored_namesake_elsewhere_is_asked_about(
    known: Services, lu_bird: str, tmp_path: Path
) -> None:
    """Moved from G85002 to G83004, or another Lu Bird? The data cannot say: ask."""
    path = training_book(
        tmp_path / "lu.xlsx",
        [
            ["Lu Bird", "", "G83004", SGC3, date(2024, 1, 1)],
            ["Lu Bird", "", "Barnard Medical Group", "MCA", date(2024, 1, 2)],  # G83004 too
        ],
    )
    report = run_import(known, [path])
    assert [(c.row, c.organisation, c.candidates, c.rows) for c in report.people] == [
        (2, "G83004", [(lu_bird, "Lu Bird, G85002 Streatham High Practice")], 2)
    ]
    assert [str(w) for w in report.warnings] == [
        'Training!A2 (Staff name) "Lu Bird": nobody of this name is known at this '
        "organisation, only elsewhere (Lu Bird, G85002 Streatham High Practice), and they may"
        " have moved: their rows are held back until you choose one (or a new person) on the"
        ' Import screen, or map "Lu Bird|G83004" in the mapping file\'s [people]'
    ]
    assert people(known) == {lu_bird: 0}
    # "A new person": both ways of writing G83004 are that one new person.
    new = parse_mapping({"people": {"Lu Bird|G83004": "new"}}, "map.toml")
    again = run_import(known, [path], mapping=new)
    assert again.people == [] and again.warnings == []
    assert people(known) == {lu_bird: 0, "lu bird|g83004": 2}


def test_a_stored_namesake_this_import_shows_at_their_own_practice_is_told_apart(
    known: Services, lu_bird: str, tmp_path: Path
) -> None:
    """The same workbook has Lu Bird at G85002 still: the G83004 one is someone else."""
    path = training_book(
        tmp_path / "lu.xlsx",
        [
            ["Lu Bird", "", "G83004", SGC3, date(2024, 1, 1)],
            ["Lu Bird", "", "Streatham High Practice", "MCA", date(2024, 1, 2)],
        ],
    )
    report = run_import(known, [path])
    assert report.people == [] and report.warnings == []
    assert people(known) == {lu_bird: 1, "lu bird|g83004": 1}


def test_the_officer_says_a_stored_namesake_moved(
    known: Services, lu_bird: str, tmp_path: Path
) -> None:
    """Mapped to the stored person: linked, and the move is a change held until accepted."""
    path = training_book(tmp_path / "lu.xlsx", [["Lu Bird", "", "G83004", SGC3, date(2024, 1, 1)]])
    moved = parse_mapping({"people": {"Lu Bird|G83004": lu_bird}}, "map.toml")
    report = run_import(known, [path], mapping=moved)
    assert report.people == [] and report.warnings == []
    assert people(known) == {lu_bird: 1}
    assert [(c.record, c.field, c.old, c.new, c.held) for c in report.changes] == [
        ("person Lu Bird", "organisation", "G85002", "G83004", True),
        ("person Lu Bird", "practice", "G85002", "G83004", True),
        ("person Lu Bird", "borough", None, "Bexley", False),
    ]
    with known.session() as s:
        lu = s.exec(select(Person)).one()
        assert (lu.organisation, lu.practice_id) == ("G85002", get_practice(s, "G85002").id)
    accepted = run_import(known, [path], mapping=moved, accept_changes=True)
    assert [c.held for c in accepted.changes] == [False, False]
    with known.session() as s:
        lu = s.exec(select(Person)).one()
        assert (lu.organisation, lu.practice_id) == ("G83004", get_practice(s, "G83004").id)
    assert people(known) == {lu_bird: 1}


def test_a_different_email_is_a_different_person(known: Services, tmp_path: Path) -> None:
    with known.session() as s:
        save_person(
            s, known, {"name": "Max Fry", "organisation": "G85002", "email": "max.fry@nhs.example"}
        )
    path = book(
        tmp_path / "max.xlsx",
        {
            "Training": [
                ["Staff name", "Organisation", "Email", "Course", "Date completed"],
                ["Max Fry", "G85002", "m.fry2@nhs.example", SGC3, date(2024, 1, 1)],
                ["Max Fry", "G85002", "MAX.FRY@nhs.example", "MCA", date(2024, 1, 2)],
            ]
        },
    )
    report = run_import(known, [path])
    assert report.committed and report.people == [] and report.warnings == []
    assert people(known) == {"max.fry@nhs.example": 1, "m.fry2@nhs.example": 1}


def test_people_mapping_entries_are_checked(known: Services, tmp_path: Path) -> None:
    from sgtui.importers.safety import UnreadableFile

    with pytest.raises(UnreadableFile, match=r"\[people\] 'Sam Patel': write"):
        parse_mapping({"people": {"Sam Patel": "new"}}, "map.toml")
    mapping = parse_mapping({"people": {"Ann Lee|G85002": "nobody|here"}}, "map.toml")
    path = training_book(
        tmp_path / "ann.xlsx", [["Ann Lee", "GP", "G85002", SGC3, date(2024, 1, 1)]]
    )
    report = run_import(known, [path], mapping=mapping)
    assert [w.message for w in report.warnings] == [
        "the mapping file's [people] entry names no person 'nobody|here'"
    ]
    assert people(known) == {"ann lee|g85002": 1}  # the rules decided instead


def test_organisation_text_resolves_by_code_name_words_or_borough() -> None:
    from sgtui.importers.links import LinkContext

    ctx = LinkContext(boroughs={"lambeth": 4, "lam": 4, "bexley": 1, "bex": 1})
    ctx.add_practice("G85001", "Dr Smith & Partners", 4)
    ctx.add_practice("G85002", "Lambeth Walk Group Practice", 4)
    ctx.add_practice("G83001", "The Smithfield Surgery", 1)
    ctx.add_practice("G83002", "Jones Medical Centre", 1)
    ctx.add_practice("G83003", "Jones Family Practice", 1)
    places = {
        text: (ctx.place_of(text).ods, ctx.place_of(text).borough_id)
        for text in (
            "g85001",
            "The Smith Practice (G85001)",
            "Smith Surgery",
            "DR SMITH AND PARTNERS, LAMBETH",
            "Lambeth",
            "Lambeth Council",
            "LB Bexley",
            "Lambeth and Bexley",  # two boroughs: neither
            "Jones Surgery",  # two practices of that name: neither
            "Smithfield",
            "",
        )
    }
    assert places == {
        "g85001": ("G85001", 4),
        "The Smith Practice (G85001)": ("G85001", 4),
        "Smith Surgery": ("G85001", 4),
        "DR SMITH AND PARTNERS, LAMBETH": ("G85001", 4),
        "Lambeth": (None, 4),
        "Lambeth Council": (None, 4),
        "LB Bexley": (None, 1),
        "Lambeth and Bexley": (None, None),
        "Jones Surgery": (None, None),
        "Smithfield": ("G83001", 1),
        "": (None, None),
    }


def practice_of(svc: Services) -> dict[str, tuple[str | None, str | None]]:
    """Person key -> (role, their practice's ODS code)."""
    with svc.session() as s:
        return {
            p.key: (p.role, s.get(Practice, p.practice_id).ods_code if p.practice_id else None)  # type: ignore[union-attr]
            for p in s.exec(select(Person))
        }


def test_namesakes_at_the_workbooks_own_practices_are_two_people(
    known: Services, tmp_path: Path
) -> None:
    """An empty database; the workbook lists two practices the ODS list lacks, and its
    training sheet names Sam Patel at each, by ODS code in some rows and name in others."""
    path = book(
        tmp_path / "sams.xlsx",
        {
            "Practices": [
                ["ODS code", "Practice name", "Borough"],
                ["G99901", "Hollyfield Surgery", "Bromley"],
                ["G99902", "Kestrel Park Practice", "Bromley"],
            ],
            "Training": [
                TRAINING_HEADERS,
                ["Sam Patel", "GP", "Hollyfield Surgery", SGC3, date(2023, 10, 2)],
                ["Sam Patel", "Practice nurse", "G99902", SGC3, date(2024, 2, 12)],
                ["Sam Patel", "Practice nurse", "Kestrel Park Practice", "MCA", date(2024, 2, 12)],
                ["Sam Patel", "GP", "g99901", "MCA", date(2023, 10, 2)],
            ],
        },
    )
    report = run_import(known, [path])
    assert report.committed and report.errors == [] and report.warnings == []
    assert report.people == []
    assert people(known) == {"sam patel|g99901": 2, "sam patel|g99902": 2}
    assert practice_of(known) == {
        "sam patel|g99901": ("GP", "G99901"),
        "sam patel|g99902": ("Practice nurse", "G99902"),
    }
    again = run_import(known, [path])
    assert again.people == [] and again.warnings == []
    assert again.totals() == {"inserted": 0, "updated": 0, "unchanged": 6, "rejected": 0}
    assert people(known) == {"sam patel|g99901": 2, "sam patel|g99902": 2}


@pytest.mark.parametrize("blank_first", [True, False])
def test_where_a_row_stands_does_not_change_who_it_is(
    known: Services, tmp_path: Path, blank_first: bool
) -> None:
    """A blank organisation among two Sam Patels at two practices could be either: it is
    asked about whether it comes before them or after."""
    blank = ["Sam Patel", "", "", "Prevent Level 3", date(2024, 3, 1)]
    rows = [
        ["Sam Patel", "GP", "G85002", SGC3, date(2024, 1, 1)],
        ["Sam Patel", "Practice nurse", "Barnard Medical Group", SGC3, date(2024, 1, 2)],
    ]
    rows = [blank, *rows] if blank_first else [*rows, blank]
    report = run_import(known, [training_book(tmp_path / "sams.xlsx", rows)])
    new = " (new in this import)"
    candidates = [  # in the order the rules settle them, not the rows' order
        ("sam patel|g83004", f"Sam Patel, Practice nurse, G83004 Barnard Medical Group{new}"),
        ("sam patel|g85002", f"Sam Patel, GP, G85002 Streatham High Practice{new}"),
    ]
    assert [(c.row, c.organisation, c.candidates, c.rows) for c in report.people] == [
        (2 if blank_first else 4, "", candidates, 1)
    ]
    assert people(known) == {"sam patel|g85002": 1, "sam patel|g83004": 1}
    assert report.sheets[0].held == 1


def test_an_organisation_naming_the_icb_is_kept_as_the_organisation(
    known: Services, tmp_path: Path
) -> None:
    path = training_book(
        tmp_path / "icb.xlsx",
        [
            ["Dee Hart", "Designated Nurse", "NHS South East London ICB", SGC3, date(2024, 1, 1)],
            ["Dee Hart", "", "nhs south east london icb ", "MCA", date(2024, 1, 2)],
            ["Ann Lee", "GP", "G85002", SGC3, date(2024, 1, 3)],
            ["Ann Lee", "", "NHS South East London ICB", "MCA", date(2024, 1, 4)],
        ],
    )
    report = run_import(known, [path])
    with known.session() as s:
        dee = s.exec(select(Person).where(Person.name == "Dee Hart")).one()
        assert (dee.organisation, dee.practice_id, dee.borough_id) == (
            "NHS South East London ICB",
            None,
            None,
        )
    # An ICB Ann Lee beside a practice's Ann Lee: one person or two? Asked, not merged.
    assert [(c.name, c.organisation, [k for k, _l in c.candidates]) for c in report.people] == [
        ("Ann Lee", "NHS South East London ICB", ["ann lee|g85002"])
    ]
    assert people(known) == {"dee hart|nhs south east london icb": 2, "ann lee|g85002": 1}
