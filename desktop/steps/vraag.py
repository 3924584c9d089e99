"""Step 2, Vraag: from ambition to a sharp question that data can answer.

The page shows the question of the open project and writes every edit through
``core.question``; then it calls ``controller.mark_changed("question")``. Tips
come from ``core.question_feedback`` a moment after the user stops typing.
Texts come from resources/texts/question.json.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.i18n import _
from core.io.datasets import datasets_supplying, mark_checklist_received
from core.maturity import ANALYSIS_TYPES, current_fit, fit_for
from core.paths import resource_text
from core.question import (
    AUDIENCES,
    CHECKLIST_FIELDS,
    CHECKLIST_STATUSES,
    PYRAMID_LEVELS,
    accept_point,
    activate_question,
    add_checklist_item,
    add_later_question,
    choose_template,
    format_target_date,
    move_later_question,
    park_question,
    question_texts,
    remove_checklist_item,
    remove_later_question,
    reopen_point,
    set_audience,
    update_checklist_item,
    update_question,
)
from core.question_feedback import Feedback, question_feedback
from core.templates import get_template, templates
from desktop.accessibility import mark_heading, tab_order_after
from desktop.steps.base import PageContext, StepPage
from desktop.widgets.layout import FoldableCard, GrowingTextEdit, open_enclosing_folds

FEEDBACK_DELAY_MS = 350  # tips follow the typing after a short pause
FREE = ""  # gallery key of the "own question" card
TIPS_WIDTH = 300  # the tips column beside the form; below it when the window is narrow


def _label(text: str, name: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(4)
    # In a narrow window a field moves under its label instead of getting too small.
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


def _card(title: str, help_text: str = "") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.addWidget(_label(title, "cardTitle"))
    if help_text:
        layout.addWidget(_label(help_text, "muted"))
    return frame, layout


def _foldable(title: str, help_text: str = "") -> tuple[FoldableCard, QVBoxLayout]:
    """A card the user can fold away: the later parts of a long step (see ``_fold_for``)."""
    card = FoldableCard(title)
    if help_text:
        card.body_layout.addWidget(_label(help_text, "muted"))
    return card, card.body_layout


def _text_box(lines: int, placeholder: str = "") -> GrowingTextEdit:
    box = GrowingTextEdit(min_lines=lines)
    box.setPlaceholderText(placeholder)
    return box


def _discard(widget: QWidget | None) -> None:
    """Remove a widget now; Qt frees it later (it may be in the middle of a signal)."""
    if widget is not None:
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()


def _relayout(widget: QWidget) -> None:
    # A dynamic property changed: let the style sheet see it.
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class TemplateCard(QPushButton):
    """A gallery card: a real button (focus, Enter, Space, screen readers) with wrapped text."""

    def __init__(self, key: str, title: str, summary: str) -> None:
        super().__init__()
        self.key = key
        self.setObjectName("templateCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(2)
        self.title = _label(title, "templateCardTitle")
        self.summary = _label(summary, "templateCardSummary")
        for label in (self.title, self.summary):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", "true" if selected else "false")
        _relayout(self)


class FeedbackCard(QFrame):
    """One tip: what, why, what to do; the user may leave it open on purpose."""

    def __init__(self, item: Feedback, texts: dict, page: VraagPage) -> None:
        super().__init__()
        self.item = item
        self.setObjectName("feedbackCard")
        self.setProperty("accepted", "true" if item.accepted else "false")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        prefix = _(texts["accepted"]) + ": " if item.accepted else ""
        self.title = _label(prefix + item.title, "feedbackTitle")
        layout.addWidget(self.title)
        if not item.accepted:
            layout.addWidget(_label(item.why))
            layout.addWidget(_label("→ " + item.todo))
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        go = QPushButton(_(texts["go_to_field"]))
        go.setObjectName("linkButton")
        go.clicked.connect(lambda: page.focus_field(item.field))
        buttons.addWidget(go)
        buttons.addStretch(1)
        if item.accepted:
            self.toggle = QPushButton(_(texts["reopen"]))
            self.toggle.clicked.connect(lambda: page.reopen(item.rule))
        else:
            self.toggle = QPushButton(_(texts["accept"]))
            self.toggle.setToolTip(_(texts["accept_help"]))
            self.toggle.clicked.connect(lambda: page.accept(item.rule))
        self.toggle.setAccessibleDescription(item.title)
        buttons.addWidget(self.toggle)
        layout.addLayout(buttons)
        if item.accepted:
            self.reason = QLineEdit(item.reason)
            self.reason.setPlaceholderText(_(texts["reason_placeholder"]))
            self.reason.setAccessibleName(_(texts["reason_placeholder"]))
            self.reason.textEdited.connect(lambda text: page.accept(item.rule, text))
            layout.addWidget(self.reason)


class ChecklistRow(QFrame):
    """One item of the data checklist, edited in place."""

    def __init__(self, index: int, page: VraagPage) -> None:
        super().__init__()
        self.setObjectName("checklistItem")
        texts = page.texts["checklist"]
        item = page.project.question.checklist[index]
        form = _form()
        form.setContentsMargins(10, 8, 10, 8)
        self.setLayout(form)
        self.edits: dict[str, QLineEdit] = {}
        for name in CHECKLIST_FIELDS:
            edit = QLineEdit(getattr(item, name))
            edit.setCursorPosition(0)
            edit.setAccessibleName(_(texts[name]))
            edit.setToolTip(getattr(item, name))
            edit.textEdited.connect(lambda text, n=name: page.edit_checklist(index, n, text))
            self.edits[name] = edit
            label = _label(_(texts[name]), "muted", wrap=False)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.status = QComboBox()
        self.status.setAccessibleName(_(texts["status"]))
        self.status.setAccessibleDescription(item.data)  # which of the rows it is
        for status in CHECKLIST_STATUSES:
            self.status.addItem(_(texts["statuses"][status]), status)
        self.status.setCurrentIndex(CHECKLIST_STATUSES.index(item.status))
        self.status.activated.connect(
            lambda i: page.edit_checklist(index, "status", CHECKLIST_STATUSES[i])
        )
        self.status.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status.setMinimumContentsLength(14)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        remove = QPushButton(_(texts["remove"]))
        remove.setAccessibleDescription(item.insight or item.data)
        remove.clicked.connect(lambda: page.remove_checklist(index))
        status_row.addWidget(remove)
        status_label = _label(_(texts["status"]), "muted", wrap=False)
        status_label.setBuddy(self.status)
        form.addRow(status_label, status_row)
        found = datasets_supplying(page.project, item.kind)
        self.found = _label(_(texts["found"]).format(names=", ".join(found)), "muted")
        self.found.setVisible(bool(found))
        form.addRow(self.found)


class VraagPage(StepPage):
    step_id = "vraag"

    def __init__(self, ctx: PageContext, info) -> None:
        super().__init__(ctx, info)
        self.texts = question_texts()
        self.setStyleSheet(resource_text("styles", "vraag.qss"))
        self._loading = False
        self._shown_feedback: tuple = ()
        self.field_widgets: dict[str, QWidget] = {}
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(FEEDBACK_DELAY_MS)
        self._feedback_timer.timeout.connect(self.refresh_feedback)

        self.root = root = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(14)
        self.left_scroll = self._scroll_area()
        left = QWidget()
        self.left = QVBoxLayout(left)
        self.left.setContentsMargins(0, 4, 8, 8)
        self.left.setSpacing(12)
        self.left_scroll.setWidget(left)
        root.addWidget(self.left_scroll, 3)

        self.right_scroll = self._scroll_area()
        right = QWidget()
        self.right = QVBoxLayout(right)
        self.right.setContentsMargins(0, 4, 8, 8)
        self.right.setSpacing(12)
        self.right_scroll.setWidget(right)
        self.right_scroll.setMinimumWidth(TIPS_WIDTH)
        root.addWidget(self.right_scroll, 2)

        lead = _label(_(self.texts["lead"]), "lead")
        self.left.addWidget(lead)
        self._build_gallery()
        self._build_title()
        self._build_pyramid()
        self._build_audience()
        self._build_scope()
        self._build_checklist()
        self._build_later()
        self.left.addStretch(1)
        self._build_feedback()
        self._build_pitfalls()
        self.right.addStretch(1)
        self.on_project_replaced()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_columns(event.size().width())

    def _fit_columns(self, width: int) -> None:
        """Tips beside the form when there is room, else below it (125-200% scaling)."""
        form_width = self.left_scroll.widget().minimumSizeHint().width() + 24
        side_by_side = width >= form_width + TIPS_WIDTH + self.root.spacing()
        direction = (QBoxLayout.Direction.LeftToRight if side_by_side
                     else QBoxLayout.Direction.TopToBottom)
        if self.root.direction() == direction:
            return
        self.root.setDirection(direction)
        self.right_scroll.setMinimumWidth(TIPS_WIDTH if side_by_side else 0)
        self.root.setStretch(1, 2 if side_by_side else 1)

    @staticmethod
    def _scroll_area() -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed Tab stop: its fields are
        return area

    # ------------------------------------------------------------------ building
    def _build_gallery(self) -> None:
        g = self.texts["gallery"]
        frame, layout = _card(_(g["title"]))
        header = QHBoxLayout()
        self.chosen_label = _label("", "muted")
        header.addWidget(self.chosen_label, 1)
        self.gallery_toggle = QPushButton()
        self.gallery_toggle.clicked.connect(
            lambda: self.set_gallery_open(not self.gallery_body.isVisible())
        )
        header.addWidget(self.gallery_toggle, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.parked_note = _label(_(g["parked"]), "notice")
        self.parked_note.hide()
        layout.addWidget(self.parked_note)

        self.gallery_body = QWidget()
        body = QVBoxLayout(self.gallery_body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(_label(_(g["help"]), "muted"))
        grid = QGridLayout()
        grid.setSpacing(8)
        self.template_cards: dict[str, TemplateCard] = {}
        order = g["order"]
        ranked = sorted(templates().values(),
                        key=lambda t: (order.index(t.id) if t.id in order else len(order), t.id))
        entries = [(t.id, _(t.label), _(t.summary)) for t in ranked]
        entries.append((FREE, _(g["free_label"]), _(g["free_summary"])))
        for n, (key, title, summary) in enumerate(entries):
            card = TemplateCard(key, title, summary)
            card.clicked.connect(lambda _checked=False, k=key: self.choose(k or None))
            grid.addWidget(card, n // 2, n % 2)
            self.template_cards[key] = card
        body.addLayout(grid)
        layout.addWidget(self.gallery_body)
        self.left.addWidget(frame)

    def _bind_text(self, widget: QLineEdit | GrowingTextEdit, name: str) -> None:
        self.field_widgets[name] = widget
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda text: self._edit(name, text))
        else:
            widget.textChanged.connect(lambda: self._edit(name, widget.toPlainText()))

    def _build_title(self) -> None:
        s = self.texts["sections"]
        frame, layout = _card(_(s["title"]), _(s["title_help"]))
        self.title_edit = _text_box(2, _(self.texts["fields"]["title"]["placeholder"]))
        self.title_edit.setAccessibleName(_(self.texts["fields"]["title"]["label"]))
        self._bind_text(self.title_edit, "title")
        layout.addWidget(self.title_edit)
        self.left.addWidget(frame)

    def _build_pyramid(self) -> None:
        s = self.texts["sections"]
        frame, layout = _card(_(s["pyramid"]), _(s["pyramid_help"]))
        layout.setSpacing(4)
        self.level_edits: dict[str, GrowingTextEdit] = {}
        count = len(PYRAMID_LEVELS)
        for level, name in enumerate(PYRAMID_LEVELS):
            texts = self.texts["levels"][name]
            box = QFrame()
            box.setObjectName("pyramidLevel")
            box.setProperty("level", str(level))
            inner = QVBoxLayout(box)
            inner.setContentsMargins(12, 8, 12, 10)
            inner.setSpacing(3)
            heading = _label(f"{level + 1}. {_(texts['label'])}: {_(texts['question'])}",
                             "levelTitle")
            inner.addWidget(heading)
            inner.addWidget(_label(_(texts["help"]), "muted"))
            edit = _text_box(3 if name == "output_indicators" else 2)
            edit.setAccessibleName(_(texts["label"]))
            edit.setAccessibleDescription(_(texts["question"]))
            inner.addWidget(edit)
            self.level_edits[name] = edit
            if name == "output_indicators":
                self.field_widgets[name] = edit
                edit.textChanged.connect(
                    lambda e=edit: self._edit("output_indicators", e.toPlainText())
                )
            else:
                self._bind_text(edit, name)
            if name == "result":
                inner.addLayout(self._build_goal_row())
            # The pyramid shape: the abstract top is narrow, the measurable base wide.
            indent = (count - 1 - level) * 14
            row = QHBoxLayout()
            row.setContentsMargins(indent, 0, indent, 0)
            row.addWidget(box)
            layout.addLayout(row)
            if level < count - 1:
                arrow = _label("▼", "levelArrow")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(arrow)
        self.left.addWidget(frame)

    def _build_goal_row(self) -> QFormLayout:
        f = self.texts["fields"]
        form = _form()
        self.baseline_edit = GrowingTextEdit(min_lines=1)
        self.target_edit = GrowingTextEdit(min_lines=1)
        self.date_edit = QLineEdit()
        for name, edit in (("baseline", self.baseline_edit), ("target", self.target_edit),
                           ("target_date", self.date_edit)):
            edit.setPlaceholderText(_(f[name]["placeholder"]))
            edit.setAccessibleName(_(f[name]["label"]))
            edit.setToolTip(_(f[name]["help"]))
            label = _label(_(f[name]["label"]), "muted", wrap=False)
            label.setToolTip(_(f[name]["help"]))
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.date_edit.setMaximumWidth(160)
        self._bind_text(self.baseline_edit, "baseline")
        self._bind_text(self.target_edit, "target")
        self.field_widgets["target_date"] = self.date_edit
        self.date_edit.textEdited.connect(self._date_edited)
        self.date_edit.editingFinished.connect(self._date_finished)
        self.date_error = _label(_(f["target_date"]["invalid"]), "fieldError")
        self.date_error.hide()
        form.addRow("", self.date_error)
        return form

    def _build_audience(self) -> None:
        s, f = self.texts["sections"], self.texts["fields"]
        frame, layout = _foldable(_(s["audience"]))
        layout.addWidget(_label(_(f["audiences"]["label"]), "sectionTitle"))
        layout.addWidget(_label(_(f["audiences"]["help"]), "muted"))
        grid = QGridLayout()
        self.audience_boxes: dict[str, QCheckBox] = {}
        for n, audience in enumerate(AUDIENCES):
            box = QCheckBox(_(self.texts["audiences"][audience]))
            box.toggled.connect(lambda on, a=audience: self._audience(a, on))
            grid.addWidget(box, n // 3, n % 3)
            self.audience_boxes[audience] = box
        self.field_widgets["audiences"] = self.audience_boxes[AUDIENCES[0]]
        layout.addLayout(grid)
        layout.addSpacing(6)
        action_label = mark_heading(QLabel(), False)  # it names the field below
        action_label.setObjectName("sectionTitle")
        action_label.setWordWrap(True)
        action_label.setText(_(f["action_perspective"]["label"]))
        layout.addWidget(action_label)
        layout.addWidget(_label(_(f["action_perspective"]["help"]), "muted"))
        self.action_edit = _text_box(3, _(f["action_perspective"]["placeholder"]))
        action_label.setBuddy(self.action_edit)
        self.action_edit.setAccessibleName(_(f["action_perspective"]["label"]))
        self._bind_text(self.action_edit, "action_perspective")
        layout.addWidget(self.action_edit)
        self.left.addWidget(frame)

    def _build_scope(self) -> None:
        s, f = self.texts["sections"], self.texts["fields"]
        frame, layout = _foldable(_(s["scope"]), _(s["scope_help"]))
        form = _form()
        self.scope_edits: dict[str, QLineEdit] = {}
        for name in ("scope_period", "scope_area", "scope_group"):
            edit = QLineEdit()
            edit.setPlaceholderText(_(f[name]["placeholder"]))
            edit.setAccessibleName(_(f[name]["label"]))
            self._bind_text(edit, name)
            form.addRow(_label(_(f[name]["label"]), "muted", wrap=False), edit)
            self.scope_edits[name] = edit
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(_label(_(f["analysis_type"]["label"]), "sectionTitle"))
        layout.addWidget(_label(_(f["analysis_type"]["help"]), "muted"))
        self.analysis_group = QButtonGroup(self)
        self.analysis_group.setExclusive(False)  # so "nothing chosen" can be shown
        self.analysis_buttons: dict[str, QRadioButton] = {}
        for type_id in ANALYSIS_TYPES:
            texts = self.texts["analysis_types"][type_id]
            button = QRadioButton(_(texts["label"]))
            button.setAccessibleDescription(_(texts["help"]))
            button.clicked.connect(lambda _c=False, t=type_id: self._analysis(t))
            self.analysis_group.addButton(button)
            self.analysis_buttons[type_id] = button
            layout.addWidget(button)
            help_label = _label(_(texts["help"]), "muted")
            help_label.setContentsMargins(26, 0, 0, 4)
            layout.addWidget(help_label)
        self.field_widgets["analysis_type"] = self.analysis_buttons[ANALYSIS_TYPES[0]]
        # The shared verdict on the chosen type (core.maturity.fit), as advice.
        self.analysis_fit_label = _label("", "notice")
        self.analysis_fit_label.hide()
        layout.addWidget(self.analysis_fit_label)
        self.left.addWidget(frame)

    def _build_checklist(self) -> None:
        s, c = self.texts["sections"], self.texts["checklist"]
        self.checklist_card, layout = _foldable(_(s["checklist"]), _(s["checklist_help"]))
        self.checklist_rows = QVBoxLayout()
        self.checklist_rows.setSpacing(6)
        layout.addLayout(self.checklist_rows)
        self.checklist_empty = _label(_(c["empty"]), "muted")
        layout.addWidget(self.checklist_empty)
        add = QPushButton("+ " + _(c["add"]))
        add.clicked.connect(self.add_checklist)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self.field_widgets["checklist"] = add
        self.left.addWidget(self.checklist_card)

    def _build_later(self) -> None:
        s, t = self.texts["sections"], self.texts["later"]
        frame, layout = _foldable(_(s["later"]), _(s["later_help"]))
        self.later_list = QListWidget()
        self.later_list.setAccessibleName(_(s["later"]))
        self.later_list.setWordWrap(True)
        self.later_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.later_list.setMaximumHeight(140)
        self.later_list.currentRowChanged.connect(lambda _row: self._later_buttons())
        layout.addWidget(self.later_list)
        self.later_empty = _label(_(t["empty"]), "muted")
        layout.addWidget(self.later_empty)
        self.later_buttons = QWidget()
        buttons = QHBoxLayout(self.later_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.later_up = QPushButton(_(t["up"]))
        self.later_down = QPushButton(_(t["down"]))
        self.later_activate = QPushButton(_(t["activate"]))
        self.later_remove = QPushButton(_(t["remove"]))
        self.later_up.clicked.connect(lambda: self._move_later(-1))
        self.later_down.clicked.connect(lambda: self._move_later(1))
        self.later_activate.clicked.connect(self._activate_later)
        self.later_remove.clicked.connect(self._remove_later)
        for button in (self.later_up, self.later_down, self.later_activate, self.later_remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.later_buttons)
        add_row = QHBoxLayout()
        self.later_edit = QLineEdit()
        self.later_edit.setPlaceholderText(_(t["placeholder"]))
        self.later_edit.setAccessibleName(_(t["placeholder"]))
        self.later_edit.returnPressed.connect(self._add_later)
        add_row.addWidget(self.later_edit, 1)
        add = QPushButton(_(t["add"]))
        add.clicked.connect(self._add_later)
        add_row.addWidget(add)
        layout.addLayout(add_row)
        self.park_button = QPushButton(_(t["park"]))
        self.park_button.setToolTip(_(t["park_help"]))
        self.park_button.clicked.connect(self._park)
        layout.addWidget(self.park_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.left.addWidget(frame)

    def _build_feedback(self) -> None:
        s = self.texts["sections"]
        frame, layout = _card(_(s["feedback"]))
        self.feedback_intro = _label("", "muted")
        layout.addWidget(self.feedback_intro)
        self.feedback_ok = _label(_(s["feedback_none"]), "feedbackOk")
        layout.addWidget(self.feedback_ok)
        self.feedback_box = QVBoxLayout()
        self.feedback_box.setSpacing(8)
        layout.addLayout(self.feedback_box)
        self.feedback_cards: list[FeedbackCard] = []
        self.right.addWidget(frame)

    def _build_pitfalls(self) -> None:
        frame, layout = _foldable(_(self.texts["sections"]["pitfalls"]))
        for pitfall in self.texts["pitfalls"]:
            layout.addWidget(_label(_(pitfall["title"]), "pitfallTitle"))
            text = _label(_(pitfall["text"]), "muted")
            text.setContentsMargins(0, 0, 0, 4)
            layout.addWidget(text)
        self.right.addWidget(frame)
        self.pitfalls_card = frame

    @property
    def folds(self) -> list[FoldableCard]:
        return self.findChildren(FoldableCard)

    def _fold_for(self) -> None:
        """A new question opens every part, so the user sees the whole route; a question
        that is already written starts short, with the later parts folded under their titles."""
        open_ = self.project.question.is_empty()
        for card in self.folds:
            card.set_open(open_)

    # ------------------------------------------------------------------ project -> widgets
    def on_project_replaced(self) -> None:
        self._load_question()
        self.parked_note.hide()
        self.set_gallery_open(self.project.question.is_empty())
        self._fold_for()
        self.left_scroll.verticalScrollBar().setValue(0)
        self.right_scroll.verticalScrollBar().setValue(0)

    def on_project_changed(self, tags: frozenset) -> None:
        if "question" in tags:
            self._feedback_timer.start()

    def _load_question(self) -> None:
        q = self.project.question
        self._loading = True
        try:
            for name, widget in self.field_widgets.items():
                if isinstance(widget, GrowingTextEdit):
                    value = getattr(q, name)
                    text = "\n".join(value) if isinstance(value, list) else value
                    if widget.toPlainText() != text:
                        widget.setPlainText(text)
                elif isinstance(widget, QLineEdit) and name != "target_date":
                    widget.setText(getattr(q, name))
                    widget.setCursorPosition(0)
            self.date_edit.setText(format_target_date(q.target_date))
            self.date_error.hide()
            for audience, box in self.audience_boxes.items():
                box.setChecked(audience in q.audiences)
            for type_id, button in self.analysis_buttons.items():
                button.setChecked(type_id == q.analysis_type)
        finally:
            self._loading = False
        self._update_gallery_selection()
        self._rebuild_checklist()
        self._rebuild_later()
        self.refresh_feedback()

    def _update_gallery_selection(self) -> None:
        q = self.project.question
        key = q.template or (FREE if not q.is_empty() else None)
        for card_key, card in self.template_cards.items():
            card.set_selected(card_key == key)
        g = self.texts["gallery"]
        template = get_template(q.template)
        if template is not None:
            self.chosen_label.setText(_(g["chosen"]).format(label=_(template.label)))
        elif not q.is_empty():
            self.chosen_label.setText(_(g["chosen_free"]))
        else:
            self.chosen_label.setText("")

    def set_gallery_open(self, open_: bool) -> None:
        self.gallery_body.setVisible(open_)
        g = self.texts["gallery"]
        self.gallery_toggle.setText(_(g["hide"]) if open_ else _(g["show"]))

    def _rebuild_checklist(self) -> None:
        while self.checklist_rows.count():
            _discard(self.checklist_rows.takeAt(0).widget())
        items = self.project.question.checklist
        for index in range(len(items)):
            self.checklist_rows.addWidget(ChecklistRow(index, self))
        self.checklist_empty.setVisible(not items)
        rows = [self.checklist_rows.itemAt(i).widget() for i in range(self.checklist_rows.count())]
        tab_order_after(self.checklist_card.fold.button, rows)

    def _rebuild_later(self, select: int | None = None) -> None:
        untitled = _(self.texts["later"]["untitled"])
        self.later_list.clear()
        for n, q in enumerate(self.project.later_questions, start=1):
            item = QListWidgetItem(f"{n}. {q.title or untitled}")
            item.setToolTip(q.title)
            self.later_list.addItem(item)
        has_items = self.later_list.count() > 0
        self.later_list.setVisible(has_items)
        self.later_buttons.setVisible(has_items)
        self.later_empty.setVisible(not has_items)
        if has_items:
            # Something is always selected, so the buttons below are never all grey.
            self.later_list.setCurrentRow(select if select is not None else 0)
        self._later_buttons()

    def _later_buttons(self) -> None:
        row = self.later_list.currentRow()
        count = self.later_list.count()
        self.later_up.setEnabled(row > 0)
        self.later_down.setEnabled(0 <= row < count - 1)
        self.later_activate.setEnabled(row >= 0)
        self.later_remove.setEnabled(row >= 0)
        self.park_button.setEnabled(not self.project.question.is_empty())

    def refresh_feedback(self) -> None:
        """Show the current tips; rebuilds only when they changed (keeps focus in a reason)."""
        self._feedback_timer.stop()
        # Open tips first; the ones left open on purpose go to the bottom.
        items = sorted(question_feedback(self.project), key=lambda f: f.accepted)
        self._refresh_analysis_fit()
        # The whole text and the field are part of the key: a tip whose words changed
        # (a placeholder replaced) is rebuilt, so it never lists old words or points
        # at a field that no longer needs attention.
        key = tuple((f.rule, f.variant, f.field, f.title, f.why, f.todo, f.accepted)
                    for f in items)
        s = self.texts["sections"]
        empty = self.project.question.is_empty()
        self.feedback_intro.setText(_(s["feedback_empty"]) if empty else "")
        self.feedback_intro.setVisible(empty)
        self.feedback_ok.setVisible(not empty and not items)
        if key == self._shown_feedback:
            return
        self._shown_feedback = key
        for card in self.feedback_cards:
            self.feedback_box.removeWidget(card)
            _discard(card)
        texts = self.texts["feedback_card"]
        self.feedback_cards = [FeedbackCard(item, texts, self) for item in items]
        for card in self.feedback_cards:
            self.feedback_box.addWidget(card)

    def _refresh_analysis_fit(self) -> None:
        chosen = self.project.question.analysis_type
        if not chosen:
            self.analysis_fit_label.hide()
            return
        verdict = fit_for(self.project, chosen)
        lines = [verdict.reason]
        fit = current_fit(self.project)
        if verdict.fits and fit is not None:
            lines += [c.text for c in fit.conditions]
        self.analysis_fit_label.setText(" ".join(lines))
        self.analysis_fit_label.show()

    # ------------------------------------------------------------------ widgets -> project
    def _changed(self) -> None:
        self.ctx.controller.mark_changed("question")
        self._later_buttons()
        self._update_gallery_selection()

    def _edit(self, name: str, value) -> None:
        if self._loading:
            return
        update_question(self.project.question, **{name: value})
        self._changed()

    def _date_edited(self, text: str) -> None:
        try:
            update_question(self.project.question, target_date=text)
        except UserError:
            return  # still typing; judged when the field is left
        self.date_error.hide()
        self._changed()

    def _date_finished(self) -> None:
        text = self.date_edit.text()
        try:
            update_question(self.project.question, target_date=text)
        except UserError:
            self.date_error.show()
            if self.project.question.target_date:
                update_question(self.project.question, target_date="")
                self._changed()
            return
        self.date_error.hide()
        shown = format_target_date(self.project.question.target_date)
        if shown != text:
            self.date_edit.setText(shown)

    def _audience(self, audience: str, chosen: bool) -> None:
        if self._loading:
            return
        set_audience(self.project.question, audience, chosen)
        self._changed()

    def _analysis(self, type_id: str) -> None:
        q = self.project.question
        new = "" if q.analysis_type == type_id else type_id  # a second click clears
        update_question(q, analysis_type=new)
        for other, button in self.analysis_buttons.items():
            button.setChecked(other == new)
        self._changed()

    def choose(self, template_id: str | None) -> None:
        """Start from a template (None: an own question). Earlier work is kept for later."""
        choice = choose_template(self.project, template_id)
        mark_checklist_received(self.project)  # data already imported counts as in
        self.ctx.controller.mark_changed("question")
        self._load_question()
        self.parked_note.setVisible(choice.parked)
        self.set_gallery_open(False)
        self.title_edit.setFocus()

    def edit_checklist(self, index: int, name: str, value: str) -> None:
        update_checklist_item(self.project.question, index, **{name: value})
        self._changed()

    def add_checklist(self) -> None:
        add_checklist_item(self.project.question)
        self._changed()
        self._rebuild_checklist()
        last = self.checklist_rows.itemAt(self.checklist_rows.count() - 1).widget()
        last.edits["insight"].setFocus()

    def remove_checklist(self, index: int) -> None:
        remove_checklist_item(self.project.question, index)
        self._changed()
        # Rebuilt after the click handler returns: the clicked button is in the row.
        QTimer.singleShot(0, self._rebuild_checklist)

    def accept(self, rule_id: str, reason: str = "") -> None:
        accept_point(self.project.question, rule_id, reason)
        self._changed()
        if not reason:
            QTimer.singleShot(0, self.refresh_feedback)  # the clicked button is in the card

    def reopen(self, rule_id: str) -> None:
        reopen_point(self.project.question, rule_id)
        self._changed()
        QTimer.singleShot(0, self.refresh_feedback)

    def _later_action(self, action: Callable[[], int | None], reload: bool = False) -> None:
        select = action()
        self.ctx.controller.mark_changed("question")
        if reload:
            self._load_question()
        else:
            self._rebuild_later(select)

    def _add_later(self) -> None:
        title = self.later_edit.text()
        if not title.strip():
            return
        add_later_question(self.project, title)
        self.later_edit.clear()
        self._later_action(lambda: len(self.project.later_questions) - 1)

    def _move_later(self, delta: int) -> None:
        row = self.later_list.currentRow()
        if row >= 0:
            self._later_action(lambda: move_later_question(self.project, row, delta))

    def _activate_later(self) -> None:
        row = self.later_list.currentRow()
        if row >= 0:
            self._later_action(lambda: activate_question(self.project, row), reload=True)
            self.left_scroll.verticalScrollBar().setValue(0)

    def _remove_later(self) -> None:
        row = self.later_list.currentRow()
        if row < 0:
            return

        def remove() -> int:
            remove_later_question(self.project, row)
            return max(0, row - 1)

        self._later_action(remove)

    def _park(self) -> None:
        self._later_action(lambda: park_question(self.project), reload=True)
        self.set_gallery_open(True)

    # ------------------------------------------------------------------ help
    def focus_field(self, name: str) -> None:
        widget = self.field_widgets.get(name)
        if widget is None:
            return
        open_enclosing_folds(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        # An opened card takes its place at the next layout pass: scroll after that.
        QTimer.singleShot(0, lambda: self.left_scroll.ensureWidgetVisible(widget, 0, 80))

    def on_shown(self) -> None:
        self._rebuild_checklist()  # statuses and "ingelezen" notes follow the Data step
        self.refresh_feedback()

    def self_check(self) -> list[str]:
        problems = []
        q = self.project.question
        if len(self.template_cards) != len(templates()) + 1:
            problems.append("the template gallery does not show every template")
        if self.title_edit.toPlainText() != q.title:
            problems.append("the question is not shown")
        if self.level_edits["ambition"].toPlainText() != q.ambition:
            problems.append("the pyramid is not shown")
        self.refresh_feedback()
        if len(self.feedback_cards) != len(question_feedback(self.project)):
            problems.append("the tips do not match the question")
        if self.project.is_example and not q.title:
            problems.append("the example project has no question")
        return problems
