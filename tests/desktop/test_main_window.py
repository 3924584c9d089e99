"""The main window: steps, navigation, title, project menu, autosave and recovery."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.project import Project, open_project, save_project, snapshot
from core.recovery import RecoverySession, find_orphans
from core.steps import STEP_IDS, Status
from desktop import app as app_module
from desktop import dialogs
from tests.desktop.conftest import wait_op


def test_sidebar_lists_the_seven_steps_with_a_status(window):
    labels = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert labels == ["Start", "Vraag", "Data", "Controle", "Volwassenheid", "Grafieken",
                      "Rapport"]
    accessible = window.sidebar.item(2).data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible == "3 Data: niet begonnen"


def test_every_step_can_be_visited_by_sidebar_buttons_and_keyboard(window, qtbot):
    for row, step in enumerate(STEP_IDS):
        window.sidebar.setCurrentRow(row)
        assert window.current_step == step
        assert window.stack.currentIndex() == row
        assert window.page(step).isVisible()
    window.go_to("start")
    for step in STEP_IDS[1:]:
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
        assert window.current_step == step
    assert not window.next_button.isVisible()  # the last step offers no dead button
    qtbot.mouseClick(window.prev_button, Qt.MouseButton.LeftButton)
    assert window.current_step == "grafieken"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step == "volwassenheid"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.current_step == "start"


def test_every_step_has_its_own_page(window):
    from desktop.steps import PAGES

    assert [type(window.page(step)) for step in STEP_IDS] == [PAGES[s] for s in STEP_IDS]


def test_example_project_loads_and_updates_title_and_statuses(window, qtbot):
    wait_op(qtbot, window.open_example())
    project = window.controller.project
    assert project.is_example and len(project.datasets) == 6
    assert window.windowTitle().startswith("Voorbeeldproject wachttijden jeugdhulp")
    assert not window.isWindowModified()
    statuses = [window.sidebar.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(3)]
    assert statuses == [Status.DONE, Status.DONE, Status.DONE]
    start = window.page("start")
    assert start.name_edit.text() == project.name
    assert start.example_note.isVisibleTo(start)


def test_editing_marks_unsaved_and_saving_clears_it(window, qtbot, tmp_path, monkeypatch):
    start = window.page("start")
    start.name_edit.setFocus()
    qtbot.keyClicks(start.name_edit, "Kosten Wmo")
    assert window.controller.project.name == "Kosten Wmo"
    assert window.windowTitle() == "Kosten Wmo[*] — Stuurwijzer"
    assert window.isWindowModified()

    target = tmp_path / "kosten"
    monkeypatch.setattr(dialogs, "choose_save_path",
                        lambda *a, **k: target.with_suffix(".stuurwijzer"))
    wait_op(qtbot, window.save())
    assert not window.isWindowModified()
    assert open_project(target.with_suffix(".stuurwijzer")).name == "Kosten Wmo"
    assert window.recent_menu.actions()[0].text() == "kosten.stuurwijzer"
    assert "kosten.stuurwijzer" in window.path_label.text()


def test_open_recent_and_unsaved_changes_are_asked_about(window, qtbot, tmp_path, monkeypatch):
    path = save_project(Project(name="Eerder project"), tmp_path / "eerder.stuurwijzer")
    window.controller.recent.add(path)
    window.controller.state_changed.emit()
    window.controller.project.name = "Nog niet bewaard"
    window.controller.mark_changed("name")
    asked = []

    def answer(parent, name):
        asked.append(name)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(dialogs, "ask_save_changes", answer)
    window.recent_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: window.controller.project.name == "Eerder project")
    assert asked == ["Nog niet bewaard"]
    assert not window.isWindowModified()


def test_cancel_keeps_the_unsaved_project(window, monkeypatch):
    window.controller.project.name = "Blijf"
    window.controller.mark_changed("name")
    monkeypatch.setattr(dialogs, "ask_save_changes",
                        lambda *a: QMessageBox.StandardButton.Cancel)
    window.new_project()
    assert window.controller.project.name == "Blijf"


def test_opening_a_bad_file_shows_the_message_and_keeps_the_project(window, qtbot, tmp_path):
    bad = tmp_path / "kapot.stuurwijzer"
    bad.write_bytes(b"geen project")
    window.controller.project.name = "Mijn werk"
    op = window.controller.open(bad)
    qtbot.waitUntil(lambda: op.done)
    assert window.controller.project.name == "Mijn werk"
    assert "geen Stuurwijzer-project" in str(window.errors[0])


@pytest.mark.parametrize("case", ["document-list", "project-id-escape", "encrypted-member",
                                  "parquet-other-columns", "title-5mb"])
def test_opening_a_hostile_file_shows_a_user_message(window, qtbot, tmp_path, case):
    from core.errors import UserError
    from tests.fuzz.hostile import PROJECT_CASES

    bad = tmp_path / f"{case}.stuurwijzer"
    PROJECT_CASES[case](bad)
    op = window.controller.open(bad)
    qtbot.waitUntil(lambda: op.done)
    assert window.controller.project.name == ""
    assert len(window.errors) == 1 and isinstance(window.errors[0], UserError)


def test_changes_are_autosaved_for_recovery(window, qtbot, fresh_home):
    window.controller.project.name = "Autosave"
    window.controller.mark_changed("name")
    op = window.controller.autosave_now()
    wait_op(qtbot, op)
    copies = list(fresh_home.recovery.glob("*.stuurwijzer"))
    assert len(copies) == 1
    assert open_project(copies[0]).name == "Autosave"


def test_after_a_crash_the_next_start_offers_to_restore(window, qtbot, fresh_home, monkeypatch):
    crashed = RecoverySession(fresh_home.recovery)
    lost = Project(name="Bijna kwijt")
    lost.question.title = "Waarom stijgen de kosten?"
    crashed.autosave(snapshot(lost), None)
    crashed.abandon()

    monkeypatch.setattr(dialogs, "ask_restore", lambda parent, copy: True)
    app_module.offer_recovery(window, fresh_home)
    assert window.controller.project.name == "Bijna kwijt"
    assert window.controller.project.question.title == "Waarom stijgen de kosten?"
    assert window.isWindowModified()  # restored work is not yet saved
    assert find_orphans(fresh_home.recovery, own_session=window.controller.recovery.id) == []


@pytest.mark.parametrize("note", [b"[]", b"null", b'"tekst"', b'{"project_path": ["a"]}'])
def test_a_damaged_recovery_note_does_not_stop_the_start(window, qtbot, fresh_home,
                                                         monkeypatch, note):
    crashed = RecoverySession(fresh_home.recovery)
    lost = Project(name="Bijna kwijt")
    target = crashed.autosave(snapshot(lost), "/ergens/p.stuurwijzer")
    crashed.abandon()
    target.with_suffix(".json").write_bytes(note)
    offered = []
    monkeypatch.setattr(dialogs, "ask_restore",
                        lambda parent, copy: offered.append(copy) or True)
    app_module.offer_recovery(window, fresh_home)
    assert len(offered) == 1 and offered[0].project_name == ""
    assert window.controller.project.name == "Bijna kwijt"
    app_module.offer_recovery(window, fresh_home)  # the next start: nothing left
    assert len(offered) == 1


def test_unexpected_error_shows_dialog_with_log_path_and_keeps_work(window, qtbot, fresh_home,
                                                                      monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_unexpected_error",
                        lambda parent, log_file, recovery: shown.append((log_file, recovery)))
    window.controller.project.name = "Niet kwijtraken"
    window.controller.mark_changed("name")

    cell_value = "".join(["Jan", "sen 123456782"])  # never literally in a source line

    def boom():
        raise RuntimeError(cell_value)

    app_module.install_excepthook(window, fresh_home.logs / "stuurwijzer.log")
    try:
        raise_and_hook(boom)
    finally:
        import sys

        sys.excepthook = sys.__excepthook__
    log_file, recovery = shown[0]
    assert log_file.name == "stuurwijzer.log"
    assert recovery is not None and open_project(recovery).name == "Niet kwijtraken"
    assert "Jansen" not in (fresh_home.logs / "stuurwijzer.log").read_text(encoding="utf-8")


def raise_and_hook(fn):
    import sys

    try:
        fn()
    except Exception:
        sys.excepthook(*sys.exc_info())
