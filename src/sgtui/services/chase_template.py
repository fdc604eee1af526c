"""The chase e-mail's template: its placeholders, its default words and the check on them.

Kept apart from :mod:`sgtui.services.chase` (which queries the database) because the
settings file is read before the app's first frame, when SQLAlchemy is not yet loaded.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from sgtui.services.errors import ServiceError

PLACEHOLDERS = ("practice", "ods", "year", "outstanding")
"""The only names a chase template may use, in the order the README lists them."""
DEFAULT_SUBJECT = "GP safeguarding LES {year}: {outstanding} outstanding for {practice} ({ods})"
DEFAULT_BODY = (
    "Dear Practice Manager,\n"
    "\n"
    "Our records show that the {outstanding} for the GP safeguarding LES {year} has not yet"
    " reached us for {practice} ({ods}).\n"
    "\n"
    "Please send it as soon as you can, or let us know if it is already on its way.\n"
    "\n"
    "Kind regards,\n"
)
RETURN_ONLY = "LES return"
CONTRACT_AND_RETURN = "signed contract and LES return"


class TemplateError(ServiceError):
    """The chase e-mail template cannot be filled in; the message names the bad part."""


@dataclass(frozen=True)
class ChaseTemplate:
    """The subject and body every chase e-mail is written from."""

    subject: str = DEFAULT_SUBJECT
    body: str = DEFAULT_BODY


def check_template(template: ChaseTemplate) -> None:
    """Refuse a template that uses an unknown placeholder or a stray brace (TemplateError)."""
    for part, text in (("subject", template.subject), ("body", template.body)):
        try:
            names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text)]
        except ValueError:
            raise TemplateError(
                f"the chase e-mail {part} has a stray {{ or }}: write {{{{ or }}}} for a brace"
            ) from None
        for name in names:
            if name is not None and name not in PLACEHOLDERS:
                known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                raise TemplateError(
                    f"the chase e-mail {part} uses {{{name}}}, which is not one of {known}"
                )
