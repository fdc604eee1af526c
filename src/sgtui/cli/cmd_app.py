"""`sgtui` / `sgtui app`: open the app on the database."""

from __future__ import annotations

import argparse

NAME = "app"
HELP = "open the app (the default when no command is given)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond --db."""


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services
    from sgtui.tui.app import run_app

    svc = open_services(args)
    try:
        run_app(svc)
    finally:
        svc.db.dispose()
    return 0
