"""Domain services: validation, audit, derived figures. No UI; every screen, import and export calls these."""
