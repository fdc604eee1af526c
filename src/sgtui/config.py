"""The officer's own preferences: borough scope, theme and key overrides, in a TOML file.

Only preferences live here; records live in the database. The file sits at
:func:`sgtui.paths.config_path` and is written owner-only (0600): the borough an officer
works on is not secret, but the directory may later hold connection details.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sgtui import paths


class ConfigError(Exception):
    """The settings file cannot be read; the message names the file and the key."""


@dataclass
class Settings:
    """User preferences."""

    borough: str | None = None
    """Borough code the app is scoped to (e.g. "LAM"), or None for all of SE London."""
    theme: str | None = None
    """A Textual theme name (e.g. "textual-light"); None keeps the default."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. {"app.help" = "f1"}."""
    hidden_columns: dict[str, list[str]] = field(default_factory=dict)
    """List name -> keys of the columns hidden in it, e.g. {"les" = ["chased"]}."""


MAX_SETTINGS_BYTES = 1024 * 1024
"""A settings file is a few hundred bytes; it is read whole, so cap it."""


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives the defaults."""
    path = path or paths.config_path()
    if not path.exists():
        return Settings()
    from sgtui.filecheck import read_limited

    try:
        raw = read_limited(path, MAX_SETTINGS_BYTES, error=ConfigError)  # a pipe never ends
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc})") from None
    ui = data.get("ui", {})
    if not isinstance(ui, dict):
        raise ConfigError(f"{path}: [ui] must be a table")
    for key in ("borough", "theme"):
        if key in ui and not isinstance(ui[key], str):
            raise ConfigError(f"{path}: ui.{key} must be text")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f"{path}: [keymap] must map binding ids to keys (text)")
    return Settings(
        borough=ui.get("borough") or None,
        theme=ui.get("theme") or None,
        keymap=dict(keymap),
        hidden_columns=_hidden_columns(path, data.get("hidden_columns", {})),
    )


def _hidden_columns(path: Path, table: object) -> dict[str, list[str]]:
    """``[hidden_columns]``: each list's name mapped to the column keys it hides."""
    if not isinstance(table, dict) or not all(
        isinstance(keys, list) and all(isinstance(k, str) for k in keys) for keys in table.values()
    ):
        raise ConfigError(f"{path}: [hidden_columns] must map list names to lists of column keys")
    return {name: list(keys) for name, keys in table.items()}


def _toml_string(value: str) -> str:
    """A TOML basic string (json-style escapes are valid TOML)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file (creating its directory) readable by the owner only."""
    path = path or paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["[ui]"]
    if settings.borough:
        lines.append(f"borough = {_toml_string(settings.borough)}")
    if settings.theme:
        lines.append(f"theme = {_toml_string(settings.theme)}")
    lines += ["", "[keymap]"]
    lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in sorted(settings.keymap.items())]
    if settings.hidden_columns:
        lines += ["", "[hidden_columns]"]
        lines += [
            f"{_toml_string(name)} = [{', '.join(_toml_string(k) for k in keys)}]"
            for name, keys in sorted(settings.hidden_columns.items())
        ]
    path.touch(exist_ok=True)
    paths.restrict_to_owner(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
