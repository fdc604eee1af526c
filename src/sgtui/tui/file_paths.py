"""Paths as officers type and read them: ``~`` for the home folder, Documents by default."""

from __future__ import annotations

from pathlib import Path


def shown_path(path: Path) -> str:
    """A path as people write it: ``~/...`` under the home folder."""
    try:
        inside = path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
    return "~" if inside == "." else f"~/{inside}"


def typed_path(text: str) -> Path:
    """What the officer typed (quotes from a pasted path removed), with ``~`` expanded."""
    return Path(text.strip().strip('"')).expanduser()


def is_dir(path: Path) -> bool:
    """True for a folder; False for anything else, including a path we may not read."""
    try:
        return path.is_dir()
    except OSError:
        return False


def documents_folder() -> Path:
    """Where exports go unless the officer says otherwise: Documents, else home."""
    documents = Path.home() / "Documents"
    return documents if is_dir(documents) else Path.home()
