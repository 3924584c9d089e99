"""What a screen reader gets from each step of the example project (offscreen, through
Qt's own accessibility interfaces): named controls, combos not named by their value,
labels linked to the control they name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from core.steps import STEP_IDS
from desktop.widgets.figure_canvas import FocusableCanvas
from desktop.widgets.layout import Fold, FoldableCard
from tests.desktop.conftest import wait_op

MAX_TAB_STOPS = 80  # the example's widest file has 21 columns: 42 dropdowns
INPUTS = (QComboBox, QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractButton)


def accessible_name(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name).strip()


def label_texts(widget: QWidget) -> list[str]:
    """The labels a screen reader finds through the labelled-by relation (a QLabel buddy)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return [label.text(QAccessible.Text.Name).strip()
            for label, _relation in interface.relations(QAccessible.RelationFlag.Label)]


def is_input(widget: QWidget) -> bool:
    if not isinstance(widget, INPUTS) or not widget.isVisible():
        return False
    if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), (QComboBox,
                                                                            QAbstractSpinBox)):
        return False  # the editable part of a combo or spin box: the box itself is named
    if isinstance(widget, (QTextEdit, QPlainTextEdit)) and widget.isReadOnly():
        return False
    return True


def problems_on_screen(window) -> list[str]:
    found = []
    page = window.stack.currentWidget()
    for widget in page.findChildren(QWidget):
        if not is_input(widget):
            continue
        where = f"{window.current_step}: {type(widget).__name__} {widget.accessibleName()!r}"
        if not accessible_name(widget):
            found.append(f"{where} has no accessible name")
        if isinstance(widget, QComboBox):
            # On Linux Qt names a combo box by its value: only the labelled-by relation
            # says what it is. Elsewhere the accessible name does.
            value = widget.currentText().strip()
            if not [text for text in label_texts(widget) if text and text != value]:
                found.append(f"{where} has no label, only its value {value!r}")
            if widget.accessibleName().strip() in ("", value):
                found.append(f"{where} is named by its value {value!r}")
    for label in page.findChildren(QLabel):
        text = label.text().strip()
        # A form label ("Soort gegevens:") names the control next to it.
        if label.isVisible() and text.endswith(":") and label.buddy() is None:
            found.append(f"{window.current_step}: label {text!r} is linked to no control")
    return found


def test_every_step_of_the_example_names_its_controls(window, qtbot):
    wait_op(qtbot, window.open_example())
    found = []
    for step in STEP_IDS:
        window.go_to(step)
        assert window.page(step).isVisible()
        for fold in [*window.page(step).findChildren(FoldableCard),
                     *window.page(step).findChildren(Fold)]:
            fold.set_open(True)  # what a fold hides counts as well
        tabs = window.page(step).findChildren(QTabWidget)
        for index in range(tabs[0].count() if tabs else 1):  # Rapport: every tab
            if tabs:
                tabs[0].setCurrentIndex(index)
            QApplication.processEvents()
            found += problems_on_screen(window)
    assert found == [], "\n".join(found)


def test_step_title_is_a_heading_and_section_titles_too(window, qtbot):
    window.go_to("data")
    title = QAccessible.queryAccessibleInterface(window.step_title)
    assert title.text(QAccessible.Text.Name) == window.step_title.text()
    assert title.text(QAccessible.Text.Description) == "kop"
    page = window.page("data")
    said = {label.text(): QAccessible.queryAccessibleInterface(label).text(
        QAccessible.Text.Description) for label in page.findChildren(QLabel)
        if label.objectName() == "cardTitle"}
    assert said and set(said.values()) == {"kop"}, said


def test_navigation_announces_the_step_and_its_status(window, qtbot, monkeypatch):
    from desktop import accessibility

    said: list[str] = []
    monkeypatch.setattr(accessibility, "announce", lambda _widget, text: said.append(text))
    wait_op(qtbot, window.open_example())
    window.go_to("controle")
    assert said[-1].startswith("Stap 4 van 7: Kloppen uw gegevens?, niet begonnen.")
    # The checks run after arrival; their outcome is said as well, once.
    qtbot.waitUntil(lambda: "aandacht nodig" in said[-1], timeout=30_000)
    assert len([s for s in said if "aandacht nodig" in s]) == 1
    # The reason is no tooltip only: the sidebar item describes it.
    sidebar = QAccessible.queryAccessibleInterface(window.sidebar)
    item = window.sidebar.item(3)
    assert item.data(Qt.ItemDataRole.AccessibleDescriptionRole) == item.toolTip() != ""
    cells = [sidebar.child(i) for i in range(sidebar.childCount())]
    assert item.toolTip() in [c.text(QAccessible.Text.Description) for c in cells]


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says a focused widget is: its label, else its name."""
    value = widget.currentText().strip() if isinstance(widget, QComboBox) else None
    labels = [text for text in label_texts(widget) if text and text != value]
    if labels:
        return labels[0]
    name = accessible_name(widget)
    return "" if name == value else name


def test_tab_walks_each_step_to_the_navigation_with_named_stops(window, qtbot):
    wait_op(qtbot, window.open_example())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    found = []
    for step in STEP_IDS:
        window.go_to(step)
        if step == "grafieken":  # the chart is drawn in the background
            drawn = window.page(step).canvas.accessibleDescription
            qtbot.waitUntil(lambda d=drawn: d() != "", timeout=30_000)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.help_link.setFocus()  # right after the step title
        qtbot.waitUntil(window.help_link.hasFocus)
        stops = []
        while len(stops) < MAX_TAB_STOPS:
            assert QApplication.focusWidget() is not None
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            widget = QApplication.focusWidget()
            if widget in (window.prev_button, window.next_button):
                break
            stops.append(widget)
            if not spoken_name(widget):
                found.append(f"{step}: Tab stop {type(widget).__name__} has no name")
        else:
            found.append(f"{step}: no Vorige/Volgende after {MAX_TAB_STOPS} Tab stops")
            continue
        if step in ("volwassenheid", "grafieken"):  # a chart is read by landing on it
            if not any(isinstance(w, FocusableCanvas) and w.accessibleDescription()
                       for w in stops):
                found.append(f"{step}: Tab reaches no chart with a description")
        page = window.stack.currentWidget()
        for _ in range(3):  # past the navigation: out of the page, never back into it
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            widget = QApplication.focusWidget()
            if widget in (window.sidebar, window.help_link):
                break  # round to the top of the window
            if page.isAncestorOf(widget):
                found.append(f"{step}: {spoken_name(widget)!r} comes after the navigation")
    assert found == [], "\n".join(found)


def test_charts_and_rich_summaries_are_readable_as_text(window, qtbot):
    wait_op(qtbot, window.open_example())
    window.go_to("volwassenheid")
    page = window.page("volwassenheid")
    page.mode_tabs.setCurrentIndex(1)
    themes = [t.name for t in page.result.themes]
    for canvas in page.canvases:
        description = QAccessible.queryAccessibleInterface(canvas).text(
            QAccessible.Text.Description)
        assert all(name in description for name in themes), description
        assert "niveau 2" in description
    # The results per theme are a real table: a cell is read with its column header.
    table = QAccessible.queryAccessibleInterface(page.theme_table)
    assert table.role() == QAccessible.Role.Table
    cells = [c for c in map(table.child, range(table.childCount()))
             if c.role() == QAccessible.Role.Cell]
    level = cells[1].tableCellInterface()
    assert [h.text(QAccessible.Text.Name) for h in level.columnHeaderCells()] == ["Niveau"]
    assert cells[1].text(QAccessible.Text.Name).startswith("2 · ")
    window.go_to("data")
    checklist = window.page("data").checklist
    description = QAccessible.queryAccessibleInterface(checklist).text(
        QAccessible.Text.Description)
    assert "<" not in description and "cliënt" in description and "✔" in description


def test_a_dropdown_in_the_column_table_is_read_with_its_row_and_column(window, qtbot):
    wait_op(qtbot, window.open_example())
    window.go_to("data")
    editor = window.page("data").dataset_columns
    box = editor.role_box("BSN")
    assert label_texts(box) == ["Betekenis van kolom BSN"]
    table = QAccessible.queryAccessibleInterface(editor)

    def cell_names() -> set[str]:
        return {table.child(i).text(QAccessible.Text.Name) for i in range(table.childCount())}

    assert f"Betekenis van kolom BSN: {box.currentText()}" in cell_names()
    box.setCurrentIndex(0)  # "(geen)": the cell says the new choice
    assert "Betekenis van kolom BSN: (geen)" in cell_names()
