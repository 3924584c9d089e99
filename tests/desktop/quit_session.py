"""A whole working session in the real app, then quit: the scripted run behind
test_quit.py (issue 17: a refcount crash at interpreter shutdown after such a session).

    python tests/desktop/quit_session.py HOME

Starts Stuurwijzer through ``desktop.app.main`` as a double-click does, with HOME as its
user folder, and from inside the event loop: opens the example project, imports a CSV
with BSNs in the Data step, pseudonymises that BSN column (the Controle step's fix), draws
the proposed charts, waits for the report preview, saves, makes the Qt calls of a long
day (``long_day``) and closes the window. Dialogs are answered by the script. The process then ends the way the app ends; its exit status
and stderr are what the test looks at. Exit 3 when a step of the session failed.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

SESSION_FAILED = 3
STEP_TIMEOUT = 120.0
# Measured with PySide6 6.12.0 and the fix switched off: 60 000 lost references on top
# of the scripted session were survived, 75 000 aborted the quit ("runtime state:
# finalizing", as users saw it), 150 000 aborted the session halfway.
LONG_DAY_CALLS = 75_000

CSV = ("Berichtcode;BSN;AGB-code aanbieder;Productcode;Beschikkingnummer;"
       "Ingangsdatum toewijzing\r\n"
       + "".join(f"301;{bsn};98123401;45A01;B{i:04d};0{i % 9 + 1}-03-2024\r\n"
                 for i, bsn in enumerate(["012345672", "111222333", "123456782"] * 20)))


def wait_until(condition, what: str, timeout: float = STEP_TIMEOUT) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def wait_op(op, what: str) -> None:
    if op is None:
        raise RuntimeError(f"{what}: not started")
    wait_until(lambda: op.done, what)
    if op.error is not None:
        raise RuntimeError(f"{what}: {type(op.error).__name__}")


def answer_dialogs(home: Path, failures: list[str]) -> None:
    """Every question the session raises gets the answer a user would give."""
    from PySide6.QtWidgets import QMessageBox

    from desktop import dialogs
    from desktop.steps.controle import ControlePage

    dialogs.choose_save_path = lambda *a, **k: home / "sessie.stuurwijzer"
    dialogs.ask_personal_data = lambda *a, **k: "save"
    dialogs.ask_save_changes = lambda *a, **k: QMessageBox.StandardButton.Discard
    dialogs.show_user_error = lambda parent, exc: failures.append(type(exc).__name__)
    dialogs.show_unexpected_error = lambda *a: failures.append("unexpected error dialog")
    ControlePage._confirm_irreversible = lambda self, fix: True


def pseudonymise_bsn(window, dataset_id: str) -> None:
    window.go_to("controle")
    page = window.page("controle")
    wait_until(lambda: page.report is not None and not page._busy, "checks")
    tree = page.tree
    items = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
             for j in range(tree.topLevelItem(i).childCount())]
    bsn = [item for item in items
           if (f := tree.shown_at(item).finding).check == "personal-data"
           and f.dataset == dataset_id and f.column == "BSN"]
    if not bsn:
        raise RuntimeError("no personal-data finding for the imported BSN column")
    tree.setCurrentItem(bsn[0])
    before = page.report
    page.detail.fix_rows[0].button.click()
    wait_until(lambda: page.report is not before and not page._busy,
               "checks after pseudonymising")


def session(window, home: Path) -> None:
    wait_op(window.open_example(), "open example")

    window.go_to("data")
    data = window.page("data")
    csv = home / "toewijzingen.csv"
    csv.write_bytes(CSV.encode("cp1252"))
    data.open_files([csv])
    wait_until(lambda: data._review is not None, "review csv")
    wait_op(data.start_import(), "import csv")
    dataset_id = window.controller.project.datasets[-1].id

    pseudonymise_bsn(window, dataset_id)

    window.go_to("grafieken")
    charts = window.page("grafieken")
    wait_until(lambda: not charts._render_timer.isActive() and charts._op is not None
               and charts._op.done, "charts")

    window.go_to("rapport")
    report = window.page("rapport")
    wait_until(lambda: not report._render_timer.isActive() and report._render_op is not None
               and report._render_op.done, "report preview")

    wait_op(window.save(), "save")
    long_day(window)


def long_day(window) -> None:
    """The Qt calls of a day's work, after the scripted session: each void call from Python
    (set a text, show a widget) is one that the faulty binding loses a reference to None
    on (desktop/qt_refcounts.py). Without the fix this many make the quit abort."""
    title = window.step_title
    for _ in range(LONG_DAY_CALLS):
        title.setVisible(True)


def drive(home: Path, failures: list[str]) -> None:
    """Runs from the event loop once the main window is up."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import MainWindow

    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, MainWindow) and w.isVisible()]
    if not windows:
        QTimer.singleShot(50, lambda: drive(home, failures))
        return
    window = windows[0]
    try:
        session(window, home)
    except Exception:  # noqa: BLE001 - reported as a failed session, the quit still runs
        failures.append(traceback.format_exc())
    if failures:
        print("session failed:", *failures, sep="\n", file=sys.stderr)
        QApplication.instance().exit(SESSION_FAILED)
    else:
        print("session done", flush=True)
    window.close()  # the last window: the event loop ends, as when the user quits


def main(home: Path) -> int:
    from PySide6.QtCore import QTimer

    from desktop import app

    failures: list[str] = []
    answer_dialogs(home, failures)
    app.create_application()  # run_app reuses it; the timer needs it now
    QTimer.singleShot(0, lambda: drive(home, failures))
    return app.main(["--dev", str(home)])  # the app ends the process itself


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    raise SystemExit(main(Path(sys.argv[1])))
