"""The Textual app: screens, widgets and the command palette. Talks to the services only."""
