"""The Data step: choose or drop files, check the detected settings, import, edit, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from core.jobs import checkpoint
from core.paths import resource_path
from core.steps import Status
from tests.desktop.conftest import wait_op

CSV = ("Berichtcode;BSN;AGB-code aanbieder;Productcode;Beschikkingnummer;"
       "Ingangsdatum toewijzing\r\n"
       + "".join(f"301;{bsn};98123401;45A01;B{i:04d};0{i % 9 + 1}-03-2024\r\n"
                 for i, bsn in enumerate(["012345672", "111222333", "123456782"] * 4)))


def _page(window):
    window.go_to("data")
    return window.page("data")


def _open(qtbot, page, path: Path):
    page.open_files([path])
    qtbot.waitUntil(lambda: page._review is not None or page.empty_error.isVisible(),
                    timeout=20_000)


def _status(window, step="data"):
    row = [i.id for i in window.step_infos].index(step)
    return window.sidebar.item(row).data(Qt.ItemDataRole.UserRole + 1)


def test_example_datasets_listed_with_rows_columns_and_checklist(window, qtbot):
    wait_op(qtbot, window.open_example())
    page = _page(window)
    assert page.dataset_list.count() == 6
    assert page.stack.currentIndex() == 2
    assert page.dataset_table.model_.rowCount() == 50
    assert "✔" in page.checklist.text() and "✘" not in page.checklist.text()
    page.dataset_list.setCurrentRow(4)  # the budget workbook
    assert page.name_edit.text() == "Budgetplafonds 2024"
    assert page.dataset_table.model_.rowCount() == 8
    assert page.self_check() == []


def test_choose_a_csv_check_preview_change_a_setting_and_import(window, qtbot, tmp_path,
                                                                 monkeypatch):
    path = tmp_path / "toewijzingen.csv"
    path.write_bytes(CSV.encode("cp1252"))
    page = _page(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(path)], "")))
    page.choose_button.click()
    qtbot.waitUntil(lambda: page._review is not None, timeout=20_000)
    assert page.stack.currentIndex() == 1
    assert "puntkomma" in page.summary.text()
    assert page.pending_table.model_.columnCount() == 6
    assert page.pending_kind.currentData() == "301"
    assert "(voorstel)" in page.pending_kind.currentText()

    page.settings_toggle.click()
    page.delimiter_box.setCurrentIndex(page.delimiter_box.findData(","))
    qtbot.waitUntil(lambda: page.pending_table.model_.columnCount() == 1, timeout=5_000)
    page.delimiter_box.setCurrentIndex(page.delimiter_box.findData(";"))
    qtbot.waitUntil(lambda: page.pending_table.model_.columnCount() == 6, timeout=5_000)

    role_box = page.pending_columns.role_box("Beschikkingnummer")
    role_box.setCurrentIndex(0)  # the user says: no role
    op = page.start_import()
    wait_op(qtbot, op)
    project = window.controller.project
    assert len(project.datasets) == 1
    ds = project.datasets[0]
    assert ds.column("Beschikkingnummer").role is None
    assert ds.column("BSN").role == "client" and ds.kind == "301"
    assert ds.original["BSN"].iloc[0] == "012345672"
    assert window.controller.dirty and window.isWindowModified()
    assert page.stack.currentIndex() == 2 and page.dataset_list.count() == 1
    assert _status(window) in (Status.DONE, Status.ATTENTION)


def test_budget_workbook_sheets_and_rows_below_the_table(window, qtbot):
    page = _page(window)
    _open(qtbot, page, resource_path("example", "budgetplafonds_2024.xlsx"))
    assert page.sheet_box.isVisible() and page.sheet_box.count() == 2
    assert page.sheet_box.currentData() == "Plafonds 2024"
    assert [box.isChecked() for _i, box in page.exclude_checks] == [True, True]
    assert "Totaal" in page.exclude_checks[0][1].text()
    assert page.pending_table.model_.rowCount() == 8
    assert "8 rijen" in page.pending_rows.text()
    page.exclude_checks[0][1].setChecked(False)  # keep the Totaal row after all
    qtbot.waitUntil(lambda: "9 rijen" in page.pending_rows.text(), timeout=5_000)
    page.sheet_box.setCurrentIndex(page.sheet_box.findData("Toelichting"))
    assert page._settings.sheet == "Toelichting"
    page.sheet_box.setCurrentIndex(page.sheet_box.findData("Plafonds 2024"))
    wait_op(qtbot, page.start_import())
    ds = window.controller.project.datasets[0]
    assert ds.kind == "budget" and ds.row_count == 8


def test_a_file_with_bad_rows_shows_why_and_can_skip_them(window, qtbot, tmp_path):
    path = tmp_path / "rafelig.csv"
    path.write_text("a;b;c\n1;2;3\n1;2;3;4\n4;5;6\n", encoding="utf-8")
    page = _page(window)
    _open(qtbot, page, path)
    op = page.start_import()
    qtbot.waitUntil(lambda: op.done, timeout=20_000)
    assert page.pending_error.isVisible() and "regel 3" in page.pending_error.text()
    assert window.controller.project.datasets == []
    page.settings_toggle.click()
    page.skip_bad.setChecked(True)
    wait_op(qtbot, page.start_import())
    ds = window.controller.project.datasets[0]
    assert ds.row_count == 2
    assert "overgeslagen" in page.dataset_notice.text()


def test_an_unreadable_file_explains_itself_in_the_page(window, qtbot, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text(CSV, encoding="utf-8")
    page = _page(window)
    _open(qtbot, page, path)
    assert page.stack.currentIndex() == 0
    assert "tekstbestand" in page.empty_error.text()
    assert window.errors == []


def test_dropping_a_file_opens_it(window, qtbot, tmp_path):
    path = tmp_path / "gesleept.csv"
    path.write_text(CSV, encoding="utf-8")
    page = _page(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.dropEvent(event)
    qtbot.waitUntil(lambda: page._review is not None, timeout=20_000)
    assert page.pending_title.text().endswith("gesleept.csv")


def test_stopping_an_import_changes_nothing(window, qtbot, tmp_path, monkeypatch):
    import desktop.steps.data as data_page

    started = []

    def slow_import(*args, cancel=None, **kwargs):
        started.append(True)
        while True:
            checkpoint(cancel)

    monkeypatch.setattr(data_page, "import_file", slow_import)
    path = tmp_path / "x.csv"
    path.write_text(CSV, encoding="utf-8")
    page = _page(window)
    _open(qtbot, page, path)
    op = page.start_import()
    qtbot.waitUntil(lambda: bool(started), timeout=5_000)
    assert not page.import_button.isEnabled()
    window.tasks.panel.stop.click()
    qtbot.waitUntil(lambda: op.done, timeout=5_000)
    assert "gestopt" in page.pending_error.text()
    assert page.import_button.isEnabled()
    assert window.controller.project.datasets == []


def test_changing_roles_and_removing_a_dataset_update_the_status(window, qtbot, monkeypatch):
    wait_op(qtbot, window.open_example())
    page = _page(window)
    assert _status(window) is Status.DONE
    page.dataset_list.setCurrentRow(1)  # start zorg (305)
    box = page.dataset_columns.role_box("Begindatum zorg")
    box.setCurrentIndex(0)
    ds = window.controller.project.dataset("voorbeeld-305")
    assert ds.column("Begindatum zorg").role is None
    assert _status(window) is Status.ATTENTION
    assert "✘" in page.checklist.text()
    type_box = page.dataset_columns.type_box("Begindatum zorg")
    type_box.setCurrentIndex(type_box.findData("text"))
    assert ds.column("Begindatum zorg").type == "text"

    monkeypatch.setattr(page, "confirm_remove", lambda name: True)
    page.remove_button.click()
    assert [d.id for d in window.controller.project.datasets if d.id == "voorbeeld-305"] == []
    assert page.dataset_list.count() == 5
    assert window.controller.dirty


def _visible_in_page(window, widget) -> bool:
    """True when ``widget`` is on screen in the step's scroll area without scrolling."""
    area = window.stack.currentWidget()
    top_left = widget.mapTo(area.viewport(), widget.rect().topLeft())
    return 0 <= top_left.y() and top_left.y() + widget.height() <= area.viewport().height()


def test_read_button_is_in_sight_on_a_laptop_and_leaving_an_unread_file_is_asked(
        window, qtbot, tmp_path, monkeypatch):
    window.resize(1366, 700)
    path = tmp_path / "toewijzingen.csv"
    path.write_bytes(CSV.encode("cp1252"))
    page = _page(window)
    _open(qtbot, page, path)
    qtbot.wait(100)
    assert _visible_in_page(window, page.import_button)

    answers = []
    monkeypatch.setattr("desktop.dialogs.ask_leave_unread",
                        lambda parent, name: answers.append(name) or "stay")
    window.go_to("controle")
    assert answers == ["toewijzingen.csv"]
    assert window.current_step == "data" and page._review is not None

    monkeypatch.setattr("desktop.dialogs.ask_leave_unread", lambda parent, name: "discard")
    window.move_by(1)
    assert window.current_step == "controle" and page._review is None
    assert not window.controller.project.datasets


def test_leaving_with_read_in_reads_the_file(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "toewijzingen.csv"
    path.write_bytes(CSV.encode("cp1252"))
    page = _page(window)
    _open(qtbot, page, path)
    monkeypatch.setattr("desktop.dialogs.ask_leave_unread", lambda parent, name: "read")
    window.go_to("vraag")
    qtbot.waitUntil(lambda: len(window.controller.project.datasets) == 1, timeout=20_000)
    assert window.current_step == "vraag"
