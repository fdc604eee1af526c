"""`sgtui` / `sgtui app`: open the app on the database."""

from __future__ import annotations

import argparse

NAME = "app"
HELP = "open the app (the default when no command is given)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond --db."""


def run(args: argparse.Namespace) -> int:
    """The frame first; the database opens in the app's worker (a failure to open it is
    raised by ``run_app`` once the terminal is back, and printed as one line)."""
    from sgtui.tui.app import open_app, run_app

    run_app(open_app(getattr(args, "db", None)))
    return 0
