"""Step 6, Grafieken: the template's proposed charts, a simple builder, a live canvas, the
insight title, three interpretation fields and PNG/SVG export.

The page holds no chart logic: specs live in the project (core.chart_spec), figures are
built by core.charts in the background and drawn on the canvas on the UI thread.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import analysis, charts, suppression
from core.chart_spec import (
    KINDS,
    PERIOD_X,
    PERIODS,
    SORTS,
    TOTAL_X,
    ChartSpec,
    Filter,
    Target,
)
from core.errors import UserError
from core.i18n import _
from core.report.build import figures_table
from desktop.accessibility import label_control, mark_heading
from desktop.steps.base import PageContext, StepPage
from desktop.widgets.chart_canvas import ChartCanvas
from desktop.widgets.layout import Fold, GrowingTextEdit
from desktop.widgets.text_table import TextTable

SPEC_ROLE = Qt.ItemDataRole.UserRole
NO_VALUE = "__geen__"


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    heading = QLabel()
    heading.setObjectName("cardTitle")
    heading.setText(title)
    layout.addWidget(heading)
    return frame, layout


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    return combo


def _fill(combo: QComboBox, items: list[tuple[str, str]], current: str | None) -> None:
    combo.blockSignals(True)
    combo.clear()
    for value, label in items:
        combo.addItem(label, value)
    index = combo.findData(current if current is not None else NO_VALUE)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)


class GrafiekenPage(StepPage):
    step_id = "grafieken"

    def __init__(self, ctx: PageContext, info) -> None:
        super().__init__(ctx, info)
        self._loading = False
        self._generation = 0
        self._op = None
        self._data: charts.ChartData | None = None
        self._error: str = ""
        self._shown_once = False
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(150)  # typing in the builder rebuilds once
        self._render_timer.timeout.connect(self._render_now)
        self.texts = charts.texts()

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.setSpacing(16)
        outer.addWidget(self._build_list_panel(), 0)
        outer.addWidget(self._build_editor(), 1)
        self.on_project_replaced()

    # ------------------------------------------------------------------ building the UI
    def _build_list_panel(self) -> QWidget:
        panel, layout = _card(_("Uw grafieken"))
        panel.setFixedWidth(270)
        layout.addWidget(_muted(_("Stuurwijzer stelt grafieken voor die bij uw vraag horen. "
                                  "U kunt ze aanpassen of zelf een grafiek maken.")))
        self.chart_list = QListWidget()
        self.chart_list.setAccessibleName(_("Grafieken in dit project"))
        self.chart_list.setWordWrap(True)
        self.chart_list.setMinimumHeight(180)
        self.chart_list.currentItemChanged.connect(lambda *_a: self._selection_changed())
        layout.addWidget(self.chart_list, 1)
        self.new_button = QPushButton(_("Nieuwe grafiek"))
        self.new_button.clicked.connect(self._new_chart)
        self.propose_button = QPushButton(_("Voorgestelde grafieken toevoegen"))
        self.propose_button.setToolTip(_("Voeg de grafieken toe die bij het sjabloon van uw "
                                         "vraag horen."))
        self.propose_button.clicked.connect(self._add_proposals)
        self.delete_button = QPushButton(_("Grafiek verwijderen"))
        self.delete_button.clicked.connect(self._delete_chart)
        for button in (self.new_button, self.propose_button, self.delete_button):
            layout.addWidget(button)
        layout.addSpacing(8)
        privacy = mark_heading(QLabel(), False)  # it names the box below
        privacy.setObjectName("sectionTitle")
        privacy.setText(_(suppression.texts()["threshold_label"]))
        layout.addWidget(privacy)
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 100)
        self.threshold.setAccessibleName(privacy.text())
        privacy.setBuddy(self.threshold)
        self.threshold.valueChanged.connect(self._threshold_changed)
        layout.addWidget(self.threshold)
        self.threshold_help = _muted()
        layout.addWidget(self.threshold_help)
        return panel

    def _build_editor(self) -> QWidget:
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)

        self.empty_note = QLabel()
        self.empty_note.setObjectName("notice")
        self.empty_note.setWordWrap(True)
        layout.addWidget(self.empty_note)
        self.go_data = QPushButton(_("Naar stap Data"))
        self.go_data.clicked.connect(lambda: self.ctx.go_to("data"))
        layout.addWidget(self.go_data, 0, Qt.AlignmentFlag.AlignLeft)

        self.stale_box = QFrame()
        self.stale_box.setObjectName("notice")
        stale_row = QHBoxLayout(self.stale_box)
        self.stale_text = QLabel(_("Deze grafiek is verouderd: de gegevens of de opschoning zijn "
                                   "veranderd sinds u hem maakte. Kijk of uw titel en uitleg "
                                   "nog kloppen, en klik dan op Bijwerken."))
        self.stale_text.setWordWrap(True)
        self.refresh_button = QPushButton(_("Bijwerken"))
        self.refresh_button.clicked.connect(self._rebuild_stale)
        stale_row.addWidget(self.stale_text, 1)
        stale_row.addWidget(self.refresh_button)
        layout.addWidget(self.stale_box)

        self.chart_card, chart_layout = _card(_("Grafiek"))
        self.canvas = ChartCanvas()
        chart_layout.addWidget(self.canvas)
        # The chart in figures, as in the report's appendix: for whoever cannot see the chart
        # or wants the exact numbers.
        figures_name = _("De cijfers achter deze grafiek")
        figures_box = QWidget()
        figures_layout = QVBoxLayout(figures_box)
        figures_layout.setContentsMargins(0, 0, 0, 0)
        self.figures_table = TextTable(figures_name)
        figures_layout.addWidget(self.figures_table)
        self.figures_notes = _muted()
        figures_layout.addWidget(self.figures_notes)
        self.figures_fold = Fold(figures_name, figures_box, opened=False)
        self.figures_fold.hide()  # until a chart is built
        title_row = QHBoxLayout()
        title_label = QLabel(_("Titel"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Titel van de grafiek"))
        title_label.setBuddy(self.title_edit)
        self.title_edit.setToolTip(_("Een goede titel zegt wat de grafiek laat zien, zoals: "
                                     "'Wachttijd bij 2 van de 8 aanbieders boven de norm'."))
        self.title_edit.textEdited.connect(self._title_edited)
        self.suggest_button = QPushButton(_("Voorstel gebruiken"))
        self.suggest_button.setToolTip(_("Gebruik de titel die Stuurwijzer uit de cijfers haalt."))
        self.suggest_button.clicked.connect(self._use_suggested_title)
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)
        title_row.addWidget(self.suggest_button)
        chart_layout.addLayout(title_row)
        chart_layout.addWidget(self.figures_fold)
        self.privacy_note = QLabel()
        self.privacy_note.setObjectName("notice")
        self.privacy_note.setWordWrap(True)
        self.privacy_note.setVisible(False)  # only a built chart knows what it hides
        chart_layout.addWidget(self.privacy_note)
        self.guidance = _muted()
        chart_layout.addWidget(self.guidance)
        self.about = _muted()
        chart_layout.addWidget(self.about)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        self.png_button = QPushButton(_("Opslaan als PNG…"))
        self.png_button.setToolTip(_("Een afbeelding, om in een mail of presentatie te zetten."))
        self.svg_button = QPushButton(_("Opslaan als SVG…"))
        self.svg_button.setToolTip(_("Een tekening die scherp blijft bij vergroten."))
        self.png_button.clicked.connect(lambda: self._export("png"))
        self.svg_button.clicked.connect(lambda: self._export("svg"))
        export_row.addWidget(self.png_button)
        export_row.addWidget(self.svg_button)
        chart_layout.addLayout(export_row)
        layout.addWidget(self.chart_card)

        self.builder_card = QFrame()
        self.builder_card.setObjectName("card")
        builder_box = QWidget()
        builder_layout = QVBoxLayout(builder_box)
        builder_layout.setContentsMargins(0, 0, 0, 0)
        # Folded at first: the proposed charts fit the question; most users only write.
        self.builder_fold = Fold(_("Grafiek aanpassen"), builder_box, opened=False)
        QVBoxLayout(self.builder_card).addWidget(self.builder_fold)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.indicator = _combo(_("Wat wilt u zien?"))
        self.kind = _combo(_("Soort grafiek"))
        self.x = _combo(_("Vergelijk"))
        self.period = _combo(_("Periode"))
        self.group = _combo(_("Splits per"))
        self.aggregation = _combo(_("Berekening"))
        self.sort = _combo(_("Volgorde"))
        self.filter_dim = _combo(_("Filter op"))
        self.filter_value = _combo(_("Filterwaarde"))
        self.choice_label = QLabel()
        self.choice = _combo(_("Berekend op"))  # an indicator parameter, when it has one
        fields = [
            (_("Wat wilt u zien?"), self.indicator), (_("Soort grafiek"), self.kind),
            (_("Vergelijk"), self.x), (_("Periode"), self.period),
            (_("Splits per"), self.group), (_("Berekening"), self.aggregation),
            (_("Volgorde"), self.sort), (_("Alleen"), self.filter_dim),
            ("", self.filter_value),
        ]
        for number, (label, widget) in enumerate(fields):
            row, col = divmod(number, 2)
            if label:
                title = QLabel(label)
                title.setBuddy(widget)  # on Linux a combo box is named by its label only
                grid.addWidget(title, row * 2, col)
            grid.addWidget(widget, row * 2 + 1, col)
            if widget not in (self.indicator, self.filter_dim):
                widget.currentIndexChanged.connect(self._builder_changed)
        self.indicator.currentIndexChanged.connect(self._indicator_changed)
        self.filter_dim.currentIndexChanged.connect(self._filter_dimension_changed)
        rows = (len(fields) + 1) // 2
        grid.addWidget(self.choice_label, rows * 2, 0)
        grid.addWidget(self.choice, rows * 2 + 1, 0)
        self.choice.currentIndexChanged.connect(self._builder_changed)
        builder_layout.addLayout(grid)
        label_control(self.filter_value, _("Filterwaarde"))  # no visible label of its own
        self.choice_label.setBuddy(self.choice)
        target_row = QHBoxLayout()
        self.target_on = QCheckBox(_("Streeflijn"))
        self.target_on.setToolTip(_("Een lijn voor een norm of doel, zoals 42 dagen of 90%."))
        self.target_value = QDoubleSpinBox()
        self.target_value.setRange(-1e9, 1e9)
        self.target_value.setDecimals(1)
        self.target_value.setLocale(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        self.target_value.setAccessibleName(_("Waarde van de streeflijn"))
        self.target_label = QLineEdit()
        self.target_label.setPlaceholderText(_("Tekst bij de lijn, bijvoorbeeld: Norm: 42 dagen"))
        self.target_label.setAccessibleName(_("Tekst bij de streeflijn"))
        self.target_on.toggled.connect(self._builder_changed)
        self.target_value.valueChanged.connect(self._builder_changed)
        self.target_label.textEdited.connect(self._builder_changed)
        target_row.addWidget(self.target_on)
        target_row.addWidget(self.target_value)
        target_row.addWidget(self.target_label, 1)
        builder_layout.addLayout(target_row)
        range_row = QHBoxLayout()
        self.range_on = QCheckBox(_("Alleen de periode van"))
        self.range_on.setToolTip(_("Laat alleen de gegevens uit deze periode zien, bijvoorbeeld "
                                   "de periode van uw vraag."))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit, name in ((self.date_from, _("Begin van de periode")),
                           (self.date_to, _("Einde van de periode"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._builder_changed)
        self.range_on.toggled.connect(self._range_toggled)
        range_row.addWidget(self.range_on)
        range_row.addWidget(self.date_from)
        range_row.addWidget(QLabel(_("tot en met")))
        range_row.addWidget(self.date_to)
        range_row.addStretch(1)
        builder_layout.addLayout(range_row)
        self.kind_help = _muted()
        builder_layout.addWidget(self.kind_help)
        builder_layout.addWidget(_muted(_(self.texts["guidance"]["no_pie"])))

        self.words_card, words_layout = _card(_("Wat vertelt deze grafiek?"))
        words_layout.addWidget(_muted(_("Schrijf het op terwijl u naar de grafiek kijkt. Deze "
                                        "tekst komt in het rapport.")))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.words: dict[str, GrowingTextEdit] = {}
        for key in ("seen", "meaning", "action"):
            prompt = self.texts["prompts"][key]
            edit = GrowingTextEdit(min_lines=3)
            edit.setPlaceholderText(_(prompt["placeholder"]))
            edit.setAccessibleName(_(prompt["label"]))
            edit.textChanged.connect(lambda k=key: self._words_changed(k))
            self.words[key] = edit
            form.addRow(QLabel(f"<b>{_(prompt['label'])}</b>"), edit)
        self.alt_edit = GrowingTextEdit(min_lines=3)
        self.alt_edit.setAccessibleName(_("Beschrijving voor wie de grafiek niet kan zien"))
        self.alt_edit.textChanged.connect(self._alt_changed)
        form.addRow(QLabel(_("Beschrijving voor wie\nde grafiek niet kan zien")), self.alt_edit)
        words_layout.addLayout(form)
        layout.addWidget(self.words_card)
        layout.addWidget(self.builder_card)
        layout.addStretch(1)
        return editor

    # ------------------------------------------------------------------ project -> widgets
    @property
    def spec(self) -> ChartSpec | None:
        item = self.chart_list.currentItem()
        if item is None:
            return None
        try:
            return self.project.charts.get(item.data(SPEC_ROLE))
        except KeyError:
            return None

    def on_project_replaced(self) -> None:
        self._data = None
        self._shown_once = False
        self._generation += 1
        self._load_threshold()
        self._fill_list()
        if self.isVisible():
            self.on_shown()

    def on_shown(self) -> None:
        self._shown_once = True
        project = self.project
        if project.datasets and charts.needs_proposals(project):
            if charts.add_proposals(project):
                self._fill_list()
                self.ctx.controller.mark_changed("charts")
        self._refresh_states()
        self._schedule_render()

    def on_project_changed(self, tags: frozenset) -> None:
        if tags == frozenset({"charts"}):
            return  # our own edits; the page already shows them
        self._load_threshold()
        self._refresh_states()
        if self._shown_once:
            self._schedule_render()  # data, cleaning or the question may have changed

    def _load_threshold(self) -> None:
        self.threshold.blockSignals(True)
        self.threshold.setValue(self.project.charts.suppression_threshold)
        self.threshold.blockSignals(False)
        self._show_threshold_help()

    def _show_threshold_help(self) -> None:
        rule = suppression.rule_for(self.project)
        self.threshold_help.setText(rule.short_note)
        self.threshold_help.setToolTip(rule.explanation)
        self.threshold.setToolTip(rule.explanation)

    def _item_text(self, number: int, spec: ChartSpec) -> tuple[str, str]:
        label = spec.title or analysis.indicator_texts().get(spec.indicator, {}).get(
            "label", spec.indicator)
        state = charts.chart_state(self.project, spec)
        text = f"{number}. {label}"
        if state == "stale":
            text += f"\n⚠ {charts.state_label('stale')}"
        return text, state

    def _fill_list(self) -> None:
        current = self.spec.id if self.spec else None
        self.chart_list.blockSignals(True)
        self.chart_list.clear()
        for number, spec in enumerate(self.project.charts.specs, start=1):
            text, state = self._item_text(number, spec)
            item = QListWidgetItem(text)
            item.setData(SPEC_ROLE, spec.id)
            item.setToolTip(charts.state_label(state))
            self.chart_list.addItem(item)
            if spec.id == current:
                self.chart_list.setCurrentItem(item)
        if self.chart_list.currentItem() is None and self.chart_list.count():
            self.chart_list.setCurrentRow(0)
        self.chart_list.blockSignals(False)
        self._update_empty_state()
        self._load_spec()

    def _refresh_states(self) -> None:
        for row, spec in enumerate(self.project.charts.specs):
            item = self.chart_list.item(row)
            if item is None or item.data(SPEC_ROLE) != spec.id:
                self._fill_list()
                return
            text, state = self._item_text(row + 1, spec)
            item.setText(text)
            item.setToolTip(charts.state_label(state))
        spec = self.spec
        self.stale_box.setVisible(spec is not None
                                  and charts.chart_state(self.project, spec) == "stale")
        self.propose_button.setVisible(bool(charts.proposals(self.project)))
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        project = self.project
        has_data = bool(project.datasets)
        has_charts = bool(project.charts.specs)
        if not has_data:
            self.empty_note.setText(_("Er zijn nog geen gegevens. Lees eerst uw bestanden in "
                                      "bij stap Data; daarna stelt Stuurwijzer hier grafieken "
                                      "voor."))
        elif not has_charts:
            self.empty_note.setText(_("Er zijn nog geen grafieken. Kies bij stap Vraag een "
                                      "sjabloon, dan stelt Stuurwijzer grafieken voor. Of klik "
                                      "op Nieuwe grafiek."))
        self.empty_note.setVisible(not (has_data and has_charts))
        self.go_data.setVisible(not has_data)
        for widget in (self.chart_card, self.builder_card, self.words_card):
            widget.setVisible(has_charts)
        self.delete_button.setEnabled(has_charts)
        self.new_button.setEnabled(has_data)

    def _load_spec(self) -> None:
        """Put the selected spec into the builder and text fields."""
        spec = self.spec
        if spec is None:
            return
        self._loading = True
        try:
            indicators = analysis.indicator_texts()
            _fill(self.indicator, [(i, _(indicators[i]["label"])) for i in
                                   analysis.registered()], spec.indicator)
            _fill(self.kind, [(k, _(self.texts["kinds"][k]["label"])) for k in KINDS], spec.kind)
            self._fill_dimensions(spec)
            _fill(self.period, [(p, _(self.texts["periods"][p]["label"])) for p in PERIODS],
                  spec.period)
            _fill(self.sort, [(s, _(self.texts["sorts"][s])) for s in SORTS], spec.sort)
            self.target_on.setChecked(spec.target is not None)
            self._show_target(spec)
            self.range_on.setChecked(bool(spec.date_from or spec.date_to))
            self._show_range(spec)
            for key, edit in self.words.items():
                edit.blockSignals(True)
                edit.setPlainText(getattr(spec.interpretation, key))
                edit.blockSignals(False)
            self.alt_edit.blockSignals(True)
            self.alt_edit.setPlainText(spec.alt_text)
            self.alt_edit.blockSignals(False)
            self.title_edit.setText(spec.title)
            self.title_edit.setCursorPosition(0)
            self._update_enabled(spec)
        finally:
            self._loading = False

    def _unit(self, spec: ChartSpec) -> str:
        if self._data is not None and self._data.spec.id == spec.id:
            return self._data.unit
        return analysis.indicator_texts().get(spec.indicator, {}).get("unit", "")

    def _show_target(self, spec: ChartSpec) -> None:
        percent = self._unit(spec) == "procent"
        self.target_value.blockSignals(True)
        self.target_value.setSuffix("%" if percent else "")
        value = spec.target.value if spec.target else 0.0
        self.target_value.setValue(value * 100 if percent else value)
        self.target_value.blockSignals(False)
        self.target_label.setText(spec.target.label if spec.target else "")

    def _show_range(self, spec: ChartSpec) -> None:
        data = self._data if self._data is not None and self._data.spec.id == spec.id else None
        for edit, stored, fallback in (
                (self.date_from, spec.date_from, data.first_date if data else None),
                (self.date_to, spec.date_to, data.last_date if data else None)):
            edit.blockSignals(True)
            if stored:
                edit.setDate(QDate.fromString(stored, "yyyy-MM-dd"))
            elif fallback is not None:
                edit.setDate(QDate(fallback.year, fallback.month, fallback.day))
            edit.blockSignals(False)

    def _dimensions(self, spec: ChartSpec) -> list[str]:
        if self._data is not None and self._data.result.id == spec.indicator:
            return list(self._data.result.dimensions)
        return list(analysis.DIMENSIONS)

    def _fill_dimensions(self, spec: ChartSpec) -> None:
        dims = self._dimensions(spec)
        label = charts.dimension_label
        x_items = [(PERIOD_X, label(PERIOD_X))] + [(d, label(d)) for d in dims]
        x_items.append((TOTAL_X, _("Alles samen (één getal)")))
        built = self._data is not None and self._data.spec.id == spec.id
        effective = self._data.spec if built else spec
        _fill(self.x, x_items, effective.x or (TOTAL_X if built else spec.x))
        _fill(self.group, [(NO_VALUE, _("Niet splitsen"))] + [(PERIOD_X, label(PERIOD_X))]
              + [(d, label(d)) for d in dims], effective.group)
        measure = analysis.registered()[spec.indicator].measure if \
            spec.indicator in analysis.registered() else "waarde"
        aggregations = analysis.MEASURES[measure].aggregations
        _fill(self.aggregation, [(a, charts.aggregation_label(a)) for a in aggregations],
              effective.aggregation or aggregations[0])
        _fill(self.filter_dim, [(NO_VALUE, _("Geen filter"))] + [(d, label(d)) for d in dims],
              spec.filters[0].dimension if spec.filters else NO_VALUE)
        self._fill_filter_values(spec)
        choices = analysis.param_choices(spec.indicator)
        self.choice_label.setVisible(bool(choices))
        self.choice.setVisible(bool(choices))
        if choices:
            choice = choices[0]
            self.choice_label.setText(choice.label)
            self.choice.setAccessibleName(choice.label)
            _fill(self.choice, list(choice.options), spec.params.get(choice.param, choice.default))

    def _fill_filter_values(self, spec: ChartSpec) -> None:
        dim = self.filter_dim.currentData()
        values: list[tuple[str, str]] = []
        if dim not in (None, NO_VALUE) and self._data is not None \
                and self._data.result.id == spec.indicator:
            values = analysis.dimension_values(self._data.result, dim)
        chosen = spec.filters[0].values[0] if spec.filters and spec.filters[0].values else None
        _fill(self.filter_value, [(NO_VALUE, _("Alle"))] + values, chosen)
        self.filter_value.setEnabled(dim not in (None, NO_VALUE))

    def _update_enabled(self, spec: ChartSpec) -> None:
        self.period.setEnabled(PERIOD_X in (self.x.currentData(), self.group.currentData()))
        self.target_value.setEnabled(self.target_on.isChecked())
        self.date_from.setEnabled(self.range_on.isChecked())
        self.date_to.setEnabled(self.range_on.isChecked())
        self.target_label.setEnabled(self.target_on.isChecked())
        self.kind_help.setText(_(self.texts["kinds"][spec.kind]["help"]))
        self.sort.setEnabled(self.x.currentData() not in (PERIOD_X, TOTAL_X))

    # ------------------------------------------------------------------ widgets -> project
    def _changed(self) -> None:
        self.ctx.controller.mark_changed("charts")
        self._refresh_states()
        self._schedule_render()

    def _builder_changed(self, *_args) -> None:
        spec = self.spec
        if self._loading or spec is None:
            return
        def value(combo: QComboBox) -> str | None:
            data = combo.currentData()
            return None if data in (None, NO_VALUE) else data

        spec.kind = self.kind.currentData() or spec.kind
        for choice in analysis.param_choices(spec.indicator)[:1]:
            spec.params = {**spec.params, choice.param: self.choice.currentData()}
        spec.x = value(self.x)
        spec.group = value(self.group)
        spec.aggregation = value(self.aggregation)
        spec.period = self.period.currentData() or spec.period
        spec.sort = self.sort.currentData() or spec.sort
        dim, chosen = value(self.filter_dim), value(self.filter_value)
        spec.filters = [Filter(dim, [chosen])] if dim and chosen else []
        if self.range_on.isChecked():
            spec.date_from = self.date_from.date().toString("yyyy-MM-dd")
            spec.date_to = self.date_to.date().toString("yyyy-MM-dd")
        else:
            spec.date_from = spec.date_to = None
        if self.target_on.isChecked():
            raw = self.target_value.value()
            spec.target = Target(raw / 100 if self._unit(spec) == "procent" else raw,
                                 self.target_label.text())
        else:
            spec.target = None
        self._update_enabled(spec)
        self._changed()

    def _range_toggled(self, on: bool) -> None:
        spec = self.spec
        if self._loading or spec is None:
            return
        if on and not (spec.date_from or spec.date_to):
            self._loading = True
            self._show_range(spec)  # start from the dates the chart covers now
            self._loading = False
        self._builder_changed()

    def _indicator_changed(self, *_args) -> None:
        spec = self.spec
        if self._loading or spec is None:
            return
        spec.indicator = self.indicator.currentData()
        spec.aggregation, spec.filters, spec.params = None, [], {}
        spec.target = charts.default_target(self.project, spec.indicator)
        self._data = None
        self._load_spec()
        self._changed()

    def _filter_dimension_changed(self, *_args) -> None:
        spec = self.spec
        if self._loading or spec is None:
            return
        self._loading = True
        self._fill_filter_values(spec)  # starts at "Alle": no filter until a value is chosen
        self._loading = False
        self._builder_changed()

    def _title_edited(self, text: str) -> None:
        spec = self.spec
        if spec is None:
            return
        spec.title = text
        spec.title_edited = bool(text.strip())
        self.ctx.controller.mark_changed("charts")
        self._refresh_states()
        if self._data is not None:
            self.canvas.show_chart(self._data, title=text if text.strip() else None)

    def _use_suggested_title(self) -> None:
        spec = self.spec
        if spec is None or self._data is None:
            return
        spec.title_edited = False
        spec.title = self._data.suggested_title
        self.title_edit.setText(spec.title)
        self.canvas.show_chart(self._data, title=spec.title)
        self.ctx.controller.mark_changed("charts")
        self._refresh_states()

    def _words_changed(self, key: str) -> None:
        spec = self.spec
        if self._loading or spec is None:
            return
        setattr(spec.interpretation, key, self.words[key].toPlainText())
        self.ctx.controller.mark_changed("charts")

    def _alt_changed(self) -> None:
        spec = self.spec
        if self._loading or spec is None:
            return
        spec.alt_text = self.alt_edit.toPlainText()
        spec.alt_text_edited = bool(spec.alt_text.strip())
        self.ctx.controller.mark_changed("charts")

    def _threshold_changed(self, value: int) -> None:
        suppression.set_threshold(self.project, value)
        self._show_threshold_help()
        self._changed()

    def _selection_changed(self) -> None:
        self._data = None
        self.privacy_note.setVisible(False)  # the notes of the previous chart do not apply
        self.guidance.setVisible(False)
        self._load_spec()
        self._refresh_states()
        self._schedule_render()

    def _new_chart(self) -> None:
        template = self.project.question.template
        from core.templates import get_template

        found = get_template(template)
        indicator = found.indicators[0] if found and found.indicators else next(
            iter(analysis.registered()))
        spec = ChartSpec(indicator, "staaf")
        spec.target = charts.default_target(self.project, indicator)
        self.project.charts.specs.append(spec)
        self._fill_list()
        self.chart_list.setCurrentRow(self.chart_list.count() - 1)
        self._changed()

    def _add_proposals(self) -> None:
        if charts.add_proposals(self.project):
            self._fill_list()
            self._changed()

    def _delete_chart(self) -> None:
        spec = self.spec
        if spec is None:
            return
        row = self.chart_list.currentRow()
        self.project.charts.specs.remove(spec)
        self._fill_list()
        if self.chart_list.count():
            self.chart_list.setCurrentRow(min(row, self.chart_list.count() - 1))
        self._data = None
        self._changed()

    def _rebuild_stale(self) -> None:
        spec = self.spec
        if spec is None or self._data is None or self._data.spec.id != spec.id:
            return
        charts.apply_build(spec, self._data)
        self._load_spec()
        self._changed()

    # ------------------------------------------------------------------ rendering
    def _schedule_render(self) -> None:
        self._render_timer.start()

    def _render_now(self) -> None:
        spec = self.spec
        if spec is None or not self.project.datasets:
            return
        self._generation += 1
        generation = self._generation
        self._op = (
            self.ctx.tasks.op(charts.build, self.project, copy.deepcopy(spec), serial=False)
            .with_progress(_("Grafiek maken…"))
            .on_success(lambda data: self._built(generation, data))
            .on_failure(lambda exc: self._build_failed(generation, exc))
            .run()
        )

    def _built(self, generation: int, data: charts.ChartData) -> None:
        if generation != self._generation:
            return  # the user changed something while this was being built
        spec = self.spec
        if spec is None or spec.id != data.spec.id:
            return
        self._data, self._error = data, ""
        if charts.chart_state(self.project, spec) != "stale" and charts.apply_build(spec, data):
            self.ctx.controller.mark_changed("charts")
        self.canvas.show_chart(data, title=spec.title if spec.title_edited else None)
        self._loading = True
        self._fill_dimensions(spec)
        self._show_target(spec)
        if not self.range_on.isChecked():
            self._show_range(spec)
        if not spec.alt_text_edited:
            self.alt_edit.setPlainText(spec.alt_text)
        if not spec.title_edited:
            self.title_edit.setText(spec.title)
            self.title_edit.setCursorPosition(0)
        self._update_enabled(spec)
        self._loading = False
        self.privacy_note.setText(data.suppression_note)
        self.privacy_note.setVisible(bool(data.suppression_note))
        self.guidance.setText("\n".join(data.guidance))
        self.guidance.setVisible(bool(data.guidance))
        result = data.result
        about = [f"<b>{_('Definitie')}:</b> {result.definition}",
                 f"<b>{_('Gegevens')}:</b> {result.summary()}"]
        if result.rule:
            about.append(f"<b>{_('Koppeling')}:</b> {result.rule}")
        self.about.setText("<br>".join(about))
        self._show_figures(data, spec.title)
        self.png_button.setEnabled(True)
        self.svg_button.setEnabled(True)
        self._refresh_states()

    def _show_figures(self, data: charts.ChartData, title: str) -> None:
        table = figures_table(data, title)
        self.figures_table.set_rows(table.header, table.rows, numeric=table.numeric,
                                    bold_last=table.total)
        self.figures_notes.setText(" ".join(table.notes))
        self.figures_notes.setVisible(bool(table.notes))
        self.figures_fold.show()

    def _build_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._data = None
        if isinstance(exc, UserError):
            self._error = exc.message
            self.canvas.show_message(f"{exc.message}\n{exc.hint}".strip())
            self.privacy_note.hide()
            self.guidance.hide()
            self.about.setText("")
            self.figures_fold.hide()
            self.png_button.setEnabled(False)
            self.svg_button.setEnabled(False)
            return
        self.ctx.tasks.error_handler(exc)

    # ------------------------------------------------------------------ export
    def _export(self, fmt: str) -> None:
        spec, data = self.spec, self._data
        if spec is None or data is None:
            return
        name = "".join(c if c.isalnum() or c in " -_" else "_" for c in data.title)[:60].strip()
        filters = {"png": _("PNG-afbeelding (*.png)"), "svg": _("SVG-tekening (*.svg)")}
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Grafiek opslaan"), str(Path.home() / f"{name or 'grafiek'}.{fmt}"),
            filters[fmt])
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(f"{target.name}.{fmt}")
        snapshot = copy.deepcopy(spec)

        def write() -> Path:
            return charts.export(charts.render(self.project, snapshot), target)

        self._op = (
            self.ctx.tasks.op(write, serial=False)
            .with_progress(_("Grafiek opslaan…"))
            .on_success(lambda written: self.ctx.tasks.message(
                _("Grafiek opgeslagen: {name}").format(name=written.name)))
            .run()
        )

    # ------------------------------------------------------------------ selftest
    def self_check(self) -> list[str]:
        problems = []
        if not self.project.is_example:
            return problems
        if not self.project.charts.specs:
            return ["no charts were proposed for the example question"]
        if self._render_timer.isActive():
            self._render_timer.stop()
            self._render_now()
        if self._op is not None and not self._op.wait(60):
            return ["the chart did not finish rendering"]
        if self._data is None:
            problems.append(f"the chart did not render: {self._error or 'unknown'}")
        elif not self.canvas.figure.axes or not self._data.visible()["value"].notna().any():
            problems.append("the chart shows no figures")
        elif not self._data.title:
            problems.append("the chart has no title")
        return problems
