"""Helpers for tests that run the command line on a small seeded database with a fixed clock."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from sgtui.cli.main import main
from sgtui.clock import FixedClock
from sgtui.services import editing
from sgtui.services.context import Services
from sgtui.services.registry import KINDS
from sgtui.services.workspace import open_workspace

from .registry_samples import seed

TODAY = date(2025, 3, 10)
"""Monday, as in every foundation test: +2wd is Wednesday 12/03/2025."""

Run = tuple[int, str, str]
"""A command's exit code, stdout and stderr."""


def open_fixed(path: Path, *, create: bool = False) -> Services:
    """The database as the CLI under test opens it: the fixed clock, no ODS practice list."""
    return open_workspace(
        path, clock=FixedClock.on(TODAY), practices=False, daily_backup=False, create=create
    )


def seeded_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, int]]:
    """One record of every kind (as the registry walk seeds), opened by the CLI with the clock."""
    path = tmp_path / "cli.db"
    svc = open_fixed(path, create=True)
    ids = seed(svc)
    svc.db.dispose()

    def open_services(args: argparse.Namespace, *, create: bool = True) -> Services:
        return open_fixed(Path(getattr(args, "db", None) or path), create=create)

    monkeypatch.setattr("sgtui.cli.common.open_services", open_services)
    return path, ids


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """Run ``sgtui ARGV`` in this process."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored(path: Path, kind: str, record_id: int) -> object:
    """The record as stored now (None once deleted)."""
    svc = open_fixed(path)
    try:
        with svc.session() as s:
            return s.get(KINDS[kind].model, record_id)
    finally:
        svc.db.dispose()


def texts(path: Path, kind: str, record_id: int) -> dict[str, str]:
    """Each field of the record as the form shows it."""
    svc = open_fixed(path)
    try:
        with svc.session() as s:
            return editing.field_texts(s, kind, s.get(KINDS[kind].model, record_id))
    finally:
        svc.db.dispose()
