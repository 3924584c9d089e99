"""The main window: step sidebar, the steps as pages, project menu, status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from core import __version__
from core.i18n import _
from core.paths import resource_path
from core.privacy import identifier_warning
from core.settings import Place, WindowPlaces, fit_window
from core.steps import StepInfo, step_status, steps
from desktop import accessibility, dialogs
from desktop.controller import ProjectController
from desktop.page_stack import PageStack
from desktop.steps import PageContext, StepPage
from desktop.workers import Op

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2
MINIMUM_SIZE = (900, 600)
FOCUS_COLOUR = "#1f6fb2"  # as the focus border of buttons and fields (style.qss)


class StepDelegate(QStyledItemDelegate):
    """Draws a sidebar entry: a numbered circle in the status colour, label, status text."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        metrics = option.fontMetrics
        return QSize(option.rect.width(), int(metrics.height() * 2.6) + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, QColor("#dce7f3"))
            painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), QColor("#154273"))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor("#e8eef6"))
        status = index.data(STATUS_ROLE)
        metrics = option.fontMetrics
        diameter = int(metrics.height() * 1.6)
        circle = QRect(rect.left() + 14, rect.center().y() - diameter // 2, diameter, diameter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(status.color))
        painter.drawEllipse(circle)
        painter.setPen(QColor("white"))
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(index.data(NUMBER_ROLE)))
        text_left = circle.right() + 12
        label_rect = QRect(text_left, rect.top() + 7, rect.right() - text_left, metrics.height() + 4)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         index.data(Qt.ItemDataRole.DisplayRole))
        painter.setFont(option.font)
        painter.setPen(QColor(status.color).darker(115))
        status_rect = QRect(text_left, label_rect.bottom() + 1, label_rect.width(),
                            metrics.height() + 2)
        painter.drawText(status_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         status.label)
        if option.state & QStyle.StateFlag.State_HasFocus and self.parent().hasFocus():
            # The keyboard is here: a clear frame, since the list draws no focus line itself.
            pen = QPen(QColor(FOCUS_COLOUR), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(6, 2, -3, -2), 4, 4)
        painter.restore()


class MainWindow(QMainWindow):
    def __init__(self, controller: ProjectController, log_file: Path | None = None,
                 places: WindowPlaces | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.places = places
        self.tasks = controller.tasks
        self.log_file = log_file
        self._closing_after_save = False
        self._personal_data_accepted: set[str] = set()
        self._help_window = None
        self.setWindowIcon(QIcon(str(resource_path("icons", "stuurwijzer.png"))))
        self.resize(1200, 800)
        self.setMinimumSize(*MINIMUM_SIZE)

        self.step_infos: list[StepInfo] = steps()
        self._shown_row: int | None = None
        self.pages: dict[str, StepPage] = {}
        self._spoken_status: dict[int, str] = {}  # row -> status last said (announced anew)
        self._tab_ordered: set[StepPage] = set()
        self._build_ui()
        accessibility.expose_headings(self.step_title)
        self._build_menus()
        self.tasks.set_message_sink(lambda text: self.statusBar().showMessage(text, 5000))

        controller.state_changed.connect(self._update_title)
        controller.state_changed.connect(self._refresh_recent_menu)
        controller.replaced.connect(self._refresh_statuses)
        controller.replaced.connect(self._scroll_pages_to_top)
        controller.changed.connect(lambda tags: self._refresh_statuses())
        self._update_title()
        self._refresh_statuses()
        self._refresh_recent_menu()
        self.go_to("start")

    # ------------------------------------------------------------------ place on screen
    def place_on_screen(self) -> None:
        """Open where the window was last time, or at a size that fits this screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        saved = self.places.load() if self.places is not None else None
        place = fit_window(saved, (area.x(), area.y(), area.width(), area.height()))
        self.setMinimumSize(min(MINIMUM_SIZE[0], area.width()), min(MINIMUM_SIZE[1], area.height()))
        self.setGeometry(place.x, place.y, place.width, place.height)
        if place.maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _remember_place(self) -> None:
        if self.places is None:
            return
        rect = self.normalGeometry() if self.isMaximized() else self.geometry()
        self.places.save(Place(rect.x(), rect.y(), rect.width(), rect.height(),
                               self.isMaximized()))

    # ------------------------------------------------------------------ layout
    def _build_ui(self) -> None:
        central = QWidget()
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        side = QFrame()
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 16, 0, 12)
        brand = QLabel("Stuurwijzer")
        brand.setObjectName("brand")
        side_layout.addWidget(brand)
        tagline = QLabel(_("Van vraag tot rapport"))
        tagline.setObjectName("tagline")
        side_layout.addWidget(tagline)
        side_layout.addSpacing(12)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("steps")
        self.sidebar.setItemDelegate(StepDelegate(self.sidebar))
        self.sidebar.setMouseTracking(True)
        self.sidebar.setAccessibleName(_("Stappen"))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        for number, info in enumerate(self.step_infos, start=1):
            item = QListWidgetItem(info.label)
            item.setData(NUMBER_ROLE, number)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._row_changed)
        side_layout.addWidget(self.sidebar, 1)
        side.setFixedWidth(230)
        outer.addWidget(side)

        main = QWidget()
        main.setObjectName("content")
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(28, 20, 28, 16)
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setWordWrap(True)
        title_row = QHBoxLayout()
        title_row.addWidget(self.step_title, 1)
        # One link for every step, here rather than in each page: opens the guide at its page.
        self.help_link = QPushButton(_("Wat moet ik hier doen?"))
        self.help_link.setObjectName("helpLink")
        self.help_link.setToolTip(_("Open de handleiding bij deze stap (F1)"))
        self.help_link.clicked.connect(self.show_help)
        title_row.addWidget(self.help_link, 0, Qt.AlignmentFlag.AlignTop)
        main_layout.addLayout(title_row)
        self.stack = QStackedWidget()
        ctx = PageContext(self.controller, self.tasks, self, self.go_to)
        self.pages = PageStack(self.stack, self.step_infos, ctx)  # each built when first needed
        main_layout.addWidget(self.stack, 1)

        nav = QHBoxLayout()
        self.prev_button = QPushButton(_("←  Vorige"))
        self.prev_button.setToolTip(_("Vorige stap (Ctrl+PgUp)"))
        self.next_button = QPushButton(_("Volgende  →"))
        self.next_button.setObjectName("primary")
        self.next_button.setToolTip(_("Volgende stap (Ctrl+PgDown)"))
        self.prev_button.clicked.connect(lambda: self.move_by(-1))
        self.next_button.clicked.connect(lambda: self.move_by(1))
        nav.addStretch(1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        main_layout.addLayout(nav)
        outer.addWidget(main, 1)
        self.setCentralWidget(central)

        self.path_label = QLabel()
        self.path_label.setObjectName("muted")
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.tasks.panel)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(_("&Project"))

        def action(text: str, slot, shortcut=None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        self.new_action = action(_("&Nieuw"), self.new_project, QKeySequence.StandardKey.New)
        self.open_action = action(_("&Openen…"), lambda: self.open_project(None),
                                  QKeySequence.StandardKey.Open)
        self.recent_menu = menu.addMenu(_("&Recente projecten"))
        self.example_action = action(_("&Voorbeeldproject openen"), self.open_example)
        menu.addSeparator()
        self.save_action = action(_("Op&slaan"), self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = action(_("Opslaan &als…"), self.save_as,
                                     QKeySequence.StandardKey.SaveAs)
        menu.addSeparator()
        action(_("&Afsluiten"), self.close, QKeySequence.StandardKey.Quit)

        go = self.menuBar().addMenu(_("&Ga naar"))
        for number, info in enumerate(self.step_infos, start=1):
            act = QAction(f"&{number} {info.label}", self)
            act.setShortcut(QKeySequence(f"Alt+{number}"))
            act.triggered.connect(lambda _checked=False, sid=info.id: self.go_to(sid))
            go.addAction(act)
        go.addSeparator()
        for text, delta, keys in (
            (_("Volgende stap"), 1, ("Ctrl+PgDown", "Alt+Right")),
            (_("Vorige stap"), -1, ("Ctrl+PgUp", "Alt+Left")),
        ):
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.triggered.connect(lambda _checked=False, d=delta: self.move_by(d))
            go.addAction(act)

        help_menu = self.menuBar().addMenu(_("&Help"))
        self.help_action = QAction(_("&Handleiding"), self)
        # F1 everywhere; the platform's own help key too where it differs (macOS: Ctrl+?).
        keys = [QKeySequence("F1")]
        keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
                 if k not in keys]
        self.help_action.setShortcuts(keys)
        self.help_action.triggered.connect(self.show_help)
        help_menu.addAction(self.help_action)
        help_menu.addSeparator()
        logs = QAction(_("Map met logbestanden openen"), self)
        logs.triggered.connect(self._open_log_folder)
        help_menu.addAction(logs)
        about = QAction(_("Over Stuurwijzer"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # ------------------------------------------------------------------ navigation
    @property
    def current_step(self) -> str:
        return self.step_infos[self.sidebar.currentRow()].id

    def go_to(self, step_id: str) -> None:
        ids = [info.id for info in self.step_infos]
        self.sidebar.setCurrentRow(ids.index(step_id))

    def move_by(self, delta: int) -> None:
        row = self.sidebar.currentRow() + delta
        if 0 <= row < self.sidebar.count():
            self.sidebar.setCurrentRow(row)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        left = self._shown_row
        if left is not None and left != row and not self.pages[
                self.step_infos[left].id].may_leave():
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(left)
            self.sidebar.blockSignals(False)
            return
        self._shown_row = row
        info = self.step_infos[row]
        self.stack.setCurrentIndex(row)
        self.step_title.setText(f"{row + 1}. {info.title}")
        self.prev_button.setEnabled(row > 0)
        # The last step has no next one: hide the button rather than show a dead one.
        self.next_button.setVisible(row < len(self.step_infos) - 1)
        if row < len(self.step_infos) - 1:
            self.next_button.setText(
                _("Volgende: {label}  →").format(label=self.step_infos[row + 1].label)
            )
        page = self.pages[info.id]
        if page not in self._tab_ordered:  # built just now: its Tab stops came last
            accessibility.move_tab_stops_after(self.help_link, page)
            accessibility.expose_headings(page)
            self._tab_ordered.add(page)
        page.on_shown()
        self._announce_step(row)

    def _announce_step(self, row: int) -> None:
        """Say where the user arrived (the sidebar keeps the focus, or none moves at all)."""
        item = self.sidebar.item(row)
        status = item.data(STATUS_ROLE)
        self._spoken_status[row] = status.label
        reason = item.data(Qt.ItemDataRole.AccessibleDescriptionRole)
        text = _("Stap {n} van {total}: {title}, {status}.").format(
            n=row + 1, total=len(self.step_infos), title=self.step_infos[row].title,
            status=status.label)
        if reason and reason != status.label:
            text += f" {reason}"
        accessibility.announce(self.step_title, text)

    def _scroll_pages_to_top(self) -> None:
        """Another project: every step starts at its top, not where the last one was left."""
        for area in self.stack.findChildren(QAbstractScrollArea):
            for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
                bar.setValue(0)

    def page(self, step_id: str) -> StepPage:
        return self.pages[step_id]

    # ------------------------------------------------------------------ state display
    def _update_title(self) -> None:
        c = self.controller
        self.setWindowTitle(f"{c.title}[*] — Stuurwijzer")
        self.setWindowModified(c.dirty)
        if c.path:
            self.path_label.setText(_("Opgeslagen in: {path}").format(path=c.path))
        elif c.project.is_example:
            self.path_label.setText(_("Voorbeeldproject (nog niet opgeslagen)"))
        else:
            self.path_label.setText(_("Nog niet opgeslagen"))

    def _refresh_statuses(self) -> None:
        for row, info in enumerate(self.step_infos):
            state = step_status(info.id, self.controller.project)
            item = self.sidebar.item(row)
            item.setData(STATUS_ROLE, state.status)
            item.setToolTip(state.reason or state.status.label)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{row + 1} {info.label}: {state.status.label}")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                         state.reason or state.status.label)
        self.sidebar.viewport().update()
        # The step in view changed status while the user is on it: say so, once.
        row = self._shown_row
        if row is not None and row in self._spoken_status and \
                self._spoken_status[row] != self.sidebar.item(row).data(STATUS_ROLE).label:
            self._announce_step(row)

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.controller.recent.existing()
        for path in recent:
            act = QAction(path.name, self)
            act.setToolTip(str(path))
            act.triggered.connect(lambda _checked=False, p=path: self.open_project(p))
            self.recent_menu.addAction(act)
        if not recent:
            empty = QAction(_("(nog geen)"), self)
            empty.setEnabled(False)
            self.recent_menu.addAction(empty)

    # ------------------------------------------------------------------ project actions
    def _may_replace_project(self) -> bool:
        """Ask about unsaved changes. True when the current project may be closed now."""
        c = self.controller
        if not c.dirty:
            return True
        answer = dialogs.ask_save_changes(self, c.title)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Discard:
            return True
        op = self.save()
        return bool(op is not None and op.wait() and op.error is None)

    def new_project(self) -> None:
        if self._may_replace_project():
            self.controller.new_project()
            self.go_to("start")

    def open_project(self, path: Path | None = None) -> Op | None:
        if not self._may_replace_project():
            return None
        if path is None:
            start = self.controller.path.parent if self.controller.path else None
            path = dialogs.choose_open_path(self, start)
            if path is None:
                return None
        return self.controller.open(path)

    def open_example(self) -> Op | None:
        if not self._may_replace_project():
            return None
        return self.controller.open_example()

    def save(self) -> Op | None:
        if not self._may_save_personal_data():
            return None
        if self.controller.path is None or self.controller.project.is_example:
            return self._save_as()
        return self.controller.save()

    def save_as(self) -> Op | None:
        if not self._may_save_personal_data():
            return None
        return self._save_as()

    def _may_save_personal_data(self) -> bool:
        """Warn (once per project) before saving direct identifiers (core/privacy.py)."""
        project = self.controller.project
        if project.id in self._personal_data_accepted:
            return True
        warning = identifier_warning(project)
        if warning is None:
            return True
        answer = dialogs.ask_personal_data(self, warning)
        if answer == "save":
            self._personal_data_accepted.add(project.id)
            return True
        if answer == "review":
            self.go_to("controle")
        return False

    def _save_as(self) -> Op | None:
        c = self.controller
        start = c.path.parent if c.path else None
        path = dialogs.choose_save_path(self, c.project.display_name, start)
        if path is None:
            return None
        c.project.is_example = False  # a saved copy of the example is the user's own
        return c.save(path)

    # ------------------------------------------------------------------ misc
    @property
    def help_window(self):
        """The guide's window, made on first use (it reads all pages from disk)."""
        if self._help_window is None:
            from desktop.help import HelpWindow

            self._help_window = HelpWindow(self)
        return self._help_window

    def show_help(self) -> None:
        """Open the guide at the page of the step the user is on."""
        self.help_window.open_at(self.current_step)

    def _open_log_folder(self) -> None:
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("Over Stuurwijzer"),
            _("<b>Stuurwijzer {v}</b><br>Van beleidsvraag naar rapport, voor gemeenten zonder "
              "datateam.<br><br>Stuurwijzer werkt helemaal op uw eigen computer. Er gaat niets "
              "over internet.").format(v=__version__),
        )

    def _accept_close(self, event: QCloseEvent) -> None:
        self._remember_place()
        self.controller.close()
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._closing_after_save or not self.controller.dirty:
            self._accept_close(event)
            return
        answer = dialogs.ask_save_changes(self, self.controller.title)
        if answer == QMessageBox.StandardButton.Cancel:
            event.ignore()
            return
        if answer == QMessageBox.StandardButton.Discard:
            self._accept_close(event)
            return
        event.ignore()
        op = self.save()
        if op is not None:
            def close_when_saved(_result) -> None:
                self._closing_after_save = True
                self.close()

            op.on_success(close_when_saved)
