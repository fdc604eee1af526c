"""Helpers shared by the command modules: opening the database, printing JSON and tables."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time
from typing import Any

from sgtui.services.context import Services


def open_services(args: argparse.Namespace, *, create: bool = True) -> Services:
    """Open the database named by ``--db`` / ``SGTUI_DB`` / the default, seeded and migrated."""
    from sgtui.services.workspace import open_workspace

    return open_workspace(getattr(args, "db", None), create=create, report=warn)


def warn(message: str) -> None:
    """A warning on stderr, so --json output on stdout stays clean."""
    print(f"sgtui: warning: {message}", file=sys.stderr)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(payload: Any) -> None:
    """JSON on stdout, dates in ISO 8601."""
    json.dump(payload, sys.stdout, indent=2, default=_json_default, ensure_ascii=False)
    sys.stdout.write("\n")


def console() -> Any:
    """A Rich console on stdout (imported lazily)."""
    from rich.console import Console

    return Console()
