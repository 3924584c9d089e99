"""Dates checks (one module per check)."""
