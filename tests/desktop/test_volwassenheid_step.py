"""The Volwassenheid step: questionnaire per theme, colleagues, forms, results, comparison."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from core.maturity import DONT_KNOW, current_fit, load_questionnaire, supported_analysis_types
from core.maturity.fit import summary as fit_summary
from core.maturity.form import ANSWER_COLUMN, FORM_SHEET, ID_COLUMN, NAME_CELL
from core.project import open_project, save_project
from core.steps import Status, step_status
from desktop.steps import volwassenheid as module
from tests.desktop.conftest import wait_op

Q = load_questionnaire()


def _page(window):
    window.go_to("volwassenheid")
    return window.page("volwassenheid")


def _answer_theme(qtbot, page, level: int) -> None:
    for box in page.item_boxes:
        qtbot.mouseClick(box.buttons[level], Qt.MouseButton.LeftButton)


def _answer_everything(qtbot, page, level: int) -> None:
    page._go_theme(0)
    for _theme in Q.themes:
        _answer_theme(qtbot, page, level)
        qtbot.mouseClick(page.next_theme_button, Qt.MouseButton.LeftButton)


def test_start_answer_and_the_answer_is_saved_in_the_project(window, qtbot):
    page = _page(window)
    assert page.empty_card.isVisible() and not page.modes.isVisible()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.modes.isVisible() and page.mode_tabs.currentIndex() == 0
    assert page.theme_title.text() == "1. Visie en strategie"
    assert len(page.item_boxes) == len(Q.themes[0].items)
    assert page.item_boxes[0].where.text() == "Thema: Visie en strategie · Organisatie"
    first = page.item_boxes[0]
    option_label = first.layout().itemAt(3).layout().itemAt(1).widget()  # level 3's text
    qtbot.mouseClick(option_label, Qt.MouseButton.LeftButton)
    measurement = window.controller.project.maturity.measurements[0]
    assert measurement.name == "Nulmeting"
    assert measurement.respondents[0].answers == {Q.items[0].id: 3}
    assert window.isWindowModified()
    assert "1 van 23" in page.progress_label.text()
    status = step_status("volwassenheid", window.controller.project)
    assert status.status is Status.IN_PROGRESS


def test_one_theme_at_a_time_to_the_outcome(window, qtbot):
    page = _page(window)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    _answer_everything(qtbot, page, 3)
    assert page.mode_tabs.currentIndex() == 1 and page.modes.currentIndex() == 1
    assert page.level_label.text() == "Niveau 3 van 5: Systematisch"
    # The same sentences as the Vraag step and the report (core.maturity.fit).
    fit = current_fit(window.controller.project)
    for line in fit_summary(fit, Q):
        assert line in page.fit_label.text()
    assert "Voorspellen past" in page.fit_label.text()
    assert supported_analysis_types(window.controller.project) == ["beschrijvend",
                                                                    "diagnostisch",
                                                                    "voorspellend"]
    assert page.weakest_label.isHidden()  # no theme below the overall level
    assert "Mens niveau 3, Techniek niveau 3, Organisatie niveau 3" in page.dimensions_label.text()
    # One colleague, three items a theme: every theme rests on few answers.
    assert not page.few_answers_label.isHidden()
    assert "weinig antwoorden" in page.few_answers_label.text()
    assert step_status("volwassenheid", window.controller.project).status is Status.DONE
    steps = [cells[-1].text() for cells in page.theme_rows.values()]
    assert steps == [t.next_steps[3] for t in Q.themes]
    assert len(page.canvases) == 2


def test_resume_where_the_colleague_stopped(window, qtbot, tmp_path):
    page = _page(window)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    page.respondent_name.setFocus()
    page.respondent_name.selectAll()
    qtbot.keyClicks(page.respondent_name, "Teamleider Jeugd")
    page._go_theme(0)
    _answer_theme(qtbot, page, 2)
    qtbot.mouseClick(page.next_theme_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.next_theme_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.item_boxes[0].buttons[DONT_KNOW], Qt.MouseButton.LeftButton)
    path = save_project(window.controller.project, tmp_path / "half.stuurwijzer")

    window.controller.set_project(open_project(path), path)
    page = window.page("volwassenheid")
    assert page.theme_title.text() == "3. Organisatie en rollen"
    assert page.item_boxes[0].value == DONT_KNOW and page.item_boxes[1].value is None
    assert page.mode_tabs.currentIndex() == 0
    assert page.respondent_combo.currentText().startswith("Teamleider Jeugd (")
    assert "4 van 23" in page.respondent_combo.currentText()


def test_each_colleague_answers_separately_and_disagreement_is_flagged(window, qtbot):
    page = _page(window)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    _answer_everything(qtbot, page, 1)
    qtbot.mouseClick(page.add_respondent_button, Qt.MouseButton.LeftButton)
    assert page.mode_tabs.currentIndex() == 0 and page.theme_title.text().startswith("1.")
    assert all(box.value is None for box in page.item_boxes)  # a fresh colleague
    qtbot.keyClicks(page.respondent_name, "Contractmanager")
    _answer_everything(qtbot, page, 3)
    measurement = window.controller.project.maturity.measurements[0]
    assert [p.name for p in measurement.respondents] == ["Collega 1", "Contractmanager"]
    assert set(measurement.respondents[0].answers.values()) == {1}
    assert set(measurement.respondents[1].answers.values()) == {3}
    spread = page.theme_rows["data"][2].text()
    assert "(!) 1 tot 3" in spread
    assert page.level_label.text() == "Niveau 2 van 5: Kansgericht"

    page.respondent_combo.setCurrentIndex(0)
    page.respondent_combo.activated.emit(0)
    assert page.item_boxes[0].value == 1  # the first colleague's own answers


def test_vervolgmeting_is_compared_with_the_nulmeting(window, qtbot):
    page = _page(window)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    _answer_everything(qtbot, page, 2)
    page.measurement_date.setDate(page.measurement_date.date().addYears(-1))
    qtbot.mouseClick(page.new_measurement_button, Qt.MouseButton.LeftButton)
    assert "Vervolgmeting 1" in page.measurement_combo.currentText()
    assert "vorige meting blijft bewaard" in page.notice.text()
    _answer_everything(qtbot, page, 3)
    table = page.theme_table
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert [h for h in header if h.startswith("Sinds")] == ["Sinds Nulmeting"]
    assert "hoger" in page.theme_rows["visie"][3].text()
    assert "niveau 2 → 3" in page.theme_rows["visie"][3].text()

    page.compare_combo.setCurrentIndex(0)
    page.compare_combo.activated.emit(0)  # "geen vergelijking"
    assert len(page.theme_rows["visie"]) == 4


def test_answer_form_export_and_import(window, qtbot, tmp_path, monkeypatch):
    page = _page(window)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "formulier.xlsx"
    monkeypatch.setattr(module, "choose_form_save_path", lambda parent, name: target)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is opgeslagen" in page.notice.text())
    assert target.exists() and "formulier.xlsx" in page.notice.text()

    wb = openpyxl.load_workbook(target)
    ws = wb[FORM_SHEET]
    ws[NAME_CELL] = "Beleidsadviseur Wmo"
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=ID_COLUMN).value:
            ws.cell(row=row, column=ANSWER_COLUMN).value = "D"
    filled = tmp_path / "ingevuld.xlsx"
    wb.save(filled)
    broken = tmp_path / "kapot.xlsx"
    broken.write_text("geen excel")

    monkeypatch.setattr(module, "choose_form_files", lambda parent: [filled, broken])
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ingevuld.xlsx" in page.notice.text())
    people = window.controller.project.maturity.measurements[0].respondents
    assert [p.name for p in people] == ["Collega 1", "Beleidsadviseur Wmo"]
    assert people[1].source == "formulier" and set(people[1].answers.values()) == {4}
    assert "toegevoegd bij de Nulmeting" in page.notice.text()
    assert "kapot.xlsx: 'kapot.xlsx' kan niet worden gelezen" in page.notice.text()
    assert page.mode_tabs.currentIndex() == 1
    assert page.level_label.text() == "Niveau 4 van 5: Onderscheidend"
    assert window.errors == []

    op = page.import_paths([filled])  # the same colleague again: replaced, not doubled
    wait_op(qtbot, op)
    assert len(window.controller.project.maturity.measurements[0].respondents) == 2
    assert "bijgewerkt" in page.notice.text()


def test_removing_a_colleague_asks_first(window, qtbot, monkeypatch):
    page = _page(window)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    _answer_theme(qtbot, page, 2)
    asked = []
    monkeypatch.setattr(module, "confirm", lambda *a: asked.append(a[1]) or False)
    qtbot.mouseClick(page.remove_respondent_button, Qt.MouseButton.LeftButton)
    measurement = window.controller.project.maturity.measurements[0]
    assert len(measurement.respondents) == 1 and "Collega 1" in asked[0]
    monkeypatch.setattr(module, "confirm", lambda *a: True)
    qtbot.mouseClick(page.remove_respondent_button, Qt.MouseButton.LeftButton)
    assert measurement.respondents == []
    assert not page.item_boxes[0].isEnabled()  # nobody selected: nothing to answer
    qtbot.mouseClick(page.remove_measurement_button, Qt.MouseButton.LeftButton)
    assert window.controller.project.maturity.measurements == []
    assert page.empty_card.isVisible()


def test_renaming_a_colleague_in_the_results_updates_them(window, qtbot):
    wait_op(qtbot, window.open_example())
    page = _page(window)
    page.respondent_name.setFocus()
    page.respondent_name.selectAll()
    qtbot.keyClicks(page.respondent_name, "Beleidsmedewerker Jeugd")
    page.respondent_name.editingFinished.emit()
    texts = [w.text() for w in page.results_view.findChildren(type(page.theme_title))]
    assert any("Beleidsmedewerker Jeugd" in t and "Ingevuld door" in t for t in texts)


def test_example_project_shows_results_with_colleagues_and_two_measurements(window, qtbot,
                                                                              tmp_path):
    wait_op(qtbot, window.open_example())
    page = _page(window)
    assert page.mode_tabs.currentIndex() == 1
    assert page.self_check() == []
    assert page.level_label.text() == "Niveau 2 van 5: Kansgericht"
    assert "Nulmeting" in page.compare_combo.currentText()
    assert "(!)" in page.theme_rows["visie"][2].text()
    image = page.grab()
    assert not image.isNull() and image.save(str(tmp_path / "uitkomst.png"))


def test_next_theme_shows_the_next_themes_title_and_is_no_change(window, qtbot):
    wait_op(qtbot, window.open_example())
    window.resize(1366, 700)
    window.go_to("volwassenheid")
    page = window.page("volwassenheid")
    page._show_mode(0)
    area = window.stack.currentWidget()
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    page.next_theme_button.click()
    qtbot.wait(50)
    top = page.theme_title.mapTo(area.widget(), page.theme_title.rect().topLeft()).y()
    view = area.verticalScrollBar().value()
    assert view <= top < view + area.viewport().height() // 3  # the title near the top
    assert not window.controller.dirty  # turning pages is looking, not changing
