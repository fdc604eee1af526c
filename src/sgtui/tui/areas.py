"""The app's areas, declared once: the modes, their number keys, the mode bar and the palette.

An area added or renamed here reaches every place that lists the areas. The screens are
imported on first use, so importing this module keeps start-up quick.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.screen import Screen


@dataclass(frozen=True)
class Area:
    """One area: its mode, the key that opens it, its label and the screen it shows."""

    mode: str
    key: str
    label: str
    """In the mode bar and the key list ("LES")."""
    module: str
    """The screen's module under ``sgtui.tui.screens``."""
    screen: str
    """The screen class in that module."""
    long_label: str = ""
    """In the palette's "Go to ..." when the short label needs its context ("GP LES")."""

    @property
    def binding_id(self) -> str:
        """The id an officer rebinds under ``[keymap]`` ("app.meetings")."""
        return f"app.{self.mode}"

    @property
    def palette_label(self) -> str:
        return self.long_label or self.label

    def binding(self) -> Binding:
        """The number key that switches to this area, from any screen."""
        action = f"switch_mode('{self.mode}')"
        return Binding(self.key, action, self.label, show=False, id=self.binding_id)

    def factory(self) -> Callable[[], Screen[Any]]:
        """Make the area's screen, importing its module the first time it is shown."""

        def make() -> Screen[Any]:
            module = importlib.import_module(f"sgtui.tui.screens.{self.module}")
            screen: Screen[Any] = getattr(module, self.screen)()
            return screen

        return make


AREAS = (
    Area("today", "1", "Today", "today", "TodayScreen"),
    Area("meetings", "2", "Meetings", "meetings", "MeetingsScreen"),
    Area("reviews", "3", "Reviews", "reviews", "ReviewsScreen"),
    Area("les", "4", "LES", "les", "LesScreen", long_label="GP LES"),
    Area("training", "5", "Training", "training", "TrainingScreen"),
    Area("practices", "6", "Practices", "areas", "PracticesScreen"),
    Area("people", "7", "People", "areas", "PeopleScreen"),
)


def modes() -> dict[str, str | Callable[[], Screen[Any]]]:
    """The app's ``MODES``: each area's mode name to its (lazy) screen factory."""
    return {area.mode: area.factory() for area in AREAS}


def area_bindings() -> list[Binding]:
    """The number keys, one per area, in the order the mode bar shows them."""
    return [area.binding() for area in AREAS]
