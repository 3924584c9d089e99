"""Per column: what kind of value it holds (type) and what it means (role).

Two combo boxes per column. The option Stuurwijzer suggested carries "(voorstel)";
roles the chosen analysis needs are listed first and marked "nodig".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from core.i18n import _
from core.io.roles import role_definitions
from core.paths import load_json_resource
from desktop.accessibility import label_control, tab_order_after

NO_ROLE = ""


@dataclass(frozen=True)
class ColumnRow:
    name: str
    example: str
    type: str
    suggested_type: str | None
    role: str | None
    suggested_role: str | None
    note: str = ""  # e.g. "3 waarden passen niet bij dit soort waarde"


def _type_labels() -> dict[str, tuple[str, str]]:
    return {k: (_(v["label"]), _(v["help"])) for k, v in
            load_json_resource("column_types.json").items()}


class ColumnEditor(QTableWidget):
    type_changed = Signal(str, str)  # column name, type id
    role_changed = Signal(str, object)  # column name, role id or None

    HEADERS = ("Kolom", "Voorbeeld of let op", "Soort waarde", "Betekenis")
    ROW_HEIGHT = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.setAccessibleName(_("Kolommen: soort waarde en betekenis"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Tab goes from dropdown to dropdown, not through every cell (arrow keys do that).
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.ROW_HEIGHT)
        header = self.horizontalHeader()
        for col, width in ((0, 170), (1, 130), (2, 160)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._rows: list[ColumnRow] = []
        self._filling = False

    # ---- building
    def set_columns(self, rows: Sequence[ColumnRow], needed_roles: Sequence[str] = ()) -> None:
        self._filling = True
        self._rows = list(rows)
        self.setRowCount(len(rows))
        types = _type_labels()
        roles = role_definitions()
        needed = [r for r in needed_roles if r in roles]
        others = sorted((r for r in roles if r not in needed), key=lambda r: _(roles[r]["label"]))
        for i, row in enumerate(rows):
            name = QTableWidgetItem(row.name)
            name.setToolTip(row.name)
            self.setItem(i, 0, name)
            self._set_example(i, row, row.note)

            type_box = QComboBox()
            for type_id, (label, help_text) in types.items():
                text = label + (_(" (voorstel)") if type_id == row.suggested_type else "")
                type_box.addItem(text, type_id)
                type_box.setItemData(type_box.count() - 1, help_text, Qt.ItemDataRole.ToolTipRole)
            type_box.setCurrentIndex(max(0, type_box.findData(row.type)))
            type_box.setToolTip(types.get(row.type, ("", ""))[1])
            type_box.currentIndexChanged.connect(
                lambda _i, box=type_box, n=row.name: self._type_picked(n, box))
            self.setCellWidget(i, 2, type_box)
            label_control(type_box, _("Soort waarde van kolom {name}").format(name=row.name))
            self._describe_cell(i, 2)

            role_box = QComboBox()
            role_box.addItem(_("(geen)"), NO_ROLE)
            for role in [*needed, *others]:
                label = _(roles[role]["label"])
                if role in needed:
                    label += _(" · nodig")
                if role == row.suggested_role:
                    label += _(" (voorstel)")
                role_box.addItem(label, role)
                role_box.setItemData(role_box.count() - 1, _(roles[role]["help"]),
                                     Qt.ItemDataRole.ToolTipRole)
            role_box.setCurrentIndex(max(0, role_box.findData(row.role or NO_ROLE)))
            role_box.currentIndexChanged.connect(
                lambda _i, box=role_box, n=row.name: self._role_picked(n, box))
            self.setCellWidget(i, 3, role_box)
            label_control(role_box, _("Betekenis van kolom {name}").format(name=row.name))
            self._describe_cell(i, 3)
        self._filling = False
        # Dropdowns made now would come last in the window's Tab order: put them right
        # after the table, row by row.
        tab_order_after(self, [self.cellWidget(i, col) for i in range(len(rows)) for col in (2, 3)])
        shown = min(len(rows), 30)  # the page scrolls; the table only for very wide files
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + 4
                            + self.ROW_HEIGHT * max(1, shown))

    def _describe_cell(self, i: int, col: int) -> None:
        """A screen reader walking the cells does not see the dropdown drawn over one: the
        cell itself says what it holds ("Betekenis van kolom BSN: cliënt")."""
        box = self.cellWidget(i, col)
        if box is None:
            return
        item = self.item(i, col) or QTableWidgetItem()
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"{box.accessibleName()}: {box.currentText()}")
        if self.item(i, col) is None:
            self.setItem(i, col, item)

    def _set_example(self, i: int, row: ColumnRow, note: str) -> None:
        item = QTableWidgetItem(note or row.example)
        item.setToolTip(_("Bijvoorbeeld: {value}").format(value=row.example) if row.example
                        else "")
        if note:
            item.setForeground(Qt.GlobalColor.darkRed)
            item.setToolTip(f"{note}\n" + item.toolTip())
        self.setItem(i, 1, item)

    def set_note(self, name: str, note: str) -> None:
        for i, row in enumerate(self._rows):
            if row.name == name:
                self._set_example(i, row, note)

    def set_role_silently(self, name: str, role: str | None) -> None:
        """Show a role change made elsewhere (a role moved away from this column)."""
        for i, row in enumerate(self._rows):
            if row.name == name:
                box = self.cellWidget(i, 3)
                self._filling = True
                box.setCurrentIndex(max(0, box.findData(role or NO_ROLE)))
                self._filling = False
                self._describe_cell(i, 3)

    # ---- reading
    def choices(self) -> dict[str, tuple[str, str | None]]:
        """column name -> (type id, role id or None) as shown."""
        out = {}
        for i, row in enumerate(self._rows):
            type_id = self.cellWidget(i, 2).currentData()
            role = self.cellWidget(i, 3).currentData() or None
            out[row.name] = (type_id, role)
        return out

    def type_box(self, name: str) -> QComboBox:
        return self.cellWidget([r.name for r in self._rows].index(name), 2)

    def role_box(self, name: str) -> QComboBox:
        return self.cellWidget([r.name for r in self._rows].index(name), 3)

    # ---- signals
    def _type_picked(self, name: str, box: QComboBox) -> None:
        box.setToolTip(_type_labels().get(box.currentData(), ("", ""))[1])
        self._describe_cell([r.name for r in self._rows].index(name), 2)
        if not self._filling:
            self.type_changed.emit(name, box.currentData())

    def _role_picked(self, name: str, box: QComboBox) -> None:
        self._describe_cell([r.name for r in self._rows].index(name), 3)
        if self._filling:
            return
        self.role_changed.emit(name, box.currentData() or None)

    def show_roles(self, roles: dict[str, str | None]) -> None:
        """Show the roles as core decided them (a role can move away from a column)."""
        for name, role in roles.items():
            self.set_role_silently(name, role)
