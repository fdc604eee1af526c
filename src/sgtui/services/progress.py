"""How a long job tells its caller how far it has got: one shape for imports and exports.

The Import and Export screens feed their bars from these calls across a thread, and
the CLI passes None; both the importers and the exporters use it, so it lives in the
layer under both.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in total) while an import or export runs; an export's
last call is (total, total)."""
