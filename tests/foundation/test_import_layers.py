"""The layers' import rules, read from the source so a function-level import counts too.

Only ``sgtui.tui`` may use Textual (the CLI, exporters and services must run headless,
in a worker or a script), and the TUI never reaches up into ``sgtui.cli``: both front
ends sit on the same report and service layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sgtui

PACKAGE = Path(sgtui.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports, anywhere in it, relative imports made absolute."""
    here = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join([*base, *filter(None, (node.module or "").split("."))])
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def is_in(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def modules() -> list[tuple[str, set[str]]]:
    """(module name, what it imports) for every module of the installed package."""
    return [
        (
            module_name(path),
            imports_of(
                path.read_text(encoding="utf-8"),
                module_name(path),
                is_package=path.name == "__init__.py",
            ),
        )
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_only_the_tui_imports_textual() -> None:
    found = modules()
    assert len(found) > 100  # the scan really read the package
    bad = [
        f"{name} -> {m}"
        for name, imports in found
        if not is_in(name, "sgtui.tui")
        for m in sorted(imports)
        if is_in(m, "textual")
    ]
    assert bad == []


def test_the_tui_never_imports_the_cli() -> None:
    bad = [
        f"{name} -> {m}"
        for name, imports in modules()
        if is_in(name, "sgtui.tui")
        for m in sorted(imports)
        if is_in(m, "sgtui.cli")
    ]
    assert bad == []


def test_the_scan_sees_function_level_and_relative_imports() -> None:
    source = "import textual\n\ndef run():\n    from ...cli import cmd_export\n"
    found = imports_of(source, "sgtui.tui.screens.fake")
    assert found == {"textual", "sgtui.cli", "sgtui.cli.cmd_export"}
    assert imports_of("from . import figures\n", "sgtui.services", is_package=True) == {
        "sgtui.services",
        "sgtui.services.figures",
    }
