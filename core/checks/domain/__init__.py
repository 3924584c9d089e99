"""Domain checks (one module per check)."""
