"""Reusable widgets of the app (data preview, column editor, chart canvas, finding cards)."""
