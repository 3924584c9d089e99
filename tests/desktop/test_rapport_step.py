"""The Rapport step on the example project: live preview, texts, actions and proposals,
export to PDF and Word, printing and opening the exported file."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from core import charts
from core.report import actions as action_table
from core.report.preview import page_texts
from core.steps import Status, step_status
from tests.desktop.conftest import wait_op

pytestmark = pytest.mark.gui


def settle(qtbot, page):
    """Wait until the page has no pending or running preview."""
    qtbot.waitUntil(lambda: not page._render_timer.isActive() and page._render_op is not None
                    and page._render_op.done, timeout=60_000)


def pdf_words(pdf: bytes) -> str:
    return " ".join(" ".join(page_texts(pdf)).split())


@pytest.fixture
def page(window, qtbot):
    wait_op(qtbot, window.controller.open_example())
    project = window.controller.project
    charts.add_proposals(project)  # what the Grafieken step does when first shown
    window.controller.mark_changed("charts")
    window.go_to("rapport")
    page = window.page("rapport")
    settle(qtbot, page)
    return page


def test_example_report_is_previewed_page_by_page(page, window):
    assert page.self_check() == []
    rendered = page._preview.rendered
    assert rendered.pages >= 8
    assert page.preview_view.page_count() == rendered.pages
    assert str(rendered.pages) in page.preview_label.text()
    # The example's key message and agreed actions are in the editors and in the PDF.
    project = window.controller.project
    assert page.key_message.toPlainText() == project.report.key_message
    assert page.table.rowCount() == len(project.report.actions)
    assert "Jeugdzorg De Hoop" in pdf_words(rendered.pdf)
    assert not window.errors
    # A screen reader reads each preview page in words, not "image".
    view = page.preview_view
    key_words = " ".join(project.report.key_message.split()[:4])
    assert view.accessibleDescription().startswith(f"Pagina 1 van {rendered.pages}.")
    view.turn(1)
    assert view.accessibleDescription().startswith(f"Pagina 2 van {rendered.pages}.")
    assert any(key_words in " ".join(t.split()) for t in page._preview.texts)


def test_typed_text_with_markup_characters_shows_literally_in_the_preview(page, qtbot, window):
    typed = "Wachttijd #daalt *niet* <b>$5</b> [zie] @wethouder _x_ \\n"
    page.key_message.setPlainText(typed)
    assert window.controller.project.report.key_message == typed
    assert window.controller.dirty
    assert page._render_timer.isActive()  # debounced, not rebuilt per keystroke
    settle(qtbot, page)
    assert typed.strip() in pdf_words(page._preview.rendered.pdf)
    assert page.self_check() == []


def test_accepting_and_dismissing_proposals_changes_the_action_table(page, qtbot, window):
    section = window.controller.project.report
    pending = page.proposal_list.count()
    assert pending > 0 and page.accept_button.isEnabled()
    before = len(section.actions)
    page.proposal_list.setCurrentRow(0)
    page._accept_selected()
    assert len(section.actions) == before + 1 == page.table.rowCount()
    assert section.actions[-1].origin  # remembered where it came from
    dismissed = len(section.dismissed)
    page._dismiss_selected()
    assert len(section.dismissed) == dismissed + 1
    assert len(action_table.pending(section, page._proposals)) == pending - 2
    assert page.restore_button.isEnabled()
    page._restore_dismissed()
    assert section.dismissed == []
    settle(qtbot, page)
    assert section.actions[-1].action.split()[0] in pdf_words(page._preview.rendered.pdf)


def test_editing_an_action_cell_stores_a_typed_date_and_rejects_nonsense(page, monkeypatch,
                                                                          window):
    shown = []
    monkeypatch.setattr("desktop.steps.rapport.show_user_error",
                        lambda _parent, exc: shown.append(exc.message))
    section = window.controller.project.report
    page._add_action()
    row = page.table.rowCount() - 1
    page.table.item(row, 0).setText("Wachtlijst per aanbieder bespreken")
    page.table.item(row, 1).setText("Contractmanager")
    page.table.item(row, 2).setText("31-3-2027")
    action = section.actions[-1]
    assert (action.action, action.owner, action.deadline) == (
        "Wachtlijst per aanbieder bespreken", "Contractmanager", "2027-03-31")
    assert page.table.item(row, 2).text() == "31-03-2027"
    page.table.item(row, 2).setText("31-13-2027")
    assert shown and action.deadline == "2027-03-31"  # the old date stays
    assert page.table.item(row, 2).text() == "31-03-2027"
    page.table.setCurrentCell(row, 0)
    page._remove_action()
    assert all(a.id != action.id for a in section.actions)


def test_status_follows_key_message_and_actions(page, window):
    project = window.controller.project
    assert step_status("rapport", project).status is Status.DONE
    page.key_message.setPlainText("")
    assert step_status("rapport", project).status is Status.IN_PROGRESS
    assert "kernboodschap" in page.todo_label.text().lower()


def test_export_pdf_and_word_then_open_the_file(page, qtbot, window, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("desktop.steps.rapport.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    # The example still holds BSN's: the user is asked first, and may go to Controle.
    monkeypatch.setattr(page, "_confirm_personal_data", lambda warning: "review")
    page._export("pdf")
    assert window.current_step == "controle"
    window.go_to("rapport")

    target = tmp_path / "rapport"
    monkeypatch.setattr(page, "_confirm_personal_data", lambda warning: "export")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF-bestand (*.pdf)"))
    assert not page.open_button.isEnabled()
    page._export("pdf")
    wait_op(qtbot, page._op)
    pdf = (tmp_path / "rapport.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdfium.PdfDocument(pdf)) >= 8
    assert page.open_button.isEnabled()
    page.open_button.click()
    assert opened == [str(tmp_path / "rapport.pdf")]

    wait_op(qtbot, page.export_to(tmp_path / "rapport.docx"))
    import docx

    document = docx.Document(io.BytesIO((tmp_path / "rapport.docx").read_bytes()))
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)
    assert document.tables and document.inline_shapes
    assert page.last_export == tmp_path / "rapport.docx"
    assert not window.errors


def test_print_sends_every_page_to_the_chosen_printer(page, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "afdruk.pdf"
    asked = []

    def fake_dialog(printer: QPrinter) -> bool:  # the user picks a printer and clicks OK
        asked.append(printer.docName())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(100)
        return True

    monkeypatch.setattr(page, "_ask_print", fake_dialog)
    wait_op(qtbot, page._print())
    assert asked == [page._preview.rendered.document.title]
    printed = pdfium.PdfDocument(target.read_bytes())
    assert len(printed) == page._preview.rendered.pages
    assert page.print_button.isEnabled()


def test_print_cancelled_in_the_dialog_prints_nothing(page, monkeypatch):
    monkeypatch.setattr(page, "_ask_print", lambda printer: False)
    assert page._print() is None
    assert page.print_button.isEnabled()


def test_decision_points_are_written_here_and_proposed_when_empty(page, qtbot, window):
    section = window.controller.project.report
    assert page.decisions.toPlainText().splitlines() == section.decisions
    page.decisions.setPlainText("")
    assert section.decisions == []
    settle(qtbot, page)
    assert page.use_decisions.isVisible() and page.decisions_note.isVisible()
    proposals = page._preview.rendered.document.decision_proposals
    page._use_decision_proposals()
    assert section.decisions == proposals and not page.use_decisions.isVisible()
    page.decisions.setPlainText("- Instemmen met het plan\n\n2. Geld vrijmaken")
    assert section.decisions == ["Instemmen met het plan", "Geld vrijmaken"]
    settle(qtbot, page)
    assert "Instemmen met het plan" in pdf_words(page._preview.rendered.pdf)


def test_texts_that_no_longer_match_are_flagged_before_export(page, qtbot, window,
                                                             monkeypatch, tmp_path):
    assert not page.issues_label.isVisible()  # the example's texts match
    page.key_message.setPlainText("Nu start 61% op tijd. Het doel voor 2025 is 90%.")
    settle(qtbot, page)
    shown = page.issues_label.text()
    assert page.issues_title.isVisibleTo(page) and "61%" in shown and "2025" in shown
    asked = []
    monkeypatch.setattr("desktop.steps.rapport.dialogs.ask_export_anyway",
                        lambda *a, **k: asked.append(k["items"]) or False)
    chosen = []
    monkeypatch.setattr(page, "_choose_target", lambda fmt: chosen.append(fmt))
    page._export("pdf")
    assert asked and any("Kernboodschap" in item for item in asked[0]) and not chosen
    assert not (tmp_path / "rapport.pdf").exists()


def test_an_action_can_be_moved_between_policy_and_data_tasks(page, window):
    section = window.controller.project.report
    row = next(n for n, a in enumerate(section.actions) if a.kind == "data")
    combo = page.table.cellWidget(row, 4)
    assert combo.currentData() == "data"
    combo.setCurrentIndex(combo.findData("beleid"))
    assert section.actions[row].group == "beleid" and section.actions[row].kind == "beleid"


def test_a_slow_preview_shows_progress_and_export_waits_for_it(page, qtbot, monkeypatch,
                                                                   tmp_path):
    import threading

    from desktop.steps import rapport

    release = threading.Event()
    real = rapport.preview_report

    def slow_preview(project, section=None, *, dpi=60, progress=None, cancel=None):
        progress(2, 5, "Grafieken tekenen")
        release.wait(30)
        return real(project, section, dpi=dpi)

    monkeypatch.setattr(rapport, "preview_report", slow_preview)
    assert page.pdf_button.isEnabled()  # the preview of the fixture is done
    page.summary.setPlainText(page.summary.toPlainText() + " Een zin erbij.")
    assert not page.pdf_button.isEnabled() and not page.word_button.isEnabled()
    try:
        qtbot.waitUntil(lambda: page.preview_bar.maximum() == 5, timeout=10_000)
        assert page.preview_bar.isVisible() and page.preview_bar.value() == 2
        assert "Grafieken tekenen" in page.preview_step.text()
        assert not page.pdf_button.isEnabled() and not page.print_button.isEnabled()
        assert page.export_to(tmp_path / "te vroeg.pdf") is None  # nothing is written yet
    finally:
        release.set()
    settle(qtbot, page)
    assert not page.preview_bar.isVisible() and not page.preview_step.isVisible()
    assert not (tmp_path / "te vroeg.pdf").exists()
    assert page.pdf_button.isEnabled() and page.word_button.isEnabled()
    assert "Een zin erbij" in pdf_words(page._preview.rendered.pdf)


def test_at_1366_by_768_saving_is_in_view_and_the_page_scrolls_only_once(page, window,
                                                                         qtbot):
    from tests.desktop.layout_checks import inner_scroll_areas, shown_without_scrolling

    window.resize(1366, 768)
    qtbot.waitUntil(lambda: shown_without_scrolling(page.pdf_button), timeout=5_000)
    assert shown_without_scrolling(page.next_page) and shown_without_scrolling(page.key_message)
    assert inner_scroll_areas(page) == []
    # The key message is long in the example: all of it is in its box, nothing scrolls.
    assert page.key_message.verticalScrollBar().maximum() == 0
    page.next_page.click()
    assert "2 van" in page.page_number.text()
