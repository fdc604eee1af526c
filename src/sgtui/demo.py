"""Demo data: a living borough safeguarding system, generated from a fixed seed.

The 197 real SE London GP practices come from the ODS list shipped in the package
(``sgtui/data/sel_gp_practices.csv``, public ODS data, OGL), which every database is
seeded with; the demo gives them synthetic leads, managers and list sizes. Everything
else is synthetic: people with made-up names, a year of meetings with actions, about 32 statutory reviews with pseudonymous
subjects, an LES scheme year with returns at every stage, and about 1,500 training
records. Dates are placed around the clock's "today", so the demo always has things
due this week, overdue, and expiring soon; the same seed and the same today give the
same database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlmodel import Session, select

from sgtui.services import les, meetings, people, practices, reviews, training
from sgtui.services.catalogues import MEETING_TYPES, ROLE_REQUIREMENTS
from sgtui.services.context import Services
from sgtui.services.deadlines import add_working_days
from sgtui.services.reference import seed_reference_data
from sgtui.store.models import (
    Borough,
    Course,
    LesCriterion,
    LesScheme,
    Meeting,
    MeetingType,
    Person,
    Practice,
)

SEED = 2025
FIRST_NAMES = (
    "Amara",
    "Ben",
    "Chloe",
    "Dami",
    "Elena",
    "Femi",
    "Grace",
    "Hassan",
    "Imogen",
    "Jamal",
    "Kemi",
    "Liam",
    "Maya",
    "Nadia",
    "Oscar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zara",
)
LAST_NAMES = (
    "Adeyemi",
    "Baker",
    "Chowdhury",
    "Doyle",
    "Evans",
    "Fraser",
    "Gordon",
    "Hughes",
    "Ibrahim",
    "Jones",
    "Khan",
    "Lewis",
    "Mensah",
    "Novak",
    "Okafor",
    "Patel",
    "Quarshie",
    "Reid",
    "Singh",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Xu",
    "Young",
)
PRACTICE_ROLES = (
    "GP",
    "GP",
    "Practice nurse",
    "Practice manager",
    "Administrator",
    "Receptionist",
    "Healthcare assistant",
)
ICB_ROLES = ("Named GP", "Designated Nurse", "Designated Doctor", "CLA Designate", "BSO")
THEMES = (
    "Neglect",
    "Domestic abuse",
    "Mental health",
    "Substance misuse",
    "Exploitation",
    "Self-neglect",
    "Professional curiosity",
    "Information sharing",
    "Think family",
    "Transition to adulthood",
)
LES_CRITERIA = (
    ("C01", "Named safeguarding lead and deputy for children and adults", "yes_no", None),
    ("C02", "Safeguarding policy reviewed within 12 months (date)", "date", None),
    ("C03", "% of GPs with Level 3 children and adults training in date", "percent", 90.0),
    ("C04", "% of nurses/HCAs/admin at the required level", "percent", 85.0),
    ("C05", "GP safeguarding forums attended by the lead this year", "number", 2.0),
    ("C06", "Regular MDT / health visitor liaison meetings held", "number", 6.0),
    ("C07", "CP/CIN/LAC and adult-at-risk registers kept and coded", "yes_no", None),
    ("C08", "Reports to child protection conferences and MARAC on time", "yes_no", None),
    ("C09", "Prevent training completed and a Prevent lead named", "yes_no", None),
    ("C10", "DBS checks in place for relevant staff", "yes_no", None),
    ("C11", "Self-assessment audit completed and returned", "yes_no", None),
    ("C12", "Action plan for any 'No' answer", "text", None),
)


def read_practices() -> list[dict[str, str]]:
    """The public SE London GP practice list shipped in the package, as CSV row dicts."""
    from dataclasses import asdict

    from sgtui.services.ods import shipped_practices

    return [asdict(p) for p in shipped_practices()]


@dataclass
class DemoBuilder:
    """Builds the demo in one session, around ``today``."""

    session: Session
    svc: Services
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    boroughs: dict[str, Borough] = field(default_factory=dict)
    staff: list[Person] = field(default_factory=list)
    icb_staff: dict[str, list[Person]] = field(default_factory=dict)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def done_rate(self, due: date) -> float:
        """How likely work due on ``due`` is done by now: old work is nearly always done."""
        return 0.99 if (self.today - due).days > 45 else 0.6

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    # -- reference and practices --------------------------------------------------------

    def load_practices(self, rows: list[dict[str, str]]) -> list[Practice]:
        self.boroughs = {b.name: b for b in self.session.exec(select(Borough))}
        made = []
        for row in rows:
            lead, manager = f"Dr {self.name()}", self.name()
            _o, practice = practices.save_practice(
                self.session,
                self.svc,
                {
                    "ods_code": row["ods_code"],
                    "name": row["name"].title(),
                    "postcode": row["postcode"],
                    "address": row["address"].title(),
                    "borough_id": self.boroughs[row["borough"]].id,
                    "list_size": self.rng.randrange(3000, 22000, 50),
                    "safeguarding_lead": lead,
                    "practice_manager": manager,
                    "email": f"{row['ods_code'].lower()}.admin@nhs.example",
                    "source": "demo",
                },
            )
            made.append(practice)
        return made

    def load_people(self, practice_list: list[Practice]) -> None:
        for borough in self.boroughs.values():
            self.icb_staff[borough.name] = [
                self.person(self.name(), role, "NHS South East London ICB", borough.id, None)
                for role in ICB_ROLES
            ]
        for practice in practice_list:
            roles = [
                "Practice safeguarding lead",
                *self.rng.sample(PRACTICE_ROLES, self.rng.randint(1, 2)),
            ]
            for role in roles:
                self.person(self.name(), role, practice.name, practice.borough_id, practice.id)

    def person(
        self, name: str, role: str, org: str, borough_id: int | None, practice_id: int | None
    ) -> Person:
        _o, person = people.save_person(
            self.session,
            self.svc,
            {
                "name": name,
                "role": role,
                "organisation": org,
                "borough_id": borough_id,
                "practice_id": practice_id,
                "source": "demo",
            },
        )
        self.staff.append(person)
        return person

    # -- training -------------------------------------------------------------------------

    def load_training(self, target: int = 1500) -> int:
        courses = {c.code: c for c in self.session.exec(select(Course))}
        made = 0
        for person in self.staff:
            for code in ROLE_REQUIREMENTS.get(person.role or "", ()):
                if self.rng.random() < 0.08:
                    continue  # never trained: shows up as non-compliant
                completed = self.day(-self.rng.randint(20, 1180))
                training.record_completion(
                    self.session,
                    self.svc,
                    person_id=person.id,  # type: ignore[arg-type]
                    course_id=courses[code].id,  # type: ignore[arg-type]
                    completed_on=completed,
                    provider="e-learning",
                    source="demo",
                )
                made += 1
                if made >= target:
                    return made
        return made

    # -- meetings -------------------------------------------------------------------------

    def load_meetings(self) -> int:
        types = {t.code: t for t in self.session.exec(select(MeetingType))}
        cadence = {t.code: t for t in MEETING_TYPES}
        count = 0
        for borough in self.boroughs.values():
            for code in ("SG_CLA_NETWORK", "SCP", "SAB", "GP_FORUM", "CSP", "CORP_PARENTING"):
                seed = cadence[code]
                first = self.day(-330 + self.rng.randint(0, 20))
                first -= timedelta(days=first.weekday() - 2 if first.weekday() > 2 else 0)
                plan = meetings.create_series(
                    self.session,
                    self.svc,
                    {
                        "code": f"{borough.code}-{code}",
                        "title": f"{borough.name} {seed.name}",
                        "meeting_type_id": types[code].id,
                        "borough_id": borough.id,
                        "cadence_unit": seed.cadence_unit,
                        "cadence_every": seed.cadence_every,
                        "first_date": first,
                        "start_time": time(10, 0),
                        "location": self.rng.choice(
                            ("MS Teams", "Civic Centre, Room 2", "ICB office")
                        ),
                        "chair": seed.usual_chair,
                        "until_date": self.day(120),
                        "source": "demo",
                    },
                    count=60,
                )
                for meeting in plan.meetings:
                    if meeting.meeting_date > self.day(120):
                        continue
                    self.complete_meeting(meeting, borough)
                    count += 1
        return count

    def complete_meeting(self, meeting: Meeting, borough: Borough) -> None:
        """Past meetings are held, minuted and have actions; future ones are planned."""
        if meeting.meeting_date >= self.today:
            return
        days_ago = (self.today - meeting.meeting_date).days
        minutes = "approved" if days_ago > 60 else "circulated" if days_ago > 14 else "draft"
        cancelled = self.rng.random() < 0.05
        values = {
            "title": meeting.title,
            "meeting_date": meeting.meeting_date,
            "status": "cancelled" if cancelled else "held",
            "minute_taker": self.icb_staff[borough.name][-1].name,
        }
        if not cancelled:
            values |= {
                "minutes_status": minutes,
                "minutes_drafted_on": meeting.meeting_date + timedelta(days=3),
                "minutes_circulated_on": meeting.meeting_date + timedelta(days=8)
                if minutes != "draft"
                else None,
                "minutes_approved_on": meeting.meeting_date + timedelta(days=50)
                if minutes == "approved"
                else None,
            }
        meetings.save_meeting(self.session, self.svc, {"ref": meeting.ref, **values})
        if cancelled:
            return
        for member in self.icb_staff[borough.name]:
            status = "apologies" if self.rng.random() < 0.2 else "present"
            meetings.set_attendance(self.session, self.svc, meeting.id, member.id, status)  # type: ignore[arg-type]
        for n in range(self.rng.randint(1, 4)):
            due = meeting.meeting_date + timedelta(days=self.rng.choice((14, 28, 42)))
            done = due < self.today and self.rng.random() < self.done_rate(due)
            owner = self.rng.choice(self.icb_staff[borough.name])
            meetings.save_action(
                self.session,
                self.svc,
                {
                    "ref": f"{meeting.ref}-{n + 1:02d}",
                    "meeting_id": meeting.id,
                    "text": self.rng.choice(ACTION_TEXTS),
                    "owner": owner.name,
                    "owner_person_id": owner.id,
                    "raised_on": meeting.meeting_date,
                    "due_on": due,
                    "status": "complete"
                    if done
                    else self.rng.choice(("open", "open", "in_progress")),
                    "completed_on": due - timedelta(days=2) if done else None,
                    "source": "demo",
                },
            )

    # -- reviews --------------------------------------------------------------------------

    def load_reviews(self, total: int = 32) -> int:
        mix = ["RR"] * 9 + ["LCSPR"] * 6 + ["DHR"] * 6 + ["SAR"] * 7 + ["OWHR"] * 2 + ["CSPR"] * 2
        letters = iter("ABCDEFGHJKLMNPQRSTUVWXYZ" * 2)
        numbers: dict[str, int] = {}
        for review_type in mix[:total]:
            borough = self.rng.choice(list(self.boroughs.values()))
            notified = self.day(-self.rng.randint(3, 420))
            year = notified.year
            numbers[f"{borough.code}{review_type}{year}"] = (
                numbers.get(f"{borough.code}{review_type}{year}", 0) + 1
            )
            ref = f"{borough.code}-{review_type}-{year}-{numbers[f'{borough.code}{review_type}{year}']:02d}"
            subject = (
                f"{'Child' if review_type in ('RR', 'LCSPR', 'CSPR') else 'Adult'} {next(letters)}"
            )
            self.review(ref, review_type, borough, subject, notified)
        return len(mix[:total])

    def review(
        self, ref: str, review_type: str, borough: Borough, subject: str, notified: date
    ) -> None:
        age = (self.today - notified).days
        decision = add_working_days(notified, 15) if age > 25 else None
        commissioned = (
            decision + timedelta(days=14) if decision and review_type != "RR" and age > 45 else None
        )
        published = notified + timedelta(days=300) if commissioned and age > 330 else None
        stage = (
            "published"
            if published
            else "information_gathering"
            if commissioned and age < 150
            else "draft_report"
            if commissioned
            else "decision"
            if decision
            else "rapid_review"
        )
        if review_type == "RR" and decision:
            stage = "closed"
        _o, review = reviews.save_review(
            self.session,
            self.svc,
            {
                "ref": ref,
                "review_type": review_type,
                "borough_id": borough.id,
                "subject": subject,
                "notified_on": notified,
                "incident_on": notified - timedelta(days=self.rng.randint(1, 6)),
                "decision_on": decision,
                "decision": "Proceed" if decision else None,
                "commissioned_on": commissioned,
                "published_on": published,
                "closed_on": add_working_days(notified, 15) if stage == "closed" else None,
                "stage": stage,
                "designated_professional": self.icb_staff[borough.name][1].name,
                "scrt_entered_on": notified + timedelta(days=20) if age > 30 else None,
                "source": "demo",
            },
            themes=self.rng.sample(THEMES, self.rng.randint(1, 3)),
        )
        kinds = (
            ("information", "chronology", "rr_return")
            if review_type == "RR"
            else ("chronology", "imr")
        )
        for kind in kinds:
            requested = commissioned or notified
            if review_type != "RR" and not commissioned:
                continue
            due = reviews.propose_due(self.session, review, kind, requested).due_on
            submitted = (
                due - timedelta(days=self.rng.randint(-4, 3))
                if due < self.today and self.rng.random() < self.done_rate(due)
                else None
            )
            reviews.save_submission(
                self.session,
                self.svc,
                review,
                {
                    "kind": kind,
                    "requested_on": requested,
                    "due_on": due,
                    "submitted_on": submitted,
                    "submitted_by": self.icb_staff[borough.name][1].name if submitted else None,
                    "source": "demo",
                },
            )
        if published or stage == "draft_report":
            for n in range(1, self.rng.randint(3, 7)):
                target = (published or self.today) + timedelta(days=self.rng.randint(-60, 120))
                reviews.save_recommendation(
                    self.session,
                    self.svc,
                    review,
                    {
                        "number": str(n),
                        "text": self.rng.choice(RECOMMENDATION_TEXTS),
                        "health_action": self.rng.choice(HEALTH_ACTIONS) if n % 2 else None,
                        "lead": "ICB Designated Nurse" if n % 2 else "Partnership",
                        "target_on": target,
                        "rag": "blue"
                        if target < self.today - timedelta(days=30)
                        else self.rng.choice(("green", "amber", "red")),
                        "status": "complete"
                        if target < self.today - timedelta(days=30)
                        else "open",
                    },
                )

    # -- LES ------------------------------------------------------------------------------

    def load_les(self, practice_list: list[Practice]) -> int:
        start_year = self.today.year if self.today.month >= 4 else self.today.year - 1
        year = f"{start_year}/{(start_year + 1) % 100:02d}"
        _o, scheme = les.save_scheme(
            self.session,
            self.svc,
            year,
            {
                "scheme_version": "v1.2",
                "contract_issue_on": date(start_year, 4, 15),
                "return_due_on": date(start_year + 1, 2, 28),
                "payment_basis": "per registered patient",
            },
        )
        crit = []
        for position, (code, question, answer_type, threshold) in enumerate(LES_CRITERIA):
            crit.append(
                les.save_criterion(
                    self.session,
                    self.svc,
                    scheme,
                    {
                        "code": code,
                        "question": question,
                        "answer_type": answer_type,
                        "threshold": threshold,
                        "position": position,
                    },
                )[1]
            )
        for practice in practice_list:
            self.les_return(scheme, practice, crit, start_year)
        return len(practice_list)

    def les_return(
        self, scheme: LesScheme, practice: Practice, crit: list[LesCriterion], start_year: int
    ) -> None:
        stage = self.rng.choices(range(8), weights=(3, 6, 10, 20, 14, 14, 13, 20))[0]
        base = date(start_year, 4, 15)
        steps = (
            "contract_sent_on",
            "contract_signed_on",
            "return_requested_on",
            "return_received_on",
            "validated_on",
            "named_gp_reviewed_on",
            "payment_authorised_on",
        )
        values: dict[str, object] = {}
        day = base
        for step in steps[:stage]:
            day = min(day + timedelta(days=self.rng.randint(5, 40)), self.today)
            values[step] = day
        chases: list[date] = []
        if stage in (3, 4) and self.rng.random() < 0.6:
            count, last = self.rng.randint(1, 3), self.day(-self.rng.randint(3, 30))
            chases = [last - timedelta(weeks=n) for n in reversed(range(count))]
        _o, les_return = les.save_return(self.session, self.svc, scheme, practice, values)
        for chased_on in chases:
            les.mark_chased(self.session, self.svc, [les_return.id], chased_on)  # type: ignore[list-item]
        if stage >= 4:
            for criterion in crit:
                if self.rng.random() < 0.06:
                    continue  # a missing answer, to show gaps
                les.save_answer(
                    self.session, self.svc, les_return, criterion, self.answer(criterion)
                )

    def answer(self, criterion: LesCriterion) -> str:
        kind = criterion.answer_type
        if kind == "yes_no":
            return "Yes" if self.rng.random() < 0.85 else "No"
        if kind == "date":
            return self.day(-self.rng.randint(10, 500)).strftime("%d/%m/%Y")
        if kind == "percent":
            return str(self.rng.choice((75, 80, 85, 88, 90, 92, 95, 100)))
        if kind == "number":
            return str(self.rng.randint(0, 10))
        return self.rng.choice(("None needed", "Policy review booked", "Training dates set"))


ACTION_TEXTS = (
    "Circulate the updated information-sharing protocol",
    "Share the learning brief with GP practices",
    "Confirm attendance at the practitioner learning event",
    "Update the CLA health assessment tracker",
    "Send the training compliance figures to the Named GP",
    "Arrange the next forum venue",
    "Chase outstanding IMR from the community trust",
    "Review the MARAC referral pathway",
    "Add the Prevent update to the next agenda",
    "Draft the 7-minute briefing",
)
RECOMMENDATION_TEXTS = (
    "Agencies to strengthen professional curiosity about adults in the household",
    "Improve information sharing between primary care and children's social care",
    "Ensure safeguarding supervision includes reflection on disguised compliance",
    "Embed the think-family approach in adult mental health assessments",
    "Review transition arrangements for young people moving to adult services",
    "Audit the use of safeguarding codes in GP records",
)
HEALTH_ACTIONS = (
    "Named GP to include in the GP safeguarding forum programme",
    "Designated Nurse to audit GP coding of safeguarding concerns",
    "ICB to circulate the 7-minute briefing to all practices",
)


def load_demo(svc: Services, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Fill an empty database with the demo; returns what was made."""
    from sgtui.services.bulk import collector_paused

    say = progress or (lambda _msg: None)
    # Every record goes through its service, which flushes it as it is made; autoflush
    # before each lookup would only flush the previous record's audit entry, doubling
    # the flushes (the entries are written, in the same order, with the next record).
    # The demo makes thousands of ORM objects and next to no garbage: no cyclic GC.
    with svc.session() as session, session.no_autoflush, collector_paused():
        seed_reference_data(session, svc)
        builder = DemoBuilder(session, svc, svc.clock.today())
        say("the GP practices")
        practice_list = builder.load_practices(read_practices())
        say("their staff")
        builder.load_people(practice_list)
        say("training records")
        made = {
            "practices": len(practice_list),
            "people": len(builder.staff),
            "training_records": builder.load_training(),
        }
        say("a year of meetings and actions")
        made["meetings"] = builder.load_meetings()
        say("statutory reviews")
        made["reviews"] = builder.load_reviews()
        say("LES returns")
        made["les_returns"] = builder.load_les(practice_list)
    return made
