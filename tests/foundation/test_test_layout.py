"""The tests' own layout: a test module's helpers are nobody else's API.

Shared helpers live in `tests/support/` (or a directory's own helper module, or a
conftest fixture). A test module that imports from another test module, or from a
conftest, ties the two together: moving or renaming a test then breaks tests elsewhere.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).parents[1]


def imported_modules(path: Path) -> Iterator[str]:
    """Every module ``path`` imports from, as dotted names (relative ones keep their dots)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            yield base
            if not node.module:  # `from . import test_x`
                yield from (base + alias.name for alias in node.names)


def forbidden(module: str) -> bool:
    """Whether ``module`` is a test module or a conftest."""
    last = module.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    offenders = [
        f"{path.relative_to(TESTS.parent)} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for module in imported_modules(path)
        if forbidden(module)
    ]
    assert not offenders, (
        "move the shared helper into tests/support/ (or a conftest fixture): "
        + "; ".join(offenders)
    )


def test_the_check_sees_relative_absolute_and_package_imports(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "from .test_flows import settle\n"
        "from tests.tui.test_snapshots import settle_after\n"
        "from . import test_palette_history\n"
        "from .conftest import still\n"
        "from tests.support.waiting import settled\n"
    )
    assert [m for m in imported_modules(sample) if forbidden(m)] == [
        ".test_flows",
        "tests.tui.test_snapshots",
        ".test_palette_history",
        ".conftest",
    ]
