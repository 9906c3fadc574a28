"""The Excel action plan: written for the managers, read back with their updates."""
