"""A card whose content can be folded away under its title, so a long step fits a laptop
screen: the title stays, a click (or Space/Enter on the focused title) opens it again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget


class FoldableCard(QFrame):
    toggled = Signal(bool)

    def __init__(self, title: str, open_: bool = True) -> None:
        super().__init__()
        self.setObjectName("card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 12)
        outer.setSpacing(4)
        self.header = QToolButton()
        self.header.setObjectName("foldHeader")
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setAccessibleName(title)
        self.header.toggled.connect(self._toggled)
        outer.addWidget(self.header)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.body)
        self.set_open(open_)

    def is_open(self) -> bool:
        return self.header.isChecked()

    def set_open(self, open_: bool) -> None:
        self.header.setChecked(open_)
        self._toggled(open_)

    def _toggled(self, open_: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.header.setAccessibleDescription("open" if open_ else "dichtgeklapt")
        self.body.setVisible(open_)
        self.toggled.emit(open_)


def open_enclosing_folds(widget: QWidget) -> None:
    """Before focusing ``widget`` (e.g. from a tip's "Ga naar veld"), open what hides it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, FoldableCard) and not parent.is_open():
            parent.set_open(True)
        parent = parent.parentWidget()
