"""sgtui: a terminal app for NHS borough safeguarding business support teams."""

__version__ = "0.1.0"
