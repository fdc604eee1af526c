"""The tests' one "today"."""

from __future__ import annotations

from datetime import date

TODAY = date(2025, 3, 10)
"""The fixed "today" of the tests: Monday 10 March 2025."""
