"""A clean exit on every quit (issue 17): no "Fatal Python error" after a full session.

The slow test runs tests/desktop/quit_session.py (a whole session in the real app, then
quit) 20 times on a real X server (Xvfb), about 10 s a run. The quick tests check the two
parts of the fix on their own: the Qt binding losing references to None no longer kills
Python (desktop/qt_refcounts.py), and the app ends with its exit code once its log and
console are flushed (desktop.app.end_process).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.project import open_project

ROOT = Path(__file__).resolve().parents[2]
SESSION = Path(__file__).with_name("quit_session.py")
QUITS = 20
FATAL = "Fatal Python error"


@pytest.fixture(scope="module")
def x_display():
    """A real X server (not offscreen): the crash was seen with one."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb; bootstrap.sh ensure_xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    if not number:
        server.kill()
        pytest.skip("Xvfb did not start")
    display = f":{number}"
    probe = subprocess.run([sys.executable, "-c", "from PySide6.QtWidgets import QApplication; "
                            "QApplication([])"], env=_clean_env(DISPLAY=display),
                           capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        server.terminate()
        pytest.skip("Qt cannot open a window on Xvfb (its xcb libraries are missing: "
                    "bootstrap.sh ensure_xvfb installs them)")
    yield display
    server.terminate()
    server.wait(10)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(extra)
    return env


@pytest.mark.slow
def test_a_full_session_quits_cleanly_twenty_times(x_display, tmp_path):
    for run in range(1, QUITS + 1):
        home = tmp_path / f"run{run}"
        home.mkdir()
        done = subprocess.run([sys.executable, str(SESSION), str(home)], cwd=ROOT,
                              env=_clean_env(DISPLAY=x_display), capture_output=True,
                              text=True, timeout=300)
        assert FATAL not in done.stderr, f"quit {run}: {done.stderr[-2000:]}"
        assert done.returncode == 0, f"quit {run}: exit {done.returncode}: {done.stderr[-2000:]}"
        assert "session done" in done.stdout
        assert open_project(home / "sessie.stuurwijzer").datasets  # saved before the quit
        log = (home / "logs" / "stuurwijzer.log").read_text(encoding="utf-8")
        assert log.rstrip().endswith("app closed")  # the log was flushed before the end


LONG_USE = """
import sys
from PySide6.QtWidgets import QLabel
from desktop.app import create_application

app = create_application()
label = QLabel()
for _ in range(50_000):  # a long day of clicks: each a void Qt call, an emit
    label.setText("x")
    label.windowTitleChanged.emit("")
print("survived", flush=True)
"""


def test_qt_calls_of_a_long_session_never_use_up_none():
    done = subprocess.run([sys.executable, "-c", LONG_USE], cwd=ROOT,
                          env=_clean_env(QT_QPA_PLATFORM="offscreen"), capture_output=True,
                          text=True, timeout=120)
    assert FATAL not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0 and "survived" in done.stdout, done.stderr[-2000:]


END_AFTER_LOGGING = """
import sys
from pathlib import Path
from core.logsetup import get_logger, setup_logging
from desktop.app import end_process

setup_logging(Path(sys.argv[1]))
get_logger("app").info("app closed")
sys.stdout.write("last words")  # no newline: only a flush gets it out
end_process(7)
"""


def test_the_app_ends_with_its_code_after_flushing_log_and_console(tmp_path):
    done = subprocess.run([sys.executable, "-c", END_AFTER_LOGGING, str(tmp_path)], cwd=ROOT,
                          env=_clean_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 7, done.stderr[-2000:]
    assert done.stdout == "last words"
    log = (tmp_path / "stuurwijzer.log").read_text(encoding="utf-8")
    assert log.rstrip().endswith("app closed")


def test_a_timer_that_fires_after_the_workers_stopped_runs_nothing(window):
    from core.errors import Cancelled

    window.controller.project.name = "Laat"
    window.controller.mark_changed("name")
    window.tasks.shutdown()  # what the quit does once the event loop has ended
    op = window.controller.autosave_now()  # the autosave timer, firing late
    assert op.done and isinstance(op.error, Cancelled)
    assert window.errors == []
