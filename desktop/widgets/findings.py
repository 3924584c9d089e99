"""Widgets that show check findings: the grouped list, one finding in detail, example
rows, and the quality scores. They only display what core computed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.checks.model import Finding, FindingTexts, FixProposal, Severity, row_number
from core.checks.texts import severity_text
from core.house_style import format_number, format_percent, format_share
from core.i18n import _
from desktop.widgets.layout import GrowingTextEdit

FINDING_ROLE = Qt.ItemDataRole.UserRole + 10


def severity_color(severity: Severity) -> str:
    return severity_text(severity.value)["color"]


def share_text(finding: Finding) -> str:
    if not finding.total:
        return ""
    return format_share(finding.share)


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    texts: FindingTexts
    dataset_name: str


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped title (a tree view otherwise guesses from newlines)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index):  # noqa: N802
        hint = super().sizeHint(option, index)
        if index.column() != 0:
            return hint
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth = 1 if index.parent().isValid() else 0
        width = self.tree.columnWidth(0) - self.tree.indentation() * (depth + 1) - 12
        rect = opt.fontMetrics.boundingRect(QRect(0, 0, max(width, 80), 10_000),
                                            int(Qt.TextFlag.TextWordWrap), opt.text)
        return QSize(hint.width(), max(hint.height(), rect.height() + 8))


class FindingsTree(QTreeWidget):
    """Findings grouped by severity (blokkerend, waarschuwing, ter info) with counts."""

    finding_selected = Signal(object)  # ShownFinding or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([_("Bevinding"), _("Aantal"), _("Aandeel")])
        self.setAccessibleName(_("Bevindingen"))
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(WrapDelegate(self))
        self.setAlternatingRowColors(False)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._items: list[ShownFinding] = []
        self.currentItemChanged.connect(self._current_changed)

    def set_findings(self, shown: list[ShownFinding], keep: tuple | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        select: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None
        bold = QFont(self.font())
        bold.setBold(True)
        for severity in Severity:
            members = [s for s in shown if s.finding.severity is severity]
            group = QTreeWidgetItem([f"{severity.label} ({len(members)})", "", ""])
            group.setFont(0, bold)
            group.setForeground(0, QBrush(QColor(severity_color(severity))))
            group.setToolTip(0, severity_text(severity.value)["help"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(group)
            for item_data in members:
                f = item_data.finding
                where = item_data.dataset_name + (f" · {f.column}" if f.column else "")
                item = QTreeWidgetItem([f"{item_data.texts.title}\n{where}",
                                        format_number(f.count), share_text(item_data.finding)])
                item.setData(0, FINDING_ROLE, len(self._items))
                self._items.append(item_data)
                item.setToolTip(0, item_data.texts.what)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                group.addChild(item)
                first = first or item
                if keep is not None and f.key == keep:
                    select = item
            group.setExpanded(True)
        self.blockSignals(False)
        target = select or first
        if target is not None:
            self.setCurrentItem(target)
        else:
            self.finding_selected.emit(None)

    def clear(self) -> None:
        super().clear()
        self._items = []

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        # Row heights follow the wrapped titles only when laid out at the new width.
        self.scheduleDelayedItemsLayout()

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is None or current.data(0, FINDING_ROLE) is None:
            self.finding_selected.emit(None)
            return
        self.finding_selected.emit(self._items[current.data(0, FINDING_ROLE)])

    def shown_at(self, item: QTreeWidgetItem) -> ShownFinding | None:
        index = item.data(0, FINDING_ROLE)
        return None if index is None else self._items[index]

    def finding_count(self) -> int:
        return len(self._items)


class FrameModel(QAbstractTableModel):
    """A small frame (example rows) with the row numbers users see."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._highlight: set[str] = set()
        self._numbered = True

    def set_frame(self, frame: pd.DataFrame, highlight: set[str] | None = None,
                  numbered: bool = True) -> None:
        """``numbered``: the index holds row labels of a dataset (shown as 'rij N')."""
        self.beginResetModel()
        self._frame = frame
        self._highlight = highlight or set()
        self._numbered = numbered
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self._frame.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._frame.iat[index.row(), index.column()]
            return "" if pd.isna(value) else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and column in self._highlight:
            return QBrush(QColor("#fff3cd"))
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section])
        if not self._numbered:
            return str(section + 1)
        return _("rij {n}").format(n=row_number(self._frame.index[section]))


class FixRow(QFrame):
    """One fix: a button and the assumption that goes into the report (editable)."""

    apply = Signal(object, str)  # FixProposal, assumption

    def __init__(self, fix: FixProposal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fix = fix
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        top = QHBoxLayout()
        self.button = QPushButton(fix.label)
        self.button.setObjectName("primary")
        self.button.setAccessibleName(fix.label)
        top.addWidget(self.button)
        top.addStretch(1)
        layout.addLayout(top)
        hint = QLabel(_("Aanname voor het rapport (u mag hem aanpassen):"))
        hint.setObjectName("muted")
        layout.addWidget(hint)
        self.assumption = GrowingTextEdit(min_lines=2)
        self.assumption.setPlainText(fix.assumption)
        self.assumption.setAccessibleName(_("Aanname bij: {fix}").format(fix=fix.label))
        layout.addWidget(self.assumption)
        if fix.irreversible:
            warn = QLabel(_("Let op: dit verandert de opgeslagen gegevens en kunt u niet "
                            "ongedaan maken."))
            warn.setObjectName("notice")
            warn.setWordWrap(True)
            layout.addWidget(warn)
        self.button.clicked.connect(
            lambda: self.apply.emit(self.fix, self.assumption.toPlainText()))


class FindingDetail(QFrame):
    """One finding: what is going on, why it matters, what you can do, fixes, examples."""

    fix_requested = Signal(object, str, str)  # FixProposal, assumption, check id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("muted")
        self.meta.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        self.sections: dict[str, QLabel] = {}
        for key, heading in (("what", _("Wat is er aan de hand?")),
                             ("why", _("Waarom telt het voor uw vraag?")),
                             ("action", _("Wat kunt u doen?"))):
            head = QLabel()
            head.setObjectName("sectionTitle")
            head.setText(heading)
            text = QLabel()
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(head)
            layout.addWidget(text)
            self.sections[key] = text
            if key == "what":  # the linkage rule, apart from the finding's own text
                self.rule = QLabel()
                self.rule.setObjectName("muted")
                self.rule.setWordWrap(True)
                layout.addWidget(self.rule)
        self.fix_box = QVBoxLayout()
        layout.addLayout(self.fix_box)
        self.examples_title = QLabel()
        self.examples_title.setObjectName("sectionTitle")
        self.examples_title.setText(_("Voorbeeldrijen"))
        layout.addWidget(self.examples_title)
        self.examples_note = QLabel()
        self.examples_note.setObjectName("muted")
        self.examples_note.setWordWrap(True)
        layout.addWidget(self.examples_note)
        self.examples = QTableView()
        self.examples.setAccessibleName(_("Voorbeeldrijen"))
        self.examples.setTabKeyNavigation(False)  # one Tab stop; the arrow keys move inside
        self.model = FrameModel(self.examples)
        self.examples.setModel(self.model)
        self.examples.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.examples.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.examples.horizontalHeader().setDefaultSectionSize(120)
        layout.addWidget(self.examples)
        layout.addStretch(1)
        self.fix_rows: list[FixRow] = []
        self.current: ShownFinding | None = None
        self.show_finding(None)

    def show_finding(self, shown: ShownFinding | None, examples: pd.DataFrame | None = None,
                     fixes_enabled: bool = True, note: str = "", numbered: bool = True) -> None:
        self.current = shown
        for row in self.fix_rows:
            row.setParent(None)
            row.deleteLater()
        self.fix_rows = []
        if shown is None:
            self.title.setText(_("Kies links een bevinding"))
            self.meta.setText(_("Dan ziet u hier wat er aan de hand is en wat u kunt doen."))
            for label in self.sections.values():
                label.setText("")
            self.rule.setText("")
            self.rule.hide()
            self.model.set_frame(pd.DataFrame())
            self.examples_note.setText("")
            self.examples.setVisible(False)
            return
        f = shown.finding
        self.title.setText(shown.texts.title)
        parts = [f.severity.label, shown.dataset_name]
        if f.column:
            parts.append(_("kolom {c}").format(c=f.column))
        if f.total:
            parts.append(_("{n} van {t} ({s})").format(n=format_number(f.count),
                                                        t=format_number(f.total), s=share_text(f)))
        self.meta.setText(" · ".join(parts))
        self.sections["what"].setText(shown.texts.what)
        self.rule.setText(_("Zo koppelt Stuurwijzer de berichten: {rule}").format(
            rule=shown.texts.rule))
        self.rule.setVisible(bool(shown.texts.rule))
        self.sections["why"].setText(shown.texts.why)
        self.sections["action"].setText(shown.texts.action)
        for fix in f.fixes:
            row = FixRow(fix, self)
            row.button.setEnabled(fixes_enabled)
            row.apply.connect(lambda fx, text, check=f.check: self.fix_requested.emit(fx, text,
                                                                                     check))
            self.fix_box.addWidget(row)
            self.fix_rows.append(row)
        self.examples.setVisible(examples is not None and not examples.empty)
        if examples is None or examples.empty:
            self.model.set_frame(pd.DataFrame())
            self.examples_note.setText(_("Bij deze bevinding horen geen losse rijen."))
        else:
            self.model.set_frame(examples, {f.column} if f.column and numbered else set(),
                                 numbered)
            self.examples_note.setText(note)
        self.examples.resizeColumnsToContents()
        self._fit_examples()

    def _fit_examples(self) -> None:
        """As tall as its rows (a few dozen at most), so only the page scrolls."""
        view = self.examples
        rows = sum(view.rowHeight(r) for r in range(min(self.model.rowCount(), 30)))
        chrome = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        chrome += view.horizontalScrollBar().sizeHint().height()  # wide rows scroll sideways
        view.setFixedHeight(max(80, rows + chrome))

    def set_fixes_enabled(self, enabled: bool) -> None:
        for row in self.fix_rows:
            row.button.setEnabled(enabled)


class QualityTable(QTableWidget):
    """Per dataset the four quality scores; the tooltip says what a score means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Kwaliteit per bestand"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_summary(self, summary) -> None:
        self.clear()
        if not summary:
            self.setRowCount(0)
            self.setColumnCount(0)
            return
        dims = summary[0].scores
        self.setColumnCount(1 + len(dims))
        self.setHorizontalHeaderLabels([_("Bestand")] + [s.label for s in dims])
        for col, score in enumerate(dims, start=1):
            self.horizontalHeaderItem(col).setToolTip(score.meaning)
        self.setRowCount(len(summary))
        for row, q in enumerate(summary):
            self.setItem(row, 0, QTableWidgetItem(q.name))
            for col, score in enumerate(q.scores, start=1):
                item = QTableWidgetItem(format_percent(score.score, 1))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(f"{score.grade}. {score.meaning}\n\n{score.basis}")
                color = {"goed": "#e3f1e6", "redelijk": "#fff4d6"}.get(score.grade, "#fbe3e1")
                item.setBackground(QBrush(QColor(color)))
                self.setItem(row, col, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        height = self.horizontalHeader().height() + sum(self.rowHeight(r)
                                                        for r in range(self.rowCount())) + 4
        self.setFixedHeight(height)


class SeverityTile(QFrame):
    """A count per severity, clickable to jump to that group."""

    clicked = Signal()

    def __init__(self, severity: Severity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severity = severity
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.number = QLabel("–")
        color = severity_color(severity)
        self.number.setStyleSheet(f"font-size: 20pt; font-weight: 700; color: {color};")
        self.label = QLabel(severity.label)
        self.label.setStyleSheet(f"font-weight: 600; color: {color};")
        self.help = QLabel(severity_text(severity.value)["help"])
        self.help.setObjectName("muted")
        self.help.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.number)
        top.addWidget(self.label, 1)
        layout.addLayout(top)
        layout.addWidget(self.help)
        self.setAccessibleName(severity.label)

    def set_count(self, count: int | None) -> None:
        self.number.setText("–" if count is None else str(count))
        self.setAccessibleDescription(_("{n} bevindingen").format(n=count or 0))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.clicked.emit()
        super().mousePressEvent(event)
