"""SQL that shows a value as the lists show it, for filtering on what the officer sees.

Kept apart from :mod:`sgtui.services.lists.base` so that the app's first frame, which
reads the list specs, need not import SQLAlchemy (see ``tests/tui/test_first_frame.py``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String


class uk_date_text(FunctionElement[str]):  # noqa: N801 - reads as the SQL function it is
    """A date column as dd/mm/yyyy text, so "/" finds "03/2025" as the table shows it."""

    type = String()
    inherit_cache = True


@compiles(uk_date_text)
def _uk_date_text_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"strftime('%d/%m/%Y', {compiler.process(element.clauses, **kw)})"


@compiles(uk_date_text, "postgresql")
def _uk_date_text_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'DD/MM/YYYY')"
