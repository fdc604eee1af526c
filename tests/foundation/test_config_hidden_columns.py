"""The columns an officer hides are kept per list in the settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sgtui.config import ConfigError, Settings, load_settings, save_settings


def test_hidden_columns_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings(Settings(borough="LAM", hidden_columns={"les": ["chased", "sent"]}), path)
    assert load_settings(path).hidden_columns == {"les": ["chased", "sent"]}
    assert load_settings(path).borough == "LAM"


def test_a_malformed_hidden_columns_table_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[hidden_columns]\nles = "sent"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.toml: \[hidden_columns\]"):
        load_settings(path)
