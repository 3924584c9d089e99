"""Start-up: the splash, and project files handed over by the system (double-click)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from core.project import Project, save_project
from desktop import startup
from desktop.app import DESKTOP_COMMANDS, project_argument

COMMANDS = {"selftest", "inspect", "report"}


@pytest.fixture
def project_file(tmp_path) -> Path:
    return save_project(Project(name="Wachttijden 2025"), tmp_path / "wachttijden.stuurwijzer")


def test_double_clicked_project_file_is_taken_from_the_command_line(project_file):
    assert project_argument([str(project_file)], COMMANDS) == ([], project_file)
    assert project_argument(["--dev", "/tmp/x", str(project_file)], COMMANDS) == \
        (["--dev", "/tmp/x"], project_file)


@pytest.mark.parametrize("argv", [
    [],
    ["--version"],
    ["selftest", "--screenshots", "map"],
    ["report", "PROJECT.stuurwijzer"],  # a command's own file argument stays the command's
    ["--dev", "."],  # --dev takes a folder: never mistaken for a project
    ["bestaat-niet.stuurwijzer"],  # the parser says what is wrong
])
def test_other_command_lines_go_to_the_parser_unchanged(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "PROJECT.stuurwijzer").write_bytes(b"")
    assert project_argument(argv, COMMANDS) == (argv, None)


def test_selftest_is_a_known_command():
    assert "selftest" in DESKTOP_COMMANDS  # project_argument must never swallow it


class RecordingWindow:
    def __init__(self):
        self.opened: list[Path] = []

    def open_project(self, path):
        self.opened.append(Path(path))


def test_macos_open_event_before_the_window_exists_opens_once_it_does(qapp, tmp_path):
    requests = startup.FileOpenRequests(qapp)
    try:
        QApplication.sendEvent(qapp, QFileOpenEvent(str(tmp_path / "eerste.stuurwijzer")))
        QApplication.sendEvent(qapp, QFileOpenEvent(str(tmp_path / "tweede.stuurwijzer")))
        window = RecordingWindow()
        requests.attach(window)
        assert window.opened == [tmp_path / "tweede.stuurwijzer"]  # one project: the last one
        QApplication.sendEvent(qapp, QFileOpenEvent(str(tmp_path / "derde.stuurwijzer")))
        assert window.opened[-1] == tmp_path / "derde.stuurwijzer"
    finally:
        qapp.removeEventFilter(requests)
        requests.deleteLater()


def test_project_file_given_at_start_opens_in_the_main_window(window, qapp, qtbot,
                                                              project_file):
    requests = startup.FileOpenRequests(qapp)
    try:
        requests.attach(window, project_file)
        qtbot.waitUntil(lambda: window.controller.path == project_file, timeout=10_000)
        assert window.controller.project.name == "Wachttijden 2025"
        assert "Wachttijden 2025" in window.windowTitle()
    finally:
        qapp.removeEventFilter(requests)
        requests.deleteLater()


def test_splash_shows_the_app_name_at_once(qapp, tmp_path):
    splash = startup.show_splash()
    try:
        assert splash.isVisible()
        assert splash.size().toTuple() == startup.SPLASH_SIZE
        assert "Stuurwijzer" in splash.accessibleName()
        image = splash.grab().toImage()
        # Not blank: the navy icon and title are drawn on the light background.
        colours = {image.pixelColor(x, 90).name() for x in range(0, startup.SPLASH_SIZE[0], 4)}
        assert "#154273" in colours
        assert startup.show_splash() is splash  # the launcher's splash is reused, not doubled
    finally:
        startup.close_splash()
    assert not splash.isVisible()


def test_the_start_removes_what_dead_sessions_left(fresh_home, tmp_path):
    import os

    from core.recovery import RecoverySession
    from core.settings import RecentProjects
    from desktop.app import tidy_at_start

    folder = tmp_path / "projecten"
    folder.mkdir()
    RecentProjects(fresh_home.config).add(folder / "plan.stuurwijzer")
    stale = [folder / ".plan.stuurwijzer.tmp-999999999-abc123",
             fresh_home.recovery / ".x.stuurwijzer.tmp-999999999-abc123"]
    for path in stale:
        path.write_bytes(b"half")
        os.utime(path, (0, 0))
    dead = RecoverySession(fresh_home.recovery)
    dead.abandon()
    lock = fresh_home.recovery / f"{dead.id}.lock"
    os.utime(lock, (0, 0))
    tidy_at_start(fresh_home, own_session=None)
    assert not any(p.exists() for p in stale) and not lock.exists()
