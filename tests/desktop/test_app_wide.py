"""App-wide behaviour on a municipal laptop: the wheel never changes a value the user is not
working in, number boxes say their range, selected items stay readable in any system palette,
Qt's own texts are Dutch, the window fits the screen, and looking is not changing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.settings import Place, WindowPlaces, fit_window
from desktop import look
from tests.desktop.conftest import wait_op


@pytest.fixture
def app():
    from desktop.app import create_application

    return create_application()


@pytest.fixture
def long_page(app, qtbot):
    """A scrollable page with a text field, a dropdown and a number box near the top."""
    area = QScrollArea()
    inner = QWidget()
    layout = QVBoxLayout(inner)
    edit, combo, box = QLineEdit(), QComboBox(), QSpinBox()
    combo.addItems(["Binnen", "Gedeeltelijk", "Buiten"])
    box.setRange(1, 365)
    box.setValue(42)
    for widget in (edit, combo, box):
        layout.addWidget(widget)
    for _ in range(40):
        layout.addWidget(QLineEdit())
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    edit.setFocus()
    return area, edit, combo, box


def wheel_down(widget: QWidget) -> None:
    event = QWheelEvent(QPointF(5, 5), QPointF(widget.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_dropdown_or_number_box_scrolls_the_page(long_page):
    area, _edit, combo, box = long_page
    wheel_down(combo)
    assert combo.currentText() == "Binnen"
    first = area.verticalScrollBar().value()
    assert first > 0
    wheel_down(box.lineEdit())  # the pointer is over the number box's text part
    assert box.value() == 42
    assert area.verticalScrollBar().value() > first


def test_the_wheel_changes_the_control_the_user_is_working_in(long_page):
    area, _edit, combo, box = long_page
    combo.setFocus()
    wheel_down(combo)
    assert combo.currentText() == "Gedeeltelijk"
    box.setFocus()
    wheel_down(box)
    assert box.value() == 41
    assert area.verticalScrollBar().value() == 0


def test_a_wheel_never_gives_a_dropdown_the_focus(long_page):
    _area, _edit, combo, _box = long_page
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_a_number_box_shows_its_range_and_refuses_a_number_too_big(long_page, qtbot):
    _area, _edit, _combo, box = long_page
    assert "Kies een getal van 1 tot en met 365." in box.toolTip()
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "2500")
    assert box.lineEdit().text() == "250"  # the last digit was refused ...
    message = box.property("refusedInput")  # ... with a message, not in silence
    assert message == "Dit getal is te groot. Kies een getal van 1 tot en met 365."


def _dark_system_palette() -> QPalette:
    dark = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        dark.setColor(role, QColor("#202020"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        dark.setColor(role, QColor("#eeeeee"))
    return dark


@pytest.mark.parametrize("system", ["licht", "donker"])
def test_the_highlighted_item_of_an_open_dropdown_is_readable(app, qtbot, system):
    if system == "donker":
        app.setPalette(_dark_system_palette())
        look.apply(app)  # what create_application does on a dark desktop
    combo = QComboBox()
    combo.addItems(["Binnen", "Gedeeltelijk", "Buiten"])
    qtbot.addWidget(combo)
    combo.show()
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(combo.model().index(2, 0))
    qtbot.wait(50)
    row = view.visualRect(combo.model().index(2, 0))
    image = view.viewport().grab(row).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width())
               for y in range(image.height())}
    assert look.HOUSE_BLUE in colours  # the highlight is drawn ...
    assert any(QColor(c).lightness() > 200 for c in colours)  # ... with light text on it
    combo.hidePopup()
    assert app.palette().color(QPalette.ColorRole.WindowText).name() == look.INK


def test_qt_dialogs_and_text_menus_speak_dutch(app, qtbot):
    assert QCoreApplication.translate("QLineEdit", "&Undo") == "&Ongedaan maken"
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert labels == {"&Zoeken in:", "Bestands&naam:", "Bestands&type:"}


# ---------------------------------------------------------------- window place

LAPTOP = (0, 0, 1366, 728)  # 1366×768 minus the task bar
DESKTOP = (0, 0, 1920, 1040)


def test_the_window_fits_a_laptop_screen_and_is_roomy_on_a_large_one():
    assert fit_window(None, LAPTOP).maximized
    big = fit_window(None, DESKTOP)
    assert not big.maximized and (big.width, big.height) == (1280, 860)
    assert big.x + big.width <= 1920 and big.y + big.height <= 1040


def test_a_remembered_place_is_used_only_when_it_still_fits():
    saved = Place(100, 50, 1500, 900)
    assert fit_window(saved, DESKTOP) == saved
    assert fit_window(saved, LAPTOP).maximized  # the laptop is smaller than that place
    assert fit_window(Place(0, 0, 800, 600, maximized=True), DESKTOP).maximized


def test_the_window_remembers_its_place_and_opens_within_the_screen(window, fresh_home):
    places = WindowPlaces(fresh_home.config)
    window.places = places
    window.setGeometry(40, 30, 1000, 700)
    window.close()
    saved = places.load()
    assert (saved.x, saved.y, saved.width, saved.height) == (40, 30, 1000, 700)
    # The offscreen test screen (800×800) is smaller than that place: the window takes the
    # whole screen instead of hanging over its edge.
    window.place_on_screen()
    window.show()
    area = window.screen().availableGeometry()
    assert window.isMaximized()
    assert window.width() <= area.width() and window.height() <= area.height()


# ---------------------------------------------------------------- looking is not changing

def test_looking_at_every_step_leaves_the_project_unchanged(window, qtbot):
    wait_op(qtbot, window.open_example())
    for info in window.step_infos:
        window.go_to(info.id)
        qtbot.wait(400)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    assert not window.controller.dirty
    assert not window.isWindowModified()


def test_a_change_typed_back_is_no_change(window, qtbot):
    start = window.page("start")
    start.name_edit.setFocus()
    qtbot.keyClicks(start.name_edit, "X")
    assert window.controller.dirty
    qtbot.keyClick(start.name_edit, Qt.Key.Key_Backspace)
    assert not window.controller.dirty


def test_the_wheel_passes_a_table_that_shows_all_its_rows_on_to_the_page(app, qtbot):
    """The Data step's column table shows all its dropdowns: the page around it scrolls."""
    outer = QScrollArea()
    page = QWidget()
    layout = QVBoxLayout(page)
    inner = QScrollArea()  # like the column editor: tall enough for its content
    holder = QWidget()
    QVBoxLayout(holder).addWidget(combo := QComboBox())
    combo.addItems(["cliënt", "aanbieder"])
    inner.setWidget(holder)
    inner.setWidgetResizable(True)
    inner.setMinimumHeight(120)
    layout.addWidget(inner)
    for _ in range(30):
        layout.addWidget(QLineEdit())
    outer.setWidget(page)
    outer.setWidgetResizable(True)
    outer.resize(300, 250)
    qtbot.addWidget(outer)
    outer.show()
    qtbot.waitExposed(outer)
    outer.setFocus()
    wheel_down(combo)
    assert combo.currentText() == "cliënt"
    assert outer.verticalScrollBar().value() > 0


def test_a_typed_number_counts_once_the_user_is_done(long_page, qtbot):
    _area, _edit, _combo, box = long_page
    values = []
    box.valueChanged.connect(values.append)
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "120")
    assert values == []  # not 1, 12 and 120 one after the other
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert values == [120]
