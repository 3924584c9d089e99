"""Linkage checks (one module per check)."""
