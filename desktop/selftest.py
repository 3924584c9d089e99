"""``stuurwijzer selftest``: walk the whole wizard offscreen on the example project.

Exit 0 only when the window opened, the example project loaded and every step
page opened without reporting a problem. With ``--screenshots DIR`` a PNG of
every step is saved, so anyone can look at every screen without a display.
Uses a temporary folder for settings and logs, so it never touches the user's.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from core.paths import init_paths

WINDOW_SIZE = (1280, 820)


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _settle(app, seconds: float = 0.15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def run_selftest(screenshots: Path | None = None, home: Path | None = None) -> int:
    if not _has_display() or os.environ.get("STUURWIJZER_OFFSCREEN"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="stuurwijzer-selftest-") as tmp:
        paths = init_paths(home or tmp)
        from core.logsetup import setup_logging

        log_file = setup_logging(paths.logs)
        return _walk(paths, log_file, screenshots)


def _walk(paths, log_file, screenshots: Path | None) -> int:
    from desktop.app import build_main_window, create_application

    app = create_application()
    problems: list[str] = []
    window = build_main_window(paths, log_file)
    errors: list[BaseException] = []
    window.tasks.error_handler = errors.append  # a dialog would block an unattended run
    window.resize(*WINDOW_SIZE)
    window.show()
    _settle(app)
    print(f"venster geopend ({window.windowTitle().replace('[*]', '')})")

    op = window.controller.open_example()
    if not op.wait(120) or op.error is not None or errors:
        problems.append("voorbeeldproject laden mislukt")
    else:
        project = window.controller.project
        rows = sum(ds.row_count for ds in project.datasets)
        print(f"voorbeeldproject geladen: {len(project.datasets)} bestanden, {rows} rijen")
        if not project.datasets:
            problems.append("voorbeeldproject heeft geen gegevens")

    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    for number, info in enumerate(window.step_infos, start=1):
        window.go_to(info.id)
        _settle(app, 0.3)
        page = window.page(info.id)
        page_problems = [] if window.current_step == info.id else ["stap niet geopend"]
        try:
            page_problems += page.self_check()
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            page_problems.append(f"zelfcontrole faalde: {type(exc).__name__}")
        if errors:
            page_problems += [f"fout: {type(e).__name__}" for e in errors]
            errors.clear()
        if screenshots is not None:
            target = screenshots / f"{number:02d}_{info.id}.png"
            if not window.grab().save(str(target)):
                page_problems.append("schermafbeelding niet opgeslagen")
        mark = "ok" if not page_problems else "FOUT: " + "; ".join(page_problems)
        print(f"stap {number} {info.label}: {mark}")
        problems += [f"{info.label}: {p}" for p in page_problems]

    window.controller.dirty = False  # nothing to ask about on close
    window.close()
    window.tasks.shutdown()
    window.controller.recovery.close()
    if problems:
        print(f"selftest mislukt ({len(problems)} probleem/problemen)")
        return 1
    print("selftest geslaagd")
    return 0
