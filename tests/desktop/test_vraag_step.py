"""The Vraag step: gallery, pyramid, live tips, audiences, checklist and questions for later."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from PySide6.QtCore import Qt

from core.question_feedback import question_feedback
from core.steps import Status
from tests.desktop.conftest import wait_op


def _page(window):
    window.go_to("vraag")
    return window.page("vraag")


def _status(window):
    return window.sidebar.item(1).data(Qt.ItemDataRole.UserRole + 1)


def _tips(page):
    return [card.item.rule for card in page.feedback_cards]


def test_the_example_question_is_shown_complete_and_without_tips(window, qtbot):
    wait_op(qtbot, window.open_example())
    page = _page(window)
    q = window.controller.project.question
    assert page.title_edit.toPlainText() == q.title
    assert page.level_edits["result"].toPlainText() == q.result
    assert page.level_edits["output_indicators"].toPlainText().splitlines() == q.output_indicators
    # The example's goal lies ahead of the day it is opened (core/example.py).
    assert page.date_edit.text() == f"31-12-{date.today().year + 1}"
    assert [a for a, box in page.audience_boxes.items() if box.isChecked()] == q.audiences
    assert page.analysis_buttons["beschrijvend"].isChecked()
    assert page.template_cards["wachttijd"].property("selected") == "true"
    assert not page.gallery_body.isVisibleTo(page)  # a filled question folds the examples away
    assert page.checklist_rows.count() == 3
    rows = [page.checklist_rows.itemAt(i).widget() for i in range(3)]
    assert [row.found.isVisibleTo(row) for row in rows] == [True, True, False]  # norm: no file
    assert "Toewijzingen 2023-2024" in rows[0].found.text()
    assert rows[0].status.currentData() == "binnen"
    assert page.later_list.count() == 2
    assert page.feedback_cards == [] and page.feedback_ok.isVisibleTo(page)
    assert page.self_check() == []
    assert _status(window) is Status.DONE


def test_a_new_project_opens_with_the_gallery_and_an_invitation(window):
    page = _page(window)
    assert page.gallery_body.isVisibleTo(page)
    assert len(page.template_cards) == 8  # seven templates and an own question
    assert "Wachttijd" in page.template_cards["wachttijd"].accessibleName()
    assert page.feedback_intro.isVisibleTo(page) and not page.feedback_ok.isVisibleTo(page)
    assert not page.park_button.isEnabled()
    assert page.self_check() == []


def test_choosing_a_template_fills_the_step_as_an_editable_example(window, qtbot):
    window.controller.project.municipality = "Westerdijk"
    page = _page(window)
    qtbot.mouseClick(page.template_cards["kosten"], Qt.MouseButton.LeftButton)
    q = window.controller.project.question
    assert q.template == "kosten" and "Westerdijk" in q.title
    assert page.title_edit.toPlainText() == q.title
    assert page.level_edits["ambition"].toPlainText() == q.ambition
    assert page.audience_boxes["inkoper"].isChecked()
    assert page.checklist_rows.count() == len(q.checklist) == 2
    assert window.isWindowModified()
    assert "placeholders-left" in _tips(page)  # the [blanks] still need the user's words
    assert not page.parked_note.isVisibleTo(page)


def test_typing_gives_live_tips_after_a_pause(window, qtbot):
    page = _page(window)
    page.title_edit.setFocus()
    qtbot.keyClicks(page.title_edit, "Hoe lang wachten jeugdigen op hulp?")
    assert window.controller.project.question.title == "Hoe lang wachten jeugdigen op hulp?"
    qtbot.waitUntil(lambda: "knowing-not-achieving" in _tips(page), timeout=3000)
    assert _status(window) is Status.IN_PROGRESS

    page.level_edits["ambition"].setFocus()
    qtbot.keyClicks(page.level_edits["ambition"], "Jeugdigen krijgen op tijd hulp.")
    qtbot.waitUntil(lambda: "goal-not-smart" in _tips(page), timeout=3000)
    assert "knowing-not-achieving" not in _tips(page)
    assert _tips(page) == [f.rule for f in question_feedback(window.controller.project)]


def test_audiences_analysis_type_and_date_go_through_the_model(window, qtbot):
    page = _page(window)
    q = window.controller.project.question
    page.audience_boxes["wethouder"].click()
    page.audience_boxes["gemeenteraad"].click()
    assert q.audiences == ["gemeenteraad", "wethouder"]
    page.analysis_buttons["voorspellend"].click()
    assert q.analysis_type == "voorspellend"
    page.refresh_feedback()
    assert "analysis-type-maturity" in _tips(page)
    page.analysis_buttons["voorspellend"].click()  # a second click clears the choice
    assert q.analysis_type == "" and not page.analysis_buttons["voorspellend"].isChecked()

    page.date_edit.setFocus()
    qtbot.keyClicks(page.date_edit, "2025")
    assert q.target_date == "2025-12-31"
    page.date_edit.editingFinished.emit()
    assert page.date_edit.text() == "31-12-2025"
    page.date_edit.clear()
    qtbot.keyClicks(page.date_edit, "volgend jaar")
    page.date_edit.editingFinished.emit()
    assert q.target_date == "" and page.date_error.isVisibleTo(page)


def test_a_tip_can_be_left_open_on_purpose_with_a_reason(window, qtbot):
    wait_op(qtbot, window.open_example())
    page = _page(window)
    q = window.controller.project.question
    page.baseline_edit.setPlainText("")
    page.refresh_feedback()
    assert _tips(page) == ["goal-not-smart"]
    assert _status(window) is Status.ATTENTION
    qtbot.mouseClick(page.feedback_cards[0].toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.feedback_cards and page.feedback_cards[0].item.accepted)
    assert _status(window) is Status.DONE
    card = page.feedback_cards[0]
    card.reason.setFocus()
    qtbot.keyClicks(card.reason, "Nulmeting in maart")
    assert q.accepted_points == {"goal-not-smart": "Nulmeting in maart"}
    page.refresh_feedback()
    assert page.feedback_cards[0] is card  # typing a reason does not rebuild the card
    qtbot.mouseClick(card.toggle, Qt.MouseButton.LeftButton)  # Toch oppakken
    qtbot.waitUntil(lambda: not page.feedback_cards[0].item.accepted)
    assert q.accepted_points == {}


def test_go_to_field_focuses_the_field_the_tip_is_about(window, qtbot):
    page = _page(window)
    qtbot.keyClicks(page.title_edit, "Hoe lang wachten jeugdigen?")
    page.refresh_feedback()
    card = next(c for c in page.feedback_cards if c.item.rule == "no-audience")
    page.focus_field(card.item.field)
    assert page.audience_boxes["gemeenteraad"].hasFocus()


def test_the_data_checklist_is_edited_in_place(window, qtbot):
    # (QTest.keyClicks types ASCII only, hence "client" without the diaeresis.)
    page = _page(window)
    q = window.controller.project.question
    page.add_checklist()
    row = page.checklist_rows.itemAt(0).widget()
    qtbot.keyClicks(row.edits["insight"], "Kosten per client")
    qtbot.keyClicks(row.edits["owner"], "Team Financien")
    row.status.setCurrentIndex(3)
    row.status.activated.emit(3)
    assert (q.checklist[0].insight, q.checklist[0].owner) == ("Kosten per client", "Team Financien")
    assert q.checklist[0].status == "niet_beschikbaar"
    page.refresh_feedback()
    assert "data-not-available" in _tips(page)
    page.remove_checklist(0)
    qtbot.waitUntil(lambda: page.checklist_rows.count() == 0)
    assert q.checklist == [] and page.checklist_empty.isVisibleTo(page)


def test_other_questions_wait_in_order_of_priority(window, qtbot):
    page = _page(window)
    project = window.controller.project
    qtbot.keyClicks(page.title_edit, "Hoe lang wachten jeugdigen?")
    for title in ("Wat kost de jeugdhulp?", "Hoeveel jongeren stoppen volgens plan?"):
        qtbot.keyClicks(page.later_edit, title)
        qtbot.keyClick(page.later_edit, Qt.Key.Key_Return)
    assert [q.title for q in project.later_questions] == [
        "Wat kost de jeugdhulp?", "Hoeveel jongeren stoppen volgens plan?"]
    assert page.later_list.currentRow() == 1
    qtbot.mouseClick(page.later_up, Qt.MouseButton.LeftButton)
    assert project.later_questions[0].title == "Hoeveel jongeren stoppen volgens plan?"
    qtbot.mouseClick(page.later_activate, Qt.MouseButton.LeftButton)
    assert project.question.title == "Hoeveel jongeren stoppen volgens plan?"
    assert page.title_edit.toPlainText() == project.question.title
    assert project.later_questions[0].title == "Hoe lang wachten jeugdigen?"
    qtbot.mouseClick(page.park_button, Qt.MouseButton.LeftButton)
    assert project.question.is_empty() and page.title_edit.toPlainText() == ""
    assert page.later_list.count() == 3


def test_switching_to_another_example_keeps_edited_work(window, qtbot):
    page = _page(window)
    project = window.controller.project
    page.choose("wachttijd")
    page.baseline_edit.setPlainText("68% in 2024")
    page.choose("zorgduur")
    assert project.question.template == "zorgduur"
    assert project.later_questions[0].baseline == "68% in 2024"
    assert page.parked_note.isVisibleTo(page) and page.later_list.count() == 1
    page.choose(None)
    assert project.question.is_empty() and page.level_edits["ambition"].toPlainText() == ""
    assert page.later_list.count() == 1  # the untouched zorgduur example was simply replaced


def test_several_questions_in_one_sentence_are_not_called_sharp(window, qtbot):
    """Issue 17: one question mark, three questions joined by "en"."""
    wait_op(qtbot, window.open_example())
    page = _page(window)
    page.refresh_feedback()
    assert page.feedback_ok.isVisibleTo(page)  # the example's question is sharp
    page.title_edit.setPlainText(
        "Hoe gaat het met de jeugdzorg en wat kost het en waarom stijgen de kosten?")
    qtbot.waitUntil(lambda: "too-many-questions" in _tips(page), timeout=3000)
    assert not page.feedback_ok.isVisibleTo(page)
    card = next(c for c in page.feedback_cards if c.item.rule == "too-many-questions")
    assert "3 vragen" in card.title.text()


def test_the_placeholder_tip_follows_the_words_still_left(window, qtbot):
    """Issue 17: replaced words leave the tip, and 'go to field' follows the first
    field that still has one."""
    page = _page(window)
    qtbot.mouseClick(page.template_cards["kosten"], Qt.MouseButton.LeftButton)
    page.refresh_feedback()

    def card():
        return next(c for c in page.feedback_cards if c.item.rule == "placeholders-left")

    assert card().item.field == "title" and "[gemeente]" in card().item.why
    title = window.controller.project.question.title
    page.title_edit.setPlainText(re.sub(r"\[[^\]]*\]", "Westerdijk", title))
    qtbot.waitUntil(lambda: card().item.field != "title", timeout=3000)
    fresh = next(f for f in question_feedback(window.controller.project)
                 if f.rule == "placeholders-left")
    assert (card().item.field, card().item.why) == (fresh.field, fresh.why)
    q = window.controller.project.question
    left = " ".join(str(getattr(q, f.name)) for f in dataclasses.fields(q))
    for word in re.findall(r"\[[^\]]*\]", card().item.why):
        assert word in left  # only words that are still somewhere in the question
    page.focus_field(card().item.field)
    assert page.field_widgets[card().item.field].hasFocus()


def test_the_example_may_ask_why_and_sees_the_shared_advice(window, qtbot):
    """Issue 19: level 2 with the diagnostic cost template gets no block, only advice."""
    from core.maturity import fit_for

    wait_op(qtbot, window.open_example())
    page = _page(window)
    qtbot.mouseClick(page.template_cards["kosten"], Qt.MouseButton.LeftButton)
    page.refresh_feedback()
    assert window.controller.project.question.analysis_type == "diagnostisch"
    assert "analysis-type-maturity" not in _tips(page)
    verdict = fit_for(window.controller.project, "diagnostisch")
    assert page.analysis_fit_label.text().startswith(verdict.reason)
    assert "stap Controle" in page.analysis_fit_label.text()  # data at level 2: advice
