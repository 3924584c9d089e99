"""Generic checks (one module per check)."""
