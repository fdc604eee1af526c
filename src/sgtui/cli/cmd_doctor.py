"""`sgtui doctor`: check the database and say what was found; exit 1 on any problem.

SQLite: integrity check, foreign-key check, schema revision, file permissions and
the newest backup. PostgreSQL: connection and schema revision (use the server's own
tools, e.g. ``amcheck`` and ``pg_dump``, for the rest).
"""

from __future__ import annotations

import argparse

NAME = "doctor"
HELP = "check the database's integrity, links, schema and permissions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond --db."""


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sgtui.store.database import Database
    from sgtui.store.doctor import check_server, check_sqlite
    from sgtui.store.engine import make_engine, resolve_url
    from sgtui.store.errors import safe_url

    url = resolve_url(getattr(args, "db", None))
    print(f"Checking {safe_url(url)}")
    if url.get_backend_name() == "sqlite":
        findings = check_sqlite(Path(url.database or ""))
    else:
        db = Database(engine=make_engine(url), url=url)
        try:
            findings = check_server(db)
        finally:
            db.dispose()
    for finding in findings:
        mark = "PROBLEM" if finding.problem else "ok"
        print(f"  [{mark:>7}] {finding.check}: {finding.detail}")
    problems = sum(f.problem for f in findings)
    print(f"{problems} problem(s) found" if problems else "No problems found")
    return 1 if problems else 0
