"""``stuurwijzer selftest``: walk the whole wizard offscreen on the example project.

Exit 0 only when the window opened, the example project loaded, every step
page opened without reporting a problem and the user guide opened. With
``--screenshots DIR`` a PNG of every step (and of the guide) is saved at each
size in ``SCREEN_SIZES``, so anyone can look at every screen without a display.
``--guide-images`` writes the guide's pictures (resources/help/img/) from the
same walk. Uses a temporary folder for settings and logs, so it never touches
the user's.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from core.paths import init_paths

# The common municipal laptop, and a full-HD screen. The guide shows the first.
SCREEN_SIZES = ((1366, 768), (1920, 1080))
GUIDE_SIZE = SCREEN_SIZES[0]
GUIDE_PAGE = "handleiding"  # the screenshot name of the guide window itself


def shot_name(number: int, name: str, size: tuple[int, int]) -> str:
    return f"{number:02d}_{name}_{size[0]}x{size[1]}.png"


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _settle(app, seconds: float = 0.15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def run_selftest(screenshots: Path | None = None, home: Path | None = None,
                 guide_images: Path | None = None) -> int:
    if not _has_display() or os.environ.get("STUURWIJZER_OFFSCREEN"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="stuurwijzer-selftest-") as tmp:
        paths = init_paths(home or tmp)
        from core.logsetup import setup_logging

        log_file = setup_logging(paths.logs)
        shots = screenshots
        if guide_images is not None and shots is None:
            shots = Path(tmp) / "screenshots"
        return _walk(paths, log_file, shots, guide_images)


def _copy_guide_images(shots: Path, target: Path) -> None:
    """The guide names its pictures after the step (img/data.png): the GUIDE_SIZE shots,
    reduced to 256 colours (a screen has few; a quarter of the size, no visible change)."""
    from PIL import Image  # matplotlib's own dependency; only this developer command needs it

    from core.steps import STEP_IDS

    target.mkdir(parents=True, exist_ok=True)
    suffix = f"_{GUIDE_SIZE[0]}x{GUIDE_SIZE[1]}.png"
    total = 0
    for shot in sorted(shots.glob(f"*{suffix}")):
        name = shot.name.removesuffix(suffix).split("_", 1)[1]
        if name not in STEP_IDS:
            continue  # the guide does not show a picture of itself
        out = target / f"{name}.png"
        with Image.open(shot) as image:
            image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE,
                                          dither=Image.Dither.NONE).save(out, optimize=True)
        total += out.stat().st_size
    print(f"afbeeldingen voor de handleiding in {target} ({total // 1024} KB)")


def _walk(paths, log_file, screenshots: Path | None, guide_images: Path | None = None) -> int:
    from desktop.app import build_main_window, create_application

    app = create_application()
    problems: list[str] = []
    window = build_main_window(paths, log_file)
    errors: list[BaseException] = []
    window.tasks.error_handler = errors.append  # a dialog would block an unattended run
    window.resize(*GUIDE_SIZE)
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
            page_problems += _grab_at_sizes(app, window, screenshots, number, info.id)
        mark = "ok" if not page_problems else "FOUT: " + "; ".join(page_problems)
        print(f"stap {number} {info.label}: {mark}")
        problems += [f"{info.label}: {p}" for p in page_problems]

    if guide_images is not None and not problems:
        _copy_guide_images(screenshots, guide_images)  # before the guide opens: it shows them
    problems += _open_guide(app, window, screenshots, len(window.step_infos) + 1)

    window.controller.dirty = False  # nothing to ask about on close
    window.close()
    window.tasks.shutdown()
    window.controller.recovery.close()
    if problems:
        print(f"selftest mislukt ({len(problems)} probleem/problemen)")
        return 1
    print("selftest geslaagd")
    return 0


def _grab_at_sizes(app, widget, folder: Path, number: int, name: str) -> list[str]:
    problems = []
    for size in SCREEN_SIZES:
        widget.resize(*size)
        _settle(app, 0.2)
        if not widget.grab().save(str(folder / shot_name(number, name, size))):
            problems.append(f"schermafbeelding {size[0]}x{size[1]} niet opgeslagen")
    widget.resize(*GUIDE_SIZE)
    return problems


def _open_guide(app, window, screenshots: Path | None, number: int) -> list[str]:
    """Open the guide the way F1 does (at the last step's page) and check it shows that page."""
    try:
        window.help_action.trigger()
        _settle(app, 0.3)
        guide = window.help_window
        problems = guide.self_check(window.current_step)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        print(f"handleiding: FOUT: {type(exc).__name__}")
        return [f"handleiding: {type(exc).__name__}"]
    if screenshots is not None:
        # The guide is its own window: grabbed on its own at the main window's sizes.
        for size in SCREEN_SIZES:
            guide.resize(guide.size_for(size))
            _settle(app, 0.2)
            if not guide.grab().save(str(screenshots / shot_name(number, GUIDE_PAGE, size))):
                problems.append("schermafbeelding niet opgeslagen")
    guide.close()
    print(f"handleiding: {'ok' if not problems else 'FOUT: ' + '; '.join(problems)}")
    return [f"handleiding: {p}" for p in problems]
