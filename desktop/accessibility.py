"""What a screen reader needs beyond a widget's own name: labels for controls that have no
visible one, headings, spoken announcements, and the plain text behind rich labels.

On Linux Qt names a combo box by its current value and leaves the rest to the labelled-by
relation, which it derives from a sibling QLabel whose buddy is the control. So every combo
box needs such a label, visible or not; ``setAccessibleName`` alone is read on Windows only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QWidget,
)

from core.i18n import N_, _

# Labels styled as titles (style.qss) are headings, unless they name a control or head a
# column (mark_heading(label, False)). Qt 6.12 knows a Heading role, but a QLabel gets it only
# from an accessibility interface written in Python (QAccessible.installFactory); under AT-SPI
# that crashed the app in about one walk in three (PySide6 6.12). So a heading says what it is
# in its description instead: a screen reader reads "4. Kloppen uw gegevens?, kop".
HEADING_STYLES = {"stepTitle", "cardTitle", "sectionTitle", "levelTitle"}
HEADING_PROPERTY = "accessibleHeading"
HEADING_WORD = N_("kop")


def label_control(control: QWidget, text: str) -> QLabel:
    """Link ``control`` to a label only assistive technology meets, e.g. a combo box in a
    table cell. Call once the control has its final parent (the label must be a sibling)."""
    control.setAccessibleName(text)
    label = QLabel(text, control.parentWidget())
    label.setBuddy(control)
    label.hide()
    control.destroyed.connect(label.deleteLater)
    return label


def is_heading(label: QLabel) -> bool:
    marked = label.property(HEADING_PROPERTY)
    if marked is not None:
        return bool(marked)
    return label.objectName() in HEADING_STYLES and label.buddy() is None


def mark_heading(label: QLabel, heading: bool = True) -> QLabel:
    """Mark ``label`` as a heading, or with ``heading=False`` as none though it looks like one
    (it names a control, heads a column)."""
    label.setProperty(HEADING_PROPERTY, heading)
    return label


def expose_headings(root: QWidget) -> None:
    """Give every heading under ``root`` (or ``root`` itself) the description "kop"."""
    labels = [root] if isinstance(root, QLabel) else root.findChildren(QLabel)
    for label in labels:
        if is_heading(label) and not label.accessibleDescription():
            label.setAccessibleDescription(_(HEADING_WORD))


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now, without moving the focus (a live region)."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def plain_text(text: str) -> str:
    """The words of a (possibly rich) label text, as a screen reader should read them."""
    if "<" not in text:
        return text
    return re.sub(r"[ \t]+", " ", QTextDocumentFragment.fromHtml(text).toPlainText()).strip()


def expose_text(label: QLabel, title: str) -> None:
    """A rich label (checklist, summary): a short name and its whole text as description,
    since Orca reads the name of a label that has one and would skip the content."""
    label.setAccessibleName(title)
    label.setAccessibleDescription(plain_text(label.text()))


def _is_stop(w: QWidget, window: QWidget) -> bool:
    if isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox)):
        return False  # the box's own editor: the box is the stop
    if w.window() is not window:
        return False  # a combo box's popup list: a window of its own
    return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)


def tab_stops(widgets: Iterable[QWidget]) -> list[QWidget]:
    """The widgets and their descendants that Tab can reach, in the order they were made."""
    return [w for widget in widgets for w in [widget, *widget.findChildren(QWidget)]
            if _is_stop(w, widget.window())]


def tab_order_after(anchor: QWidget, widgets: Iterable[QWidget]) -> None:
    """Put ``widgets`` (made while the page is in use) right after ``anchor`` in the Tab
    order. Qt appends a new widget to the end of the window's order: after Vorige/Volgende."""
    chain = [anchor, *tab_stops(widgets)]
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)


def move_tab_stops_after(anchor: QWidget, container: QWidget) -> None:
    """Put the Tab stops inside ``container`` right after ``anchor``: a step page built when
    first shown joins the window's Tab order last. The stops come from the container's own
    children, not from a walk over the window's focus chain: that walk wrapped Qt's private
    widgets (menus included) and left the recent-projects menu deleted (PySide6 6.12)."""
    tab_order_after(anchor, [container])
