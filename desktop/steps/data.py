"""Step 3, Data: read CSV and Excel files, check how they are read, say what columns mean.

The page shows what core found and passes every change back to core: opening and
reading a file run in the background (``core.io.review``, ``core.io.import_file``),
the preview of a changed setting is computed by ``core.io.preview`` (fast, from
samples), and datasets change only through ``core.io.datasets`` and ``Dataset``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import Cancelled, UserError
from core.i18n import _, n_
from core.io import (
    ImportResult,
    ImportSettings,
    Review,
    coerce_preview,
    detect_settings,
    import_file,
    preview,
    review,
)
from core.io.datasets import (
    add_dataset,
    kind_label,
    kind_labels,
    mark_checklist_received,
    remove_dataset,
    rename_dataset,
    role_label,
    set_kind,
    template_checklist,
)
from core.io.describe import choices, column_format_label, reason_label, summary
from core.paths import load_json_resource
from core.project import ColumnSpec, Dataset, assign_role
from desktop import dialogs
from desktop.accessibility import expose_text
from desktop.steps.base import PageContext, StepPage
from desktop.widgets.column_editor import ColumnEditor, ColumnRow
from desktop.widgets.layout import Fold
from desktop.widgets.table_preview import PreviewTable

FILE_FILTER = "Gegevensbestanden (*.csv *.txt *.tsv *.xlsx *.xlsm *.xlsb *.xls *.ods);;Alle bestanden (*)"
PREVIEW_DELAY_MS = 120  # wait for the user to stop typing in a number field


@cache
def texts() -> dict[str, str]:
    return load_json_resource("texts", "data_step.json")


def t(key: str, **values) -> str:
    text = _(texts()[key])
    return text.format(**values) if values else text


def _card(title: str | None = None) -> tuple[QFrame, QVBoxLayout, QLabel | None]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    heading = None
    if title is not None:
        heading = QLabel()
        heading.setObjectName("cardTitle")
        heading.setText(title)
        heading.setWordWrap(True)
        layout.addWidget(heading)
    return frame, layout, heading


def _label(text: str = "", name: str | None = None) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setText(text)
    return label


def _combo(items, accessible: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(accessible)
    for item in items:
        box.addItem(item.label, item.id)
    return box


class DataPage(StepPage):
    step_id = "data"

    def __init__(self, ctx: PageContext, info) -> None:
        super().__init__(ctx, info)
        self.setAcceptDrops(True)
        self._review: Review | None = None
        self._settings: ImportSettings | None = None
        self._specs: list[ColumnSpec] = []
        self._overrides: dict[str, tuple[str, str | None]] = {}  # pending: user's types
        self._role_overrides: dict[str, str | None] = {}
        self._queue: list[Path] = []
        self._busy = False
        self._updating = False
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._refresh_preview)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        intro = _label(t("intro"), "lead")
        outer.addWidget(intro)
        top = QHBoxLayout()
        self.choose_button = QPushButton(_("Bestand kiezen…"))
        self.choose_button.setObjectName("primary")
        self.choose_button.setAccessibleDescription(_("Kies een CSV- of Excel-bestand om in te lezen"))
        self.choose_button.clicked.connect(self.choose_files)
        top.addWidget(self.choose_button)
        top.addWidget(_label(t("drop_hint"), "muted"), 1)
        outer.addLayout(top)

        body = QHBoxLayout()
        body.setSpacing(16)
        outer.addLayout(body, 1)

        # ---- left: datasets and what the template needs
        left = QVBoxLayout()
        files, files_layout, _h = _card(_("Uw bestanden"))
        self.dataset_list = QListWidget()
        self.dataset_list.setAccessibleName(_("Ingelezen bestanden"))
        self.dataset_list.setMinimumHeight(140)
        self.dataset_list.setSpacing(3)
        self.dataset_list.currentItemChanged.connect(self._dataset_selected)
        files_layout.addWidget(self.dataset_list)
        self.no_datasets = _label(_("Nog geen bestanden ingelezen."), "muted")
        files_layout.addWidget(self.no_datasets)
        self.remove_button = QPushButton(_("Uit project halen"))
        self.remove_button.setAccessibleDescription(
            _("Haal het gekozen bestand uit het project; het bestand op uw computer blijft"))
        self.remove_button.clicked.connect(self._remove_selected)
        files_layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(files)
        needs, needs_layout, self.checklist_title = _card(_("Wat uw analyse nodig heeft"))
        self.checklist = _label()
        self.checklist.setTextFormat(Qt.TextFormat.RichText)
        self.checklist.setAccessibleName(_("Wat uw analyse nodig heeft"))
        needs_layout.addWidget(self.checklist)
        left.addWidget(needs)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(270)
        body.addWidget(left_widget, 0, Qt.AlignmentFlag.AlignTop)

        # ---- right: empty / a file to read / a dataset
        self.stack = QStackedWidget()
        body.addWidget(self.stack, 1)
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_pending())
        self.stack.addWidget(self._build_dataset())

        self.on_project_replaced()

    # ================================================================== building
    def _build_empty(self) -> QWidget:
        card, layout, self.empty_title = _card(t("empty_title"))
        self.empty_text = _label(t("empty_text"))
        layout.addWidget(self.empty_text)
        self.empty_error = _label("", "notice")
        self.empty_error.hide()
        layout.addWidget(self.empty_error)
        layout.addStretch(1)
        return card

    def _build_pending(self) -> QWidget:
        card, layout, self.pending_title = _card("")
        # The step's primary action sits at the top: on a laptop screen the column table
        # below pushed it out of sight.
        buttons = QHBoxLayout()
        buttons.addWidget(_label(t("pending_help"), "muted"), 1)
        self.cancel_button = QPushButton(_("Annuleren"))
        self.cancel_button.clicked.connect(self._cancel_pending)
        self.import_button = QPushButton(_("Inlezen"))
        self.import_button.setObjectName("primary")
        self.import_button.setAccessibleDescription(_("Lees het hele bestand in met deze instellingen"))
        self.import_button.clicked.connect(self.start_import)
        buttons.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        self.pending_error = _label("", "notice")
        self.pending_error.hide()
        layout.addWidget(self.pending_error)

        sheet_row = QHBoxLayout()
        self.sheet_label = QLabel(_("Werkblad:"))
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName(_("Werkblad"))
        self.sheet_box.currentIndexChanged.connect(self._sheet_changed)
        self.sheet_label.setBuddy(self.sheet_box)
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_box, 1)
        layout.addLayout(sheet_row)

        self.summary = _label()
        self.summary.setAccessibleName(_("Zo leest Stuurwijzer het bestand"))
        layout.addWidget(self.summary)
        self.settings_panel = QWidget()
        form = QFormLayout(self.settings_panel)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_label(t("settings_help"), "muted"))
        self.encoding_box = _combo(choices("encodings"), _("Tekenset"))
        self.delimiter_box = _combo(choices("delimiters"), _("Scheidingsteken"))
        self.decimal_box = _combo(choices("decimals"), _("Decimaalteken"))
        self.date_box = _combo(choices("date_formats"), _("Datums"))
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 300)
        self.header_spin.setAccessibleName(_("Kolomnamen beginnen in rij"))
        self.header_rows_spin = QSpinBox()
        self.header_rows_spin.setRange(0, 5)
        self.header_rows_spin.setAccessibleName(_("Aantal rijen met kolomnamen"))
        self.header_rows_spin.setSpecialValueText(_("geen kolomnamen"))
        self.skip_bad = QCheckBox(_("Regels met te veel of te weinig waarden overslaan"))
        self.encoding_label = QLabel(_("Tekenset"))
        self.delimiter_label = QLabel(_("Waarden gescheiden door"))
        form.addRow(self.encoding_label, self.encoding_box)
        form.addRow(self.delimiter_label, self.delimiter_box)
        form.addRow(_("Decimaalteken"), self.decimal_box)
        form.addRow(_("Datums"), self.date_box)
        self.header_label = QLabel(_("Kolomnamen beginnen in regel"))
        form.addRow(self.header_label, self.header_spin)
        form.addRow(_("Aantal rijen met kolomnamen"), self.header_rows_spin)
        form.addRow(self.skip_bad)
        for box in (self.encoding_box, self.delimiter_box, self.decimal_box, self.date_box):
            box.currentIndexChanged.connect(self._setting_changed)
        for spin in (self.header_spin, self.header_rows_spin):
            spin.valueChanged.connect(self._setting_changed)
        self.skip_bad.toggled.connect(self._setting_changed)
        self.settings_fold = Fold(_("Instellingen voor het inlezen aanpassen"),
                                  self.settings_panel, opened=False)
        self.settings_toggle = self.settings_fold.button
        layout.addWidget(self.settings_fold)

        self.pending_warnings = _label("", "notice")
        self.pending_warnings.hide()
        layout.addWidget(self.pending_warnings)

        self.exclude_box = QWidget()
        exclude_layout = QVBoxLayout(self.exclude_box)
        exclude_layout.setContentsMargins(0, 0, 0, 0)
        title = _label(_("Rijen onder de tabel"), "sectionTitle")
        exclude_layout.addWidget(title)
        exclude_layout.addWidget(_label(t("exclude_help"), "muted"))
        self.exclude_checks_layout = QVBoxLayout()
        exclude_layout.addLayout(self.exclude_checks_layout)
        self.exclude_checks: list[tuple[int, QCheckBox]] = []
        layout.addWidget(self.exclude_box)

        self.pending_kind = self._kind_combo(layout, self._pending_kind_changed)
        layout.addWidget(_label(t("kind_help"), "muted"))

        layout.addWidget(_label(t("preview_title"), "sectionTitle"))
        self.pending_rows = _label("", "muted")
        layout.addWidget(self.pending_rows)
        self.pending_table = PreviewTable(_("Eerste rijen van het bestand"))
        layout.addWidget(self.pending_table)
        layout.addWidget(_label(t("columns_title"), "sectionTitle"))
        layout.addWidget(_label(t("columns_help"), "muted"))
        self.pending_columns = ColumnEditor()
        self.pending_columns.type_changed.connect(self._pending_type_changed)
        self.pending_columns.role_changed.connect(self._pending_role_changed)
        layout.addWidget(self.pending_columns)

        return card

    def _build_dataset(self) -> QWidget:
        card, layout, _h = _card(None)
        name_row = QHBoxLayout()
        name_label = QLabel(_("Naam:"))
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Naam van de gegevens"))
        self.name_edit.editingFinished.connect(self._renamed)
        name_label.setBuddy(self.name_edit)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        layout.addLayout(name_row)
        self.dataset_info = _label("", "muted")
        layout.addWidget(self.dataset_info)
        self.dataset_notice = _label("", "notice")
        self.dataset_notice.hide()
        layout.addWidget(self.dataset_notice)
        self.dataset_kind = self._kind_combo(layout, self._kind_changed)
        layout.addWidget(_label(t("preview_title"), "sectionTitle"))
        self.dataset_table = PreviewTable(_("Eerste rijen van de gegevens"),
                                          _("Het nummer van de rij in de ingelezen gegevens"))
        layout.addWidget(self.dataset_table)
        layout.addWidget(_label(t("columns_title"), "sectionTitle"))
        layout.addWidget(_label(t("dataset_help"), "muted"))
        self.dataset_columns = ColumnEditor()
        self.dataset_columns.type_changed.connect(self._dataset_type_changed)
        self.dataset_columns.role_changed.connect(self._dataset_role_changed)
        layout.addWidget(self.dataset_columns)
        return card

    def _kind_combo(self, layout: QVBoxLayout, on_change) -> QComboBox:
        """A labelled row with the dataset kinds, added to ``layout``."""
        box = QComboBox()
        box.setAccessibleName(_("Soort gegevens"))
        for kind in kind_labels():
            box.addItem(kind_label(kind), kind)
        box.currentIndexChanged.connect(on_change)
        row = QHBoxLayout()
        label = QLabel(_("Soort gegevens:"))
        label.setBuddy(box)
        row.addWidget(label)
        row.addWidget(box, 1)
        layout.addLayout(row)
        return box

    @staticmethod
    def _mark_suggestion(box: QComboBox, suggested: str | None) -> None:
        for i in range(box.count()):
            text = kind_label(box.itemData(i))
            box.setItemText(i, text + (_(" (voorstel)") if box.itemData(i) == suggested else ""))

    # ================================================================== project → widgets
    def on_project_replaced(self) -> None:
        self._drop_pending()
        self._queue.clear()
        self._refresh_list()
        if self.project.datasets:
            self.dataset_list.setCurrentRow(0)
        else:
            self.stack.setCurrentIndex(0)
        self._refresh_checklist()

    def on_project_changed(self, tags: frozenset) -> None:
        if tags & {"datasets", "question", "project"}:
            self._refresh_checklist()
        if "cleaning" in tags and self._review is None:
            # A privacy fix in Controle rewrote the stored data (pseudonymised BSNs, a removed
            # column): the first rows and examples shown here must never keep the old values.
            dataset = self._current_dataset()
            if dataset is not None:
                self._show_dataset(dataset)

    def on_shown(self) -> None:
        self._refresh_checklist()

    def may_leave(self) -> bool:
        """A chosen file that was not read yet is easy to forget: ask before leaving."""
        if self._review is None or self._busy:
            return True
        answer = dialogs.ask_leave_unread(self, self._review.source.path.name)
        if answer == "read":
            self.start_import()
            return True
        if answer == "discard":
            self._cancel_pending()
            return True
        return False

    def _refresh_list(self, select: str | None = None) -> None:
        self._updating = True
        self.dataset_list.clear()
        for ds in self.project.datasets:
            item = QListWidgetItem(f"{ds.name}\n{kind_label(ds.kind)} · "
                                   + _("{n} rijen").format(n=f"{ds.row_count:,}".replace(",", ".")))
            item.setData(Qt.ItemDataRole.UserRole, ds.id)
            item.setToolTip(ds.source.filename if ds.source else ds.name)
            self.dataset_list.addItem(item)
            if ds.id == select:
                self.dataset_list.setCurrentItem(item)
        self._updating = False
        has = bool(self.project.datasets)
        self.dataset_list.setVisible(has)
        self.no_datasets.setVisible(not has)
        self.remove_button.setEnabled(has and self.dataset_list.currentItem() is not None)

    def _refresh_checklist(self) -> None:
        checklist = template_checklist(self.project)
        if checklist is None:
            self.checklist.setText(t("checklist_no_template"))
            expose_text(self.checklist, _("Wat uw analyse nodig heeft"))
            return
        parts = [t("checklist_intro", template=f"<b>{checklist.template_label}</b>")]
        for optional in (False, True):
            items = [i for i in checklist.items if i.required != optional]
            if not items:
                continue
            if optional:
                parts.append(f"<i>{t('checklist_optional')}</i>")
            for kind in dict.fromkeys(i.kind for i in items):
                of_kind = [i for i in items if i.kind == kind]
                sources = checklist.sources.get(kind, [])
                where = (_("in {names}").format(names=", ".join(sources)) if sources
                         else _("nog geen bestand"))
                lines = [f"<b>{kind_label(kind)}</b> <span style='color:#5b6b7d'>({where})</span>"]
                for item in of_kind:
                    if item.satisfied:
                        mark, colour = "✔", "#1e7b34"
                    else:
                        mark, colour = ("–", "#5b6b7d") if optional else ("✘", "#b3261e")
                    missing = "" if item.satisfied or optional else _(" — ontbreekt")
                    lines.append(f"<span style='color:{colour}'>{mark}</span> "
                                 f"{role_label(item.role)}{missing}")
                parts.append("<br>".join(lines))
        self.checklist.setText("<br><br>".join(parts))
        expose_text(self.checklist, _("Wat uw analyse nodig heeft"))

    # ================================================================== choosing files
    def choose_files(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(self, _("Bestand kiezen"), str(Path.home()),
                                                 _(FILE_FILTER))
        self.open_files([Path(p) for p in paths])

    def open_files(self, paths: list[Path]) -> None:
        if not paths:
            return
        self._queue.extend(paths)
        if not self._busy and self._review is None:
            self._open_next()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.open_files(paths)

    def _open_next(self):
        if not self._queue:
            return None
        path = self._queue.pop(0)
        self._set_busy(True)
        return (
            self.ctx.tasks.op(review, path, serial=False)
            .with_progress(_("{name} openen…").format(name=path.name))
            .on_success(self._reviewed)
            .on_failure(lambda exc, p=path: self._open_failed(p, exc))
            .run()
        )

    def _open_failed(self, path: Path, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self.empty_title.setText(_("'{name}' kon niet worden ingelezen").format(name=path.name))
            self.empty_error.setText(f"{exc.message}\n\n{exc.hint}".strip())
            self.empty_error.show()
            self.stack.setCurrentIndex(0)
        elif not isinstance(exc, Cancelled):
            self.ctx.tasks.error_handler(exc)
        self._open_next()

    def _reviewed(self, result: Review) -> None:
        self._set_busy(False)
        self._review = result
        self._overrides.clear()
        self._role_overrides.clear()
        self.empty_error.hide()
        source = result.source
        self.pending_title.setText(_("Nieuw bestand: {name}").format(name=source.path.name))
        self.pending_error.hide()
        self._updating = True
        is_excel = source.format == "excel"
        self.sheet_label.setVisible(is_excel)
        self.sheet_box.setVisible(is_excel)
        self.sheet_box.clear()
        for sheet in source.summaries:
            if sheet.usable:
                label = _("{name} — tabel met {rows} rijen en {cols} kolommen")
            else:
                label = n_(sheet.rows, "{name} — {rows} rij tekst, geen tabel",
                           "{name} — {rows} rijen tekst, geen tabel")
            self.sheet_box.addItem(label.format(name=sheet.name, rows=sheet.rows,
                                                cols=sheet.columns), sheet.name)
            sample = "\n".join(" | ".join(c or "" for c in row) for row in sheet.sample[:4])
            self.sheet_box.setItemData(self.sheet_box.count() - 1, sample,
                                       Qt.ItemDataRole.ToolTipRole)
            if not sheet.visible:
                self.sheet_box.setItemText(self.sheet_box.count() - 1,
                                           self.sheet_box.itemText(self.sheet_box.count() - 1)
                                           + _(" (verborgen)"))
        for widget in (self.encoding_box, self.delimiter_box, self.encoding_label,
                       self.delimiter_label, self.skip_bad):
            widget.setVisible(not is_excel)
        self.header_label.setText(_("Kolomnamen beginnen in rij") if is_excel
                                  else _("Kolomnamen beginnen in regel"))
        self._updating = False
        self._apply_settings(result.settings, result.preview)
        self._updating = True
        self.dataset_list.setCurrentRow(-1)  # the new file is shown, not a dataset
        self._updating = False
        self.remove_button.setEnabled(False)
        self.stack.setCurrentIndex(1)

    # ================================================================== pending: settings and preview
    def _apply_settings(self, settings: ImportSettings, view=None) -> None:
        """Show ``settings`` in the form and the preview that goes with them."""
        self._settings = settings
        self._updating = True
        if settings.format == "excel":
            self.sheet_box.setCurrentIndex(max(0, self.sheet_box.findData(settings.sheet)))
        else:
            self._select(self.encoding_box, settings.encoding)
            self._select(self.delimiter_box, settings.delimiter)
        self._select(self.decimal_box, settings.decimal)
        self._select(self.date_box, settings.date_format)
        self.header_spin.setValue(settings.header_row + 1)
        self.header_rows_spin.setValue(settings.header_rows)
        self.skip_bad.setChecked(settings.skip_bad_rows)
        self._updating = False
        self._show_preview(view or preview(self._review.source, settings))

    @staticmethod
    def _select(box: QComboBox, value: str) -> None:
        index = box.findData(value)
        if index < 0:
            box.addItem(value, value)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def _sheet_changed(self) -> None:
        if self._updating or self._review is None:
            return
        sheet = self.sheet_box.currentData()
        self._apply_settings(detect_settings(self._review.source, sheet))

    def _setting_changed(self) -> None:
        if self._updating or self._review is None or self._settings is None:
            return
        decimal = self.decimal_box.currentData()
        changes = {
            "decimal": decimal,
            "thousands": "." if decimal == "," else ",",
            "date_format": self.date_box.currentData(),
            "header_row": self.header_spin.value() - 1,
            "header_rows": self.header_rows_spin.value(),
        }
        if self._settings.format == "csv":
            changes.update(encoding=self.encoding_box.currentData(),
                           delimiter=self.delimiter_box.currentData(),
                           skip_bad_rows=self.skip_bad.isChecked())
        self._settings = self._settings.replace(**changes)
        self._preview_timer.start()

    def _exclusion_changed(self) -> None:
        if self._settings is None:
            return
        chosen = [index for index, box in self.exclude_checks if box.isChecked()]
        self._settings = self._settings.replace(exclude_rows=chosen)
        self._preview_timer.start()

    def _refresh_preview(self) -> None:
        if self._review is None or self._settings is None:
            return
        try:
            view = preview(self._review.source, self._settings)
        except UserError as exc:
            self.pending_error.setText(f"{exc.message} {exc.hint}")
            self.pending_error.show()
            return
        self._show_preview(view)

    def _show_preview(self, view) -> None:
        self._preview = view
        settings = view.settings
        self.pending_error.hide()
        self.summary.setText(summary(settings, view.header_lines))
        expose_text(self.summary, _("Zo leest Stuurwijzer het bestand"))
        # rows below the table
        for _i, box in self.exclude_checks:
            box.setParent(None)
        self.exclude_checks = []
        unit = _("Rij") if settings.format == "excel" else _("Regel")
        for proposal in view.proposals:
            text = next((c for c in proposal.cells if c), "")
            text = text if len(text) <= 60 else text[:57] + "…"
            box = QCheckBox(_("{unit} {line} niet inlezen ({reason}): {text}").format(
                unit=unit, line=proposal.line, reason=reason_label(proposal.kind), text=text))
            box.setChecked(proposal.index in settings.exclude_rows)
            box.toggled.connect(self._exclusion_changed)
            self.exclude_checks_layout.addWidget(box)
            self.exclude_checks.append((proposal.index, box))
        self.exclude_box.setVisible(bool(view.proposals))
        self.pending_warnings.setText("\n".join(view.warnings))
        self.pending_warnings.setVisible(bool(view.warnings))
        # kind
        self._updating = True
        self._mark_suggestion(self.pending_kind, view.kind)
        self.pending_kind.setCurrentIndex(max(0, self.pending_kind.findData(view.kind)))
        self._updating = False
        # columns: suggestions, with what the user changed kept
        specs = []
        for col in view.columns:
            type_id, fmt = self._overrides.get(col.name, (col.type, col.format))
            specs.append(ColumnSpec(col.name, type_id, col.role, fmt, col.type, col.role))
        for name, role in self._role_overrides.items():
            if any(s.name == name for s in specs):
                assign_role(specs, name, role)
        self._specs = specs
        rows_text = (_("ongeveer {n} rijen") if not view.exact_rows else _("{n} rijen")).format(
            n=f"{view.estimated_rows:,}".replace(",", "."))
        if len(view.rows) < view.estimated_rows:
            self.pending_rows.setText(_("Het bestand heeft {rows}. Hieronder ziet u de eerste "
                                        "{shown}.").format(rows=rows_text, shown=len(view.rows)))
        else:
            self.pending_rows.setText(_("Het bestand heeft {rows}.").format(rows=rows_text))
        self._show_pending_table()
        self.pending_columns.set_columns(self._column_rows(specs, view),
                                         self._needed_roles(self.pending_kind.currentData()))

    def _show_pending_table(self) -> None:
        view = self._preview
        invalid = {}
        for col_index, spec in enumerate(self._specs):
            rows = coerce_preview(view, spec.name, spec.type, spec.format)
            for row in rows:
                invalid[(row, col_index)] = _("Deze waarde past niet bij de soort waarde "
                                              "van de kolom.")
        self.pending_table.show_rows([s.name for s in self._specs], view.rows, view.row_lines,
                                     invalid)

    def _column_rows(self, specs: list[ColumnSpec], view) -> list[ColumnRow]:
        rows = []
        for i, spec in enumerate(specs):
            example = next((r[i] for r in view.rows if i < len(r) and r[i]), "") or ""
            bad = len(coerce_preview(view, spec.name, spec.type, spec.format))
            note = t("invalid_note", n=bad) if bad else column_format_label(spec.format)
            rows.append(ColumnRow(spec.name, example, spec.type, spec.suggested_type,
                                  spec.role, spec.suggested_role, note))
        return rows

    def _needed_roles(self, kind: str | None) -> list[str]:
        checklist = template_checklist(self.project)
        return [] if checklist is None else checklist.needed_roles(kind)

    def _pending_kind_changed(self) -> None:
        if self._updating or self._review is None or not self._specs:
            return
        self.pending_columns.set_columns(self._column_rows(self._specs, self._preview),
                                         self._needed_roles(self.pending_kind.currentData()))

    def _pending_type_changed(self, name: str, type_id: str) -> None:
        spec = next(s for s in self._specs if s.name == name)
        fmt = spec.format if type_id == "date" else None
        if type_id == "date" and spec.suggested_type == "date" and fmt is None:
            fmt = next((c.format for c in self._preview.columns if c.name == name), None)
        spec.type, spec.format = type_id, fmt
        self._overrides[name] = (type_id, fmt)
        bad = len(coerce_preview(self._preview, name, type_id, fmt))
        self.pending_columns.set_note(name, t("invalid_note", n=bad) if bad
                                      else column_format_label(fmt))
        self._show_pending_table()

    def _pending_role_changed(self, name: str, role: str | None) -> None:
        assign_role(self._specs, name, role)
        self._role_overrides = {s.name: s.role for s in self._specs}
        self.pending_columns.show_roles({s.name: s.role for s in self._specs})

    # ================================================================== importing
    def start_import(self):
        if self._review is None or self._settings is None or self._busy:
            return None
        source = self._review.source
        self._set_busy(True)
        self.pending_error.hide()
        return (
            self.ctx.tasks.op(
                import_file, source.path, self._settings, source=source,
                columns=[ColumnSpec(s.name, s.type, s.role, s.format) for s in self._specs],
                kind=self.pending_kind.currentData(),
            )
            .with_progress(_("{name} inlezen…").format(name=source.path.name))
            .on_success(self._imported)
            .on_failure(self._import_failed)
            .run()
        )

    def _imported(self, result: ImportResult) -> None:
        self._set_busy(False)
        dataset = add_dataset(self.project, result.dataset)  # also ticks off the checklist
        self.ctx.controller.mark_changed("datasets", "question")
        self._drop_pending()
        self._refresh_list(select=dataset.id)
        self._show_dataset(dataset, result.warnings)
        self._refresh_checklist()
        self._open_next()

    def _import_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, Cancelled):
            self.pending_error.setText(_("Het inlezen is gestopt. Er is niets veranderd."))
            self.pending_error.show()
        elif isinstance(exc, UserError):
            self.pending_error.setText(f"{exc.message} {exc.hint}")
            self.pending_error.show()
        else:
            self.ctx.tasks.error_handler(exc)

    def _cancel_pending(self) -> None:
        self._drop_pending()
        if self.project.datasets:
            self.dataset_list.setCurrentRow(0)
            self._dataset_selected(self.dataset_list.currentItem())
        else:
            self.stack.setCurrentIndex(0)
        self._open_next()

    def _drop_pending(self) -> None:
        self._review = None
        self._settings = None
        self._specs = []
        self._preview_timer.stop()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.choose_button, self.import_button, self.cancel_button):
            widget.setEnabled(not busy)

    # ================================================================== datasets
    def _current_dataset(self) -> Dataset | None:
        item = self.dataset_list.currentItem()
        if item is None:
            return None
        try:
            return self.project.dataset(item.data(Qt.ItemDataRole.UserRole))
        except KeyError:
            return None

    def _dataset_selected(self, item, _previous=None) -> None:
        self.remove_button.setEnabled(item is not None)
        if self._updating or item is None or self._review is not None:
            return
        dataset = self._current_dataset()
        if dataset is not None:
            self._show_dataset(dataset)

    def _show_dataset(self, dataset: Dataset, warnings: list[str] | None = None) -> None:
        self._updating = True
        self.name_edit.setText(dataset.name)
        self._mark_suggestion(self.dataset_kind, None)
        self.dataset_kind.setCurrentIndex(max(0, self.dataset_kind.findData(dataset.kind)))
        self._updating = False
        source = dataset.source
        settings = ImportSettings.from_dict(dataset.settings)
        info = [
            _("Bestand: {file}").format(file=source.filename) if source else "",
            _("{rows} rijen, {cols} kolommen").format(
                rows=f"{dataset.row_count:,}".replace(",", "."), cols=len(dataset.columns)),
        ]
        self.dataset_info.setText(" · ".join(i for i in info if i) + "\n"
                                  + summary(settings))
        self.dataset_notice.setText("\n".join(warnings or []))
        self.dataset_notice.setVisible(bool(warnings))
        head = dataset.original.head(50)
        rows = [[None if v is None or v is pd.NA else str(v) for v in r]
                for r in head.astype(object).itertuples(index=False)]
        self.dataset_table.show_rows(list(head.columns), rows)
        self._dataset_rows = rows
        self.dataset_columns.set_columns(self._dataset_column_rows(dataset),
                                         self._needed_roles(dataset.kind))
        self.stack.setCurrentIndex(2)

    def _dataset_column_rows(self, dataset: Dataset) -> list[ColumnRow]:
        head = dataset.original.head(50)
        out = []
        for spec in dataset.columns:
            values = head[spec.name].dropna() if spec.name in head else []
            example = str(values.iloc[0]) if len(values) else ""
            out.append(ColumnRow(spec.name, example, spec.type, spec.suggested_type, spec.role,
                                 spec.suggested_role, column_format_label(spec.format)))
        return out

    def _dataset_type_changed(self, name: str, type_id: str) -> None:
        dataset = self._current_dataset()
        if dataset is None:
            return
        spec = dataset.column(name)
        fmt = spec.format if type_id == "date" else None
        dataset.set_column_type(name, type_id, fmt)
        self.ctx.controller.mark_changed("datasets")
        self.dataset_columns.set_note(name, column_format_label(fmt))

    def _dataset_role_changed(self, name: str, role: str | None) -> None:
        dataset = self._current_dataset()
        if dataset is None:
            return
        dataset.set_column_role(name, role)
        self.dataset_columns.show_roles({s.name: s.role for s in dataset.columns})
        self.ctx.controller.mark_changed("datasets")

    def _kind_changed(self) -> None:
        dataset = self._current_dataset()
        if self._updating or dataset is None:
            return
        set_kind(dataset, self.dataset_kind.currentData())
        tags = ("datasets", "question") if mark_checklist_received(self.project) else ("datasets",)
        self.ctx.controller.mark_changed(*tags)
        self._refresh_list(select=dataset.id)

    def _renamed(self) -> None:
        dataset = self._current_dataset()
        if dataset is None or self.name_edit.text().strip() in ("", dataset.name):
            return
        rename_dataset(self.project, dataset.id, self.name_edit.text())
        self.ctx.controller.mark_changed("datasets")
        self._refresh_list(select=dataset.id)

    def confirm_remove(self, name: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Bestand uit project halen?"))
        box.setText(t("remove_confirm", name=name))
        remove = box.addButton(_("Uit project halen"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is remove

    def _remove_selected(self) -> None:
        dataset = self._current_dataset()
        if dataset is None or not self.confirm_remove(dataset.name):
            return
        remove_dataset(self.project, dataset.id)
        self.ctx.controller.mark_changed("datasets")
        self._refresh_list()
        if self.project.datasets:
            self.dataset_list.setCurrentRow(0)
        else:
            self.stack.setCurrentIndex(0)
        self._refresh_checklist()

    # ================================================================== selftest
    def self_check(self) -> list[str]:
        problems = []
        project = self.project
        if self.dataset_list.count() != len(project.datasets):
            problems.append("dataset list does not match the project")
        if project.is_example:
            if not project.datasets:
                problems.append("the example project has no datasets")
            elif self._review is None:
                self.dataset_list.setCurrentRow(0)
                if self.dataset_table.model_.rowCount() == 0:
                    problems.append("the first dataset's rows are not shown")
                if self.dataset_columns.rowCount() != len(project.datasets[0].columns):
                    problems.append("the first dataset's columns are not shown")
            checklist = template_checklist(project)
            if checklist is not None and checklist.missing:
                problems.append("the example misses roles its template needs")
            if "✔" not in self.checklist.text():
                problems.append("the template checklist is not shown")
        return problems
