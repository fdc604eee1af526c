"""Saving settings edits the officer's file in place: comments and unknown keys survive."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sgtui.config import ConfigError, load_settings, save_settings
from sgtui.services.chase_template import DEFAULT_BODY, DEFAULT_SUBJECT

HAND_WRITTEN = """\
# My sgtui settings: keep this note
[ui]
theme = "nord"  # the dark one
colour_blind = true

[keymap]
"app.help" = "f1"

[printing]
paper = "A4"
"""


def test_saving_keeps_comments_unknown_keys_and_sections(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    settings = load_settings(path)
    settings.borough = "LAM"
    settings.keymap = {"app.help": "f1", "les.chased": "K"}
    save_settings(settings, path)
    text = path.read_text(encoding="utf-8")
    assert "# My sgtui settings: keep this note\n" in text
    assert 'theme = "nord"  # the dark one\n' in text
    data = tomllib.loads(text)
    assert data["ui"] == {"theme": "nord", "colour_blind": True, "borough": "LAM"}
    assert data["printing"] == {"paper": "A4"}
    assert data["keymap"] == {"app.help": "f1", "les.chased": "K"}


def test_clearing_a_setting_removes_only_that_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    settings = load_settings(path)
    settings.theme = None
    settings.keymap = {}
    save_settings(settings, path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["ui"] == {"colour_blind": True}
    assert data["keymap"] == {}
    assert data["printing"] == {"paper": "A4"}


def test_the_chase_template_is_written_to_edit_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings(load_settings(path), path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["chase_email"] == {"subject": DEFAULT_SUBJECT, "body": DEFAULT_BODY}
    path.write_text(
        '[chase_email]\nsubject = "LES {year}: {practice}"\nbody = "Hello {ods}"\n',
        encoding="utf-8",
    )
    template = load_settings(path).chase_email
    assert (template.subject, template.body) == ("LES {year}: {practice}", "Hello {ods}")


def test_a_bad_placeholder_in_the_template_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[chase_email]\nsubject = "LES {yaer}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == (
        f"{path}: the chase e-mail subject uses {{yaer}}, which is not one of"
        " {practice}, {ods}, {year}, {outstanding}"
    )


def test_a_stray_brace_in_the_template_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[chase_email]\nbody = "Dear {practice"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == (
        f"{path}: the chase e-mail body has a stray {{ or }}: write {{{{ or }}}} for a brace"
    )
