"""Small field checks shared by the area services; each failure is a readable message."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sgtui.services.catalogues import is_unmapped

MAX_TEXT = 4000
MAX_SHORT_TEXT = 200


class Checker:
    """Collects field errors so a form can show all of them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def required(self, values: dict[str, Any], *fields: str) -> None:
        for field in fields:
            value = values.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.fail(field, "is required")

    def choice(self, values: dict[str, Any], field: str, allowed: Iterable[str]) -> None:
        """The value is one of ``allowed``, or an unmapped code an import kept as written."""
        value = values.get(field)
        allowed = tuple(allowed)
        if value is not None and value not in allowed and not is_unmapped(value):
            self.fail(field, f"{value!r} is not one of: {', '.join(allowed)}")

    def text_length(self, values: dict[str, Any], limits: dict[str, int]) -> None:
        for field, limit in limits.items():
            value = values.get(field)
            if isinstance(value, str) and len(value) > limit:
                self.fail(field, f"is too long ({len(value)} characters; at most {limit})")

    def not_before(self, values: dict[str, Any], later: str, earlier: str) -> None:
        a, b = values.get(later), values.get(earlier)
        if isinstance(a, date) and isinstance(b, date) and a < b:
            self.fail(later, f"is before {earlier.removesuffix('_on').replace('_', ' ')}")

    def raise_if_any(self) -> None:
        from sgtui.services.errors import ValidationError

        if self.errors:
            raise ValidationError(self.errors)


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """Trim text (non-breaking spaces too) and turn blank text into None."""
    cleaned: dict[str, Any] = {}
    for field, value in values.items():
        if isinstance(value, str):
            value = value.replace("\u00a0", " ").strip() or None
        cleaned[field] = value
    return cleaned
