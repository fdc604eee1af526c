"""Training exports from learning systems: NHS ESR competence reports and e-learning exports.

These files are imported as they come, with no mapping file. What they look like was
looked up, not invented (searched December 2026):

- ESR's interface record for competences (the column names of the ESR inbound/outbound
  interface as stored by the open-source ``sardjv/esr_api`` project, ``db/schema.rb``):
  person records carry "Employee Number", "Title", "Last Name", "First Name",
  "Office E-mail Address"; position records "Position Name", "Job Staff Group",
  "Job Role"; competency records "Competency Name", "Competency Status", "Date From",
  "Date To", "Certification Date", "Next Certification Date", "Proficiency Level".
- ESR "Compliance and Competency" exports as trusts' staff download them (an open-source
  certificate importer's tests and header aliases): "Competency Name", "Expiry Date",
  "Date Start", "Last Updated By" (the updater, *not* the learner), "Title", "VPD",
  with competence names written ``NHS|CSTF|Fire Safety - 2 Years|`` (or
  ``457|LOCAL|Title|``) and dates like ``30-Nov-2028``; other layouts name the completion
  "Date Last Awarded", "Achievement Date" or "Certification Date", and identify staff by
  "Employee Number" or "Assignment Number", "Full Name" or first and last names.
- NHS Digital Learning Solutions reports (``nhselect/step1-training`` user guide): one
  "Learner" column written "Surname, First name", "PRN" (personal reference number),
  "JobGroup", and "Registered", "Enrolled", "LastAccessed" dates.
- e-learning (e-LfH Hub and trusts' LMS) learner reports: "First Name", "Last Name",
  "Email Address", a course or component name, a status (Completed / In progress / Not
  started / Failed) and a completion date; e-LfH's own help pages describe the activity
  data as name, resources accessed, dates accessed, time spent and scores.

So a training sheet's name can come from one "Full Name" column ("Smith, Jane Mrs" is
read as "Jane Smith") or from first and last name columns; competence names lose their ``NHS|CSTF|`` wrapper and their validity
("- 3 Years") before they are matched to the course catalogue by words
(:func:`sgtui.importers.links.course_code`). A row with no completion date whose status
says the course was not done ("Meets Requirement = No", "Not started") is a requirement,
not a completion: it is counted in one warning per sheet and not imported. So are rows of
a staff-system export (staff numbers, ``NHS|CSTF|`` names) for courses outside the
(safeguarding) catalogue, such as fire safety: an ESR report lists every mandatory
competence, and refusing the file for them would help nobody. In a team's own log an
unknown course stays an error.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sgtui.importers.report import RowError

NOT_DONE = re.compile(
    r"^(n|no|not\b.*|non[ -]?compliant|in ?progress|incomplete|started|enrolled|booked|"
    r"failed|fail|outstanding|overdue|required|expired|due|red|amber|assigned|registered)$",
    re.IGNORECASE,
)
"""Status words of a row that records no completion ("Not started", "Meets requirement: No")."""
_VALIDITY = re.compile(r"\b\d+\s*(?:years?|yrs?|months?|mths?)\b", re.IGNORECASE)


class NotCompleted(Exception):
    """A training row that records a course not (yet) completed: skipped and counted."""


class OutsideCatalogue(Exception):
    """A training row for a course the team does not track (fire safety): skipped, counted."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


def outside_catalogue_warning(sheet: str, titles: dict[str, int]) -> RowError:
    """One warning per sheet listing the untracked courses and how many rows each."""
    total = sum(titles.values())
    listed = ", ".join(f"{t} ({n})" for t, n in sorted(titles.items(), key=lambda i: (-i[1], i[0])))
    rows = "row names a course" if total == 1 else "rows name courses"
    return RowError(
        sheet,
        None,
        None,
        None,
        None,
        f"{total} {rows} outside the course catalogue, not imported: {listed}; add them to "
        "the catalogue or map them in the mapping file ([values.course])",
    )


def is_not_completed(status: str | None) -> bool:
    """True when a status cell says the course was not done."""
    return bool(status) and bool(NOT_DONE.match(" ".join(str(status).split())))


def not_completed_warning(sheet: str, count: int) -> RowError:
    """The one warning a sheet gets for its rows that are not completions."""
    rows = "row records" if count == 1 else "rows record"
    return RowError(
        sheet,
        None,
        None,
        None,
        None,
        f"{count} {rows} a course not completed (no completion date; status not done): "
        "not imported",
    )


TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "rev"})
"""Titles ESR writes after a name ("Smith, Jane Mrs"): dropped when the name is turned round."""


@lru_cache(maxsize=65536)
def person_name(text: str) -> str:
    """ "Surname, Forename [Title]" (how ESR and NHS learning systems list people) as
    "Forename Surname"; any other name is returned as written."""
    if text.count(",") != 1:
        return text
    last, first = (part.strip() for part in text.split(","))
    words = [w for w in first.split() if w.lower().strip(".") not in TITLES]
    if not last or not words:
        return text
    return f"{' '.join(words)} {last}"


def joined_name(first: str | None, last: str | None) -> str | None:
    """ "First Last" from separate columns (either may be missing)."""
    parts = [p.strip() for p in (first, last) if p and p.strip()]
    return " ".join(parts) or None


def competence_title(text: str) -> str:
    """An ESR competence name as a course title: ``NHS|CSTF|Fire Safety - 2 Years|`` ->
    ``Fire Safety``. Other titles come back without their validity ("- 3 Years")."""
    parts = [p.strip() for p in text.split("|") if p.strip()]
    if len(parts) >= 3:
        text = " ".join(parts[2:])
    elif len(parts) == 2:
        text = parts[1]
    cleaned = _VALIDITY.sub(" ", text)
    return " ".join(cleaned.replace(" - ", " ").split()).strip(" -") or text
