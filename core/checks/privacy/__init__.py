"""Privacy checks (one module per check)."""
