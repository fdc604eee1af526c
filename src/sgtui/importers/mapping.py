"""The mapping file: a team's own corrections to sheet and header recognition.

TOML, so a BSO can edit it in Notepad::

    [sheets]                      # sheet name -> kind, or "skip"
    "Mtgs 23-24" = "meetings"

    [headers.practices]           # exact header (any case) -> field
    "Prac. Mgr" = "practice_manager"

    [synonyms.training]           # field -> more header words to recognise
    completed_on = ["Passed", "Certificate date"]

    [values.status]               # field -> {cell text: value}
    "Done" = "complete"
    [values.borough]
    "Royal Borough of Greenwich" = "Greenwich"

    [people]                      # "name|organisation" -> person key, or "new"
    "Sam Patel|Lambeth" = "sam patel|g85001"
    "Sam Patel|Bromley" = "new"

``sgtui import --dry-run --json`` prints the mapping it used in this shape.
"""

from __future__ import annotations

import contextlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sgtui.filecheck import check_regular_file, read_limited
from sgtui.importers.fields import KINDS, header_key
from sgtui.importers.report import people_mapping_key
from sgtui.importers.safety import UnreadableFile
from sgtui.paths import open_private_file

MAX_MAPPING_BYTES = 1024 * 1024
"""A team's mapping file is a few KB; anything near this is not one (and is read whole)."""


class _MappingRefused(UnreadableFile):
    """Names the file as the mapping file, so the user knows which of their paths it was."""

    def __init__(self, message: str) -> None:
        super().__init__(f"mapping file: {message}")


@dataclass
class Mapping:
    """Overrides for one import; empty means "recognise everything automatically"."""

    sheets: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    synonyms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    """Normalised "name|organisation" -> person key or "new" (see ``people_mapping_key``)."""

    def value_map(self, field_name: str) -> dict[str, str]:
        """Cell text (lower case, single spaces) -> replacement, for one field."""
        return self.values.get(field_name, {})


def load_mapping(path: Path | None) -> Mapping:
    """Read and check a mapping file; errors name the file and the key."""
    if path is None:
        return Mapping()
    raw = read_limited(path, MAX_MAPPING_BYTES, error=_MappingRefused)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"mapping file {path.name}: not valid TOML ({exc})") from None
    return parse_mapping(data, path.name)


def parse_mapping(data: dict[str, Any], name: str = "mapping") -> Mapping:
    """Check the parsed TOML document and build a :class:`Mapping`."""
    mapping = Mapping()
    for sheet, kind in _table(data, "sheets", name).items():
        if kind != "skip" and kind not in KINDS:
            raise UnreadableFile(f"{name}: [sheets] {sheet!r}: unknown kind {kind!r}")
        mapping.sheets[sheet] = kind
    for kind, headers in _table(data, "headers", name).items():
        spec = _kind(kind, name, "headers")
        for header, target in _table({"t": headers}, "t", name).items():
            if target not in spec.by_name and target != "ignore":
                raise UnreadableFile(f"{name}: [headers.{kind}] {header!r}: no field {target!r}")
            mapping.headers.setdefault(kind, {})[header_key(header)] = target
    for kind, fields in _table(data, "synonyms", name).items():
        _kind(kind, name, "synonyms")
        mapping.synonyms[kind] = {f: [str(t) for t in texts] for f, texts in fields.items()}
    for field_name, pairs in _table(data, "values", name).items():
        mapping.values[field_name] = {header_key(str(k)): str(v) for k, v in pairs.items()}
    for written, target in _table(data, "people", name).items():
        if not isinstance(target, str) or not target.strip() or "|" not in written:
            raise UnreadableFile(
                f'{name}: [people] {written!r}: write "name|organisation" = "person key" or "new"'
            )
        person, _bar, organisation = written.partition("|")
        mapping.people[people_mapping_key(person, organisation)] = target.strip()
    return mapping


def _table(data: dict[str, Any], key: str, name: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise UnreadableFile(f"{name}: [{key}] must be a table")
    return value


def _kind(kind: str, name: str, section: str) -> Any:
    if kind not in KINDS:
        raise UnreadableFile(
            f"{name}: [{section}.{kind}]: unknown kind (one of {', '.join(KINDS)})"
        )
    return KINDS[kind]


def dump_mapping(document: dict[str, Any]) -> str:
    """A mapping document (as :func:`report.mapping_document` builds it) as TOML text.

    The TUI Import screen saves a user's corrected mapping with this; strings are written
    as TOML basic strings, whose escapes are those of JSON.
    """
    lines = ["# sgtui import mapping: see `sgtui import --help`", "", "[sheets]"]
    lines += [
        f"{_quote(sheet)} = {_quote(kind)}" for sheet, kind in document.get("sheets", {}).items()
    ]
    for kind, headers in document.get("headers", {}).items():
        lines += ["", f"[headers.{kind}]"]
        lines += [f"{_quote(header)} = {_quote(target)}" for header, target in headers.items()]
    for kind, fields in document.get("synonyms", {}).items():
        lines += ["", f"[synonyms.{kind}]"]
        lines += [
            f"{name} = [{', '.join(_quote(t) for t in texts)}]" for name, texts in fields.items()
        ]
    for field_name, pairs in document.get("values", {}).items():
        lines += ["", f"[values.{field_name}]"]
        lines += [f"{_quote(text)} = {_quote(value)}" for text, value in pairs.items()]
    if document.get("people"):
        lines += ["", "[people]"]
        lines += [f"{_quote(key)} = {_quote(target)}" for key, target in document["people"].items()]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def save_mapping(document: dict[str, Any], path: Path) -> None:
    """Write a mapping file, checking first that it reads back as a valid mapping.

    Its ``[people]`` entries name people, so the file is owner-only from creation; it is
    written beside the target and renamed over it, so a full disk never leaves half a
    mapping. A target that exists but is not a file (a pipe would block for ever) is refused.
    """
    text = dump_mapping(document)
    parse_mapping(tomllib.loads(text), path.name)
    if os.path.lexists(path):
        check_regular_file(path, error=_MappingRefused)
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open_private_file(temporary) as handle:
            handle.write(text.encode("utf-8"))
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
