"""`sgtui init`: create (or upgrade) the database and seed the catalogues."""

from __future__ import annotations

import argparse

NAME = "init"
HELP = "create or upgrade the database and seed the reference data"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond --db."""


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import open_services
    from sgtui.store.migrations import current_revision

    svc = open_services(args)
    try:
        print(f"sgtui database ready at {svc.db.display} (schema {current_revision(svc.db)})")
    finally:
        svc.db.dispose()
    return 0
