"""Importing any headless module loads neither Textual nor rich.live.

The CLI, the services, the importers and the exporters run in scripts, workers and
``sgtui`` commands with no terminal UI: an import of Textual there (even through
another module) would slow every command and tie it to the app. ``lint-imports``
checks the direct imports; this checks what really loads, in a fresh interpreter.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import sgtui

UI_MODULES = ("textual", "rich.live")
SKIPPED = {
    "sgtui.tui",  # the one place Textual belongs
    "sgtui.__main__",  # runs the CLI when imported
    "sgtui.store.migrations.env",  # runs migrations when Alembic imports it
}
CHILD = """
import importlib, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
    loaded = [m for m in sys.argv[1].split(",") if m in sys.modules]
    if loaded:
        print(f"{name} loads {', '.join(loaded)}")
        raise SystemExit(1)
"""


def headless_modules(path: list[str], prefix: str) -> list[str]:
    """Every module under ``path`` outside the skipped ones, found without importing them."""
    found: list[str] = []
    for info in pkgutil.iter_modules(path, prefix):
        if info.name in SKIPPED:
            continue
        found.append(info.name)
        if info.ispkg:
            folder = os.path.join(path[0], info.name.rsplit(".", 1)[-1])
            found += headless_modules([folder], f"{info.name}.")
    return found


def first_to_load_ui(modules: list[str]) -> subprocess.CompletedProcess[str]:
    """Import ``modules`` one by one in a fresh interpreter; it names the first that loads UI."""
    source = str(Path(sgtui.__file__).resolve().parents[1])
    path = [source, os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
    return subprocess.run(
        [sys.executable, "-c", CHILD, ",".join(UI_MODULES), *modules],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_headless_module_loads_textual_or_rich_live() -> None:
    modules = headless_modules(list(sgtui.__path__), "sgtui.")
    assert {"sgtui.services.context", "sgtui.exporters.table", "sgtui.cli.main"} <= set(modules)
    result = first_to_load_ui(modules)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_names_the_module_that_loads_textual() -> None:
    result = first_to_load_ui(["sgtui.clock", "sgtui.tui.app", "sgtui.paths"])
    assert result.returncode == 1
    assert result.stdout.startswith("sgtui.tui.app loads textual")
