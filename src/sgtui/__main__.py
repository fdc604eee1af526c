"""Allow ``python -m sgtui``."""

from sgtui.cli.main import main

raise SystemExit(main())
