"""What happens between a double-click and the main window.

- A splash window appears at once, before the engine (pandas, pyarrow) is imported, so a
  double-click on a slow municipal laptop gets an answer within a fraction of a second. The
  frozen app's launcher (build_scripts/launcher.py) shows it even before ``desktop.app`` is
  imported; ``run_app`` reuses it. The picture is drawn in advance by
  build_scripts/make_icons.py, so showing it does not start the font system.
- A project file handed over by the system opens in the app: Windows and Linux pass it as the
  one argument (``stuurwijzer C:\\...\\plan.stuurwijzer``, set up by the installers; see
  ``desktop.app.project_argument``), macOS sends a file-open event, possibly before the main
  window exists.
- ``STUURWIJZER_STARTUP_PROBE=FILE`` (benchmarks/startup_bench.py) appends the time the first
  window and the main window are up to FILE (clock time and CPU time); the app then quits.

Only Qt and two light core modules are imported here: nothing that loads pandas.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen, QWidget

from core.i18n import N_, _
from core.paths import resource_path

SPLASH_SIZE = (420, 180)  # logical pixels; make_icons.py draws it at 1x and 2x
SPLASH_TEXT = ("Stuurwijzer", N_("wordt gestart…"))
STARTUP_PROBE_ENV = "STUURWIJZER_STARTUP_PROBE"

_splash: Splash | None = None
_requests: FileOpenRequests | None = None


def startup_probe(mark: str, app: QApplication | None = None) -> None:
    target = os.environ.get(STARTUP_PROBE_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            # wall clock, and this process's CPU seconds (steady on a busy shared machine)
            fh.write(f"{mark} {time.time():.6f} {time.process_time():.6f}\n")
        if app is not None:
            app.quit()


class Splash(QSplashScreen):
    """QSplashScreen (frameless, centred, closes on a click) that paints its picture itself.

    QSplashScreen's own event handler waits up to a second for the window system to show the
    window, also offscreen, where that never happens; ``show_splash`` waits itself, on a real
    screen only. (Setting the window flags on a plain widget instead would mean loading Qt's
    large ``Qt`` namespace before the first window.)
    """

    def event(self, event) -> bool:
        return QWidget.event(self, event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.pixmap())
        painter.end()


def show_splash() -> Splash:
    """Show the splash once; later calls return it."""
    global _splash
    if _splash is not None:
        return _splash
    app = QApplication.instance() or QApplication(sys.argv[:1])
    file_open_requests(app)  # macOS may send the file before the main window exists
    screen = app.primaryScreen()
    sharp = screen is not None and screen.devicePixelRatio() > 1
    pixmap = QPixmap(str(resource_path("icons", "splash@2x.png" if sharp else "splash.png")))
    pixmap.setDevicePixelRatio(2 if sharp else 1)
    splash = Splash(pixmap)
    splash.setObjectName("splash")
    splash.setAccessibleName(f"{SPLASH_TEXT[0]} {_(SPLASH_TEXT[1])}")
    splash.show()
    # Wait until the window system shows the window, then paint: the rest of the start-up
    # blocks the event loop, and an unpainted splash would be an empty rectangle.
    window = splash.windowHandle()
    deadline = time.monotonic() + 1.0
    while (app.platformName() != "offscreen" and window is not None
           and not window.isExposed() and time.monotonic() < deadline):
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()
    _splash = splash
    startup_probe("first-window")
    return splash


def close_splash() -> None:
    global _splash
    if _splash is not None:
        _splash.close()
        _splash.deleteLater()
        _splash = None


def file_open_requests(app: QApplication) -> FileOpenRequests:
    global _requests
    if _requests is None:
        _requests = FileOpenRequests(app)
    return _requests


class FileOpenRequests(QObject):
    """Collects macOS file-open events; opens them once the main window is attached."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._window = None
        self._pending: list[Path] = []
        app.installEventFilter(self)

    def attach(self, window, first: Path | None = None) -> None:
        self._window = window
        if first is not None:
            self._pending.insert(0, first)
        pending, self._pending = self._pending, []
        if pending:
            window.open_project(pending[-1])  # one project at a time: the last one asked for

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FileOpen and event.file():
            path = Path(event.file())
            if self._window is None:
                self._pending.append(path)
            else:
                self._window.open_project(path)
            return True
        return super().eventFilter(watched, event)
