"""Storage: SQLModel tables, the engine, migrations and backups. No UI, no domain rules."""
