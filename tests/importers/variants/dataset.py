"""The one logical dataset every variant writes: a Lewisham/Bromley team's records.

Every name, ODS code and case is invented (the ODS codes G991xx are not on the SE London
list, so a database that knows the 197 real practices still inserts these six). Step
columns hold a date (done on that date), :data:`UNDATED` (done, date not recorded: the
workbook has a tick) or None (not done).

The expected database rows are worked out by hand here, next to the data, so a test
never asks the importer what it should have found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


class _Undated:
    """Marker: the step is done but the workbook records no date (a tick or "Y")."""

    def __repr__(self) -> str:
        return "UNDATED"


UNDATED = _Undated()
Step = date | _Undated | None


@dataclass(frozen=True)
class Practice:
    ods: str
    name: str
    borough: str
    """Borough code (BRO, LEW)."""
    postcode: str
    list_size: int
    lead: str | None
    manager: str | None
    email: str | None


@dataclass(frozen=True)
class Meeting:
    ref: str
    day: date
    start: time | None
    title: str
    borough: str
    chair: str
    venue: str
    minute_taker: str | None
    minutes: Step
    status: str
    """planned, held or cancelled."""


@dataclass(frozen=True)
class Action:
    ref: str
    meeting: str
    text: str
    owner: str
    raised: date | None
    due: date | None
    status: str
    """open, in_progress, complete, closed or carried_forward."""
    completed: date | None


@dataclass(frozen=True)
class Review:
    ref: str
    review_type: str
    """RR, LCSPR, SAR or DHR."""
    borough: str
    subject: str
    notified: date
    decision: date | None
    commissioned: date | None
    requests: tuple[str, ...]
    """Submission kinds asked of the ICB: information, chronology, imr."""
    requested: date | None
    due: date | None
    submitted: Step
    scrt: Step
    stage: str
    themes: tuple[str, ...]
    published: date | None


@dataclass(frozen=True)
class Recommendation:
    review: str
    number: int
    text: str
    health_action: str
    lead: str
    target: date
    rag: str
    """red, amber, green or blue (complete)."""
    completed: date | None


@dataclass(frozen=True)
class Criterion:
    code: str
    question: str
    answer_type: str
    """yes_no, date, percent or number: what every answer in the column reads as."""


@dataclass(frozen=True)
class LesReturn:
    ods: str
    contract_sent: Step
    contract_signed: Step
    return_requested: Step
    return_received: Step
    validated: Step
    named_gp_reviewed: Step
    payment_authorised: Step
    chased: int
    answers: tuple[object, ...]
    """One per criterion: True/False (yes/no), a date, a number, or None (blank)."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    practice: str | None
    """ODS code of their practice, or None for ICB staff."""
    organisation: str | None = None
    """Organisation text for staff not in a practice."""


@dataclass(frozen=True)
class Completion:
    person: int
    """Index into :data:`PEOPLE`."""
    course: str
    """Course catalogue code."""
    completed: date
    stated_expiry: date | None = None
    """A team rule that differs from the course's 36 months (kept as stated)."""


LES_YEAR = "2023/24"
LES_STEPS = (
    "contract_sent",
    "contract_signed",
    "return_requested",
    "return_received",
    "validated",
    "named_gp_reviewed",
    "payment_authorised",
)
"""The LES pipeline steps in order; the database column of each is ``<step>_on``."""

PRACTICES: tuple[Practice, ...] = (
    Practice(
        "G99101",
        "Hollybrook Surgery",
        "LEW",
        "SE13 5AA",
        8200,
        "Dr Nia Okafor",
        "Tom Reed",
        "hollybrook.surgery@nhs.example",
    ),
    Practice(
        "G99102",
        "Catford Bridge Medical Centre",
        "LEW",
        "SE6 4BB",
        11400,
        "Dr Omar Shah",
        None,
        None,
    ),
    Practice("G99103", "Ladywell Fields Practice", "LEW", "SE4 1CC", 6100, None, "Ann Vale", None),
    Practice(
        "G99104",
        "Blackheath Vale Surgery",
        "LEW",
        "SE3 0DD",
        9300,
        "Dr Ruth Ibe",
        None,
        "blackheath.vale@nhs.example",
    ),
    Practice(
        "G99105",
        "Shortlands Green Practice",
        "BRO",
        "BR2 0EE",
        7800,
        "Dr Ken Mori",
        "Liz Hale",
        None,
    ),
    Practice("G99106", "Chislehurst Common Surgery", "BRO", "BR7 5FF", 10200, None, None, None),
)

MEETINGS: tuple[Meeting, ...] = (
    Meeting(
        "LEW-NET-2024-01",
        date(2024, 1, 16),
        time(10, 0),
        "Safeguarding & CLA Health Network",
        "LEW",
        "Designated Nurse",
        "Teams",
        "BSO",
        date(2024, 1, 23),
        "held",
    ),
    Meeting(
        "LEW-NET-2024-02",
        date(2024, 2, 27),
        time(10, 0),
        "Safeguarding & CLA Health Network",
        "LEW",
        "Designated Nurse",
        "Teams",
        "BSO",
        UNDATED,
        "held",
    ),
    Meeting(
        "LEW-GPF-2024-03",
        date(2024, 3, 14),
        time(13, 30),
        "GP safeguarding forum",
        "LEW",
        "Named GP",
        "Catford Civic Suite",
        None,
        None,
        "held",
    ),
    Meeting(
        "BRO-SAB-2024-04",
        date(2024, 4, 9),
        time(14, 0),
        "Safeguarding Adults Board",
        "BRO",
        "Independent chair",
        "Bromley Civic Centre",
        "BSO",
        None,
        "planned",
    ),
    Meeting(
        "LEW-SCP-2024-05",
        date(2024, 5, 21),
        None,
        "Lewisham Safeguarding Children Partnership",
        "LEW",
        "Independent chair",
        "Laurence House",
        None,
        None,
        "cancelled",
    ),
)

ACTIONS: tuple[Action, ...] = (
    Action(
        "LEW-A-001",
        "LEW-NET-2024-01",
        "Circulate the revised chronology template",
        "BSO",
        date(2024, 1, 16),
        date(2024, 1, 31),
        "complete",
        date(2024, 1, 30),
    ),
    Action(
        "LEW-A-002",
        "LEW-NET-2024-01",
        "Chase GP reports for the initial child protection conference",
        "Designated Nurse",
        date(2024, 1, 16),
        date(2024, 2, 9),
        "closed",
        date(2024, 2, 8),
    ),
    Action(
        "LEW-A-003",
        "LEW-NET-2024-02",
        "Update the LES criteria wording",
        "Named GP",
        date(2024, 2, 27),
        date(2024, 3, 12),
        "in_progress",
        None,
    ),
    Action(
        "LEW-A-004",
        "LEW-NET-2024-02",
        "Share the Rapid Review learning briefing with practices",
        "BSO",
        date(2024, 2, 27),
        date(2024, 3, 5),
        "open",
        None,
    ),
    Action(
        "LEW-A-005",
        "LEW-GPF-2024-03",
        "Book the was-not-brought audit slot at the next forum",
        "Named GP",
        date(2024, 3, 14),
        date(2024, 6, 6),
        "carried_forward",
        None,
    ),
    Action(
        "LEW-A-006",
        "LEW-GPF-2024-03",
        "Send the MARAC referral guidance to practice leads",
        "BSO",
        date(2024, 3, 14),
        date(2024, 3, 28),
        "complete",
        date(2024, 3, 27),
    ),
    Action(
        "BRO-A-007",
        "BRO-SAB-2024-04",
        "Confirm the health representative for the SAR panel",
        "Designated Nurse",
        None,
        date(2024, 4, 30),
        "open",
        None,
    ),
    Action(
        "BRO-A-008",
        "BRO-SAB-2024-04",
        "Draft the self-neglect briefing for GP practices",
        "Designated Doctor",
        None,
        None,
        "in_progress",
        None,
    ),
)

REVIEWS: tuple[Review, ...] = (
    Review(
        "LEW-RR-2024-01",
        "RR",
        "LEW",
        "Child A",
        date(2024, 1, 8),
        date(2024, 1, 25),
        None,
        ("chronology",),
        date(2024, 1, 9),
        date(2024, 1, 17),
        date(2024, 1, 16),
        UNDATED,
        "decision",
        ("Neglect", "Domestic abuse"),
        None,
    ),
    Review(
        "LEW-LCSPR-2023-02",
        "LCSPR",
        "LEW",
        "Child B",
        date(2023, 5, 12),
        date(2023, 5, 26),
        date(2023, 6, 1),
        ("chronology", "imr"),
        date(2023, 6, 1),
        date(2023, 6, 30),
        UNDATED,
        date(2023, 7, 3),
        "draft_report",
        ("Parental mental health", "Neglect"),
        None,
    ),
    Review(
        "BRO-SAR-2023-01",
        "SAR",
        "BRO",
        "Adult D",
        date(2023, 2, 1),
        None,
        date(2023, 3, 1),
        ("information",),
        date(2023, 3, 2),
        date(2023, 3, 16),
        date(2023, 3, 15),
        None,
        "published",
        ("Self-neglect",),
        date(2024, 2, 1),
    ),
    Review(
        "LEW-DHR-2024-01",
        "DHR",
        "LEW",
        "Adult C",
        date(2024, 2, 5),
        None,
        None,
        ("imr",),
        date(2024, 2, 20),
        None,
        None,
        None,
        "information_gathering",
        (),
        None,
    ),
)

RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation(
        "LEW-LCSPR-2023-02",
        1,
        "Improve information sharing between GP and health visiting",
        "Audit GP-HV liaison meetings",
        "Named GP",
        date(2024, 6, 30),
        "green",
        None,
    ),
    Recommendation(
        "LEW-LCSPR-2023-02",
        2,
        "Strengthen the was-not-brought policy",
        "Update the practice policy template",
        "Designated Nurse",
        date(2024, 9, 30),
        "amber",
        None,
    ),
    Recommendation(
        "LEW-LCSPR-2023-02",
        3,
        "Training on parental mental health",
        "Add to the Level 3 programme",
        "Designated Doctor",
        date(2024, 12, 31),
        "red",
        None,
    ),
    Recommendation(
        "BRO-SAR-2023-01",
        1,
        "Self-neglect pathway known to all practices",
        "Brief practices on the pathway",
        "Named GP",
        date(2024, 3, 31),
        "blue",
        date(2024, 3, 20),
    ),
    Recommendation(
        "BRO-SAR-2023-01",
        2,
        "Hoarding risk assessment used in primary care",
        "Add the tool to the GP safeguarding template",
        "Named GP",
        date(2024, 7, 31),
        "green",
        None,
    ),
    Recommendation(
        "LEW-DHR-2024-01",
        1,
        "Routine enquiry about domestic abuse in antenatal contacts",
        "Remind practices of routine enquiry",
        "Designated Nurse",
        date(2024, 10, 31),
        "amber",
        None,
    ),
)

CRITERIA: tuple[Criterion, ...] = (
    Criterion("C01", "Named safeguarding lead in place", "yes_no"),
    Criterion("C02", "Safeguarding policy last reviewed", "date"),
    Criterion("C03", "% of GPs with Level 3 training", "percent"),
    Criterion("C04", "Practice safeguarding meetings held", "number"),
)

LES_RETURNS: tuple[LesReturn, ...] = (
    LesReturn(
        "G99101",
        date(2023, 4, 3),
        date(2023, 4, 20),
        date(2024, 1, 8),
        date(2024, 2, 1),
        date(2024, 2, 5),
        date(2024, 2, 15),
        date(2024, 3, 1),
        0,
        (True, date(2023, 11, 1), 100, 4),
    ),
    LesReturn(
        "G99102",
        date(2023, 4, 3),
        UNDATED,
        date(2024, 1, 8),
        date(2024, 2, 14),
        None,
        UNDATED,
        None,
        2,
        (False, date(2023, 9, 1), 85, 2),
    ),
    LesReturn(
        "G99103",
        date(2023, 4, 3),
        date(2023, 4, 28),
        date(2024, 1, 8),
        None,
        None,
        None,
        None,
        3,
        (None, None, None, None),
    ),
    LesReturn("G99104", UNDATED, None, None, None, None, None, None, 0, (None, None, None, None)),
    LesReturn(
        "G99105",
        date(2023, 4, 3),
        date(2023, 4, 25),
        date(2024, 1, 8),
        UNDATED,
        UNDATED,
        date(2024, 2, 10),
        UNDATED,
        0,
        (True, date(2023, 6, 12), 92.5, 3),
    ),
    LesReturn(
        "G99106",
        date(2023, 4, 3),
        date(2023, 4, 21),
        UNDATED,
        date(2024, 2, 5),
        date(2024, 2, 7),
        None,
        None,
        1,
        (True, None, 75, None),
    ),
)

ICB = "NHS South East London ICB"
PEOPLE: tuple[Person, ...] = (
    Person("Alex Rivers", "GP", "G99101"),
    Person("Bea Stone", "Practice nurse", "G99102"),
    Person("Cal Moss", "Receptionist", "G99103"),
    Person("Dee Hart", "Designated Nurse", None, ICB),
    Person("Eli Park", "Practice manager", "G99104"),
    Person("Sam Patel", "GP", "G99105"),
    Person("Sam Patel", "Practice nurse", "G99106"),
    Person("Fay Lowe", "Healthcare assistant", "G99101"),
)
"""Two different people are called Sam Patel: their practices tell them apart."""

COMPLETIONS: tuple[Completion, ...] = (
    Completion(0, "SGC-L3", date(2023, 3, 14)),
    Completion(0, "SGA-L3", date(2023, 3, 14)),
    Completion(0, "PREVENT-L3", date(2022, 11, 2)),
    Completion(0, "MCA", date(2023, 5, 10)),
    Completion(1, "SGC-L3", date(2022, 6, 30)),
    Completion(1, "MCA", date(2022, 6, 30)),
    Completion(1, "SGA-L3", date(2023, 1, 20)),
    Completion(2, "SGA-L1", date(2024, 1, 10)),
    Completion(2, "PREVENT-BASIC", date(2024, 1, 10)),
    Completion(3, "SGC-L3", date(2021, 9, 1)),
    Completion(3, "SGA-L3", date(2021, 9, 1)),
    Completion(3, "PREVENT-L3", date(2022, 2, 14)),
    Completion(4, "SGA-L2", date(2024, 4, 3)),
    Completion(4, "PREVENT-BASIC", date(2024, 4, 3), stated_expiry=date(2025, 4, 3)),
    Completion(5, "SGC-L3", date(2023, 10, 2)),
    Completion(5, "SGA-L3", date(2023, 10, 2)),
    Completion(6, "SGC-L3", date(2024, 2, 12)),
    Completion(6, "SGA-L2", date(2024, 2, 12)),
    Completion(7, "SGC-L2", date(2023, 7, 19)),
    Completion(7, "SGA-L2", date(2023, 7, 19)),
)


def expiry_of(completion: Completion) -> date:
    """The expiry the database should hold: as stated, else completed + 36 months.

    Every completion date here falls before the 29th, so 36 months is the same day
    three years on.
    """
    done = completion.completed
    return completion.stated_expiry or done.replace(year=done.year + 3)


@dataclass(frozen=True)
class Counts:
    """Rows each kind inserts into a fresh database, counted by hand from the data above."""

    tables: dict[str, int] = field(
        default_factory=lambda: {
            "practice": 6,
            "meeting": 5,
            "action": 8,
            "review": 4,
            "submission": 5,  # RR 1, LCSPR 2 (chronology and IMR), SAR 1, DHR 1
            "reviewtheme": 5,  # 2 + 2 + 1 + 0
            "recommendation": 6,
            "lesscheme": 1,
            "lescriterion": 4,
            "lesreturn": 6,
            "lesanswer": 14,  # 4 + 4 + 0 + 0 + 4 + 2 answered cells
            "person": 8,
            "trainingrecord": 20,
        }
    )
    sheets: dict[str, int] = field(
        default_factory=lambda: {
            "practices": 6,
            "meetings": 5,
            "actions": 8,
            "reviews": 4,
            "recommendations": 6,
            "les": 6,
            "training": 20,
        }
    )


COUNTS = Counts()


def _check_counts() -> None:
    """The hand counts agree with the data (a typo in either would mislead every test)."""
    tables = COUNTS.tables
    assert tables["practice"] == len(PRACTICES)
    assert tables["meeting"] == len(MEETINGS)
    assert tables["action"] == len(ACTIONS)
    assert tables["submission"] == sum(len(r.requests) for r in REVIEWS)
    assert tables["reviewtheme"] == sum(len(r.themes) for r in REVIEWS)
    assert tables["lesanswer"] == sum(a is not None for r in LES_RETURNS for a in r.answers)
    assert tables["trainingrecord"] == len(COMPLETIONS)
    assert tables["person"] == len(PEOPLE)


_check_counts()
