"""Entry point of ``stuurwijzer``: the desktop app, or a command when one is given.

Qt is imported only when the app or ``selftest`` runs, so engine commands like
``stuurwijzer inspect`` start fast and work on machines without a screen.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from core.cli import (
    COMMANDS,
    EXIT_BAD_INPUT,
    EXIT_OK,
    Command,
    build_parser,
    folder_argument,
    quiet_closed_pipe,
    run_command,
)
from core.errors import UserError
from core.i18n import _, setup_i18n
from core.logsetup import get_logger, log_exception, setup_logging
from core.paths import AppPaths, init_paths

log = get_logger("app")


def _configure_selftest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--screenshots", metavar="MAP", type=folder_argument,
        help="bewaar van elke stap een schermafbeelding (PNG) in deze map",
    )
    parser.add_argument(
        "--guide-images", action="store_true",
        help="maak de afbeeldingen van de handleiding opnieuw (resources/help/img)",
    )


def _run_selftest(args: argparse.Namespace) -> int:
    from core.paths import resource_path
    from desktop.selftest import run_selftest

    guide = resource_path("help", "img") if args.guide_images else None
    return run_selftest(args.screenshots, guide_images=guide)


DESKTOP_COMMANDS = {
    "selftest": Command(
        help="loop alle stappen door met het voorbeeldproject, zonder scherm",
        configure=_configure_selftest,
        run=_run_selftest,
    ),
}


def project_argument(argv: list[str], command_names: set[str]) -> tuple[list[str], Path | None]:
    """Split ``stuurwijzer [--dev DIR] FILE`` into the remaining arguments and FILE.

    Only a last argument that is an existing file, with no command anywhere, counts: every
    other command line goes to the parser unchanged.
    """
    if not argv or set(argv) & command_names:
        return argv, None
    last = argv[-1]
    if last.startswith("-") or (len(argv) >= 2 and argv[-2] == "--dev"):
        return argv, None
    path = Path(last)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a name the system refuses (too long...): not a file
        is_file = False
    return (argv[:-1], path) if is_file else (argv, None)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    argv, project_file = project_argument(argv, {*COMMANDS, *DESKTOP_COMMANDS})
    parser = build_parser(DESKTOP_COMMANDS)
    try:
        args = parser.parse_args(argv)  # --help and --version print and exit here
    except BrokenPipeError:
        quiet_closed_pipe()
        return EXIT_OK
    setup_i18n()
    if args.command == "selftest":
        # selftest keeps its own temporary folders unless --dev says otherwise
        return run_command(DESKTOP_COMMANDS["selftest"], args)
    try:
        paths = init_paths(args.dev)
        log_file = setup_logging(paths.logs)
    except OSError as exc:
        folder = args.dev or "de gebruikersmap"
        print(_("Stuurwijzer kan zijn map '{folder}' niet maken of gebruiken (systeemfout "
                "{code}). Kies met --dev een andere map, of controleer of u daar mag "
                "schrijven.").format(folder=folder, code=exc.errno or type(exc).__name__),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.command is None:
        return run_app(paths, log_file, project_file)
    return run_command(COMMANDS[args.command], args)


# ---------------------------------------------------------------------- desktop


def create_application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Stuurwijzer")
    app.setApplicationDisplayName("Stuurwijzer")
    app.setDesktopFileName("stuurwijzer")
    from desktop import input_guard, look, translations
    from desktop.qt_refcounts import pin_singletons

    if pin_singletons():
        log.info("Qt binding loses references to None: None, True and False pinned")
    look.apply(app)
    from desktop.workers import collect_garbage_on_ui_thread

    if not app.property("stuurwijzerReady"):  # tests create the app more than once
        collect_garbage_on_ui_thread(app)  # workers must never free Qt objects
        input_guard.install(app)
        translations.install(app)
        app.setProperty("stuurwijzerReady", True)
    return app


def build_main_window(paths: AppPaths, log_file: Path | None):
    """The window with its controller, task manager and recovery session wired up."""
    from core.recovery import RecoverySession
    from core.settings import RecentProjects, WindowPlaces
    from desktop import dialogs
    from desktop.controller import ProjectController
    from desktop.main_window import MainWindow
    from desktop.workers import TaskManager

    holder: dict = {}

    def handle_error(exc: BaseException) -> None:
        window = holder.get("window")
        if isinstance(exc, UserError):
            dialogs.show_user_error(window, exc)
        else:
            report_unexpected(window, holder.get("controller"), log_file, exc)

    tasks = TaskManager(None, handle_error)
    controller = ProjectController(tasks, RecentProjects(paths.config), RecoverySession(paths.recovery))
    window = MainWindow(controller, log_file, WindowPlaces(paths.config))
    holder.update(window=window, controller=controller)
    return window


def report_unexpected(window, controller, log_file: Path | None, exc: BaseException) -> None:
    """Log without cell values, save a recovery copy, tell the user what to do."""
    from desktop import dialogs

    log_exception(log, "unexpected error", exc)
    recovery = None
    if controller is not None:
        try:
            recovery = controller.autosave_blocking()
        except Exception as save_exc:  # noqa: BLE001
            log_exception(log, "recovery copy after error failed", save_exc)
    dialogs.show_unexpected_error(window, log_file or Path("stuurwijzer.log"), recovery)


def install_excepthook(window, log_file: Path | None) -> None:
    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report_unexpected(window, window.controller, log_file, exc)

    sys.excepthook = hook


def tidy_at_start(paths: AppPaths, own_session: str | None) -> None:
    """Remove what sessions that died left behind: their lock files and the temporary
    files of saves that never finished, in the recovery folder and beside the recent
    projects. Never stops the start."""
    from core.files import remove_stale_temp_files
    from core.recovery import tidy
    from core.settings import RecentProjects

    try:
        tidy(paths.recovery, own_session)
        remove_stale_temp_files({p.parent for p in RecentProjects(paths.config).list()})
    except Exception as exc:  # noqa: BLE001 - tidying up must never stop the app
        log_exception(log, "tidying up at start failed", exc)


def offer_recovery(window, paths: AppPaths) -> None:
    from core.recovery import dismiss, find_orphans
    from desktop import dialogs

    controller = window.controller
    own = controller.recovery.id if controller.recovery else None
    tidy_at_start(paths, own)
    for copy in find_orphans(paths.recovery, own_session=own):
        if dialogs.ask_restore(window, copy):
            try:
                project = copy.load()
            except UserError as exc:
                dialogs.show_user_error(window, exc)
            else:
                path = Path(copy.project_path) if copy.project_path else None
                try:
                    known = path if path is not None and path.is_file() else None
                except (OSError, ValueError):
                    known = None
                controller.set_project(project, known, dirty=True)
                controller.autosave_now()
                window.statusBar().showMessage(_("Uw werk is hersteld. Vergeet niet op te slaan."))
        dismiss(copy)
        break  # one project at a time; older copies are offered at the next start


def run_app(paths: AppPaths, log_file: Path, project_file: Path | None = None) -> NoReturn:
    from PySide6.QtCore import QTimer

    from desktop import startup

    app = create_application()
    startup.show_splash()  # already up when the frozen launcher showed it
    window = build_main_window(paths, log_file)
    install_excepthook(window, log_file)
    window.place_on_screen()
    window.show()
    startup.close_splash()
    offer_recovery(window, paths)
    startup.file_open_requests(app).attach(window, project_file)
    log.info("app started")
    # Benchmarks: fires once the event loop runs, i.e. after the main window's show event.
    QTimer.singleShot(0, lambda: startup.startup_probe("main-window", app))
    code = app.exec()
    shutdown(window)
    log.info("app closed")
    end_process(code if code is not None else EXIT_OK)


def shutdown(window) -> None:
    """Teardown on the UI thread once the event loop has ended: every worker stopped (a
    save in progress finishes first), the recovery copy and its lock removed."""
    window.tasks.shutdown()
    if window.controller.recovery is not None:
        window.controller.recovery.close()


def end_process(code: int) -> NoReturn:
    """End at once, after flushing the log and the console.

    Python's own teardown after a Qt session is not safe with our Qt binding: it frees
    widgets, figures and the application in whatever order it finds them, and PySide6
    6.12 loses references to None on the way (desktop/qt_refcounts.py), which made
    quits after a long session abort with "Fatal Python error: none_dealloc" (issue 17).
    Everything is saved and closed by now, so nothing is lost by skipping it.
    """
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # a windowed app on Windows has no console
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main())
