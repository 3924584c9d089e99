"""A read-only table of text rows: the first rows of a file or dataset."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from core.i18n import _

INVALID_BACKGROUND = QColor("#fde2e1")


class TextTableModel(QAbstractTableModel):
    """Rows of cell texts with column names and the row numbers of the file."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._rows: list[list[str | None]] = []
        self._lines: list[int | None] = []
        self._invalid: dict[tuple[int, int], str] = {}

    def set_table(self, names: Sequence[str], rows: Sequence[Sequence[str | None]],
                  lines: Sequence[int | None] | None = None,
                  invalid: dict[tuple[int, int], str] | None = None) -> None:
        self.beginResetModel()
        self._names = list(names)
        self._rows = [list(r) for r in rows]
        self._lines = list(lines) if lines else [None] * len(self._rows)
        self._invalid = dict(invalid or {})
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._names)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        value = self._rows[row][col] if col < len(self._rows[row]) else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "" if value is None else value.replace("\n", " ⏎ ")
        if role == Qt.ItemDataRole.BackgroundRole and (row, col) in self._invalid:
            return QBrush(INVALID_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and (row, col) in self._invalid:
            return self._invalid[(row, col)]
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._names[section] if section < len(self._names) else None
        line = self._lines[section] if section < len(self._lines) else None
        return str(line) if line is not None else str(section + 1)

    def invalid_count(self) -> int:
        return len(self._invalid)


class PreviewTable(QTableView):
    def __init__(self, accessible_name: str, row_help: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = TextTableModel(self)
        self.setModel(self.model_)
        self.setAccessibleName(accessible_name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # one Tab stop; the arrow keys move between cells
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(130)
        self.horizontalHeader().setMaximumSectionSize(320)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setToolTip(
            row_help or _("Het nummer van de regel of rij in uw bestand"))
        self.setMinimumHeight(200)
        # The corner would select all cells, which this table does not do: off, but named,
        # since a screen reader still lists it.
        self.setCornerButtonEnabled(False)
        corner = self.findChild(QAbstractButton)
        if corner is not None:
            corner.setAccessibleName(_("Hoek van de tabel"))

    def show_rows(self, names, rows, lines=None, invalid=None) -> None:
        self.model_.set_table(names, rows, lines, invalid)
        self.resizeColumnsToContents()
