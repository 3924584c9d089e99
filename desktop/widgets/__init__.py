"""Reusable widgets of the app (chart canvas, tables, cards)."""
