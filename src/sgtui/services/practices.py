"""GP practices, keyed by ODS code."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, select

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.errors import NotFound
from sgtui.services.validation import MAX_SHORT_TEXT, Checker, clean
from sgtui.store.models import Practice

ODS_PRACTICE = re.compile(r"^[A-Z]\d{5}$")
"""A GP practice ODS code: one letter and five digits (G83004, Y07020)."""


def normalise_ods(code: str) -> str:
    """Upper case without spaces: workbooks hold " g83004 " as often as "G83004"."""
    return re.sub(r"\s+", "", code.replace("\u00a0", " ")).upper()


def save_practice(
    session: Session, svc: Services, values: dict[str, Any]
) -> tuple[records.Outcome, Practice]:
    """Create or update a practice by ODS code, after validation."""
    values = clean(values)
    check = Checker()
    check.required(values, "ods_code", "name")
    if values.get("ods_code"):
        values["ods_code"] = normalise_ods(values["ods_code"])
        if not ODS_PRACTICE.match(values["ods_code"]):
            check.fail(
                "ods_code", f"{values['ods_code']!r} is not a GP practice ODS code (e.g. G83004)"
            )
    size = values.get("list_size")
    if size is not None and (not isinstance(size, int) or size < 0):
        check.fail("list_size", "must be a whole number of patients")
    check.text_length(
        values,
        {k: MAX_SHORT_TEXT for k in ("name", "practice_manager", "safeguarding_lead", "email")},
    )
    check.raise_if_any()
    key = {"ods_code": values.pop("ods_code")}
    return records.upsert(session, svc, Practice, key, values)


def get_practice(session: Session, ods_code: str) -> Practice:
    """The practice with that ODS code, or :class:`NotFound`."""
    practice = session.exec(
        select(Practice).where(Practice.ods_code == normalise_ods(ods_code))
    ).first()
    if practice is None:
        raise NotFound(f"no practice with ODS code {normalise_ods(ods_code)}")
    return practice
