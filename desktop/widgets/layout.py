"""Widgets that keep a page in one scroll area (the main window's): text boxes as tall as
their text, and sections that fold away. A page never scrolls inside a page."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.i18n import _


class GrowingTextEdit(QPlainTextEdit):
    """A text box that grows with its text (at least ``min_lines`` high) instead of
    scrolling, so the mouse wheel scrolls the page and all text is in view."""

    def __init__(self, min_lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min_lines = min_lines
        self._fitting = False
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTabChangesFocus(True)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def content_height(self) -> float:
        """Pixels the wrapped text needs. Every block is laid out first: the plain-text
        layout only lays out what was in view, and counts one line for the rest."""
        layout = self.document().documentLayout()
        block, height = self.document().firstBlock(), 0.0
        while block.isValid():
            height += layout.blockBoundingRect(block).height()
            block = block.next()
        return height

    def _fit(self, *_args) -> None:
        if self._fitting:
            return  # laying out blocks reports a new document size
        self._fitting = True
        try:
            frame = self.contentsMargins()
            margin = self.document().documentMargin()
            text = max(self.content_height(), self._min_lines * self.fontMetrics().lineSpacing())
            height = math.ceil(text + 2 * margin + frame.top() + frame.bottom()) + 2
            if height != self.height():
                self.setFixedHeight(height)
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # narrower means more lines

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        self._fit()  # a new font or style changes the line height


class Fold(QWidget):
    """A titled section that opens and closes with one click (or Space on its title).

    The title is a plain button, not a checkable one: a screen reader would call a checkable
    one a toggle that is "ingedrukt". It says "uitgeklapt" or "ingeklapt" instead."""

    toggled = Signal(bool)

    def __init__(self, title: str, content: QWidget, opened: bool = True,
                 parent: QWidget | None = None, style: str = "foldButton") -> None:
        super().__init__(parent)
        self.content = content
        self._opened = opened
        self.button = QToolButton()
        self.button.setObjectName(style)  # "foldHeader": the title of a card that folds
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAccessibleName(title)
        self.button.setText(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.button)
        layout.addWidget(content)
        self.button.clicked.connect(lambda: self.set_open(not self._opened))
        self._show(opened)

    @property
    def opened(self) -> bool:
        return self._opened

    def set_open(self, opened: bool) -> None:
        if opened != self._opened:
            self._opened = opened
            self._show(opened)
            self.toggled.emit(opened)

    def is_open(self) -> bool:
        return self._opened

    def set_title(self, title: str) -> None:
        self.button.setText(title)
        self.button.setAccessibleName(title)

    def _show(self, opened: bool) -> None:
        self.button.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.button.setAccessibleDescription(_("uitgeklapt") if opened else _("ingeklapt"))
        self.content.setVisible(opened)


class FoldableCard(QFrame):
    """A card whose content folds away under its title; fill ``body_layout``."""

    def __init__(self, title: str, opened: bool = True) -> None:
        super().__init__()
        self.setObjectName("card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 12)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.fold = Fold(title, body, opened, style="foldHeader")
        self.fold.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        outer.addWidget(self.fold)

    def is_open(self) -> bool:
        return self.fold.is_open()

    def set_open(self, opened: bool) -> None:
        self.fold.set_open(opened)


def open_enclosing_folds(widget: QWidget) -> None:
    """Before focusing ``widget`` (e.g. from a tip's "Ga naar veld"), open what hides it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, Fold) and not parent.is_open():
            parent.set_open(True)
        parent = parent.parentWidget()
