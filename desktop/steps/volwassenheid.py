"""Step 5, Volwassenheid: the maturity questionnaire, one theme at a time, and its results.

The page edits the project's maturity section only through core.maturity and
reports every change with ``mark_changed("maturity")``, so answers are saved
(autosave) as the colleague goes and the questionnaire can be resumed later.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from core.house_style import PALETTE, format_date, format_number, format_percent
from core.i18n import _
from core.maturity import (
    DONT_KNOW,
    Measurement,
    Respondent,
    advise,
    compare,
    load_questionnaire,
    score_measurement,
)
from core.maturity.chart import alt_text as chart_alt_text
from core.maturity.chart import bar_figure, radar_figure
from core.maturity.fit import rule_text as fit_rule_text
from core.maturity.fit import summary as fit_summary
from core.maturity.form import FormBatch, export_form, import_forms, place_form
from core.maturity.model import add_respondent, new_measurement, remove_respondent
from core.maturity.questionnaire import Item, Theme, text, texts
from core.maturity.scoring import MaturityResult, summarise, summary_lines
from desktop.accessibility import expose_headings, mark_heading, tab_order_after
from desktop.steps.base import PageContext, StepPage
from desktop.widgets.figure_canvas import FocusableCanvas
from desktop.widgets.layout import Fold
from desktop.widgets.scrolling import scroll_to_top_of
from desktop.widgets.text_table import Cell, TextTable

FORM_FILTER = _("Excel-werkmap (*.xlsx)")
GOOD = PALETTE[2]
ATTENTION = PALETTE[3]
MUTED = "#5b6b7d"


# ---- dialogs (module functions, so tests can answer them)
def choose_form_save_path(parent: QWidget, suggested: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Antwoordformulier opslaan"), str(Path.home() / suggested), FORM_FILTER)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".xlsx" else chosen.with_name(chosen.name + ".xlsx")


def choose_form_files(parent: QWidget) -> list[Path]:
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, _("Ingevulde formulieren inlezen"), str(Path.home()), FORM_FILTER)
    return [Path(p) for p in paths]


def confirm(parent: QWidget, question: str, detail: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Weet u het zeker?"))
    box.setText(question)
    box.setInformativeText(detail)
    yes = box.addButton(_("Verwijderen"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


# ---- small widgets
def _label(value: str = "", name: str | None = None, wrap: bool = True,
           heading: bool | None = None) -> QLabel:
    """``heading=False``: styled as a title but no heading (it names a control, heads a
    column)."""
    label = QLabel()
    if heading is not None:
        mark_heading(label, heading)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(value)
    return label


def _rich(value: str, name: str | None = None) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(value)
    return label


def _card(title: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    if title:
        layout.addWidget(_label(title, "cardTitle"))
    return frame, layout


def _esc(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


class ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.clicked.emit()
        super().mousePressEvent(event)


class ItemBox(QFrame):
    """One question with its five descriptions and "weet ik niet" as radio buttons."""

    answered = Signal(str, int)

    def __init__(self, item: Item, dont_know: str, value: int | None, where: str = "") -> None:
        super().__init__()
        self.item = item
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        question = _label(f"{item.number}  {item.text}", "sectionTitle")
        layout.addWidget(question)
        self.group = QButtonGroup(self)
        self.buttons: dict[int, QRadioButton] = {}
        choices = [(level, option) for level, option in enumerate(item.options, start=1)]
        choices.append((DONT_KNOW, dont_know))
        for level, option in choices:
            row = QHBoxLayout()
            row.setSpacing(8)
            button = QRadioButton()
            button.setAccessibleName(f"{item.number} {option}")
            button.setAccessibleDescription(item.text)  # the question, not only the answer
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            label = ClickableLabel(option)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            if level == DONT_KNOW:
                label.setObjectName("muted")
            label.clicked.connect(button.click)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(label, 1)
            layout.addLayout(row)
            self.group.addButton(button, level)
            self.buttons[level] = button
        if value is not None and value in self.buttons:
            self.buttons[value].setChecked(True)
        # Which theme and which side (mens, techniek, organisatie) the item measures.
        self.where = _label(where, "muted")
        self.where.setVisible(bool(where))
        layout.addWidget(self.where)
        self.group.idClicked.connect(lambda level: self.answered.emit(item.id, level))

    @property
    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked == -1 else checked


class VolwassenheidPage(StepPage):
    step_id = "volwassenheid"

    def __init__(self, ctx: PageContext, info) -> None:
        super().__init__(ctx, info)
        self.q = load_questionnaire()
        self.theme_index = 0
        self.item_boxes: list[ItemBox] = []
        self._loading = False
        self._results_stale = True
        self.result: MaturityResult | None = None
        self.earlier: MaturityResult | None = None
        self.compare_id: str | None = None  # see _build_results

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(_label(text("intro", minutes=self.q.minutes), "lead"))
        self.notice = _label("", "notice")
        self.notice.hide()
        layout.addWidget(self.notice)

        # -- no measurement yet
        self.empty_card, empty = _card(_("Nog geen meting"))
        empty.addWidget(_label(_(
            "Begin met een nulmeting: u en uw collega's vullen de vragenlijst nu in. Over een "
            "jaar doet u een vervolgmeting en ziet u wat er veranderd is. U krijgt per thema "
            "uw niveau, waar collega's verschillend over denken en één concrete volgende "
            "stap.")))
        empty_buttons = QHBoxLayout()
        self.start_button = QPushButton(_("Start de nulmeting"))
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self._start_first)
        self.empty_import_button = QPushButton(_("Ingevulde formulieren inlezen…"))
        self.empty_import_button.clicked.connect(self._import_forms)
        empty_buttons.addWidget(self.start_button)
        empty_buttons.addWidget(self.empty_import_button)
        empty_buttons.addStretch(1)
        empty.addLayout(empty_buttons)
        layout.addWidget(self.empty_card)

        # -- measurement and colleague
        self.session_card = self._build_session()
        layout.addWidget(self.session_card)

        # -- mode switch: two tabs, so a screen reader says "tabblad, gekozen"
        switch = QHBoxLayout()
        self.mode_tabs = QTabBar()
        self.mode_tabs.setObjectName("modeTabs")
        self.mode_tabs.setAccessibleName(_("Vragenlijst of uitkomst"))
        self.mode_tabs.addTab(_("1  Vragenlijst invullen"))
        self.mode_tabs.addTab(_("2  Uitkomst bekijken"))
        self.mode_tabs.setDrawBase(False)
        self.mode_tabs.setExpanding(False)
        self.mode_tabs.currentChanged.connect(self._show_mode)
        switch.addWidget(self.mode_tabs)
        switch.addStretch(1)
        self.switch_row = QWidget()
        self.switch_row.setLayout(switch)
        switch.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.switch_row)

        self.modes = QStackedWidget()
        self.modes.addWidget(self._build_questionnaire())
        self.results_view = QWidget()
        self.results_layout = QVBoxLayout(self.results_view)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        self.results_layout.setSpacing(12)
        self.modes.addWidget(self.results_view)
        layout.addWidget(self.modes)
        layout.addStretch(1)

        self.on_project_replaced()

    # ================================================================== building
    def _build_session(self) -> QFrame:
        card, layout = _card()
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setColumnStretch(1, 1)

        measurement_label = _label(_("Meting"), "sectionTitle", wrap=False, heading=False)
        grid.addWidget(measurement_label, 0, 0)
        self.measurement_combo = QComboBox()
        measurement_label.setBuddy(self.measurement_combo)
        # Long names must not make the page wider than the window.
        self.measurement_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.measurement_combo.setMinimumContentsLength(14)
        self.measurement_combo.setAccessibleName(_("Meting kiezen"))
        self.measurement_combo.activated.connect(self._measurement_chosen)
        grid.addWidget(self.measurement_combo, 0, 1)
        self.measurement_name = QLineEdit()
        self.measurement_name.setAccessibleName(_("Naam van de meting"))
        self.measurement_name.setPlaceholderText(_("Naam van de meting"))
        self.measurement_name.textEdited.connect(self._rename_measurement)
        grid.addWidget(self.measurement_name, 0, 2)
        self.measurement_date = QDateEdit()
        self.measurement_date.setCalendarPopup(True)
        self.measurement_date.setDisplayFormat("dd-MM-yyyy")
        self.measurement_date.setAccessibleName(_("Datum van de meting"))
        self.measurement_date.dateChanged.connect(self._redate_measurement)
        self.measurement_date.editingFinished.connect(self._refresh_results_if_shown)
        self.measurement_name.editingFinished.connect(self._refresh_results_if_shown)
        grid.addWidget(self.measurement_date, 0, 3)
        self.new_measurement_button = QPushButton(_("Nieuwe meting"))
        self.new_measurement_button.setToolTip(_(
            "Start een vervolgmeting, bijvoorbeeld een jaar later. De vorige blijft bewaard, "
            "zodat u kunt vergelijken."))
        self.new_measurement_button.clicked.connect(self._new_measurement)
        grid.addWidget(self.new_measurement_button, 0, 4)
        self.remove_measurement_button = QPushButton(_("Verwijderen"))
        self.remove_measurement_button.setAccessibleName(_("Meting verwijderen"))
        self.remove_measurement_button.clicked.connect(self._remove_measurement)
        grid.addWidget(self.remove_measurement_button, 0, 5)

        respondent_label = _label(_("Wie vult in?"), "sectionTitle", wrap=False,
                                  heading=False)
        grid.addWidget(respondent_label, 1, 0)
        self.respondent_combo = QComboBox()
        respondent_label.setBuddy(self.respondent_combo)
        # Long names must not make the page wider than the window.
        self.respondent_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.respondent_combo.setMinimumContentsLength(14)
        self.respondent_combo.setAccessibleName(_("Collega kiezen"))
        self.respondent_combo.activated.connect(self._respondent_chosen)
        grid.addWidget(self.respondent_combo, 1, 1)
        self.respondent_name = QLineEdit()
        self.respondent_name.setAccessibleName(_("Naam of functie van de collega"))
        self.respondent_name.setPlaceholderText(_("Naam of functie, bijv. Teamleider Jeugd"))
        self.respondent_name.textEdited.connect(self._rename_respondent)
        self.respondent_name.editingFinished.connect(self._refresh_results_if_shown)
        grid.addWidget(self.respondent_name, 1, 2, 1, 2)
        self.add_respondent_button = QPushButton(_("Collega toevoegen"))
        self.add_respondent_button.setToolTip(_(
            "Laat elke collega apart invullen. Zo ziet u waar u verschillend over denkt."))
        self.add_respondent_button.clicked.connect(self._add_respondent)
        grid.addWidget(self.add_respondent_button, 1, 4)
        self.remove_respondent_button = QPushButton(_("Verwijderen"))
        self.remove_respondent_button.setAccessibleName(_("Collega verwijderen"))
        self.remove_respondent_button.clicked.connect(self._remove_respondent)
        grid.addWidget(self.remove_respondent_button, 1, 5)
        layout.addLayout(grid)

        forms = QHBoxLayout()
        forms.addWidget(_label(_(
            "Vult een collega liever in Excel in? Maak een formulier, stuur het rond en lees de "
            "ingevulde formulieren hier in."), "muted"), 1)
        self.export_button = QPushButton(_("Formulier maken…"))
        self.export_button.clicked.connect(self._export_form)
        self.import_button = QPushButton(_("Ingevulde formulieren inlezen…"))
        self.import_button.clicked.connect(self._import_forms)
        forms.addWidget(self.export_button)
        forms.addWidget(self.import_button)
        layout.addLayout(forms)
        return card

    def _build_questionnaire(self) -> QWidget:
        page = QWidget()
        outer = QHBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        self.theme_list = QListWidget()
        self.theme_list.setAccessibleName(_("Thema's"))
        self.theme_list.setObjectName("themeList")
        self.theme_list.setFixedWidth(230)
        self.theme_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.theme_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.theme_list.currentRowChanged.connect(self._theme_chosen)
        outer.addWidget(self.theme_list, 0, Qt.AlignmentFlag.AlignTop)

        right = QVBoxLayout()
        right.setSpacing(8)
        self.theme_title = _label("", "cardTitle")
        self.theme_why = _label("")
        right.addWidget(self.theme_title)
        right.addWidget(self.theme_why)
        progress = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Voortgang van de vragenlijst"))
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(10)
        self.progress_label = _label("", "muted", wrap=False)
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.progress_label)
        right.addLayout(progress)
        right.addWidget(_label(text("how_to_answer"), "muted"))
        self.items_layout = QVBoxLayout()
        self.items_layout.setSpacing(10)
        right.addLayout(self.items_layout)
        nav = QHBoxLayout()
        self.prev_theme_button = QPushButton(_("←  Vorig thema"))
        self.prev_theme_button.clicked.connect(lambda: self._turn_theme(-1))
        self.next_theme_button = QPushButton()
        self.next_theme_button.setObjectName("primary")
        self.next_theme_button.clicked.connect(self._next_theme)
        nav.addStretch(1)
        nav.addWidget(self.prev_theme_button)
        nav.addWidget(self.next_theme_button)
        right.addLayout(nav)
        right.addStretch(1)
        outer.addLayout(right, 1)
        return page

    # ================================================================== state helpers
    @property
    def state(self):
        return self.project.maturity

    @property
    def measurement(self) -> Measurement | None:
        state = self.state
        if not state.measurements:
            return None
        try:
            return state.measurement(state.active_measurement or "")
        except KeyError:
            return state.chronological()[-1]

    @property
    def respondent(self) -> Respondent | None:
        measurement = self.measurement
        if measurement is None or not measurement.respondents:
            return None
        try:
            return measurement.respondent(self.state.active_respondent or "")
        except KeyError:
            return measurement.respondents[0]

    def _changed(self) -> None:
        self._results_stale = True
        self.ctx.controller.mark_changed("maturity")

    # ================================================================== project -> widgets
    def on_project_replaced(self) -> None:
        self.notice.hide()
        measurement = self.measurement
        respondent = self.respondent
        self.theme_index = 0
        if respondent is not None and respondent.last_theme:
            ids = [t.id for t in self.q.themes]
            if respondent.last_theme in ids:
                self.theme_index = ids.index(respondent.last_theme)
        self._results_stale = True
        self.compare_id = None
        self._refresh_all()
        # Resume where it makes sense: a finished colleague sees the outcome.
        show_results = (
            measurement is not None
            and respondent is not None
            and len(respondent.answers) == len(self.q.items)
            and score_measurement(measurement, self.q).level is not None
        )
        self._show_mode(1 if show_results else 0)

    def _refresh_all(self) -> None:
        has_measurement = self.measurement is not None
        self.empty_card.setVisible(not has_measurement)
        self.session_card.setVisible(has_measurement)
        self.switch_row.setVisible(has_measurement)
        self.modes.setVisible(has_measurement)
        if not has_measurement:
            return
        self._refresh_session()
        self._refresh_theme_list()
        self._show_theme()

    def _refresh_session(self) -> None:
        self._loading = True
        try:
            state, measurement, respondent = self.state, self.measurement, self.respondent
            self.measurement_combo.clear()
            for item in state.chronological():
                self.measurement_combo.addItem(
                    f"{item.name} – {format_date(item.day)}", item.id)
            self.measurement_combo.setCurrentIndex(self.measurement_combo.findData(measurement.id))
            self.measurement_name.setText(measurement.name)
            day = measurement.day
            self.measurement_date.setDate(QDate(day.year, day.month, day.day))
            self.respondent_combo.clear()
            total = len(self.q.items)
            for person in measurement.respondents:
                source = _(", formulier") if person.source == "formulier" else ""
                self.respondent_combo.addItem(
                    _("{name} ({n} van {total}{source})").format(
                        name=person.name or _("zonder naam"), n=len(person.answers),
                        total=total, source=source),
                    person.id)
            has_person = respondent is not None
            if has_person:
                self.respondent_combo.setCurrentIndex(
                    self.respondent_combo.findData(respondent.id))
            self.respondent_name.setText(respondent.name if has_person else "")
            self.respondent_name.setEnabled(has_person)
            self.remove_respondent_button.setEnabled(has_person)
        finally:
            self._loading = False

    def _refresh_theme_list(self) -> None:
        respondent = self.respondent
        answers = respondent.answers if respondent else {}
        self.theme_list.blockSignals(True)
        self.theme_list.clear()
        for theme in self.q.themes:
            done = sum(1 for item in theme.items if item.id in answers)
            mark = "✓" if done == len(theme.items) else f"{done}/{len(theme.items)}"
            # The short name fits the list; the full name is the title beside it.
            entry = QListWidgetItem(f"{theme.number}. {theme.short}   {mark}")
            entry.setToolTip(_("{name}: {done} van {total} vragen beantwoord").format(
                name=theme.name, done=done, total=len(theme.items)))
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, _(
                "{name}, {done} van {total} beantwoord").format(
                name=theme.name, done=done, total=len(theme.items)))
            self.theme_list.addItem(entry)
        self.theme_list.setCurrentRow(self.theme_index)
        rows = sum(self.theme_list.sizeHintForRow(r) for r in range(self.theme_list.count()))
        self.theme_list.setFixedHeight(rows + 2 * self.theme_list.frameWidth() + 4)
        self.theme_list.blockSignals(False)
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        respondent = self.respondent
        answered = len(respondent.answers) if respondent else 0
        total = len(self.q.items)
        self.progress.setRange(0, total)
        self.progress.setValue(answered)
        self.progress_label.setText(_("Thema {t} van {themes} · {n} van {total} vragen "
                                      "beantwoord").format(
            t=self.theme_index + 1, themes=len(self.q.themes), n=answered, total=total))

    def _show_theme(self) -> None:
        theme: Theme = self.q.themes[self.theme_index]
        respondent = self.respondent
        self.theme_title.setText(f"{theme.number}. {theme.name}")
        self.theme_why.setText(theme.why)
        _clear(self.items_layout)
        self.item_boxes = []
        for item in theme.items:
            value = respondent.answers.get(item.id) if respondent else None
            where = _("Thema: {theme} · {side}").format(
                theme=theme.name, side=self.q.dimensions[item.dimension])
            box = ItemBox(item, self.q.dont_know, value, where)
            box.setEnabled(respondent is not None)
            box.answered.connect(self._answered)
            self.items_layout.addWidget(box)
            box.show()  # at once, not after the next event loop pass
            self.item_boxes.append(box)
        tab_order_after(self.theme_list, self.item_boxes)
        last = self.theme_index == len(self.q.themes) - 1
        self.prev_theme_button.setEnabled(self.theme_index > 0)
        self.next_theme_button.setText(
            _("Klaar: bekijk de uitkomst  →") if last else _("Volgend thema  →"))
        self._refresh_progress()

    # ================================================================== questionnaire actions
    def _answered(self, item_id: str, level: int) -> None:
        respondent = self.respondent
        if respondent is None:
            return
        respondent.set_answer(item_id, level)
        self._changed()
        self._refresh_theme_list()
        index = self.respondent_combo.findData(respondent.id)
        self.respondent_combo.setItemText(index, _("{name} ({n} van {total}{source})").format(
            name=respondent.name or _("zonder naam"), n=len(respondent.answers),
            total=len(self.q.items),
            source=_(", formulier") if respondent.source == "formulier" else ""))

    def _theme_chosen(self, row: int) -> None:
        if row >= 0 and row != self.theme_index:
            self._go_theme(row)

    def _go_theme(self, index: int) -> None:
        if not 0 <= index < len(self.q.themes):
            return
        self.theme_index = index
        respondent = self.respondent
        if respondent is not None and respondent.last_theme != self.q.themes[index].id:
            respondent.last_theme = self.q.themes[index].id
            self.ctx.controller.mark_changed("maturity")
        self.theme_list.blockSignals(True)
        self.theme_list.setCurrentRow(index)
        self.theme_list.blockSignals(False)
        self._show_theme()

    def _next_theme(self) -> None:
        if self.theme_index == len(self.q.themes) - 1:
            self._show_mode(1)
            scroll_to_top_of(self.modes)
        else:
            self._turn_theme(1)

    def _turn_theme(self, delta: int) -> None:
        """Previous or next theme; the reader lands on its title, not below its questions."""
        self._go_theme(self.theme_index + delta)
        scroll_to_top_of(self.theme_title)

    def _show_mode(self, mode: int) -> None:
        self.mode_tabs.blockSignals(True)
        self.mode_tabs.setCurrentIndex(mode)
        self.mode_tabs.blockSignals(False)
        self.modes.setCurrentIndex(mode)
        if mode == 1 and self._results_stale:
            self._build_results()

    def _refresh_results_if_shown(self) -> None:
        # Typing a name or date only marks the results stale; they follow when editing ends.
        if self.modes.currentIndex() == 1 and self._results_stale:
            self._build_results()

    # ================================================================== session actions
    def _start_first(self) -> None:
        new_measurement(self.state)
        self._changed()
        self.theme_index = 0
        self._refresh_all()
        self._show_mode(0)

    def _new_measurement(self) -> None:
        measurement = new_measurement(self.state)
        self._changed()
        self.theme_index = 0
        self._refresh_all()
        self._show_mode(0)
        self._say(_("De {name} is gestart. De vorige meting blijft bewaard; in de uitkomst kunt "
                    "u ze vergelijken.").format(name=measurement.name))

    def _remove_measurement(self) -> None:
        measurement = self.measurement
        if measurement is None:
            return
        if measurement.has_answers() and not confirm(
            self, _("Wilt u de meting '{name}' verwijderen?").format(name=measurement.name),
            _("Alle antwoorden van deze meting gaan verloren."),
        ):
            return
        self.state.measurements.remove(measurement)
        remaining = self.state.chronological()
        self.state.active_measurement = remaining[-1].id if remaining else None
        self.state.active_respondent = None
        self._changed()
        self._refresh_all()
        if remaining:
            self._show_mode(self.modes.currentIndex())

    def _measurement_chosen(self, index: int) -> None:
        self.state.active_measurement = self.measurement_combo.itemData(index)
        self.state.active_respondent = None
        self.ctx.controller.mark_changed("maturity")
        self._results_stale = True
        self.compare_id = None
        self._refresh_all()
        self._show_mode(self.modes.currentIndex())

    def _rename_measurement(self, value: str) -> None:
        measurement = self.measurement
        if self._loading or measurement is None:
            return
        measurement.name = value.strip()
        index = self.measurement_combo.findData(measurement.id)
        self.measurement_combo.setItemText(
            index, f"{measurement.name} – {format_date(measurement.day)}")
        self._changed()

    def _redate_measurement(self, value: QDate) -> None:
        measurement = self.measurement
        if self._loading or measurement is None:
            return
        measurement.date = date(value.year(), value.month(), value.day()).isoformat()
        self._changed()
        self._refresh_session()

    def _respondent_chosen(self, index: int) -> None:
        self.state.active_respondent = self.respondent_combo.itemData(index)
        respondent = self.respondent
        ids = [t.id for t in self.q.themes]
        if respondent is not None and respondent.last_theme in ids:
            self.theme_index = ids.index(respondent.last_theme)
        else:
            self.theme_index = 0
        self.ctx.controller.mark_changed("maturity")
        self._refresh_all()
        self._show_mode(0)

    def _rename_respondent(self, value: str) -> None:
        respondent = self.respondent
        if self._loading or respondent is None:
            return
        respondent.name = value.strip()
        index = self.respondent_combo.findData(respondent.id)
        self.respondent_combo.setItemText(index, _("{name} ({n} van {total}{source})").format(
            name=respondent.name or _("zonder naam"), n=len(respondent.answers),
            total=len(self.q.items),
            source=_(", formulier") if respondent.source == "formulier" else ""))
        self._changed()

    def _add_respondent(self) -> None:
        measurement = self.measurement
        if measurement is None:
            return
        person = add_respondent(measurement)
        self.state.active_respondent = person.id
        self._changed()
        self.theme_index = 0
        self._refresh_all()
        self._show_mode(0)
        self.respondent_name.setFocus()
        self.respondent_name.selectAll()
        self._say(_("Geef de collega een naam of functie en laat hem of haar de vragen "
                    "invullen. Ieders antwoorden blijven apart bewaard."))

    def _remove_respondent(self) -> None:
        measurement, respondent = self.measurement, self.respondent
        if measurement is None or respondent is None:
            return
        if respondent.answers and not confirm(
            self, _("Wilt u de antwoorden van '{name}' verwijderen?").format(
                name=respondent.name or _("zonder naam")),
            _("Deze antwoorden tellen dan niet meer mee in de uitkomst."),
        ):
            return
        remove_respondent(measurement, respondent.id)
        self.state.active_respondent = None
        self._changed()
        self._refresh_all()
        self._show_mode(self.modes.currentIndex())

    # ================================================================== forms
    def _export_form(self) -> None:
        measurement = self.measurement
        if measurement is None:
            return
        suggested = _("Vragenlijst datavolwassenheid - {name}.xlsx").format(
            name=measurement.name or _("meting"))
        target = choose_form_save_path(self, suggested.replace("/", "-"))
        if target is None:
            return
        copy = Measurement.from_dict(measurement.to_dict())  # the worker gets its own copy
        self.ctx.tasks.op(
            export_form, target, copy, municipality=self.project.municipality, serial=False
        ).with_progress(_("Formulier maken…")).on_success(
            lambda path: self._say(_(
                "Het formulier is opgeslagen als '{name}'. Stuur het naar uw collega's. "
                "Lees de ingevulde formulieren daarna hier in.").format(name=path.name))
        ).run()

    def _import_forms(self) -> None:
        paths = choose_form_files(self)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]):
        """Read filled forms in the background and add them (also used by tests)."""
        return (
            self.ctx.tasks.op(import_forms, [str(p) for p in paths], serial=False)
            .with_progress(_("Formulieren inlezen…"))
            .on_success(self._forms_read)
            .run()
        )

    def _forms_read(self, batch: FormBatch) -> None:
        lines = []
        placed = None
        for filename, answers in batch.imported:
            placed = place_form(self.state, answers, self.measurement)
            verb = _("bijgewerkt") if placed.replaced else _("toegevoegd")
            lines.append(_("{file}: antwoorden van {name} {verb} bij de {measurement} "
                           "({n} beantwoord, {dk} keer weet ik niet).").format(
                file=filename, name=placed.respondent.name, verb=verb,
                measurement=placed.measurement.name, n=answers.answered, dk=answers.dont_know))
        for problem in batch.problems:
            lines.append(f"{problem.filename}: {problem.message} {problem.hint}")
        if placed is not None:
            self.state.active_measurement = placed.measurement.id
            self._changed()
            self._refresh_all()
            self._show_mode(1)
        self._say("\n".join(lines))

    def _say(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.setVisible(bool(message))

    # ================================================================== results
    def _build_results(self) -> None:
        self._results_stale = False
        _clear(self.results_layout)
        measurement = self.measurement
        if measurement is None:
            return
        self.result = result = score_measurement(measurement, self.q)
        earlier_options = [
            m for m in self.state.earlier_than(measurement)
            if score_measurement(m, self.q).level is not None or m.has_answers()
        ]
        ids = [m.id for m in earlier_options]
        # None: the most recent earlier measurement; "": no comparison; else the chosen one.
        chosen = self.compare_id
        if chosen is None or (chosen and chosen not in ids):
            chosen = ids[0] if ids else ""
        self.earlier = (score_measurement(self.state.measurement(chosen), self.q)
                        if chosen else None)
        comparison = compare(self.earlier, result) if self.earlier is not None else None
        advice = advise(result, self.q)

        if not result.participants:
            card, layout = _card(_("Nog geen uitkomst"))
            layout.addWidget(_label(_(
                "Niemand heeft voor deze meting vragen beantwoord. Kies 'Vragenlijst invullen' "
                "of lees ingevulde formulieren in.")))
            self.results_layout.addWidget(card)
            self.results_layout.addStretch(1)
            return

        self.results_layout.addWidget(self._summary_card(result, advice))
        if earlier_options:
            row = QHBoxLayout()
            compare_label = _label(_("Vergelijk met"), "sectionTitle", wrap=False,
                                   heading=False)
            row.addWidget(compare_label)
            self.compare_combo = QComboBox()
            compare_label.setBuddy(self.compare_combo)
            self.compare_combo.setAccessibleName(_("Vergelijk met een eerdere meting"))
            self.compare_combo.addItem(_("geen vergelijking"), "")
            for m in earlier_options:
                self.compare_combo.addItem(f"{m.name} – {format_date(m.day)}", m.id)
            self.compare_combo.setCurrentIndex(self.compare_combo.findData(chosen))
            self.compare_combo.activated.connect(self._compare_chosen)
            row.addWidget(self.compare_combo)
            row.addStretch(1)
            self.results_layout.addLayout(row)
        self.results_layout.addWidget(self._charts(result, self.earlier))
        self.results_layout.addWidget(self._theme_table(result, advice, comparison))
        self.results_layout.addWidget(self._strengths_card(advice))
        self.results_layout.addWidget(self._conversation_card(result))
        self.results_layout.addWidget(self._levels_card(result))
        self.results_layout.addStretch(1)
        tab_order_after(self.mode_tabs, [self.results_view])
        expose_headings(self.results_view)

    def _compare_chosen(self, index: int) -> None:
        self.compare_id = self.compare_combo.itemData(index) or ""
        self._build_results()

    def _summary_card(self, result: MaturityResult, advice) -> QFrame:
        card, layout = _card()
        if result.level is None:
            self.level_label = _label(_("Totaal: nog onbekend"), "cardTitle")
            layout.addWidget(self.level_label)
            layout.addWidget(_label(_(
                "Er zijn nog te weinig antwoorden voor een totaal. Daarvoor moeten minstens "
                "{min} van de {n} thema's een uitkomst hebben. Per thema ziet u hieronder wat "
                "er al bekend is.").format(min=self.q.scoring.min_known_themes,
                                           n=len(self.q.themes))))
        else:
            level = self.q.level(result.level)
            self.level_label = _label(
                _("Niveau {n} van 5: {label}").format(n=level.number, label=level.label),
                "levelTitle")
            layout.addWidget(self.level_label)
            layout.addWidget(_label(_(
                "Gemiddeld {score} op een schaal van 1 tot 5, over {n} thema's.").format(
                score=format_number(float(result.score), 1), n=result.known_themes), "muted"))
        # What the overall level hides: the weakest themes, few answers, the three sides.
        said = summary_lines(result, summarise(result, self.measurement, self.q), self.q)
        self.weakest_label = _label(said["weakest"], "sectionTitle", heading=False)
        self.weakest_label.setVisible(bool(said["weakest"]))
        layout.addWidget(self.weakest_label)
        if result.level is not None:
            layout.addWidget(_label(f"{level.summary} {level.description} {said['stage']}"))
        self.few_answers_label = _label(said["few_answers"], "notice")
        self.few_answers_label.setVisible(bool(said["few_answers"]))
        layout.addWidget(self.few_answers_label)
        self.dimensions_label = _label(said["dimensions"], "muted")
        layout.addWidget(self.dimensions_label)
        people = ", ".join(p.name or _("zonder naam") for p in self.measurement.respondents
                           if p.answers)
        certainty = texts()["certainty"][result.certainty]
        layout.addWidget(_rich(_(
            "<b>Ingevuld door</b> {people} ({n}). <b>Beantwoord:</b> {share} van de "
            "vragen. <b>Hoe zeker is de uitkomst?</b> {label}. {explanation}").format(
            people=_esc(people),
            n=_("1 collega") if result.participants == 1 else _("{n} collega's").format(
                n=result.participants),
            share=format_percent(result.share_answered),
            label=_(certainty["label"]).capitalize(), explanation=_(certainty["explanation"]))))

        if advice.fit is not None:
            heading = _esc(_(texts()["analysis_fit"]["heading"]))
            self.fit_label = _rich(f"<b>{heading}</b> " + " ".join(
                _esc(line) for line in fit_summary(advice.fit, self.q)), "fit")
            layout.addWidget(self.fit_label)
        layout.addWidget(_label(text("not_a_race"), "muted"))
        return card

    def _charts(self, result: MaturityResult, earlier: MaturityResult | None) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.canvases = []
        description = chart_alt_text(result, earlier)
        for build, name in ((radar_figure, _("Webgrafiek: niveau per thema")),
                            (bar_figure, _("Staafgrafiek: score per thema"))):
            canvas = FocusableCanvas(build(result, earlier, self.q))
            canvas.setMinimumHeight(460)
            canvas.setMinimumWidth(360)
            canvas.setAccessibleName(name)
            canvas.setAccessibleDescription(description)
            self.canvases.append(canvas)
            frame, layout = _card()
            layout.addWidget(canvas)
            row.addWidget(frame, 1)
        return holder

    def _theme_table(self, result: MaturityResult, advice, comparison) -> QFrame:
        title = _("Per thema: waar staan we en wat is de volgende stap?")
        card, layout = _card(title)
        headers = [_("Thema"), _("Niveau"), _("Collega's")]
        if comparison is not None:
            headers.append(_("Sinds {name}").format(name=comparison.earlier.name))
        headers.append(_("Volgende stap"))
        steps = {a.theme_id: a.text for a in advice.next_steps}
        rows = []
        for theme in result.themes:
            cells = [Cell(theme.name)]
            if theme.known:
                level = self.q.level(theme.level)
                cells.append(Cell(_("{n} · {label}\ngemiddeld {score}").format(
                    n=level.number, label=level.label,
                    score=format_number(float(theme.score), 1))))
            else:
                cells.append(Cell(_("onbekend"), MUTED))
            cells.append(self._spread_cell(theme))
            if comparison is not None:
                words, detail, colour = self._change_words(comparison.theme(theme.theme_id))
                cells.append(Cell(f"{words}\n{detail}".strip(), colour))
            cells.append(Cell(steps[theme.theme_id]))
            rows.append(cells)
        # A real table: a screen reader reads each cell with its column header.
        self.theme_table = TextTable(title)
        self.theme_table.set_rows(headers, rows, stretch=(len(headers) - 1,))
        layout.addWidget(self.theme_table)
        self.theme_rows = {
            theme.theme_id: [self.theme_table.item(r, c) for c in range(len(headers))]
            for r, theme in enumerate(result.themes)}
        if comparison is not None:
            words, detail, colour = self._change_words(comparison.overall)
            layout.addWidget(_rich(f"<b>{_esc(_('Totaal'))}:</b> <span style='color:{colour}'>"
                                   f"<b>{words}</b></span><br>{detail}"))
        return card

    def _spread_cell(self, theme) -> Cell:
        if theme.counting == 0:
            return Cell("–", MUTED)
        if theme.counting == 1:
            return Cell(_("1 collega"), MUTED)
        if theme.disagreement:
            return Cell(_("(!) {low} tot {high}\nbespreek dit").format(
                low=theme.low, high=theme.high), ATTENTION,
                text("disagreement", spread=theme.spread))
        if theme.low == theme.high:
            return Cell(_("iedereen {n}").format(n=theme.low))
        return Cell(_("{low} tot {high}").format(low=theme.low, high=theme.high))

    def _change_words(self, change) -> tuple[str, str, str]:
        """What changed since the earlier measurement: the word, the figures, the colour."""
        direction = change.direction
        colour = {"hoger": GOOD, "lager": ATTENTION}.get(direction, MUTED)
        words = {"hoger": _("hoger"), "lager": _("lager"), "gelijk": _("zelfde niveau"),
                 "onbekend": _("niet te vergelijken")}[direction]
        detail = ""
        if change.score_change is not None:
            detail = _("gemiddeld {a} → {b}").format(
                a=format_number(float(change.before_score), 1),
                b=format_number(float(change.after_score), 1))
            if direction != "gelijk":
                detail = _("niveau {a} → {b}, ").format(
                    a=change.before_level, b=change.after_level) + detail
        return words, detail, colour

    def _strengths_card(self, advice) -> QFrame:
        card, layout = _card(_("Wat gaat al goed"))
        if not advice.strengths:
            layout.addWidget(_label(text("no_strengths")))
        for strength in advice.strengths:
            layout.addWidget(_rich(f"<b>{_esc(strength.name)}</b> "
                                   f"({_('niveau')} {strength.level}): {_esc(strength.text)}"))
        return card

    def _conversation_card(self, result: MaturityResult) -> QFrame:
        card, layout = _card(_("Gespreksstof voor het MT"))
        layout.addWidget(_label(_(
            "Hier denken collega's verschillend, of weten ze het niet. Juist daarover is een "
            "gesprek nuttig: vaak kijkt iedereen vanuit een ander team."), "muted"))
        found = False
        for theme in result.themes:
            if theme.disagreement or theme.item_spreads:
                found = True
                lines = "".join(
                    _("<br>• Vraag {number} ({text}): antwoorden van niveau {low} tot "
                      "{high}.").format(number=s.number, text=_esc(s.text), low=s.low,
                                        high=s.high)
                    for s in theme.item_spreads)
                head = (text("disagreement", spread=theme.spread) if theme.disagreement
                        else _("Het thema als geheel ligt dicht bij elkaar, maar bij één of "
                               "meer vragen niet."))
                layout.addWidget(_rich(f"<b>{_esc(theme.name)}</b>: {_esc(head)}{lines}"))
            if theme.share_dont_know >= 0.5:
                found = True
                layout.addWidget(_rich(f"<b>{_esc(theme.name)}</b>: "
                                       f"{_esc(text('many_dont_know'))}"))
        if result.participants < 2:
            layout.addWidget(_label(_(
                "Er heeft nog maar één collega ingevuld. Laat meer collega's apart invullen: "
                "dan ziet u waar u verschillend over denkt.")))
        elif not found:
            layout.addWidget(_label(_(
                "Collega's denken bij alle thema's ongeveer hetzelfde. Dat maakt de uitkomst "
                "betrouwbaarder.")))
        return card

    def _levels_card(self, result: MaturityResult) -> QFrame:
        card, layout = _card(_("Wat betekenen de niveaus?"))
        for level in self.q.levels:
            mark = _("  ← totaal nu") if level.number == result.level else ""
            layout.addWidget(_rich(
                f"<b>{level.number}. {_esc(level.label)}</b> ({_esc(level.gartner)}"
                + (f"; {_esc(_('groeimodel'))}: {_esc(level.stage)}" if level.stage else "")
                + f"){_esc(mark)}"
                f"<br>{_esc(level.summary)} {_esc(level.description)}"))
        rule = _label(text("scoring_rule", min_answered=self.q.scoring.min_answered_per_theme,
                           min_themes=self.q.scoring.min_known_themes,
                           themes=len(self.q.themes)) + "\n\n" + fit_rule_text(self.q), "muted")
        layout.addWidget(Fold(_("Hoe berekenen we de uitkomst?"), rule, opened=False))
        return card

    # ================================================================== selftest
    def self_check(self) -> list[str]:
        problems = []
        if self.measurement is None:
            return [] if not self.project.is_example else ["the example has no measurement"]
        if len(self.item_boxes) != len(self.q.themes[self.theme_index].items):
            problems.append("questionnaire items not shown")
        if self.project.is_example:
            if self._results_stale:
                self._build_results()
            if self.result is None or self.result.level is None:
                problems.append("the example's outcome has no level")
            elif self.q.level(self.result.level).label not in self.level_label.text():
                problems.append("the outcome is not shown")
            if len(getattr(self, "theme_rows", {})) != len(self.q.themes):
                problems.append("not every theme has a row in the results")
            if len(getattr(self, "canvases", [])) != 2:
                problems.append("the charts are missing")
        return problems

