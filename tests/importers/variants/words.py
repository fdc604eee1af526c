"""How borough officers title columns and write values: the generator's own word lists.

Written from the domain notes (S-CRT field names, the LES pipeline, partnership minutes,
Working Together stages, CSTF course names) and from the way SE London business support
officers keep trackers, and deliberately *not* from the importer's synonym tables. Every
entry is something an officer would plausibly type that means one thing only; each list
starts with the plainest wording.
"""

from __future__ import annotations

# --- Sheet names (some misleading: a name is only a tie-break, the header decides) ---

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "practices": (
        "Practices",
        "GP practices",
        "Practice list",
        "Practice List (current)",
        "Surgeries",
        "GP contacts",
    ),
    "meetings": (
        "Meetings",
        "Meeting log",
        "Notes – meetings",
        "Mtgs 2024",
        "Diary 2024",
        "Meetings key dates",
    ),
    "actions": ("Actions", "Action log", "Action tracker", "Actions list", "To do"),
    "reviews": (
        "Case reviews",
        "Reviews",
        "Statutory reviews",
        "Review tracker",
        "SIN-RR-CSPR tracker",
        "Reviews key info",
    ),
    "recommendations": (
        "Recommendations",
        "Recs",
        "Action plans",
        "Learning & recs",
        "Recs list",
    ),
    "les": (
        "LES 2023-24",
        "LES returns 23-24",
        "Safeguarding LES 2023-24",
        "GP LES 2023 - 24",
        "LES 2023-2024",
    ),
    "training": (
        "Training",
        "Training log",
        "Training records",
        "Staff training list",
        "L3 training notes",
    ),
}

TITLES: dict[str, tuple[str, ...]] = {
    "practices": ("GP practices and safeguarding leads", "Practice contacts - keep up to date"),
    "meetings": ("Partnership and network meetings", "Meeting log 2024"),
    "actions": ("Action log", "Actions arising from meetings"),
    "reviews": ("Statutory case reviews - ICB involvement", "Case review tracker"),
    "recommendations": ("Review recommendations and health actions", "Action plan monitoring"),
    "les": ("GP safeguarding LES 2023/24 returns", "Safeguarding LES - scheme year 2023/24"),
    "training": ("Safeguarding training completions", "Staff training record"),
}
"""Title rows above a header. The LES titles name the scheme year too."""
TITLE_EXTRAS = (
    "NHS South East London ICB - safeguarding team",
    "OFFICIAL - SENSITIVE",
    "Last updated 03/03/2025 by BSO",
)

# --- Headers, per kind and field ------------------------------------------------------

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "practices": {
        "ods_code": ("ODS code", "ODS", "Practice code", "Prac. code", "Practice ODS"),
        "name": ("Practice name", "Practice", "Surgery", "Name of practice", "Surgery name"),
        "borough": ("Borough", "Locality", "Place", "Borough/Place", "Local authority"),
        "postcode": ("Postcode", "Post code", "Post Code"),
        "list_size": ("List size", "Patients", "Registered list", "No. of patients"),
        "safeguarding_lead": (
            "Safeguarding lead",
            "SG lead",
            "Practice safeguarding lead",
            "Safeguarding GP lead",
        ),
        "practice_manager": ("Practice manager", "PM", "Prac. mgr", "Manager"),
        "email": ("Email", "E-mail", "Practice email", "Email address"),
    },
    "meetings": {
        "ref": ("Meeting ID", "Ref", "Meeting ref", "Mtg ref", "Meeting reference"),
        "meeting_date": ("Date", "Meeting date", "Date of meeting", "Mtg date"),
        "start_time": ("Start time", "Time", "Start", "Starts at"),
        "title": ("Meeting", "Meeting name", "Type of meeting", "Meeting title"),
        "borough": ("Borough", "Locality", "Place"),
        "chair": ("Chair", "Chaired by", "Chairperson"),
        "location": ("Venue", "Location", "Where", "Venue/Teams"),
        "minute_taker": ("Minute taker", "Minutes taken by", "Note taker"),
        "minutes_circulated_on": (
            "Minutes circulated",
            "Mins circ'd",
            "Minutes sent out",
            "Date minutes circulated",
        ),
        "status": ("Status", "Meeting status", "Status of meeting"),
    },
    "actions": {
        "ref": ("Action ref", "Action no.", "Action ID", "Ref", "Action number"),
        "meeting": ("Meeting", "Meeting ref", "From meeting", "Mtg", "Source meeting"),
        "text": ("Action", "Action required", "Description", "Action agreed", "Details of action"),
        "owner": ("Owner", "Action owner", "Actioned by", "Lead officer", "Responsible"),
        "raised_on": ("Date raised", "Raised", "Date opened", "Raised on"),
        "due_on": ("Due date", "Due", "Deadline", "Due by", "Target date"),
        "status": ("Status", "Action status", "Progress"),
        "completed_on": ("Date completed", "Completed", "Done on", "Date closed", "Closed on"),
    },
    "reviews": {
        "ref": ("Reference", "Ref", "Case ref", "Review ref", "Local reference number"),
        "review_type": ("Review type", "Type of review", "Type", "Category of review"),
        "borough": ("Borough", "Locality", "Place"),
        "subject": ("Subject", "Initials", "Pseudonym", "Subject (initials)"),
        "notified_on": (
            "Date notified",
            "Notified",
            "Notification date",
            "Date of notification",
            "Date referred",
        ),
        "decision_on": ("Decision date", "Date of decision", "Date decision made"),
        "commissioned_on": ("Date commissioned", "Commissioned", "Commissioned on"),
        "request_kind": (
            "ICB request",
            "Health request",
            "What was requested",
            "Request type",
        ),
        "requested_on": ("Date requested", "Request date", "Date req'd", "Date of request"),
        "due_on": ("Due date", "Due", "Deadline", "Return by", "Due back"),
        "submitted_on": ("Date submitted", "Submitted", "Date sent", "Date sub'd"),
        "scrt_entered": ("S-CRT entered", "S-CRT", "SCRT", "On S-CRT?", "Entered on SCRT"),
        "stage": ("Stage", "Status", "Current stage", "Stage reached", "Review stage"),
        "themes": ("Themes", "Learning themes", "Key themes", "Abuse/vulnerability themes"),
        "published_on": ("Date published", "Published", "Publication date", "Published on"),
    },
    "recommendations": {
        "review_ref": ("Review ref", "Review", "Case ref", "Review reference"),
        "number": ("Rec no.", "Rec no", "Recommendation no.", "Rec #", "Recommendation number"),
        "text": ("Recommendation", "Recommendation text", "Recommendation wording"),
        "health_action": (
            "Health action",
            "Action for health",
            "ICB action",
            "Health actions agreed",
        ),
        "lead": ("Lead", "Health lead", "Owner", "Lead officer"),
        "target_on": ("Target date", "Target", "Due date", "Due by"),
        "rag": ("RAG", "RAG rating", "RAG status", "Rating"),
        "completed_on": ("Date completed", "Completed on", "Date closed"),
    },
    "les": {
        "ods_code": ("ODS code", "ODS", "Practice code", "Prac code"),
        "practice_name": ("Practice", "Practice name", "Surgery"),
        "contract_sent": ("Contract sent", "Contract issued", "Date contract sent", "LES sent"),
        "contract_signed": (
            "Contract signed",
            "Date signed",
            "Signed contract returned",
            "Signed & returned",
        ),
        "return_requested": (
            "Return requested",
            "Return req'd",
            "Date return requested",
            "Self-assessment requested",
        ),
        "return_received": (
            "Return received",
            "Date rec'd",
            "Return rec'd",
            "Date return received",
        ),
        "validated": ("Validated", "Date validated", "Return validated", "Validated on"),
        "chased": ("Chased", "No. of chases", "Times chased", "Reminders sent"),
        "named_gp_reviewed": (
            "Named GP reviewed",
            "Reviewed by Named GP",
            "Named GP review",
            "Named GP sign-off",
        ),
        "payment_authorised": (
            "Payment authorised",
            "Payment auth'd",
            "Payment approved",
            "Authorised for payment",
        ),
    },
    "training": {
        "name": ("Staff name", "Name", "Full name", "Employee name", "Learner"),
        "role": ("Role", "Job title", "Job role", "Position"),
        "organisation": ("Organisation", "Org", "Employer", "Workplace", "Practice/organisation"),
        "course": ("Course", "Course title", "Training", "Course name", "Module"),
        "completed_on": (
            "Date completed",
            "Completed",
            "Completion date",
            "Date attended",
            "Date of training",
        ),
        "expires_on": ("Expiry date", "Expiry", "Expires", "Renewal due", "Valid until"),
    },
}

CRITERION_TITLES: dict[str, tuple[str, ...]] = {
    "C01": ("Named safeguarding lead in place", "Named lead in place?", "Safeguarding lead named"),
    "C02": ("Policy last reviewed", "Safeguarding policy reviewed (date)", "Policy review date"),
    "C03": ("% GPs with Level 3 training", "Level 3 training %", "GPs trained to L3 (%)"),
    "C04": (
        "Safeguarding meetings held",
        "No. of practice safeguarding meetings",
        "MDT meetings held",
    ),
}
CRITERION_FORMS = ("C{n} {q}", "C{n}: {q}", "C{n}. {q}", "C{n} - {q}", "{n}. {q}")
"""How an officer numbers a criterion column (the number is the criterion's code)."""

EXTRA_COLUMNS = ("Notes", "Comments", "Column1", "Misc.", "Filed in")
"""Columns an officer adds that no import field means; their cells are free text."""
EXTRA_TEXT = ("see email", "chased by phone", "", "ok", "filed on the team drive")

DATE_SUFFIXES = (" (dd/mm/yyyy)", " (dd/mm/yy)", "")
"""Some teams put the expected date format in a date column's header."""

# --- Values ---------------------------------------------------------------------------

BOROUGHS: dict[str, tuple[str, ...]] = {
    "LEW": ("Lewisham", "LEW", "lewisham", "London Borough of Lewisham", "LB Lewisham"),
    "BRO": ("Bromley", "BRO", "bromley", "London Borough of Bromley", "LB Bromley"),
}

REVIEW_TYPES: dict[str, tuple[str, ...]] = {
    "RR": ("Rapid Review", "RR", "Rapid review"),
    "LCSPR": ("LCSPR", "Local Child Safeguarding Practice Review", "Local CSPR"),
    "SAR": ("SAR", "Safeguarding Adults Review", "Safeguarding Adult Review"),
    "DHR": ("DHR", "DARDR", "Domestic Homicide Review", "Domestic Abuse Related Death Review"),
}

STAGES: dict[str, tuple[str, ...]] = {
    "decision": ("Decision", "Awaiting decision", "Decision pending"),
    "information_gathering": (
        "Information gathering",
        "Gathering information",
        "Info gathering",
    ),
    "draft_report": ("Draft report", "Report being drafted", "Drafting report", "Report in draft"),
    "published": ("Published", "Report published"),
}

REQUEST_KINDS: dict[str, tuple[str, ...]] = {
    "information": ("Agency summary", "Information report", "Information return", "Agency info"),
    "chronology": ("Chronology", "Chronology of involvement", "Chron"),
    "imr": ("IMR", "Individual Management Review", "Agency report (IMR)"),
}
REQUEST_JOINERS = (" & ", " and ", " + ", "; ")

MEETING_STATUSES: dict[str, tuple[str, ...]] = {
    "held": ("Held", "Took place", "Meeting held"),
    "planned": ("Planned", "Scheduled", "Booked", "Upcoming"),
    "cancelled": ("Cancelled", "Canceled", "Called off"),
}

ACTION_STATUSES: dict[str, tuple[str, ...]] = {
    "open": ("Open", "Not started", "Outstanding"),
    "in_progress": ("In progress", "Ongoing", "Underway", "In hand"),
    "complete": ("Complete", "Completed", "Done"),
    "closed": ("Closed",),
    "carried_forward": ("Carried forward", "C/F", "Carried over"),
}

RAG: dict[str, tuple[str, ...]] = {
    "red": ("R", "Red"),
    "amber": ("A", "Amber"),
    "green": ("G", "Green"),
    "blue": ("B", "Blue", "Complete"),
}

YES_MARKS = ("Y", "Yes", "✓", "x", "X", "yes", "✔")
"""A step column's mark for "done, date not recorded"."""
NO_MARKS = ("", "", "N", "No", "no")
"""A step column's "not done" (blank most often)."""
ANSWER_YES = ("Yes", "Y", "yes", "✓")
ANSWER_NO = ("No", "N", "no")
"""LES criterion answers (never "x": in an answer column it could mean either)."""

COURSES: dict[str, tuple[str, ...]] = {
    "SGC-L2": (
        "Safeguarding Children Level 2",
        "Safeguarding Children L2",
        "Child Safeguarding Level 2",
        "Level 2 Safeguarding Children",
    ),
    "SGC-L3": (
        "Safeguarding Children Level 3",
        "Safeguarding Children L3",
        "Child Safeguarding Level 3",
        "Safeguarding Children and Young People - Level 3",
        "Level 3 Safeguarding Children",
    ),
    "SGA-L1": (
        "Safeguarding Adults Level 1",
        "Safeguarding Adults L1",
        "Adult Safeguarding Level 1",
    ),
    "SGA-L2": (
        "Safeguarding Adults Level 2",
        "Adult Safeguarding L2",
        "Safeguarding Adults - Level 2",
        "Level 2 Safeguarding Adults",
    ),
    "SGA-L3": (
        "Safeguarding Adults Level 3",
        "Safeguarding Adults L3",
        "Adult Safeguarding Level 3",
        "Level 3 Safeguarding Adults",
    ),
    "PREVENT-BASIC": ("Basic Prevent Awareness", "Prevent Awareness", "Prevent - basic awareness"),
    "PREVENT-L3": (
        "Prevent Level 3 (WRAP)",
        "WRAP",
        "Prevent WRAP",
        "Workshop to Raise Awareness of Prevent (WRAP)",
    ),
    "MCA": ("Mental Capacity Act", "MCA", "Mental Capacity Act (MCA)", "MCA training"),
}

ICB_NAMES = ("NHS South East London ICB", "NHS SEL ICB", "SEL ICB")
"""How ICB staff's organisation is written (one spelling per workbook)."""

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TEXT_DATE_STYLES = (
    "{d:02d}/{m:02d}/{Y}",  # 03/04/2024
    "{d}/{m}/{Y}",  # 3/4/2024
    "{d:02d}/{m:02d}/{y:02d}",  # 03/04/24
    "{d}.{m}.{y:02d}",  # 3.4.24
    "{d:02d}.{m:02d}.{Y}",  # 03.04.2024
    "{d} {Month} {Y}",  # 3 April 2024
    "{d} {Mon} {Y}",  # 3 Apr 2024
    "{d:02d}-{Mon}-{Y}",  # 03-Apr-2024
    "{d} {Mon} {y:02d}",  # 3 Apr 24
)
"""UK date styles as typed (day first, always)."""

TIME_STYLES = ("{H:02d}:{M:02d}", "{H}.{M:02d}", "{h}{ampm}")
"""10:00, 10.00, 10am / 1.30pm."""
