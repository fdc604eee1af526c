"""Every rebindable key is documented: each ``Binding(id=...)`` in the app is in the README.

The ids are what an officer writes under ``[keymap]`` in the settings file, so an id
missing from the README's table is a key nobody can find out how to rebind.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sgtui.tui.areas import AREAS

ROOT = Path(__file__).resolve().parents[2]


def binding_ids() -> dict[str, str]:
    """{binding id: the file it is declared in} for every ``Binding(..., id=...)``.

    The areas' number keys are built from one table, so their ids are read from it.
    """
    found: dict[str, str] = {area.binding_id: "areas.py" for area in AREAS}
    tui = ROOT / "src" / "sgtui" / "tui"
    for path in sorted(tui.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            for keyword in node.keywords if name == "Binding" else ():
                if keyword.arg == "id" and path != tui / "areas.py":
                    assert isinstance(keyword.value, ast.Constant), f"{path}: id not literal"
                    found[keyword.value.value] = path.name
    return found


def readme_ids() -> set[str]:
    """The ids in the first column of the README's binding table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", text, flags=re.MULTILINE))


def test_the_scan_finds_the_bindings_it_should() -> None:
    ids = binding_ids()
    assert ids["les.chase_emails"] == "les.py" and ids["app.help"] == "app.py"
    assert ids["app.meetings"] == "areas.py"
    assert len(ids) >= 80


def test_every_binding_id_is_in_the_readme_table() -> None:
    missing = sorted(set(binding_ids()) - readme_ids())
    assert missing == []
