"""Checks on how a page is laid out, as a user at a small screen would notice it."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QScrollArea


def shown_without_scrolling(widget) -> bool:
    """The widget is visible and wholly inside its page's scroll area as it is scrolled now."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is None or not widget.isVisible():
        return False
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(top_left, widget.size()))


def inner_scroll_areas(page) -> list[QScrollArea]:
    """Scroll areas inside a page (which already sits in one); lists and tables are fine."""
    return page.findChildren(QScrollArea)
