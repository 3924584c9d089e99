"""Step 4, Controle: run the checks, show findings by severity, fix with one click.

The page holds no domain logic: checks run in core (``run_checks``) through the
task manager, fixes go through ``core.checks.fixes.apply_fix`` and the cleaning
log's undo/redo, the logbook through ``core.export.logbook``. After every fix
the checks run again, so the counts are always those of the data as it is now.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.checks import CheckSettings, Report, Severity, run_checks
from core.checks.fixes import apply_fix
from core.checks.model import FixProposal
from core.checks.view import (
    details_table,
    example_rows,
    privacy_warning,
    remember_run,
    settings_of,
    skipped_lines,
    store_settings,
)
from core.cleaning import redo, undo
from core.export.logbook import write_logbook
from core.i18n import _
from core.quality import quality_summary
from desktop.steps.base import PageContext, StepPage
from desktop.widgets.findings import (
    FindingDetail,
    FindingsTree,
    QualityTable,
    SeverityTile,
    ShownFinding,
)
from desktop.widgets.layout import Fold

RERUN_DELAY_MS = 600  # settings typed in quick succession give one run


class ControlePage(StepPage):
    step_id = "controle"

    def __init__(self, ctx: PageContext, info) -> None:
        super().__init__(ctx, info)
        self.report: Report | None = None
        self._op = None
        self._stale = True
        self._busy = False
        self._checking = False  # a check run is going on (not a fix or an export)
        self._last_message = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)

        self.lead = QLabel(_("Stuurwijzer controleert uw gegevens op fouten, lege cellen en "
                             "persoonsgegevens. Begin bovenaan: blokkerende punten eerst. "
                             "Elke aanpassing komt in het logboek. U kunt die terugdraaien, "
                             "ook nadat u het project opnieuw opent. Persoonsgegevens vervangen "
                             "of verwijderen kunt u niet terugdraaien, en wat u daarvoor deed "
                             "dan ook niet meer."))
        self.lead.setObjectName("lead")
        self.lead.setWordWrap(True)
        layout.addWidget(self.lead)

        # ---- empty state
        self.empty = QWidget()
        empty_layout = QHBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 8, 0, 8)
        empty_text = QLabel(_("Er zijn nog geen gegevens om te controleren."))
        self.to_data = QPushButton(_("Naar stap Data"))
        self.to_data.clicked.connect(lambda: ctx.go_to("data"))
        empty_layout.addWidget(empty_text)
        empty_layout.addWidget(self.to_data)
        empty_layout.addStretch(1)
        layout.addWidget(self.empty)

        # ---- checking: the run in progress, not a stale or empty state
        self.checking = QFrame()
        self.checking.setObjectName("card")
        checking_layout = QVBoxLayout(self.checking)
        self.checking_text = QLabel(_("Stuurwijzer controleert uw gegevens. Bij grote bestanden "
                                      "duurt dat even."))
        self.checking_text.setWordWrap(True)
        self.checking_bar = QProgressBar()
        self.checking_bar.setAccessibleName(_("Voortgang van de controle"))
        self.checking_bar.setRange(0, 0)
        self.checking_bar.setMaximumWidth(420)
        self.checking_step = QLabel()
        self.checking_step.setObjectName("muted")
        for widget in (self.checking_text, self.checking_bar, self.checking_step):
            checking_layout.addWidget(widget)
        self.checking.setVisible(False)
        layout.addWidget(self.checking)

        # ---- body
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        layout.addStretch(0)  # takes the room while the body is hidden (empty or first run)

        self.privacy_notice = QLabel()
        self.privacy_notice.setObjectName("notice")
        self.privacy_notice.setWordWrap(True)
        self.privacy_button = QPushButton(_("Bekijk de persoonsgegevens"))
        self.privacy_button.clicked.connect(self._show_privacy)
        privacy_row = QHBoxLayout()
        privacy_row.addWidget(self.privacy_notice, 1)
        privacy_row.addWidget(self.privacy_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.privacy_box = QWidget()
        self.privacy_box.setLayout(privacy_row)
        privacy_row.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.privacy_box)

        self.partial_notice = QLabel()
        self.partial_notice.setObjectName("notice")
        self.partial_notice.setWordWrap(True)
        body.addWidget(self.partial_notice)

        # tiles + quality
        top = QHBoxLayout()
        self.tiles = {s: SeverityTile(s) for s in Severity}
        for severity, tile in self.tiles.items():
            tile.clicked.connect(lambda s=severity: self._jump_to(s))
            top.addWidget(tile, 1)
        body.addLayout(top)

        # settings (rarely changed: folded) and actions
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        date_label = QLabel(_("Peildatum:"))
        bar.addWidget(date_label)
        self.auto_date = QCheckBox(_("laatste begindatum in de gegevens"))
        self.auto_date.setChecked(True)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setAccessibleName(_("Peildatum"))
        date_label.setBuddy(self.date_edit)
        self.date_edit.setToolTip(_("De datum van de export. Stuurwijzer vergelijkt datums "
                                    "hiermee, bijvoorbeeld om te zien of een startbericht te "
                                    "laat is."))
        bar.addWidget(self.auto_date)
        bar.addWidget(self.date_edit)
        bar.addSpacing(12)
        days_label = QLabel(_("Startbericht verwacht binnen"))
        bar.addWidget(days_label)
        self.days = QSpinBox()
        days_label.setBuddy(self.days)
        self.days.setRange(0, 365)
        self.days.setSuffix(_(" dagen"))
        self.days.setAccessibleName(_("Dagen tot het startbericht"))
        bar.addWidget(self.days)
        bar.addStretch(1)
        settings_box = QWidget()
        settings_box.setLayout(bar)
        self.settings_fold = Fold(_("Instellingen: peildatum en termijn voor het startbericht"),
                                  settings_box, opened=False)
        self.rerun_button = QPushButton(_("Opnieuw controleren"))
        self.undo_button = QPushButton(_("Ongedaan maken"))
        self.redo_button = QPushButton(_("Opnieuw doen"))
        self.export_button = QPushButton(_("Logboek opslaan…"))
        self.export_button.setToolTip(_("Sla alle bevindingen, aanpassingen en aannames op als "
                                        "datakwaliteitslogboek (Excel)."))
        self.rerun_button.clicked.connect(self.run_now)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.export_button.clicked.connect(self.export_logbook)
        self.auto_date.toggled.connect(self._settings_edited)
        self.date_edit.dateChanged.connect(self._settings_edited)
        self.days.valueChanged.connect(self._settings_edited)
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo),
                           (QKeySequence.StandardKey.Redo, self.redo)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        # filters
        filters = QHBoxLayout()
        dataset_label = QLabel(_("Bestand:"))
        filters.addWidget(dataset_label)
        self.dataset_filter = QComboBox()
        dataset_label.setBuddy(self.dataset_filter)  # on Linux a combo is named by its label
        self.dataset_filter.setAccessibleName(_("Filter op bestand"))
        filters.addWidget(self.dataset_filter, 1)
        column_label = QLabel(_("Kolom:"))
        filters.addWidget(column_label)
        self.column_filter = QComboBox()
        column_label.setBuddy(self.column_filter)
        self.column_filter.setAccessibleName(_("Filter op kolom"))
        filters.addWidget(self.column_filter, 1)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        filters.addWidget(self.status, 2)
        filters.addWidget(self.rerun_button)
        body.addLayout(filters)
        self.dataset_filter.currentIndexChanged.connect(self._filter_changed)
        self.column_filter.currentIndexChanged.connect(self._refresh_tree)

        # findings and detail; the detail is as tall as its text (the page scrolls, once)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = FindingsTree()
        self.detail = FindingDetail()
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setMinimumHeight(400)
        body.addWidget(split, 1)
        self.tree.finding_selected.connect(self._show_finding)
        self.detail.fix_requested.connect(self.apply)

        log_row = QHBoxLayout()
        log_title = QLabel()
        log_title.setObjectName("sectionTitle")
        log_title.setText(_("Logboek van aanpassingen"))
        log_row.addWidget(log_title, 1)
        for button in (self.undo_button, self.redo_button, self.export_button):
            log_row.addWidget(button)
        body.addLayout(log_row)
        self.log_list = QListWidget()
        self.log_list.setAccessibleName(_("Logboek van aanpassingen"))
        self.log_list.setMaximumHeight(110)
        self.log_list.setWordWrap(True)
        body.addWidget(self.log_list)
        self.quality = QualityTable()
        self.quality_fold = Fold(_("Kwaliteit per bestand (wijs een maat aan voor uitleg)"),
                                 self.quality)
        body.addWidget(self.quality_fold)
        body.addWidget(self.settings_fold)

        # checks that could not run, and what they need: folded away at the bottom
        self.skipped_text = QLabel()
        self.skipped_text.setWordWrap(True)
        self.skipped_text.setTextFormat(Qt.TextFormat.PlainText)
        self.skipped_fold = Fold("", self.skipped_text, opened=False)
        self.skipped_toggle = self.skipped_fold.button
        body.addWidget(self.skipped_fold)

        self._rerun_timer = QTimer(self)
        self._rerun_timer.setSingleShot(True)
        self._rerun_timer.setInterval(RERUN_DELAY_MS)
        self._rerun_timer.timeout.connect(self.run_now)
        self.on_project_replaced()

    # ------------------------------------------------------------------ project → page
    def on_project_replaced(self) -> None:
        self.report = None
        self._stale = True
        self._load_settings()
        self._render()
        if self.isVisible():
            self.run_now()

    def on_project_changed(self, tags: frozenset) -> None:
        if tags <= {"checks", "cleaning", "name", "project"}:
            return  # our own changes (we rerun ourselves) or ones that do not touch data
        self._stale = True
        if self.isVisible():
            self._rerun_timer.start()
            self._checking = bool(self.project.datasets)  # say so already while it waits
            self._show_state()

    def on_shown(self) -> None:
        if self._stale and not self._busy:
            self.run_now()

    def _load_settings(self) -> None:
        settings = settings_of(self.project)
        for widget in (self.auto_date, self.date_edit, self.days):
            widget.blockSignals(True)
        self.auto_date.setChecked(settings.reference_date is None)
        ref = settings.reference_date or date.today()
        self.date_edit.setDate(QDate(ref.year, ref.month, ref.day))
        self.date_edit.setEnabled(settings.reference_date is not None)
        self.days.setValue(settings.start_not_reported_days)
        for widget in (self.auto_date, self.date_edit, self.days):
            widget.blockSignals(False)

    def _settings_edited(self, *_args) -> None:
        old = settings_of(self.project)
        self.date_edit.setEnabled(not self.auto_date.isChecked())
        chosen = None if self.auto_date.isChecked() else self.date_edit.date().toPython()
        new = CheckSettings(start_not_reported_days=self.days.value(), reference_date=chosen,
                            max_age=old.max_age, disabled=old.disabled)
        if new == old:
            return
        store_settings(self.project, new)
        self.ctx.controller.mark_changed("cleaning")
        self._rerun_timer.start()

    # ------------------------------------------------------------------ running
    def precheck(self) -> str | None:
        if not self.project.datasets:
            return _("Er zijn nog geen gegevens om te controleren.")
        return None

    def run_now(self) -> None:
        self._rerun_timer.stop()
        if self.precheck() is not None:
            self.report = None
            self._checking = False
            self._render()
            return
        if self._busy:
            self._stale = True
            self._rerun_timer.start()
            return
        self._set_busy(True)
        self._checking = True
        self.status.setText(_("Bezig met controleren…"))
        self.checking_bar.setRange(0, 0)  # moving until the first step is reported
        self.checking_step.setText("")
        project = self.project
        self._op = (
            self.ctx.tasks.op(run_checks, project, None, settings_of(project))
            .with_progress(_("Gegevens controleren…"))
            .on_success(lambda report, p=project: self._checked(p, report))
            .on_failure(self._failed)
            .run()
        )
        self._op.progressed.connect(self._progressed)
        self._show_state()

    def _progressed(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.checking_bar.setRange(0, total)
            self.checking_bar.setValue(min(done, total))
        if label:
            self.checking_step.setText(_("Nu: {check}").format(check=label))

    def _checked(self, project, report: Report) -> None:
        self._set_busy(False)
        self._checking = False
        if project is not self.project:
            self._show_state()
            return  # another project was opened meanwhile
        self.report = report
        self._stale = report.partial
        remember_run(project, report)
        self.ctx.controller.changed.emit(frozenset({"checks"}))  # statuses; not a user edit
        self._render()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._checking = False
        self._show_state()
        self.status.setText(_("De controle is niet gelukt."))
        self.ctx.tasks.error_handler(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.rerun_button, self.export_button, self.days, self.auto_date):
            widget.setEnabled(not busy)
        self.date_edit.setEnabled(not busy and not self.auto_date.isChecked())
        self.detail.set_fixes_enabled(not busy)
        self._update_undo_buttons()

    # ------------------------------------------------------------------ rendering
    def _names(self) -> dict[str, str]:
        return {ds.id: ds.name for ds in self.project.datasets}

    def _show_state(self) -> None:
        """Empty, checking or the findings: never 'no data' while a first run is going on."""
        has_data = bool(self.project.datasets)
        first_run = self._checking and self.report is None
        self.empty.setVisible(not has_data and not self._checking)
        self.checking.setVisible(first_run)  # a rerun keeps the findings; the status says it
        self.body.setVisible(has_data and not first_run)

    def _render(self) -> None:
        self._show_state()
        report = self.report
        counts = report.counts() if report else None
        for severity, tile in self.tiles.items():
            tile.set_count(counts[severity] if counts else None)
        warning = privacy_warning(report) if report else None
        self.privacy_box.setVisible(bool(warning))
        self.privacy_notice.setText(warning or "")
        self.partial_notice.setVisible(bool(report and report.warnings))
        self.partial_notice.setText("\n".join(report.warnings) if report else "")
        self.quality.set_summary(quality_summary(self.project, report) if report else [])
        lines = skipped_lines(self.project, report) if report else []
        self.skipped_fold.setVisible(bool(lines))
        self.skipped_fold.set_title(_("Niet uitgevoerde controles ({n}): wat ze nodig "
                                      "hebben").format(n=len(lines)))
        self.skipped_text.setText("\n".join(f"• {line.text()}" for line in lines))
        if report:
            stats = report.stats
            ref = stats.get("reference_date")
            if ref and self.auto_date.isChecked():
                self.date_edit.blockSignals(True)
                y, m, d = (int(x) for x in ref.split("-"))
                self.date_edit.setDate(QDate(y, m, d))
                self.date_edit.blockSignals(False)
            files = stats.get("datasets", 0)
            self.status.setText(self._last_message or (
                _("{n} bevindingen in 1 bestand.") if files == 1
                else _("{n} bevindingen in {d} bestanden.")
            ).format(n=len(report.findings), d=files))
            self._last_message = ""
        self._fill_filters()
        self._refresh_tree()
        self._refresh_log()

    def _fill_filters(self) -> None:
        current_ds = self.dataset_filter.currentData()
        self.dataset_filter.blockSignals(True)
        self.dataset_filter.clear()
        self.dataset_filter.addItem(_("Alle bestanden"), None)
        for ds in self.project.datasets:
            self.dataset_filter.addItem(ds.name, ds.id)
        index = self.dataset_filter.findData(current_ds)
        self.dataset_filter.setCurrentIndex(max(index, 0))
        self.dataset_filter.blockSignals(False)
        self._fill_columns()

    def _fill_columns(self) -> None:
        current = self.column_filter.currentData()
        ds_id = self.dataset_filter.currentData()
        columns = sorted({f.column for f in (self.report.findings if self.report else ())
                          if f.column and (ds_id is None or f.dataset == ds_id)})
        self.column_filter.blockSignals(True)
        self.column_filter.clear()
        self.column_filter.addItem(_("Alle kolommen"), None)
        for column in columns:
            self.column_filter.addItem(column, column)
        index = self.column_filter.findData(current)
        self.column_filter.setCurrentIndex(max(index, 0))
        self.column_filter.blockSignals(False)

    def _filter_changed(self) -> None:
        self._fill_columns()
        self._refresh_tree()

    def visible_findings(self) -> list[ShownFinding]:
        if not self.report:
            return []
        names = self._names()
        ds_id = self.dataset_filter.currentData()
        column = self.column_filter.currentData()
        template = self.project.question.template
        out = []
        for f in self.report.findings:
            if ds_id is not None and f.dataset != ds_id:
                continue
            if column is not None and f.column != column:
                continue
            name = names.get(f.dataset or "", _("Alle bestanden"))
            out.append(ShownFinding(f, f.texts(template, name), name))
        return out

    def _refresh_tree(self) -> None:
        current = self.detail.current.finding.key if self.detail.current else None
        self.tree.set_findings(self.visible_findings(), keep=current)

    def _show_finding(self, shown: ShownFinding | None) -> None:
        if shown is None:
            self.detail.show_finding(None)
            return
        details = details_table(shown.finding)
        if details is not None:
            self.detail.show_finding(
                shown, details, not self._busy, numbered=False,
                note=_("Welke schrijfwijzen het zijn, hoe vaak ze voorkomen en wat ze worden."))
            return
        examples = example_rows(self.project, shown.finding)
        self.detail.show_finding(
            shown, examples, not self._busy,
            note=_("De eerste {n} rijen met deze bevinding, zoals ze in uw bestand staan. De "
                   "kolom van de bevinding is geel.").format(n=len(examples)))

    def _jump_to(self, severity: Severity) -> None:
        for row in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(row)
            if group.text(0).startswith(severity.label) and group.childCount():
                self.tree.setCurrentItem(group.child(0))
                self.tree.setFocus()
                return

    def _show_privacy(self) -> None:
        for row in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(row)
            for i in range(group.childCount()):
                item = group.child(i)
                shown = self.tree.shown_at(item)
                if shown is not None and shown.finding.check == "personal-data":
                    self.tree.setCurrentItem(item)
                    self.tree.setFocus()
                    return

    def _refresh_log(self) -> None:
        self.log_list.clear()
        names = self._names()
        ops = self.project.cleaning.operations
        if not ops:
            self.log_list.addItem(_("Nog geen aanpassingen. De oorspronkelijke gegevens blijven "
                                    "altijd bewaard."))
        for number, op in enumerate(ops, start=1):
            text = f"{number}. {names.get(op.dataset, op.dataset)}: {op.describe()}"
            if op.assumption:
                text += "\n    " + _("Aanname: {a}").format(a=op.assumption)
            self.log_list.addItem(text)
        self._update_undo_buttons()

    def _update_undo_buttons(self) -> None:
        log = self.project.cleaning
        self.undo_button.setEnabled(not self._busy and log.can_undo)
        self.redo_button.setEnabled(not self._busy and log.can_redo)
        self.undo_button.setToolTip(
            _("Draai terug: {op}").format(op=log.operations[-1].describe()) if log.can_undo
            else _("Er is niets om terug te draaien. Vervangen of verwijderde persoonsgegevens "
                   "komen niet terug."))
        self.redo_button.setToolTip(
            _("Doe opnieuw: {op}").format(op=log.undone[-1].describe()) if log.can_redo else "")

    # ------------------------------------------------------------------ fixing
    def apply(self, fix: FixProposal, assumption: str, check: str) -> None:
        if self._busy:
            return
        if fix.irreversible and not self._confirm_irreversible(fix):
            return
        project = self.project
        self._set_busy(True)
        self._op = (
            self.ctx.tasks.op(apply_fix, project, fix, assumption, check)
            .with_progress(_("Aanpassen…"))
            .on_success(lambda ops, label=fix.label: self._changed(
                _("Gedaan: {label}. De aantallen zijn bijgewerkt.").format(label=label)))
            .on_failure(self._failed)
            .run()
        )

    def _confirm_irreversible(self, fix: FixProposal) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Persoonsgegevens aanpassen"))
        box.setText(fix.label)
        box.setInformativeText(_("Dit verandert de gegevens die Stuurwijzer bewaart. U kunt het "
                                 "niet ongedaan maken. Het oorspronkelijke bestand op uw "
                                 "computer verandert niet."))
        go = box.addButton(_("Doorgaan"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is go

    def _changed(self, message: str) -> None:
        self._set_busy(False)
        self._last_message = message
        self.ctx.controller.mark_changed("cleaning")
        self._refresh_log()
        self.run_now()

    def undo(self) -> None:
        if self._busy:
            return
        op = undo(self.project)
        if op is not None:
            self._changed(_("Teruggedraaid: {op}").format(op=op.describe()))

    def redo(self) -> None:
        if self._busy:
            return
        op = redo(self.project)
        if op is not None:
            self._changed(_("Opnieuw gedaan: {op}").format(op=op.describe()))

    # ------------------------------------------------------------------ export
    def export_logbook(self, path: Path | None = None) -> None:
        if self.report is None or self._busy:
            return
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Datakwaliteitslogboek opslaan"),
                str(Path.home() / f"Datakwaliteitslogboek {self.project.display_name}.xlsx"),
                _("Excel-werkmap (*.xlsx)"))
            if not chosen:
                return
            path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self._set_busy(True)
        self._op = (
            self.ctx.tasks.op(write_logbook, self.project, self.report, path, serial=False)
            .with_progress(_("Logboek opslaan…"))
            .on_success(self._exported)
            .on_failure(self._failed)
            .run()
        )

    def _exported(self, path: Path) -> None:
        self._set_busy(False)
        self.status.setText(_("Logboek opgeslagen: {name}").format(name=path.name))
        self.ctx.tasks.message(_("Datakwaliteitslogboek opgeslagen in {path}").format(path=path))

    # ------------------------------------------------------------------ selftest
    def wait_idle(self, timeout: float = 60.0) -> None:
        if self._op is not None and not self._op.done:
            self._op.wait(timeout)
        # Let the layout catch up with the new texts before anyone looks (selftest grabs).
        for _round in range(3):
            QCoreApplication.processEvents()

    def self_check(self) -> list[str]:
        self.wait_idle()
        if not self.project.datasets:
            return []
        problems = []
        if self.report is None:
            problems.append("de controles zijn niet uitgevoerd")
        elif self.project.is_example:
            if self.tree.finding_count() < 20:
                problems.append(f"te weinig bevindingen getoond ({self.tree.finding_count()})")
            if self.detail.current is None or not self.detail.sections["what"].text():
                problems.append("geen uitleg bij de gekozen bevinding")
            if self.quality.rowCount() != len(self.project.datasets):
                problems.append("kwaliteit per bestand ontbreekt")
        return problems
