"""Run core work off the UI thread: the one way the desktop does long work.

    tasks.op(core_fn, arg).with_progress("Bestand inlezen").on_success(show).run()

``core_fn`` runs on a worker thread and receives ``progress`` and ``cancel``
keyword arguments when its signature has them. Its result (or exception) comes
back on the UI thread. Ops that touch the project run on one serial worker, so
they never overlap; read-only ops (``serial=False``) may run in parallel.
Without an ``on_failure`` handler, errors go to the standard dialog.
"""

from __future__ import annotations

import gc
import inspect
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from core.errors import Cancelled
from core.i18n import _
from core.jobs import CancelToken

ErrorHandler = Callable[[BaseException], None]


class Op(QObject):
    """One piece of background work. Build it with ``TaskManager.op``; chain; ``run()``."""

    _progressed = Signal(int, int, str)
    progressed = Signal(int, int, str)  # done, total, label: for a page that shows its own
    _succeeded = Signal(object)
    _failed = Signal(object)
    finished = Signal()

    def __init__(self, tasks: TaskManager, fn: Callable[..., Any], args, kwargs, serial: bool):
        super().__init__(tasks)
        self._tasks = tasks
        self._fn = fn
        self._args = args
        self._kwargs = dict(kwargs)
        self._serial = serial
        self._label: str | None = None
        self._success: list[Callable[[Any], None]] = []
        self._failure: ErrorHandler | None = None
        self._last_emit = 0.0
        self.cancel_token = CancelToken()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._progressed.connect(self._show_progress)
        self._succeeded.connect(self._finish_ok)
        self._failed.connect(self._finish_error)
        params = inspect.signature(fn).parameters
        if "progress" in params:
            self._kwargs["progress"] = self._emit_progress
        if "cancel" in params:
            self._kwargs["cancel"] = self.cancel_token

    # ---- chaining
    def with_progress(self, label: str) -> Op:
        self._label = label
        return self

    def on_success(self, handler: Callable[[Any], None]) -> Op:
        """Add a handler for the result; handlers run in the order they were added."""
        self._success.append(handler)
        return self

    def on_failure(self, handler: ErrorHandler) -> Op:
        self._failure = handler
        return self

    def run(self) -> Op:
        if self._tasks.closed:
            # A timer of a closed window (autosave, a redraw) fired after the workers were
            # shut down: nothing runs, the op ends as stopped, no handler is called.
            self.error, self.done = Cancelled(), True
            return self
        self._tasks._started(self, self._label)
        executor = self._tasks._serial if self._serial else self._tasks._pool
        executor.submit(self._work)
        return self

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def wait(self, timeout: float = 60.0) -> bool:
        """Process events until done (for selftest and scripts; views use callbacks)."""
        deadline = time.monotonic() + timeout
        while not self.done and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        return self.done

    # ---- worker thread
    def _emit_progress(self, done: int, total: int, label: str = "") -> None:
        now = time.monotonic()
        if now - self._last_emit >= 0.05 or (total and done >= total):
            self._last_emit = now
            self._progressed.emit(int(done), int(total), label)

    def _work(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread
            self._failed.emit(exc)
        else:
            self._succeeded.emit(result)

    # ---- UI thread
    def _show_progress(self, done: int, total: int, label: str) -> None:
        self._tasks._progress(self, done, total, label)
        self.progressed.emit(done, total, label)

    def _finish_ok(self, result: Any) -> None:
        self.result = result
        self._complete()
        for handler in self._success:
            handler(result)

    def _finish_error(self, exc: BaseException) -> None:
        self.error = exc
        self._complete()
        if isinstance(exc, Cancelled):
            self._tasks.message(_("Gestopt."))
            if self._failure is not None:
                self._failure(exc)
            return
        (self._failure or self._tasks.error_handler)(exc)

    def _complete(self) -> None:
        self.done = True
        self._tasks._ended(self)
        self.finished.emit()


class ProgressPanel(QWidget):
    """Label, bar and Stoppen button for the op that shows progress (in the status bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setAccessibleName(_("Voortgang"))
        self.stop = QPushButton(_("Stoppen"))
        self.stop.setAccessibleName(_("Stop het lopende werk"))
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.stop)
        self.hide()


class TaskManager(QObject):
    """Owns the worker threads and shows the progress of the current op."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None, error_handler: ErrorHandler) -> None:
        super().__init__(parent)
        self._serial = ThreadPoolExecutor(max_workers=1, thread_name_prefix="project")
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="read")
        self.error_handler = error_handler
        self.panel = ProgressPanel()
        self.panel.stop.clicked.connect(self._stop_clicked)
        self._running: list[Op] = []
        self._shown: Op | None = None
        self.closed = False  # shut down: ops no longer run
        self._message_sink: Callable[[str], None] | None = None
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(300)  # short ops never flash a progress bar
        self._show_timer.timeout.connect(self._reveal)

    def op(self, fn: Callable[..., Any], *args: Any, serial: bool = True, **kwargs: Any) -> Op:
        return Op(self, fn, args, kwargs, serial)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def set_message_sink(self, sink: Callable[[str], None]) -> None:
        self._message_sink = sink

    def message(self, text: str) -> None:
        if self._message_sink is not None:
            self._message_sink(text)

    def shutdown(self) -> None:
        """Stop the running ops and wait for the workers (a save in progress finishes)."""
        self.closed = True
        for op in list(self._running):
            op.cancel()
        self._serial.shutdown(wait=True, cancel_futures=True)
        self._pool.shutdown(wait=True, cancel_futures=True)

    # ---- called by ops
    def _started(self, op: Op, label: str | None) -> None:
        self._running.append(op)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        if label:
            self._shown = op
            self.panel.label.setText(label)
            self.panel.bar.setRange(0, 0)
            self.panel.stop.setEnabled(True)
            self._show_timer.start()

    def _reveal(self) -> None:
        if self._shown is not None and not self._shown.done:
            self.panel.show()

    def _progress(self, op: Op, done: int, total: int, label: str) -> None:
        if op is not self._shown:
            return
        if total > 0:
            self.panel.bar.setRange(0, total)
            self.panel.bar.setValue(min(done, total))
        if label:
            self.panel.label.setText(label)

    def _ended(self, op: Op) -> None:
        if op in self._running:
            self._running.remove(op)
        if op is self._shown:
            self._shown = None
            self._show_timer.stop()
            self.panel.hide()
        if not self._running:
            self.busy_changed.emit(False)
        op.setParent(None)  # freed once the caller drops its reference

    def _stop_clicked(self) -> None:
        if self._shown is not None:
            self._shown.cancel()
            self.panel.stop.setEnabled(False)
            self.panel.label.setText(_("Bezig met stoppen…"))


class UiThreadCollector(QObject):
    """Python's cycle collector runs in whichever thread happens to allocate. When that is
    a worker and the garbage holds a Qt object, Qt frees it off the UI thread and the app
    crashes. So automatic collection is switched off and this timer collects, generation
    by generation as Python's own thresholds say, on the UI thread only."""

    INTERVAL_MS = 500

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    @staticmethod
    def collect_due() -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):  # the oldest due generation collects the younger too
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


def collect_garbage_on_ui_thread(app: QObject) -> None:
    """Install the collector once per application."""
    if app.findChild(UiThreadCollector) is None:
        UiThreadCollector(app)
