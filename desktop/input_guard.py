"""App-wide input rules, as one event filter on the application.

- A mouse wheel over a dropdown, number box or slider that does not have the keyboard focus
  scrolls the page instead of changing the value: scrolling past a "Stand van zaken" box or a
  column's role must never change the user's data.
- A number box shows its range in its tooltip and refuses a digit that would take it out of
  range with a visible message, instead of silently dropping the keystroke ("2500" in a box
  that stops at 999 used to become "250" without a word). A typed number takes effect when
  the user is done typing, not at every digit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QScrollBar,
    QSpinBox,
    QStyledItemDelegate,
    QToolTip,
    QWidget,
)

from core.house_style import format_number
from core.i18n import _

VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _value_widget(widget: QObject | None) -> QWidget | None:
    """The dropdown, number box or slider that ``widget`` is (or is part of, e.g. a spin
    box's line edit), or None."""
    while isinstance(widget, QWidget):
        if isinstance(widget, VALUE_WIDGETS) and not isinstance(widget, QScrollBar):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        if parent.isWindow():
            return None
        parent = parent.parentWidget()
    return None


def _bar_to_scroll(widget: QWidget, event: QWheelEvent) -> QScrollBar | None:
    """The scroll bar of the nearest enclosing area that can still move this way: a table
    of dropdowns that shows all its rows passes the wheel on to the page around it."""
    delta = event.angleDelta()
    vertical = abs(delta.y()) >= abs(delta.x())
    step = delta.y() if vertical else delta.x()
    area = _scroll_area_of(widget)
    while area is not None:
        bar = area.verticalScrollBar() if vertical else area.horizontalScrollBar()
        at_end = bar.value() >= bar.maximum() if step < 0 else bar.value() <= bar.minimum()
        if bar.maximum() > bar.minimum() and not at_end:
            return bar
        area = _scroll_area_of(area)
    return None


def range_text(box: QAbstractSpinBox) -> str:
    if isinstance(box, QDoubleSpinBox):
        low = format_number(box.minimum(), decimals=box.decimals())
        high = format_number(box.maximum(), decimals=box.decimals())
    else:
        low, high = format_number(box.minimum()), format_number(box.maximum())
    return _("Kies een getal van {low} tot en met {high}.").format(low=low, high=high)


def _prospective_text(box: QAbstractSpinBox, typed: str) -> str:
    """The box's number text as it would be after inserting ``typed`` at the cursor."""
    edit = box.lineEdit()
    text = edit.text()
    start, end = edit.cursorPosition(), edit.cursorPosition()
    if edit.hasSelectedText():
        start = edit.selectionStart()
        end = start + len(edit.selectedText())
    new = text[:start] + typed + text[end:]
    prefix, suffix = box.prefix(), box.suffix()
    if prefix and new.startswith(prefix):
        new = new[len(prefix):]
    if suffix and new.endswith(suffix):
        new = new[: -len(suffix)]
    return new.strip()


def _too_big(box: QAbstractSpinBox, typed: str) -> bool:
    """True when inserting the digit ``typed`` makes the number larger than the box allows."""
    text = _prospective_text(box, typed)
    if isinstance(box, QSpinBox):
        digits = text.replace(".", "").replace("\u00a0", "").replace(" ", "")
        if not digits.lstrip("-").isdigit():
            return False
        return int(digits) > box.maximum()
    if isinstance(box, QDoubleSpinBox):
        number = text.replace(".", "").replace("\u00a0", "").replace(",", ".")
        try:
            return float(number) > box.maximum()
        except ValueError:
            return False
    return False


class InputGuard(QObject):
    """Installed once on the QApplication by ``install``."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            return self._wheel(obj, event)
        if kind == QEvent.Type.KeyPress:
            return self._key(obj, event)
        if kind == QEvent.Type.Polish and _value_widget(obj) is obj:
            self._polish(obj)
        return False

    @staticmethod
    def _wheel(obj: QObject, event: QWheelEvent) -> bool:
        widget = _value_widget(obj)
        focus = QApplication.focusWidget()
        if widget is None or (focus is not None and (focus is widget or widget.isAncestorOf(focus))):
            return False
        bar = _bar_to_scroll(widget, event)
        if bar is not None:
            QApplication.sendEvent(bar, event)
        event.accept()  # handled: Qt must not offer it to the control's parents as well
        return True  # never let an unfocused control take the wheel

    @staticmethod
    def _key(obj: QObject, event: QKeyEvent) -> bool:
        text = event.text()
        if len(text) != 1 or not text.isdigit():
            return False
        box = _value_widget(obj)
        if not isinstance(box, (QSpinBox, QDoubleSpinBox)) or not _too_big(box, text):
            return False
        message = _("Dit getal is te groot.") + " " + range_text(box)
        QToolTip.showText(box.mapToGlobal(QPoint(0, box.height())), message, box)
        box.setProperty("refusedInput", message)  # lets tests and screen readers see why
        return True

    @staticmethod
    def _polish(widget: QWidget) -> None:
        # A wheel must never give focus either (WheelFocus would, then the next notch bites).
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            InputGuard._show_range(widget)
            # A typed number counts when the user is done (Enter, Tab, click away): counting
            # every keystroke started a new check run at "2" of "25" and locked the box.
            widget.setKeyboardTracking(False)
        if isinstance(widget, QComboBox) and type(widget.itemDelegate()) is not QStyledItemDelegate:
            # Fusion's own dropdown delegate ignores the style sheet's item colours and drew
            # the highlighted item white on white; the styled delegate follows them.
            widget.setItemDelegate(QStyledItemDelegate(widget))

    @staticmethod
    def _show_range(box: QAbstractSpinBox) -> None:
        text = range_text(box)
        tip = box.toolTip()
        if text not in tip:
            box.setToolTip(f"{tip}\n{text}" if tip else text)
        if not box.accessibleDescription():
            box.setAccessibleDescription(text)


def install(app: QApplication) -> InputGuard:
    """Apply the rules to every widget of the app (kept on the app so it lives as long)."""
    guard = InputGuard(app)
    app.installEventFilter(guard)
    for widget in app.allWidgets():  # widgets polished before the guard existed
        if _value_widget(widget) is widget:
            InputGuard._polish(widget)
    return guard
