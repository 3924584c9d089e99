"""Reusable widgets (data preview table, column editor, ...)."""
