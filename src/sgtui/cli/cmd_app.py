"""`sgtui` / `sgtui app`: open the app on the database."""

from __future__ import annotations

import argparse

NAME = "app"
HELP = "open the app (the default when no command is given)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond --db."""


def run(args: argparse.Namespace) -> int:
    from sgtui.services.workspace import open_workspace
    from sgtui.tui.app import run_app

    svc = open_workspace(getattr(args, "db", None), daily_backup=False)  # taken once shown
    try:
        run_app(svc)
    finally:
        svc.db.dispose()
    return 0
