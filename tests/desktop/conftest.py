"""Desktop fixtures: a main window on a fresh user folder; a modal dialog never blocks."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A dialog a test did not expect would wait for a click forever: fail instead."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"unexpected dialog: {self.windowTitle()!r} {self.text()!r}")

    def refuse_file(*args, **kwargs):
        raise AssertionError("unexpected file dialog")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames",
                 "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse_file))


@pytest.fixture
def window(qtbot, fresh_home):
    from core.logsetup import setup_logging
    from desktop.app import build_main_window, create_application

    create_application()
    errors: list[BaseException] = []
    win = build_main_window(fresh_home, setup_logging(fresh_home.logs))
    win.tasks.error_handler = errors.append
    win.errors = errors
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.controller.dirty = False  # closing must not ask about unsaved changes
    win.close()
    win.tasks.shutdown()
    win.controller.recovery.close()
    win.deleteLater()


def wait_op(qtbot, op, timeout=30_000):
    assert op is not None
    qtbot.waitUntil(lambda: op.done, timeout=timeout)
    assert op.error is None, repr(op.error)
    return op.result
