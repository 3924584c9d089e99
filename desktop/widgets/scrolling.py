"""Moving the step's scroll area: the page, not the widget, decides where the user looks."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QScrollArea, QWidget


def enclosing_scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def scroll_to_top_of(widget: QWidget, margin: int = 8) -> None:
    """Scroll the enclosing scroll area so that ``widget`` starts at the top of the view
    (e.g. the next theme's title after "Volgend thema", not the empty space below)."""
    area = enclosing_scroll_area(widget)
    if area is None or area.widget() is None:
        return
    top = widget.mapTo(area.widget(), QPoint(0, 0)).y()
    area.verticalScrollBar().setValue(max(0, top - margin))
