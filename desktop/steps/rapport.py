"""Step 7, Rapport: the report's texts and actions, a live page preview, export to PDF and
Word, printing.

The page holds no report logic: texts and actions change through core.report.section
and core.report.actions; the report is built, laid out and rasterised by core.report in
the background (debounced while the user types) and only shown here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import privacy
from core.errors import UserError
from core.i18n import _
from core.report import actions as action_table
from core.report import section as report_section
from core.report.build import texts as report_texts
from core.report.build import todos
from core.report.export import Preview, export_report, preview_report
from core.report.preview import PageImage, outline, page_texts, render_pages
from core.report.section import GROUPS, NOTE_SECTIONS, PRIORITIES
from desktop import dialogs
from desktop.accessibility import label_control, tab_order_after
from desktop.dialogs import show_user_error
from desktop.steps.base import PageContext, StepPage
from desktop.widgets.layout import Fold, GrowingTextEdit

PREVIEW_DELAY_MS = 600  # typing pauses this long before the preview is rebuilt
PREVIEW_WIDTH = 400  # pixels of one preview page (logical)
A4_WIDTH_IN = 8.27
PRINT_DPI = 300
COLUMNS = ("action", "owner", "deadline", "priority", "group")  # the source: a tooltip
ID_ROLE = Qt.ItemDataRole.UserRole


def _ui(key: str, **values: Any) -> str:
    return _(report_texts()["ui"][key]).format(**values)


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def _editor(name: str, lines: int) -> GrowingTextEdit:
    edit = GrowingTextEdit(min_lines=lines)
    edit.setAccessibleName(name)
    return edit


def _section(title: str, *widgets: QWidget | QHBoxLayout, opened: bool = True) -> Fold:
    """A titled part of the Teksten tab that folds away (the help text goes with it)."""
    content = QWidget()
    layout = QVBoxLayout(content)
    layout.setContentsMargins(0, 0, 0, 4)
    for widget in widgets:
        if isinstance(widget, QHBoxLayout):
            layout.addLayout(widget)
        else:
            layout.addWidget(widget)
    return Fold(title, content, opened=opened)


def page_image(page: PageImage) -> QImage:
    """A rendered PDF page as a QImage (copied, so the pixels may be freed)."""
    image = QImage(page.pixels, page.width, page.height, page.stride,
                   QImage.Format.Format_RGBX8888)
    return image.copy()


class PageView(QWidget):
    """The report's pages, one at a time, as large as fits (never larger than rendered).
    Page Up and Page Down (or the wheel with Ctrl) leaf through them."""

    page_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images: list[QImage] = []
        self._texts: list[str] = []
        self.current = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 300)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(PREVIEW_WIDTH, round(PREVIEW_WIDTH * 297 / 210))

    def set_pages(self, images: list[QImage], texts: list[str] | None = None) -> None:
        self._images = images
        self._texts = [" ".join(t.split()) for t in texts or []]
        self.current = min(self.current, max(0, len(images) - 1))
        self._changed()

    def page_count(self) -> int:
        return len(self._images)

    def turn(self, delta: int) -> None:
        wanted = max(0, min(self.current + delta, len(self._images) - 1))
        if wanted != self.current:
            self.current = wanted
            self._changed()

    def _changed(self) -> None:
        # The page in words: a screen reader reads what the picture shows.
        description = ""
        if self._images:
            description = _("Pagina {n} van {total}.").format(n=self.current + 1,
                                                               total=len(self._images))
            if self.current < len(self._texts):
                description += " " + self._texts[self.current]
        self.setAccessibleDescription(description)
        self.update()
        self.page_changed.emit()

    def page_rect(self) -> QRect:
        """Where the current page is drawn: scaled down to fit, centred at the top."""
        if not self._images:
            return QRect()
        image = self._images[self.current]
        ratio = image.devicePixelRatio() or 1.0
        natural = QSize(round(image.width() / ratio), round(image.height() / ratio))
        size = natural.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio) \
            if natural.width() > self.width() or natural.height() > self.height() else natural
        return QRect(QPoint((self.width() - size.width()) // 2, 0), size)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self._images:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.page_rect()
        painter.drawImage(target, self._images[self.current])
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawRect(target.adjusted(0, 0, -1, -1))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        keys = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1, Qt.Key.Key_Home: -10_000,
                Qt.Key.Key_End: 10_000}
        if event.key() in keys:
            self.turn(keys[event.key()])
            return
        super().keyPressEvent(event)


class RapportPage(StepPage):
    step_id = "rapport"

    def __init__(self, ctx: PageContext, info) -> None:
        super().__init__(ctx, info)
        self._loading = False
        self._generation = 0
        self._op = None  # the last export or print
        self._render_op = None  # the last preview
        self._preview: Preview | None = None
        self._previewing = False  # a preview is scheduled or being made
        self._exporting = False  # an export or print is being made
        self._preview_error = ""
        self._needs_render = True
        self._shown_once = False
        self.last_export: Path | None = None
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(PREVIEW_DELAY_MS)
        self._render_timer.timeout.connect(self._render_now)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(_muted(_ui("lead")))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Onderdelen van het rapport"))
        self.tabs.addTab(self._build_texts(), _("Teksten"))
        self.tabs.addTab(self._build_actions(), _("Acties"))
        self.tabs.addTab(self._build_cover(), _("Voorkant"))
        left.addWidget(self.tabs, 1)
        left.addWidget(self._build_todos())
        holder = QWidget()
        holder.setLayout(left)
        holder.setMinimumWidth(420)
        holder.setMaximumWidth(620)
        outer.addWidget(holder, 5)
        outer.addWidget(self._build_preview(), 4)
        self.on_project_replaced()

    # ------------------------------------------------------------------ building the UI
    def _build_texts(self) -> QWidget:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)

        self.key_message = _editor(_("Kernboodschap"), 3)
        row = QHBoxLayout()
        self.key_message_note = _muted(_ui("key_message_suggestion"))
        row.addWidget(self.key_message_note, 1)
        self.use_suggestion = QPushButton(_("Voorstel overnemen"))
        self.use_suggestion.setToolTip(_("Zet de titels van de eerste twee grafieken in het "
                                         "vak, zodat u ze kunt aanpassen."))
        self.use_suggestion.clicked.connect(self._use_suggestion)
        row.addWidget(self.use_suggestion)
        layout.addWidget(_section(_("Kernboodschap"), _muted(_ui("key_message_help")),
                                  self.key_message, row))

        self.decisions = _editor(_ui("decisions_title"), 3)
        row = QHBoxLayout()
        self.decisions_note = _muted(_ui("decisions_suggestion"))
        row.addWidget(self.decisions_note, 1)
        self.use_decisions = QPushButton(_("Voorstel overnemen"))
        self.use_decisions.setToolTip(_ui("decisions_tooltip"))
        self.use_decisions.clicked.connect(self._use_decision_proposals)
        row.addWidget(self.use_decisions)
        layout.addWidget(_section(_ui("decisions_title"), _muted(_ui("decisions_help")),
                                  self.decisions, row))
        self.decisions.textChanged.connect(self._decisions_changed)

        # The less used texts fold away; on_project_replaced opens those that hold text.
        self.summary = _editor(_("Toelichting bij de samenvatting"), 3)
        self.summary_fold = _section(_("Toelichting bij de samenvatting"),
                                     _muted(_ui("summary_help")), self.summary)
        layout.addWidget(self.summary_fold)

        self.note_section = QComboBox()
        self.note_section.setAccessibleName(_("Hoofdstuk voor de toelichting"))
        titles = report_texts()["sections"]
        chapter_of = {"question": "question", "data": "data", "quality": "quality",
                      "analyses": "analyses", "maturity": "maturity", "actions": "actions"}
        for key in NOTE_SECTIONS:
            self.note_section.addItem(_(titles[chapter_of[key]]), key)
        self.note_section.currentIndexChanged.connect(self._show_note)
        self.note = _editor(_("Toelichting bij het gekozen hoofdstuk"), 3)
        self.note_fold = _section(_("Toelichting per hoofdstuk"), _muted(_ui("notes_help")),
                                  self.note_section, self.note)
        # On Linux a combo box is named by its value; a label relation says what it is.
        label_control(self.note_section, _("Hoofdstuk voor de toelichting"))
        layout.addWidget(self.note_fold)

        self.next_question = _editor(_("De volgende vraag"), 2)
        self.next_fold = _section(_("De volgende vraag"), _muted(_ui("next_help")),
                                  self.next_question)
        layout.addWidget(self.next_fold)
        layout.addStretch(1)

        for name, edit in (("key_message", self.key_message), ("summary", self.summary),
                           ("next_question", self.next_question)):
            edit.textChanged.connect(lambda n=name, e=edit: self._text_changed(n, e))
        self.note.textChanged.connect(self._note_changed)
        return inner

    def _build_actions(self) -> QWidget:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(QLabel(f"<b>{_('Afgesproken acties')}</b>"))
        layout.addWidget(_muted(_ui("actions_help")))
        headers = [_(h) for h in report_texts()["actions"]["columns"]][:len(COLUMNS) - 1]
        headers.append(_ui("group_column"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(_("Acties"))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 120)
        self.table.setColumnWidth(2, 88)
        self.table.setColumnWidth(3, 78)
        self.table.setColumnWidth(4, 88)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setMinimumHeight(280)
        # Rows grow with their text; a wider column needs fewer lines, so refit on resize.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_args: self._fit_timer.start())
        self.table.itemChanged.connect(self._action_edited)
        layout.addWidget(self.table, 2)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Nieuwe actie"))
        self.add_button.clicked.connect(self._add_action)
        self.remove_button = QPushButton(_("Verwijderen"))
        self.remove_button.clicked.connect(self._remove_action)
        self.up_button = QPushButton(_("Omhoog"))
        self.up_button.clicked.connect(lambda: self._move_action(-1))
        self.down_button = QPushButton(_("Omlaag"))
        self.down_button.clicked.connect(lambda: self._move_action(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        layout.addSpacing(10)
        layout.addWidget(QLabel(f"<b>{_('Voorstellen')}</b>"))
        layout.addWidget(_muted(_ui("proposals_help")))
        self.proposal_list = QListWidget()
        self.proposal_list.setAccessibleName(_("Voorstellen voor acties"))
        self.proposal_list.setWordWrap(True)
        self.proposal_list.setMinimumHeight(150)
        self.proposal_list.itemDoubleClicked.connect(lambda _item: self._accept_selected())
        layout.addWidget(self.proposal_list, 1)
        row = QHBoxLayout()
        self.accept_button = QPushButton(_("Overnemen"))
        self.accept_button.clicked.connect(self._accept_selected)
        self.dismiss_button = QPushButton(_("Niet overnemen"))
        self.dismiss_button.clicked.connect(self._dismiss_selected)
        self.restore_button = QPushButton(_("Weggelaten terugzetten"))
        self.restore_button.setToolTip(_("Zet de voorstellen terug die u eerder niet overnam."))
        self.restore_button.clicked.connect(self._restore_dismissed)
        for button in (self.accept_button, self.dismiss_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return inner

    def _build_cover(self) -> QWidget:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(_muted(_ui("cover_help")))
        form = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Titel van het rapport"))
        self.subtitle_edit = QLineEdit()
        self.subtitle_edit.setAccessibleName(_("Ondertitel"))
        self.author_edit = QLineEdit()
        self.author_edit.setAccessibleName(_("Opgesteld door"))
        self.date_edit = QLineEdit()
        self.date_edit.setAccessibleName(_("Datum van het rapport"))
        self.date_edit.setPlaceholderText(_("vandaag (of typ een datum, bijvoorbeeld 3-2-2025)"))
        form.addRow(_("Titel"), self.title_edit)
        form.addRow(_("Ondertitel"), self.subtitle_edit)
        form.addRow(_("Opgesteld door"), self.author_edit)
        form.addRow(_("Datum"), self.date_edit)
        layout.addLayout(form)
        for name, edit in (("title", self.title_edit), ("subtitle", self.subtitle_edit),
                           ("author", self.author_edit)):
            edit.textEdited.connect(lambda text, n=name: self._line_changed(n, text))
        self.date_edit.editingFinished.connect(self._date_changed)

        layout.addSpacing(10)
        layout.addWidget(QLabel(f"<b>{_('Logo')}</b>"))
        layout.addWidget(_muted(_ui("logo_help")))
        self.logo_preview = QLabel()
        self.logo_preview.setFixedHeight(70)
        layout.addWidget(self.logo_preview)
        row = QHBoxLayout()
        self.logo_button = QPushButton(_("Logo kiezen…"))
        self.logo_button.clicked.connect(self._choose_logo)
        self.logo_remove = QPushButton(_("Logo weghalen"))
        self.logo_remove.clicked.connect(self._remove_logo)
        row.addWidget(self.logo_button)
        row.addWidget(self.logo_remove)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return inner

    def _build_todos(self) -> QWidget:
        frame = QFrame()
        frame.setObjectName("card")
        layout = QVBoxLayout(frame)
        heading = QLabel()
        heading.setObjectName("cardTitle")
        heading.setText(_ui("todos"))
        layout.addWidget(heading)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        self.todo_label = _muted()
        self.todo_label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.todo_label)
        # What the user wrote that the figures or dates no longer support (from the preview).
        self.issues_title = QLabel(f"<b>{_ui('issues_title')}</b>")
        self.issues_label = QLabel()
        self.issues_label.setObjectName("notice")
        self.issues_label.setWordWrap(True)
        self.issues_label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.issues_title)
        column.addWidget(self.issues_label)
        layout.addWidget(inner)
        self._show_issues()
        return frame

    def _build_preview(self) -> QWidget:
        frame = QFrame()
        frame.setObjectName("card")
        layout = QVBoxLayout(frame)
        top = QHBoxLayout()
        self.preview_label = QLabel()
        self.preview_label.setObjectName("cardTitle")
        self.preview_label.setText(_ui("preview_busy"))
        top.addWidget(self.preview_label, 1)
        # Leafing through sits on top: with long texts on the left the page's foot is far.
        self.prev_page = QPushButton("‹")
        self.prev_page.setAccessibleName(_("Vorige pagina"))
        self.prev_page.setToolTip(_("Vorige pagina (Page Up)"))
        self.next_page = QPushButton("›")
        self.next_page.setAccessibleName(_("Volgende pagina"))
        self.next_page.setToolTip(_("Volgende pagina (Page Down)"))
        self.page_number = QLabel()
        self.page_number.setObjectName("muted")
        for widget in (self.prev_page, self.page_number, self.next_page):
            top.addWidget(widget)
        layout.addLayout(top)
        # While the preview is made (seconds for a big project): how far, and no export yet.
        self.preview_bar = QProgressBar()
        self.preview_bar.setAccessibleName(_("Voortgang van het voorbeeld"))
        self.preview_bar.setTextVisible(False)
        self.preview_bar.setMaximumHeight(8)
        self.preview_bar.setVisible(False)
        layout.addWidget(self.preview_bar)
        self.preview_step = _muted()
        self.preview_step.setVisible(False)
        layout.addWidget(self.preview_step)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton(_("Opslaan als PDF…"))
        self.pdf_button.setObjectName("primary")
        self.pdf_button.setToolTip(_("Een PDF voor het archief (PDF/A), ook goed leesbaar met "
                                     "een voorleesprogramma."))
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.word_button = QPushButton(_("Opslaan als Word…"))
        self.word_button.setToolTip(_("Een Word-bestand dat u kunt aanpassen of in een "
                                      "raadsvoorstel kunt plakken."))
        self.word_button.clicked.connect(lambda: self._export("docx"))
        self.print_button = QPushButton(_("Afdrukken…"))
        self.print_button.clicked.connect(self._print)
        self.open_button = QPushButton(_("Openen"))
        self.open_button.setToolTip(_("Open het laatst opgeslagen rapport."))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_export)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.word_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        more = QHBoxLayout()
        more.addWidget(self.print_button)
        more.addWidget(self.open_button)
        more.addStretch(1)
        layout.addLayout(more)
        # One page at a time, leafed through: a scroll area here would scroll inside the page.
        self.preview_view = PageView()
        self.preview_view.setAccessibleName(_("Voorbeeld van het rapport"))
        layout.addWidget(self.preview_view, 1)
        self.prev_page.clicked.connect(lambda: self.preview_view.turn(-1))
        self.next_page.clicked.connect(lambda: self.preview_view.turn(1))
        self.preview_view.page_changed.connect(self._show_page_number)
        self._show_page_number()
        return frame

    def _show_page_number(self) -> None:
        view = self.preview_view
        count = view.page_count()
        self.page_number.setText(_("{n} van {total}").format(n=view.current + 1, total=count)
                                 if count else "")
        self.prev_page.setEnabled(view.current > 0)
        self.next_page.setEnabled(view.current < count - 1)

    # ------------------------------------------------------------------ project events
    @property
    def section(self) -> report_section.ReportSection:
        return self.project.report

    def on_project_replaced(self) -> None:
        self._loading = True
        section = self.section
        self.key_message.setPlainText(section.key_message)
        self.decisions.setPlainText("\n".join(section.decisions))
        self.summary.setPlainText(section.summary)
        self.next_question.setPlainText(section.next_question)
        self.summary_fold.set_open(bool(section.summary.strip()))
        self.note_fold.set_open(any(section.note(key).strip() for key in NOTE_SECTIONS))
        self.next_fold.set_open(bool(section.next_question.strip()))
        later = [q.title for q in self.project.later_questions if q.title.strip()]
        self.next_question.setPlaceholderText(later[0] if later else "")
        self.title_edit.setText(section.title)
        self.title_edit.setPlaceholderText(self.project.name or _("Rapport"))
        self.subtitle_edit.setText(section.subtitle)
        self.subtitle_edit.setPlaceholderText(self.project.question.title)
        self.author_edit.setText(section.author)
        self.author_edit.setPlaceholderText(self.project.author)
        self.date_edit.setText(report_section.deadline_for_editing(section.date))
        self._show_note()
        self._show_logo()
        self._fill_actions()
        self._loading = False
        self._preview = None
        self._proposals: list[action_table.Proposal] = []
        self._fill_proposals()
        self._clear_pages()
        self._refresh_todos()
        self._show_issues()
        self.last_export = None
        self.open_button.setEnabled(False)
        self._needs_render = True
        if self._shown_once and self.isVisible():
            self._schedule_render()

    def on_project_changed(self, tags: frozenset) -> None:
        if tags == frozenset({"report"}):
            return  # our own edits; they scheduled the preview already
        self._refresh_todos()
        self._needs_render = True
        if self.isVisible():
            self._schedule_render()

    def on_shown(self) -> None:
        self._shown_once = True
        self._refresh_todos()
        if self._needs_render or self._preview is None:
            self._schedule_render()

    # ------------------------------------------------------------------ editing
    def _changed(self) -> None:
        self.ctx.controller.mark_changed("report")
        self._refresh_todos()
        self._needs_render = True
        self._schedule_render()

    def _text_changed(self, name: str, edit: GrowingTextEdit) -> None:
        if self._loading:
            return
        try:
            report_section.set_text(self.section, name, edit.toPlainText())
        except UserError as exc:
            show_user_error(self, exc)
            return
        if name == "key_message":
            self._show_key_message_note()
        self._changed()

    def _line_changed(self, name: str, text: str) -> None:
        if self._loading:
            return
        report_section.set_text(self.section, name, text)
        self._changed()

    def _date_changed(self) -> None:
        if self._loading:
            return
        try:
            report_section.set_date(self.section, self.date_edit.text())
        except UserError as exc:
            show_user_error(self, exc)
            self.date_edit.setText(report_section.deadline_for_editing(self.section.date))
            return
        self._changed()

    def _show_note(self, *_args) -> None:
        key = self.note_section.currentData()
        was = self._loading
        self._loading = True
        self.note.setPlainText(self.section.note(key) if key else "")
        self._loading = was

    def _note_changed(self) -> None:
        if self._loading:
            return
        key = self.note_section.currentData()
        report_section.set_text(self.section, f"note:{key}", self.note.toPlainText())
        self._changed()

    def _decisions_changed(self) -> None:
        if self._loading:
            return
        try:
            report_section.set_decisions(self.section, self.decisions.toPlainText())
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._show_decisions_note()
        self._changed()

    def _show_decisions_note(self) -> None:
        proposals = self._preview.rendered.document.decision_proposals if self._preview else []
        empty = not self.section.decisions
        self.decisions_note.setVisible(empty)
        self.use_decisions.setVisible(empty and bool(proposals))

    def _use_decision_proposals(self) -> None:
        if self._preview is not None:
            proposals = self._preview.rendered.document.decision_proposals
            self.decisions.setPlainText("\n".join(proposals))  # textChanged stores them

    def _show_issues(self) -> None:
        issues = self._preview.rendered.document.issues if self._preview else []
        self.issues_title.setVisible(bool(issues))
        self.issues_label.setVisible(bool(issues))
        self.issues_label.setText("\n".join(f"• {issue}" for issue in issues))

    def _show_key_message_note(self) -> None:
        empty = not self.section.key_message.strip()
        self.key_message_note.setVisible(empty)
        suggestion = self._suggestion()
        self.use_suggestion.setVisible(empty and bool(suggestion))

    def _suggestion(self) -> str:
        if self._preview is None or not self._preview.rendered.document.key_message_suggested:
            return ""
        blocks = self._preview.rendered.document.summary["key_message"]
        return "\n".join(line for block in blocks for line in block["lines"])

    def _use_suggestion(self) -> None:
        text = self._suggestion()
        if text:
            self.key_message.setPlainText(text)  # textChanged stores it

    # ---- cover
    def _show_logo(self) -> None:
        logo = self.section.logo
        if logo is None:
            self.logo_preview.clear()
            self.logo_preview.setText(_("Geen logo"))
            self.logo_remove.setEnabled(False)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(logo.data)
        self.logo_preview.setPixmap(pixmap.scaledToHeight(
            64, Qt.TransformationMode.SmoothTransformation))
        self.logo_remove.setEnabled(True)

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Logo kiezen"), str(Path.home()), _("Afbeelding (*.png *.jpg *.jpeg)"))
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> None:
        try:
            raw = path.read_bytes()
        except OSError:
            show_user_error(self, UserError(
                _("Het bestand '{name}' kan niet worden gelezen.").format(name=path.name),
                _("Kies een ander bestand, of sluit het als het open staat.")))
            return
        try:
            report_section.set_logo(self.section, raw)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._show_logo()
        self._changed()

    def _remove_logo(self) -> None:
        report_section.set_logo(self.section, None)
        self._show_logo()
        self._changed()

    # ---- actions
    def _fill_actions(self) -> None:
        was = self._loading
        self._loading = True
        self.table.setRowCount(0)
        labels = report_texts()["actions"]["priorities"]
        for action in self.section.actions:
            row = self.table.rowCount()
            self.table.insertRow(row)
            values = {
                "action": action.action, "owner": action.owner,
                "deadline": report_section.deadline_for_editing(action.deadline),
            }
            for column, key in enumerate(COLUMNS):
                if key == "group":
                    combo = QComboBox()
                    for group in GROUPS:
                        combo.addItem(_ui(f"group_{group}"), group)
                    combo.setCurrentIndex(GROUPS.index(action.kind))
                    combo.currentIndexChanged.connect(
                        lambda _i, c=combo, a=action.id: self._group_changed(a, c))
                    self.table.setCellWidget(row, column, combo)
                    label_control(combo, _("{column} van actie {n}: {action}").format(
                        column=_ui("group_column"), n=row + 1, action=action.action[:60]))
                    continue
                if key == "priority":
                    combo = QComboBox()
                    for priority in PRIORITIES:
                        combo.addItem(_(labels[priority]), priority)
                    combo.setCurrentIndex(PRIORITIES.index(action.priority))
                    combo.currentIndexChanged.connect(
                        lambda _i, c=combo, a=action.id: self._priority_changed(a, c))
                    self.table.setCellWidget(row, column, combo)
                    label_control(combo, _("{column} van actie {n}: {action}").format(
                        column=_("Prioriteit"), n=row + 1, action=action.action[:60]))
                    continue
                item = QTableWidgetItem(values[key])
                item.setData(ID_ROLE, action.id)
                tip = values[key]
                if key == "action" and action.source:
                    tip += "\n" + _("Bron: {source}").format(source=action.source)
                item.setToolTip(tip)
                self.table.setItem(row, column, item)
        self._fit_rows()
        tab_order_after(self.table, [  # made now: without this they would follow Vorige/Volgende
            self.table.cellWidget(row, column) for row in range(self.table.rowCount())
            for column in range(self.table.columnCount()) if self.table.cellWidget(row, column)])
        self._loading = was

    def _fit_rows(self) -> None:
        """Every row as high as its longest wrapped text, so no action is cut off (Qt's own
        resizeRowsToContents measures a hidden tab's columns at their default width)."""
        metrics = self.table.fontMetrics()
        for row in range(self.table.rowCount()):
            height = metrics.lineSpacing()
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is None:
                    continue
                width = max(20, self.table.columnWidth(column) - 10)
                box = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                           Qt.TextFlag.TextWordWrap, item.text())
                height = max(height, box.height())
            self.table.setRowHeight(row, height + 12)

    def _selected_action(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(ID_ROLE) if item is not None else None

    def _action_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        action_id = item.data(ID_ROLE)
        key = COLUMNS[item.column()]
        try:
            action_table.update_action(self.section, action_id, **{key: item.text()})
        except UserError as exc:
            show_user_error(self, exc)
        action = self.section.action(action_id)
        self._loading = True
        shown = (report_section.deadline_for_editing(action.deadline) if key == "deadline"
                 else getattr(action, key))
        item.setText(shown)
        item.setToolTip(shown)
        self._loading = False
        self._fit_rows()
        self._changed()

    def _group_changed(self, action_id: str, combo: QComboBox) -> None:
        if self._loading:
            return
        action_table.update_action(self.section, action_id, group=combo.currentData())
        self._changed()

    def _priority_changed(self, action_id: str, combo: QComboBox) -> None:
        if self._loading:
            return
        action_table.update_action(self.section, action_id, priority=combo.currentData())
        self._changed()

    def _add_action(self) -> None:
        action_table.add_action(self.section)
        self._fill_actions()
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self._changed()

    def _remove_action(self) -> None:
        action_id = self._selected_action()
        if action_id is None:
            return
        row = self.table.currentRow()
        action_table.remove_action(self.section, action_id)
        self._fill_actions()
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self._fill_proposals()
        self._changed()

    def _move_action(self, delta: int) -> None:
        action_id = self._selected_action()
        if action_id is None:
            return
        row = action_table.move_action(self.section, action_id, delta)
        self._fill_actions()
        self.table.setCurrentCell(row, 0)
        self._changed()

    # ---- proposals
    def _fill_proposals(self) -> None:
        self.proposal_list.clear()
        priorities = report_texts()["actions"]["priorities"]
        pending = action_table.pending(self.section, self._proposals)
        for proposal in pending:
            text = (f"[{_(priorities[proposal.priority])}] {proposal.action}\n"
                    f"{proposal.owner} · {proposal.source}")
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, proposal.id)
            item.setToolTip(proposal.source)
            self.proposal_list.addItem(item)
        if not pending:
            item = QListWidgetItem(_ui("no_proposals"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.proposal_list.addItem(item)
        else:
            self.proposal_list.setCurrentRow(0)
        self.accept_button.setEnabled(bool(pending))
        self.dismiss_button.setEnabled(bool(pending))
        self.restore_button.setEnabled(bool(self.section.dismissed))

    def _selected_proposal(self) -> action_table.Proposal | None:
        item = self.proposal_list.currentItem()
        wanted = item.data(ID_ROLE) if item is not None else None
        return next((p for p in self._proposals if p.id == wanted), None)

    def _accept_selected(self) -> None:
        proposal = self._selected_proposal()
        if proposal is None:
            return
        row = self.proposal_list.currentRow()
        action_table.accept(self.section, proposal)
        self._fill_actions()
        self._fill_proposals()
        if self.proposal_list.count():
            self.proposal_list.setCurrentRow(min(row, self.proposal_list.count() - 1))
        self._changed()

    def _dismiss_selected(self) -> None:
        proposal = self._selected_proposal()
        if proposal is None:
            return
        row = self.proposal_list.currentRow()
        action_table.dismiss(self.section, proposal.id)
        self._fill_proposals()
        if self.proposal_list.count():
            self.proposal_list.setCurrentRow(min(row, self.proposal_list.count() - 1))
        self._changed()

    def _restore_dismissed(self) -> None:
        if action_table.restore_dismissed(self.section):
            self._fill_proposals()
            self._changed()

    def _refresh_todos(self) -> None:
        found = todos(self.project, self.section, self._chart_titles())
        issues = self._preview.rendered.document.issues if self._preview else []
        done = _ui("todos_check") if issues else _ui("todos_none")
        self.todo_label.setText("\n".join(f"• {t}" for t in found) if found else done)
        self._show_key_message_note()

    def _chart_titles(self) -> dict[str, str]:
        if self._preview is None:
            return {}
        return {c.id: c.title for c in self._preview.rendered.document.charts}

    # ------------------------------------------------------------------ preview
    def _schedule_render(self) -> None:
        self.preview_label.setText(_ui("preview_busy"))
        self._previewing = True
        self._update_buttons()
        self._render_timer.start()

    def _preview_dpi(self) -> float:
        ratio = self.devicePixelRatioF() or 1.0
        return PREVIEW_WIDTH / A4_WIDTH_IN * ratio

    def _render_now(self, force: bool = False) -> None:
        if not (force or self.isVisible()):
            # A hidden page (another step, or the window closing) waits until it is shown.
            self._needs_render = True
            return
        self._generation += 1
        generation = self._generation
        self._needs_render = False
        snapshot = copy.deepcopy(self.section)
        self._previewing = True
        self.preview_label.setText(_ui("preview_busy"))
        self.preview_bar.setRange(0, 0)  # moving until the first step is reported
        self.preview_bar.setVisible(True)
        self.preview_step.setText("")
        self.preview_step.setVisible(False)  # until the first step is named
        self._update_buttons()
        self._render_op = (
            self.ctx.tasks.op(preview_report, self.project, snapshot, dpi=self._preview_dpi(),
                              serial=False)
            .on_success(lambda preview: self._rendered(generation, preview))
            .on_failure(lambda exc: self._render_failed(generation, exc))
            .run()
        )
        self._render_op.progressed.connect(
            lambda done, total, label, g=generation: self._preview_progress(g, done, total,
                                                                            label))

    def _preview_progress(self, generation: int, done: int, total: int, label: str) -> None:
        if generation != self._generation:
            return
        if total > 0:
            self.preview_bar.setRange(0, total)
            self.preview_bar.setValue(min(done, total))
        if label:
            self.preview_step.setText(_("Nu: {step}").format(step=label))
            self.preview_step.setVisible(True)

    def _preview_done(self) -> None:
        """The shown preview is that of the report as it is now (or could not be made)."""
        if self._render_timer.isActive():
            return  # another edit is waiting: that preview comes next
        self._previewing = False
        self.preview_bar.setVisible(False)
        self.preview_step.setVisible(False)
        self._update_buttons()

    def _rendered(self, generation: int, preview: Preview) -> None:
        if generation != self._generation:
            return  # the user changed something while this was being made
        self._preview, self._preview_error = preview, ""
        self._preview_done()
        self._proposals = preview.rendered.document.proposals
        self._fill_proposals()
        self._show_pages(preview.pages, preview.texts)
        self.preview_label.setText(_ui("preview_pages", n=preview.rendered.pages))
        self._refresh_todos()
        self._show_issues()
        self._show_decisions_note()

    def _render_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._preview = None
        self._preview_done()
        if isinstance(exc, UserError):
            self._preview_error = exc.message
            self.preview_label.setText(f"{_ui('preview_failed')} {exc.message}")
            return
        self._preview_error = type(exc).__name__
        self.preview_label.setText(_ui("preview_failed"))
        self.ctx.tasks.error_handler(exc)

    def _clear_pages(self) -> None:
        self.preview_view.set_pages([])

    def _show_pages(self, pages: list[PageImage], texts: list[str]) -> None:
        ratio = self.devicePixelRatioF() or 1.0
        images = []
        for page in pages:
            image = page_image(page)
            image.setDevicePixelRatio(ratio)
            images.append(image)
        self.preview_view.set_pages(images, texts)

    # ------------------------------------------------------------------ export
    def _confirm_personal_data(self, warning: str) -> str:
        """'export', 'review' or 'cancel'."""
        answer = dialogs.ask_personal_data(
            self, warning, title=_ui("privacy_title"), text=_ui("privacy_text"),
            question=_ui("privacy_question"))
        return "export" if answer == "save" else answer

    def _choose_target(self, fmt: str) -> Path | None:
        title = self._preview.rendered.document.title if self._preview else self.project.name
        name = "".join(c if c.isalnum() or c in " -_" else "_" for c in title)[:60].strip()
        filters = {"pdf": _("PDF-bestand (*.pdf)"), "docx": _("Word-bestand (*.docx)")}
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Rapport opslaan"), str(Path.home() / f"{name or 'rapport'}.{fmt}"),
            filters[fmt])
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == f".{fmt}" else \
            target.with_name(f"{target.name}.{fmt}")

    def _confirm_issues(self) -> bool:
        """Texts that no longer match the figures or dates: export anyway, or fix first?"""
        issues = self._preview.rendered.document.issues if self._preview else []
        if not issues:
            return True
        return dialogs.ask_export_anyway(
            self, title=_ui("issues_title"), text=_ui("issues_text", n=len(issues)),
            items=[str(issue) for issue in issues[:8]], question=_ui("issues_question"))

    def _export(self, fmt: str) -> None:
        if not self._confirm_issues():
            return
        warning = privacy.identifier_warning(self.project)
        if warning:
            choice = self._confirm_personal_data(warning)
            if choice == "review":
                self.ctx.go_to("controle")
                return
            if choice != "export":
                return
        target = self._choose_target(fmt)
        if target is None:
            return
        self.export_to(target)

    def export_to(self, target: Path):
        """Write the report to ``target`` (.pdf or .docx) in the background."""
        if self._previewing or self._exporting:
            return None  # the buttons are off; a shortcut or script must wait as well
        fmt = target.suffix.lower()
        snapshot = copy.deepcopy(self.section)
        kwargs = {"pdf": target} if fmt == ".pdf" else {"docx": target}
        self._set_busy(True)
        self._op = (
            self.ctx.tasks.op(export_report, self.project, section=snapshot, serial=False,
                              **kwargs)
            .with_progress(_("Rapport opslaan…"))
            .on_success(self._exported)
            .on_failure(self._export_failed)
            .run()
        )
        return self._op

    def _exported(self, result) -> None:
        self._set_busy(False)
        written = result.pdf or result.docx
        self.last_export = written
        self.open_button.setEnabled(True)
        self.ctx.tasks.message(_ui("exported", name=written.name))

    def _export_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            show_user_error(self, exc)
        else:
            self.ctx.tasks.error_handler(exc)

    def _set_busy(self, busy: bool) -> None:
        self._exporting = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Saving and printing wait for the preview: its checks (texts that no longer fit
        the figures) are asked about before anything is written."""
        ready = not (self._exporting or self._previewing)
        for button in (self.pdf_button, self.word_button, self.print_button):
            button.setEnabled(ready)

    def _open_export(self) -> None:
        if self.last_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export)))

    # ------------------------------------------------------------------ printing
    def _make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._preview.rendered.document.title if self._preview else "")
        printer.setFullPage(True)  # the PDF pages carry their own margins
        return printer

    def _ask_print(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Rapport afdrukken"))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _print(self):
        if self._preview is None or self._previewing or self._exporting:
            return None
        printer = self._make_printer()
        if not self._ask_print(printer):
            return None
        pdf = self._preview.rendered.pdf
        dpi = min(printer.resolution(), PRINT_DPI)
        self._set_busy(True)
        self._op = (
            self.ctx.tasks.op(render_pages, pdf, dpi=dpi, serial=False)
            .with_progress(_("Afdrukken voorbereiden…"))
            .on_success(lambda pages: self._paint(printer, pages))
            .on_failure(self._export_failed)
            .run()
        )
        return self._op

    def _paint(self, printer: QPrinter, pages: list[PageImage]) -> None:
        painter = QPainter()
        try:
            if not painter.begin(printer):
                raise UserError(_("De printer kon niet worden gestart."),
                                _("Kies een andere printer of probeer het opnieuw."))
            area = painter.viewport()  # the whole sheet: the printer is set to full page
            for number, page in enumerate(pages):
                if number:
                    printer.newPage()
                image = page_image(page)
                target = QRect(QPoint(0, 0), image.size().scaled(
                    area.size(), Qt.AspectRatioMode.KeepAspectRatio))
                target.moveCenter(area.center())
                painter.drawImage(target, image)
        except UserError as exc:
            self._export_failed(exc)
            return
        finally:
            if painter.isActive():
                painter.end()
        self._set_busy(False)
        self.ctx.tasks.message(_ui("printed"))

    # ------------------------------------------------------------------ selftest
    def self_check(self) -> list[str]:
        """On the example project: the preview renders every chapter, the key message and
        the agreed actions, and shows one picture per page."""
        if not self.project.is_example:
            return []
        idle = self._render_op is None or self._render_op.done
        if self._render_timer.isActive() or (idle and (self._needs_render or
                                                       self._preview is None)):
            self._render_timer.stop()
            self._render_now(force=True)
        if self._render_op is not None and not self._render_op.wait(120):
            return ["the report preview did not finish"]
        if self._preview is None:
            return [f"the report did not render: {self._preview_error or 'unknown'}"]
        rendered = self._preview.rendered
        problems = []
        shown = self.preview_view.page_count()
        if rendered.pages < 5 or shown != rendered.pages:
            problems.append(f"the preview shows {shown} of {rendered.pages} pages")
        chapters = set(outline(rendered.pdf))
        for key, title in report_texts()["sections"].items():
            wanted = _(title)
            if key == "tables" and not any(c.table for c in rendered.document.charts):
                continue
            if not any(wanted in chapter for chapter in chapters):
                problems.append(f"chapter missing from the PDF: {wanted}")
        text = " ".join(" ".join(page_texts(rendered.pdf)).split())
        words = [self.section.key_message] + [a.action for a in self.section.actions]
        for sentence in words:
            start = " ".join(sentence.split()[:3])  # short: lines may break after it
            if start and start not in text:
                problems.append(f"text missing from the PDF: {start!r}")
        return problems
