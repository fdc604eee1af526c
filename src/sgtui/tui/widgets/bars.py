"""Horizontal percentage bars drawn with block characters, each labelled with its number.

The number is always printed, so a bar never carries meaning by length or colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static

BAR_WIDTH = 20


def bar(percent: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells filled to ``percent``; blank outline for no data."""
    if percent is None:
        return "·" * width
    filled = round(width * max(0.0, min(percent, 100.0)) / 100)
    return "█" * filled + "░" * (width - filled)


class Bars(Static):
    """Rows of label, bar and figure (e.g. "Safeguarding Adults Level 1  ███░  81%")."""

    DEFAULT_CSS = """
    Bars { height: auto; padding: 0 1; }
    """

    def show(self, rows: Sequence[tuple[str, float | None, str]], label_width: int = 30) -> None:
        """``rows`` of (label, percent or None, detail such as "410 of 506")."""
        lines = []
        for label, percent, detail in rows:
            figure = f"{percent:5.1f}%" if percent is not None else "   – "
            lines.append(f"{label[:label_width]:<{label_width}} {bar(percent)} {figure}  {detail}")
        self.update("\n".join(lines) or "No figures yet.")
