"""The officer's own preferences: borough scope, theme and key overrides, in a TOML file.

Only preferences live here; records live in the database. The file sits at
:func:`sgtui.paths.config_path` and is written owner-only (0600): the borough an officer
works on is not secret, but the directory may later hold connection details.

Reading uses the standard library's ``tomllib``; saving edits the file in place with
``tomlkit``, so an officer's own comments, keys this version does not know, and sections
added by hand survive the app remembering a theme or a borough.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sgtui import paths
from sgtui.services.chase_template import ChaseTemplate, TemplateError, check_template

if TYPE_CHECKING:  # tomlkit is only needed to save: imported then, off the first frame
    import tomlkit


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
    chase_email: ChaseTemplate = field(default_factory=ChaseTemplate)
    """``[chase_email]``: the subject and body of the LES chase e-mail drafts."""


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
        chase_email=_chase_email(path, data.get("chase_email", {})),
    )


def _chase_email(path: Path, table: object) -> ChaseTemplate:
    """``[chase_email]``: ``subject`` and ``body`` text; a missing one keeps the default."""
    if not isinstance(table, dict) or not all(
        isinstance(table.get(k, ""), str) for k in ("subject", "body")
    ):
        raise ConfigError(f"{path}: [chase_email] subject and body must be text")
    default = ChaseTemplate()
    template = ChaseTemplate(
        subject=table.get("subject") or default.subject, body=table.get("body") or default.body
    )
    try:
        check_template(template)
    except TemplateError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return template


def _hidden_columns(path: Path, table: object) -> dict[str, list[str]]:
    """``[hidden_columns]``: each list's name mapped to the column keys it hides."""
    if not isinstance(table, dict) or not all(
        isinstance(keys, list) and all(isinstance(k, str) for k in keys) for keys in table.values()
    ):
        raise ConfigError(f"{path}: [hidden_columns] must map list names to lists of column keys")
    return {name: list(keys) for name, keys in table.items()}


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings into the file (creating it and its folder) readable by the owner only.

    Only the keys sgtui owns are changed; everything else in the file is kept as it was.
    """
    path = path or paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = _existing(path)
    ui = _table(doc, "ui")
    for key in ("borough", "theme"):
        _set_or_remove(ui, key, getattr(settings, key))
    _replace_entries(_table(doc, "keymap"), settings.keymap)
    if settings.hidden_columns or "hidden_columns" in doc:
        _replace_entries(_table(doc, "hidden_columns"), settings.hidden_columns)
    chase_email = _table(doc, "chase_email")
    for key in ("subject", "body"):
        value = getattr(settings.chase_email, key)
        if chase_email.get(key) != value:
            chase_email[key] = _text(value)
    path.touch(exist_ok=True)
    paths.restrict_to_owner(path)
    path.write_text(doc.as_string(), encoding="utf-8")
    return path


def _existing(path: Path) -> tomlkit.TOMLDocument:
    """The file as tomlkit reads it (comments and all); unreadable or missing: a new one."""
    import tomlkit

    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError):
        return tomlkit.document()


def _table(doc: tomlkit.TOMLDocument, name: str) -> Any:
    """The ``[name]`` table, added at the end when the file has none (or a non-table)."""
    import tomlkit

    if not isinstance(doc.get(name), dict):
        doc.pop(name, None)
        doc[name] = tomlkit.table()
    return doc[name]


def _set_or_remove(table: Any, key: str, value: str | None) -> None:
    if value:
        if table.get(key) != value:
            table[key] = value
    else:
        table.pop(key, None)


def _replace_entries(table: Any, entries: dict[str, Any]) -> None:
    """Make ``table`` hold exactly ``entries``, leaving unchanged ones (and their comments)."""
    for key in [k for k in table if k not in entries]:
        del table[key]
    for key, value in sorted(entries.items()):
        if table.get(key) != value:
            table[key] = value


def _text(value: str) -> Any:
    """Multi-line text as a TOML multi-line string, so the body stays readable to edit."""
    import tomlkit

    return tomlkit.string(value, multiline=True) if "\n" in value else tomlkit.string(value)
