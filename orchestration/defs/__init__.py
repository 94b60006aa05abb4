"""Dagster wiring only: assets, checks and resources call into the modules above."""
