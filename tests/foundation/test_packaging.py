"""The wheel carries every file sgtui reads at run time, so a pipx or uv install works.

An installed wheel has no source tree beside it: the practice list, app.tcss, the
migration template and the guides that messages point to must be inside the package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sgtui import paths
from sgtui.cli.main import main

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "sgtui"
RUNTIME_FILES = (
    "sgtui/data/sel_gp_practices.csv",  # every database is seeded with it; the demo too
    "sgtui/data/README.md",  # the practice list's source and OGL licence note
    "sgtui/tui/app.tcss",
    "sgtui/store/migrations/script.py.mako",
    "sgtui/store/migrations/versions/0001_initial_schema.py",
    "sgtui/docs/backups.md",  # `sgtui backup` on PostgreSQL points here
    "sgtui/demo.py",  # read as bytes to key the demo cache
)


def package_files() -> list[str]:
    """Every file under src/sgtui (bytecode aside), as the wheel names it."""
    return sorted(
        f"sgtui/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the sources, so the checkout gains no build/ folder."""
    source = tmp_path / "source"
    shutil.copytree(PACKAGE, source / "src" / "sgtui", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source),
         "-w", str(tmp_path / "dist")],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("sgtui-*.whl")
    return wheel


@pytest.mark.slow
def test_the_wheel_holds_every_runtime_file(tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(build_wheel(tmp_path)).namelist())
    assert [name for name in RUNTIME_FILES if name not in names] == []
    assert [name for name in package_files() if name not in names] == []


def test_the_runtime_files_are_in_the_package() -> None:
    assert [name for name in RUNTIME_FILES if not (PACKAGE.parent / name).is_file()] == []


def test_the_backup_message_points_at_the_installed_guide(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["backup", "--db", "postgresql://u:s3cret@127.0.0.1:1/x"]) == 2
    guide = paths.guide("backups.md")
    assert capsys.readouterr().err == (
        "sgtui: error: sgtui backs up SQLite files only; for PostgreSQL use pg_dump"
        f" (see {guide})\n"
    )
    assert guide.read_text(encoding="utf-8").startswith("# Backups, restore and health checks")
