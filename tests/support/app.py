"""The app as the tests run it."""

from __future__ import annotations

from textual.app import App

from sgtui.tui.app import SgtuiApp


def still(app: SgtuiApp) -> SgtuiApp:
    """The app with animations off, so a screenshot never catches a tab underline mid-slide."""
    app.animation_level = "none"
    return app


def notices(app: App[object]) -> list[str]:
    """The notifications the app is showing, oldest first, as text.

    Textual keeps them in the private `App._notifications` and offers no public way to
    read them back; this is the one place the tests read it.
    """
    return [str(n.message) for n in app._notifications]
