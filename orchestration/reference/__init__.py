"""Generators of the reference data shipped in seeds/reference/ (run by hand, not by the build)."""
