"""The LES forms that are more than one record: a return's answers, a new scheme year.

The answers form takes the return's "received" step and one line per criterion; its
save reads every answer (:mod:`sgtui.services.les_answers`) and the step (the field
registry, as ``e`` does) before writing anything, so a bad answer saves nothing and
its message shows under that criterion.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from sgtui.services import editing, les, les_answers, records
from sgtui.services.context import Services
from sgtui.services.errors import ValidationError
from sgtui.store.models import LesCriterion, LesReturn, LesScheme, Practice
from sgtui.tui.context import services_of
from sgtui.tui.modals.form import FormField, FormModal

ANSWER_KINDS = {
    "yes_no": "Yes or No",
    "number": "a number",
    "percent": "a percentage (0-100)",
    "date": "a date (dd/mm/yyyy)",
    "text": "text",
}
RECEIVED = "return_received_on"


def answer_hint(criterion: LesCriterion, answer: str) -> str:
    """What the criterion wants, its threshold, and "? missing" while it has no answer."""
    threshold = f"; meets at ≥ {criterion.threshold:g}" if criterion.threshold is not None else ""
    missing = "" if answer else " · ? missing"
    return f"Answer: {ANSWER_KINDS.get(criterion.answer_type, 'text')}{threshold}{missing}"


class LesAnswersModal(FormModal):
    """A return's answers, criterion by criterion; dismisses with the return or None."""

    def __init__(
        self,
        scheme: LesScheme,
        practice: Practice,
        les_return: LesReturn,
        criteria: list[LesCriterion],
        answers: dict[int, str],
        received_text: str,
    ) -> None:
        self.return_id = les_return.id or 0
        self.criteria = criteria
        fields = [
            FormField(
                RECEIVED,
                "Return received",
                default=received_text,
                hint="dd/mm/yyyy, today, or yes (received, date not known)",
            )
        ]
        fields += [
            FormField(
                c.code,
                f"{c.code} {c.question}",
                default=answers.get(c.id or 0, ""),
                hint=answer_hint(c, answers.get(c.id or 0, "")),
            )
            for c in criteria
        ]
        super().__init__(
            "Record the LES return",
            fields,
            self._save_answers,
            expected_version=les_return.version,
            intro=f"{practice.ods_code} {practice.name} · scheme {scheme.year}",
        )

    def parse(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The text as typed: the services read it, so the messages match ``sgtui``'s."""
        return self.raw_values(), {}

    def _save_answers(self, session: Session, raw: dict[str, Any], version: int | None) -> Any:
        svc = services_of(self)
        changed = {k: v for k, v in raw.items() if v != self._initial.get(k)}
        answers = {k: v for k, v in changed.items() if k != RECEIVED}
        scheme_id = records.get(session, LesReturn, self.return_id).scheme_id
        _found, errors = les_answers.check_answers(session, scheme_id, answers)
        saved: Any = None
        if RECEIVED in changed:
            try:
                saved = editing.update(
                    session,
                    svc,
                    "les_return",
                    self.return_id,
                    {RECEIVED: changed[RECEIVED]},
                    expected_version=version,
                )
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        return les_answers.set_answers(session, svc, self.return_id, answers) if answers else saved


def new_year_form(svc: Services, years: list[str], default_year: str) -> FormModal:
    """Start a scheme year: the year (``default_year``) and the year whose criteria to copy.

    ``years`` are the existing years, latest first; the latest is offered to copy from.
    The form dismisses with the new :class:`LesScheme`.
    """
    fields = [
        FormField("year", "Scheme year", required=True, default=default_year, hint="e.g. 2025/26")
    ]
    if years:
        fields.append(
            FormField(
                "copy_from",
                "Copy the criteria of",
                "choice",
                required=True,
                choices=tuple((y, y) for y in years),
                default=years[0],
                hint="The copies can be edited: C on the LES screen lists them",
            )
        )

    def save(session: Session, values: dict[str, Any], _version: int | None) -> LesScheme:
        return les.start_scheme_year(
            session, svc, values["year"], copy_from=values.get("copy_from") or None
        )

    intro = "Every open practice, in every borough, gets a return (contract not sent yet)."
    return FormModal("Start a new LES scheme year", fields, save, intro=intro)
