"""A read-only table of short texts that shows all its rows: the figures behind a chart, the
maturity results per theme. A real table, so a screen reader reads each cell with its column
header and the arrow keys move between cells; one Tab stop; no scroll bar of its own, so the
mouse wheel scrolls the page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
)

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Cell(str):
    """A cell text with an optional colour and tooltip (a plain str is a plain cell)."""

    colour: str | None = None
    tip: str = ""

    def __new__(cls, text: str, colour: str | None = None, tip: str = "") -> Cell:
        cell = super().__new__(cls, text)
        cell.colour, cell.tip = colour, tip
        return cell


class TextTable(QTableWidget):
    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # one Tab stop; the arrow keys move between cells
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.horizontalHeader().setDefaultAlignment(LEFT)
        self.horizontalHeader().setHighlightSections(False)

    def set_rows(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                 numeric: Sequence[int] = (), stretch: Sequence[int] = (0,),
                 bold_last: bool = False) -> None:
        """Fill the table. ``numeric`` columns are right-aligned; ``stretch`` columns share
        the width that the others (sized to their text) leave."""
        self.clear()
        self.setColumnCount(len(header))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(list(header))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(str(text))
                item.setTextAlignment(RIGHT if c in numeric else LEFT)
                if isinstance(text, Cell):
                    if text.colour:
                        item.setForeground(QColor(text.colour))
                    if text.tip:
                        item.setToolTip(text.tip)
                if bold_last and r == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(r, c, item)
        head = self.horizontalHeader()
        for c in range(len(header)):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c in stretch
                                      else QHeaderView.ResizeMode.ResizeToContents)
        self._fit_height()

    def _fit_height(self) -> None:
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(self.horizontalHeader().height() + rows + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()  # wrapped cells need other heights at another width

    def cell_texts(self) -> list[list[str]]:
        return [[self.item(r, c).text() for c in range(self.columnCount())]
                for r in range(self.rowCount())]
