"""Start-up time and size of the frozen app against a minimal frozen PySide6 window.

Builds both with PyInstaller in this run (one-folder, windowed, same PyInstaller), starts each
several times, alternating, and compares the time from process start to the first shown window.
Target: the app within 1.5x of the minimal window. The app's first window is its splash
(desktop/startup.py); the time to the full main window is printed beside it. Also prints the
bundle sizes and the largest parts of the app bundle, so growth is visible.

    .venv/bin/python benchmarks/startup_bench.py [--runs 7] [--app-dist DIR] [--work DIR]

--app-dist reuses an app bundle built by build_scripts/build_linux.sh (dist/stuurwijzer); the
minimal window is always built here. On Linux both bundles are stripped as build_linux.sh
does. Without a screen the windows open offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5
PROBE_ENV = "STUURWIJZER_STARTUP_PROBE"  # the hook in desktop/startup.py

# The baseline: the smallest PySide6 program that shows a window. It reports "shown" the way
# the app's splash does (desktop/startup.py): on a real screen once the window system has
# exposed the window, offscreen right after show().
MINIMAL_APP = f'''
import os, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("minimal")
window.resize(420, 180)
window.show()
handle = window.windowHandle()
deadline = time.monotonic() + 1.0
while (app.platformName() != "offscreen" and handle is not None
       and not handle.isExposed() and time.monotonic() < deadline):
    app.processEvents()
    time.sleep(0.005)
app.processEvents()
target = os.environ.get("{PROBE_ENV}")
if target:
    Path(target).write_text(f"first-window {{time.time():.6f}}\\n")
'''


def pyinstaller(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    *args], check=True, cwd=ROOT)


def finish(bundle: Path) -> None:
    """What build_linux.sh does after PyInstaller, applied to both bundles alike."""
    if sys.platform.startswith("linux"):
        subprocess.run(["bash", str(ROOT / "build_scripts" / "strip_bundle.sh"), str(bundle)],
                       check=True)


def build_minimal(work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    script = work / "minimal.py"
    script.write_text(MINIMAL_APP, encoding="utf-8")
    pyinstaller("--onedir", "--windowed", "--name", "minimal", "--distpath", str(work / "dist"),
                "--workpath", str(work / "build"), "--specpath", str(work), str(script))
    finish(work / "dist" / "minimal")
    return work / "dist" / "minimal" / "minimal"


def build_app(work: Path) -> Path:
    pyinstaller("--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                str(ROOT / "build_scripts" / "stuurwijzer.spec"))
    finish(work / "dist" / "stuurwijzer")
    return work / "dist" / "stuurwijzer" / "stuurwijzer"


def time_to_windows(executable: Path, work: Path) -> dict[str, float]:
    """Seconds from process start to each mark the program writes (first-window, main-window)."""
    probe = work / "probe.txt"
    probe.unlink(missing_ok=True)
    env = dict(os.environ, **{PROBE_ENV: str(probe)})
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as home:
        env["STUURWIJZER_HOME"] = home  # a fresh user folder: no recovery question
        start = time.time()
        subprocess.run([str(executable)], env=env, check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marks = dict(line.split() for line in probe.read_text().splitlines())
    return {mark: float(stamp) - start for mark, stamp in marks.items()}


def size(path: Path) -> int:
    if path.is_symlink():
        return 0  # PyInstaller links libraries to the top folder; count the file once
    if path.is_dir():
        return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return path.stat().st_size


def mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--app-dist", type=Path, help="existing app bundle folder to reuse")
    parser.add_argument("--work", type=Path, help="build folder (default: a temporary one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stuurwijzer-bench-") as tmp:
        work = (args.work or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        t = time.monotonic()
        minimal = build_minimal(work / "minimal")
        print(f"built minimal window in {time.monotonic() - t:.0f} s")
        if args.app_dist:
            app = args.app_dist.resolve() / "stuurwijzer"
        else:
            t = time.monotonic()
            app = build_app(work / "app")
            print(f"built app in {time.monotonic() - t:.0f} s")

        # One untimed start each fills the disk cache, then alternate so drift hits both.
        time_to_windows(minimal, work)
        time_to_windows(app, work)
        minimal_first, app_first, app_main = [], [], []
        for _ in range(args.runs):
            minimal_first.append(time_to_windows(minimal, work)["first-window"])
            marks = time_to_windows(app, work)
            app_first.append(marks["first-window"])
            app_main.append(marks["main-window"])

        base, ours = statistics.median(minimal_first), statistics.median(app_first)
        main_window = statistics.median(app_main)
        ratio = ours / base
        print(f"time from start to window, median of {args.runs} starts (min in brackets):")
        print(f"  minimal PySide6 window        {base:.3f} s  ({min(minimal_first):.3f})")
        print(f"  Stuurwijzer first window      {ours:.3f} s  ({min(app_first):.3f})")
        print(f"  Stuurwijzer main window       {main_window:.3f} s  ({min(app_main):.3f})")
        print(f"  ratio first window            {ratio:.2f}x  (target <= {TARGET_RATIO}x)")
        print(f"  ratio main window             {main_window / base:.2f}x  (for information)")

        app_dir, minimal_dir = app.parent, minimal.parent
        print(f"bundle size: Stuurwijzer {mb(size(app_dir))}, minimal window {mb(size(minimal_dir))}")
        parts = sorted(((size(p), p.name) for p in (app_dir / "_internal").iterdir()), reverse=True)
        print("largest parts: " + ", ".join(f"{name} {mb(size)}" for size, name in parts[:10]))
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
