"""What ``sgtui set``, ``add`` and ``delete`` share: FIELD=VALUE words, and refusals as lines.

A refused value is printed as the form shows it under the field, label first
(``✗ Decision on is before notified on (03/03/2025)`` in the form is
``sgtui: error: decision_on: Decision on is before notified on (03/03/2025)`` here),
because both take their words from the same :class:`ValidationError`.

Exit codes: 2 for a value that is refused or a question that needs ``--confirm``
(the command as typed cannot succeed), 1 for a conflict with someone else's save
(the same command may succeed once the officer has looked at the record again).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from sgtui.services.errors import ConflictError, NeedsConfirmation, ServiceError, ValidationError

if TYPE_CHECKING:
    from sgtui.services.registry import KindDef

EXIT_REFUSED = 2
EXIT_CONFLICT = 1
REFUSALS = (ValidationError, NeedsConfirmation, ConflictError)
"""What an edit can be refused with; anything else is the command line's last-resort error."""


def read_assignments(kind: KindDef, words: list[str]) -> dict[str, str]:
    """FIELD=VALUE words as field name -> text; a field's label may stand for its name.

    A field nobody knows is passed on under the name typed, so the service refuses it
    together with every other bad value, listing the fields there are.
    """
    raw: dict[str, str] = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name.strip():
            raise ServiceError(
                f"{word!r}: give FIELD=VALUE (`sgtui fields {kind.name}` lists the fields)"
            )
        try:
            key = kind.field(name).name
        except KeyError:
            key = name.strip()
        if key in raw:
            raise ServiceError(f"{key} is given twice")
        raw[key] = value
    return raw


def field_message(kind: KindDef, name: str, message: str) -> str:
    """The message as the form shows it under the field: its label, then the service's words."""
    try:
        label = kind.field(name).label
    except KeyError:
        label = name
    return f"{label} {message}"


def error_lines(kind: KindDef, error: ValidationError, given: list[str]) -> list[str]:
    """One ``name: Label message`` line per refused field, in the order they were given."""
    order = {name: number for number, name in enumerate(given)}
    names = sorted(error.errors, key=lambda name: order.get(name, len(order)))
    return [f"{name}: {field_message(kind, name, error.errors[name])}" for name in names]


def refusal_json(kind: KindDef, exc: Exception, given: list[str]) -> dict[str, Any]:
    """The refusal for ``--json``: each field's message as the form shows it, or the question."""
    if isinstance(exc, ValidationError):
        lines = error_lines(kind, exc, given)
        return {"saved": False, "errors": dict(line.split(": ", 1) for line in lines)}
    if isinstance(exc, NeedsConfirmation):
        return {"saved": False, "question": exc.question, "field": exc.field or None}
    return {
        "saved": False,
        "conflict": str(exc),
        "version": getattr(exc, "current", {}).get("version"),
    }


def report_refusal(
    kind: KindDef, exc: Exception, given: list[str], record: str, *, as_json: bool = False
) -> int:
    """Say why nothing was saved, on stderr (and as JSON on stdout with ``--json``)."""
    from sgtui.cli.common import print_json

    if as_json:
        print_json(refusal_json(kind, exc, given))
    if isinstance(exc, ValidationError):
        for line in error_lines(kind, exc, given):
            print(f"sgtui: error: {line}", file=sys.stderr)
        return EXIT_REFUSED
    if isinstance(exc, NeedsConfirmation):
        about = f"{exc.field}: " if exc.field else ""
        print(f"sgtui: error: {about}{exc.question}", file=sys.stderr)
        print("sgtui: nothing saved: re-run with --confirm to save it anyway", file=sys.stderr)
        return EXIT_REFUSED
    version = exc.current.get("version") if isinstance(exc, ConflictError) else None
    print(
        f"sgtui: error: {exc}: nothing saved; it is now version {version}. "
        f"See `sgtui history {record}`, then re-run with --expect-version {version}",
        file=sys.stderr,
    )
    return EXIT_CONFLICT


def record_name(kind: KindDef, obj: Any) -> str:
    """How to name the record to ``sgtui set``/``delete``/``history``: review:REF, action:12."""
    from sgtui.services.history import PREFIXES

    if kind.name in PREFIXES:
        _model, column = PREFIXES[kind.name]
        if kind.name != "person":  # names are shared; an id always finds the one person
            return f"{kind.name}:{getattr(obj, column)}"
    return f"{kind.name}:{obj.id}"


def shown(text: str) -> str:
    """A field's text in a change line: a dash for blank, so "— → 05/03/2025" reads."""
    return text if text else "—"
