"""Paths as officers type and read them: ``~`` for the home folder, Documents by default.

The default folder and the expansion of ``~`` live in :mod:`sgtui.paths`, shared with the CLI.
"""

from __future__ import annotations

from pathlib import Path

from sgtui.paths import documents_folder, is_dir, typed_path

__all__ = ["documents_folder", "is_dir", "shown_path", "typed_path"]


def shown_path(path: Path) -> str:
    """A path as people write it: ``~/...`` under the home folder."""
    try:
        inside = path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
    return "~" if inside == "." else f"~/{inside}"
