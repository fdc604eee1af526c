"""The layers' import rules hold: ``lint-imports`` keeps every contract in pyproject.toml.

The rules themselves (store <- services <- importers | exporters <- tui <- cli, textual
only in tui, no cycles inside a layer) live in ``[tool.importlinter]`` and nowhere else;
this test runs them with the tests, so a broken rule fails here with import-linter's
report, which names the contract and the import that broke it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import sgtui

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
LINT = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))"
)


def contract_names() -> list[str]:
    """The contracts pyproject.toml declares."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


def test_every_import_contract_is_kept() -> None:
    names = contract_names()
    assert len(names) >= 9  # the layers, the foundations, textual, and no cycles
    source = str(Path(sgtui.__file__).resolve().parents[1])  # the sgtui these tests import
    path = [source, os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
    result = subprocess.run(
        [sys.executable, "-c", LINT, str(PYPROJECT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert f"Contracts: {len(names)} kept, 0 broken." in report, report
