"""Step 1, Start: begin, open or explore, and name the project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from core.i18n import _
from core.steps import steps
from desktop.steps.base import PageContext, StepPage


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    heading = QLabel()
    heading.setObjectName("cardTitle")
    heading.setText(title)
    layout.addWidget(heading)
    return frame, layout


def _action_button(text: str, help_text: str) -> QPushButton:
    button = QPushButton(f"{text}\n{help_text}")
    button.setObjectName("bigAction")
    button.setAccessibleName(text)
    button.setAccessibleDescription(help_text)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class StartPage(StepPage):
    step_id = "start"

    def __init__(self, ctx: PageContext, info) -> None:
        super().__init__(ctx, info)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        # -- left: begin
        begin, begin_layout = _card(_("Aan de slag"))
        self.new_button = _action_button(
            _("Nieuw project"), _("Begin met een eigen vraag en eigen bestanden.")
        )
        self.open_button = _action_button(
            _("Project openen…"), _("Ga verder met een project dat u eerder opsloeg.")
        )
        self.example_button = _action_button(
            _("Voorbeeldproject openen"),
            _("Bekijk hoe het werkt met gegevens van de fictieve gemeente Westerdijk."),
        )
        for button in (self.new_button, self.open_button, self.example_button):
            begin_layout.addWidget(button)
        self.new_button.clicked.connect(ctx.actions.new_project)
        self.open_button.clicked.connect(lambda: ctx.actions.open_project(None))
        self.example_button.clicked.connect(ctx.actions.open_example)

        recent_title = QLabel()
        recent_title.setObjectName("sectionTitle")
        recent_title.setText(_("Recente projecten"))
        begin_layout.addSpacing(8)
        begin_layout.addWidget(recent_title)
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName(_("Recente projecten"))
        self.recent_list.itemActivated.connect(self._open_recent)
        self.recent_list.setMinimumHeight(120)
        begin_layout.addWidget(self.recent_list)
        self.no_recent = QLabel(_("U hebt nog geen projecten opgeslagen."))
        self.no_recent.setObjectName("muted")
        begin_layout.addWidget(self.no_recent)
        begin_layout.addStretch(1)
        grid.addWidget(begin, 0, 0)

        # -- right: this project
        mine, mine_layout = _card(_("Uw project"))
        self.example_note = QLabel(
            _("Dit is het voorbeeldproject. Kijk gerust rond en probeer dingen uit. Wilt u "
              "uw wijzigingen bewaren? Kies dan Project > Opslaan als.")
        )
        self.example_note.setObjectName("notice")
        self.example_note.setWordWrap(True)
        mine_layout.addWidget(self.example_note)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("Bijvoorbeeld: Wachttijden jeugdhulp 2025"))
        self.municipality_edit = QLineEdit()
        self.municipality_edit.setPlaceholderText(_("Bijvoorbeeld: Westerdijk"))
        self.author_edit = QLineEdit()
        self.author_edit.setPlaceholderText(_("Uw naam of team"))
        form.addRow(_("Naam van het project"), self.name_edit)
        form.addRow(_("Gemeente"), self.municipality_edit)
        form.addRow(_("Gemaakt door"), self.author_edit)
        for edit, attr in (
            (self.name_edit, "name"),
            (self.municipality_edit, "municipality"),
            (self.author_edit, "author"),
        ):
            edit.setAccessibleName(form.labelForField(edit).text())
            edit.textEdited.connect(lambda text, a=attr: self._edited(a, text))
        mine_layout.addLayout(form)

        how = QLabel()
        how.setObjectName("sectionTitle")
        how.setText(_("Zo werkt Stuurwijzer"))
        mine_layout.addSpacing(8)
        mine_layout.addWidget(how)
        for number, info_ in enumerate(steps()[1:], start=2):
            row = QHBoxLayout()
            badge = QLabel(str(number))
            badge.setObjectName("stepBadge")
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            badge.setFixedSize(26, 26)
            text = QLabel(f"<b>{info_.label}</b>: {info_.purpose}")
            text.setWordWrap(True)
            row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text, 1)
            mine_layout.addLayout(row)
        mine_layout.addStretch(1)
        grid.addWidget(mine, 0, 1)

        ctx.controller.state_changed.connect(self._refresh_recent)
        self.on_project_replaced()

    # ---- project → widgets
    def on_project_replaced(self) -> None:
        p = self.project
        for edit, value in (
            (self.name_edit, p.name),
            (self.municipality_edit, p.municipality),
            (self.author_edit, p.author),
        ):
            edit.setText(value)
            edit.setCursorPosition(0)
        self.example_note.setVisible(p.is_example)
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_list.clear()
        for path in self.ctx.controller.recent.existing():
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        has_recent = self.recent_list.count() > 0
        self.recent_list.setVisible(has_recent)
        self.no_recent.setVisible(not has_recent)

    # ---- widgets → project
    def _edited(self, attr: str, text: str) -> None:
        setattr(self.project, attr, text.strip())
        self.ctx.controller.mark_changed("name" if attr == "name" else "project")

    def _open_recent(self, item: QListWidgetItem) -> None:
        self.ctx.actions.open_project(Path(item.data(Qt.ItemDataRole.UserRole)))

    def self_check(self) -> list[str]:
        if self.project.is_example and not self.name_edit.text():
            return ["the example project's name is not shown"]
        return []


