"""Start-up time and size of the frozen app against a minimal frozen PySide6 window.

Builds both with PyInstaller in this run (one-folder, windowed, same PyInstaller), starts each
several times, alternating, and compares the time from process start to the first shown window.
Target: the app within 1.5x of the minimal window. The app's first window is its splash
(desktop/startup.py); the time to the full main window, and from the splash to the main
window (target <= 1.0 s, issue 17), are printed beside it. Also prints the bundle sizes and
the largest parts of the app bundle, so growth is visible.

    .venv/bin/python benchmarks/startup_bench.py [--runs 7] [--app-dist DIR] [--work DIR]
    .venv/bin/python benchmarks/startup_bench.py --from-source [--baseline CHECKOUT]

--app-dist reuses an app bundle built by build_scripts/build_linux.sh (dist/stuurwijzer); the
minimal window is always built here. On Linux both bundles are stripped as build_linux.sh
does. --from-source builds nothing: it starts ``python -m desktop.app`` from this checkout
and the minimal window as a script (seconds instead of minutes); --baseline adds another
checkout (e.g. main before a change), started the same way, alternating with this one.
Without a screen the windows open offscreen.
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
TARGET_SPLASH_TO_MAIN = 1.0  # seconds from the splash to the main window (issue 17)
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


def time_to_windows(command: Path | list[str], work: Path,
                    extra_env: dict[str, str] | None = None) -> dict[str, float]:
    """Seconds from process start to each mark the program writes (first-window, main-window)."""
    probe = work / "probe.txt"
    probe.unlink(missing_ok=True)
    env = dict(os.environ, **{PROBE_ENV: str(probe)}, **(extra_env or {}))
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    args = [str(command)] if isinstance(command, Path) else command
    with tempfile.TemporaryDirectory() as home:
        env["STUURWIJZER_HOME"] = home  # a fresh user folder: no recovery question
        start = time.time()
        subprocess.run(args, env=env, check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marks: dict[str, float] = {}
    for line in probe.read_text().splitlines():
        mark, stamp, *cpu = line.split()
        marks[mark] = float(stamp) - start
        if cpu:  # the app also writes its CPU seconds (desktop/startup.py)
            marks[f"{mark} cpu"] = float(cpu[0])
    return marks


def splash_to_main(marks: dict[str, float], clock: str = "") -> float:
    """Seconds from the splash to the main window; clock " cpu" for CPU seconds."""
    return marks[f"main-window{clock}"] - marks[f"first-window{clock}"]


def median_line(label: str, values: list[float]) -> str:
    return f"  {label:<30}{statistics.median(values):.3f} s  ({min(values):.3f})"


def bench_from_source(runs: int, baseline: Path | None, work: Path) -> int:
    """Start this checkout (and --baseline) from source, alternating with the minimal window.

    The app starts through the frozen app's entry script (build_scripts/launcher.py), so the
    splash comes up before ``desktop.app`` is imported, as in the bundle. matplotlib keeps
    one cache folder over the runs, as an installed app does after its first start.
    """
    script = work / "minimal.py"
    script.write_text(MINIMAL_APP, encoding="utf-8")
    minimal = [sys.executable, str(script)]
    roots = {"this checkout": ROOT}
    if baseline is not None:
        roots["baseline"] = baseline.resolve()
    apps = {name: ([sys.executable, str(root / "build_scripts" / "launcher.py")],
                   {"PYTHONPATH": str(root), "MPLCONFIGDIR": str(work / "matplotlib")})
            for name, root in roots.items()}

    for command, env in apps.values():  # one untimed start each fills the caches
        time_to_windows(command, work, env)
    time_to_windows(minimal, work)
    minimal_first: list[float] = []
    marks: dict[str, list[dict[str, float]]] = {name: [] for name in apps}
    for _ in range(runs):
        minimal_first.append(time_to_windows(minimal, work)["first-window"])
        for name, (command, env) in apps.items():
            marks[name].append(time_to_windows(command, work, env))

    print(f"from source, median of {runs} starts (min in brackets):")
    print(median_line("minimal PySide6 window", minimal_first))
    result = 0
    for name, runs_marks in marks.items():
        first = [m["first-window"] for m in runs_marks]
        main = [m["main-window"] for m in runs_marks]
        gap = [splash_to_main(m) for m in runs_marks]
        print(f"  {name}:")
        print(median_line("  first window (splash)", first))
        print(median_line("  main window", main))
        print(median_line("  splash to main window", gap)
              + f"  (target <= {TARGET_SPLASH_TO_MAIN} s)")
        if all("main-window cpu" in m for m in runs_marks):  # older checkouts do not write it
            print(median_line("  the same in CPU time", [splash_to_main(m, " cpu")
                                                          for m in runs_marks]))
        if name == "this checkout" and statistics.median(gap) > TARGET_SPLASH_TO_MAIN:
            result = 1
    if baseline is not None:
        ours = statistics.median(splash_to_main(m) for m in marks["this checkout"])
        theirs = statistics.median(splash_to_main(m) for m in marks["baseline"])
        print(f"  splash to main window, this checkout / baseline: {ours / theirs:.2f}x")
    return result


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
    parser.add_argument("--from-source", action="store_true",
                        help="start the checkout with python instead of building bundles")
    parser.add_argument("--baseline", type=Path,
                        help="with --from-source: another checkout to compare with")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stuurwijzer-bench-") as tmp:
        work = (args.work or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        if args.from_source:
            return bench_from_source(args.runs, args.baseline, work)
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
        minimal_first, app_first, app_main, app_cpu = [], [], [], []
        for _ in range(args.runs):
            minimal_first.append(time_to_windows(minimal, work)["first-window"])
            marks = time_to_windows(app, work)
            app_first.append(marks["first-window"])
            app_main.append(marks["main-window"])
            app_cpu.append(splash_to_main(marks, " cpu"))

        base, ours = statistics.median(minimal_first), statistics.median(app_first)
        main_window = statistics.median(app_main)
        ratio = ours / base
        print(f"time from start to window, median of {args.runs} starts (min in brackets):")
        print(f"  minimal PySide6 window        {base:.3f} s  ({min(minimal_first):.3f})")
        print(f"  Stuurwijzer first window      {ours:.3f} s  ({min(app_first):.3f})")
        print(f"  Stuurwijzer main window       {main_window:.3f} s  ({min(app_main):.3f})")
        gap = statistics.median(m - f for m, f in zip(app_main, app_first, strict=True))
        print(f"  splash to main window         {gap:.3f} s  (target <= {TARGET_SPLASH_TO_MAIN} s)")
        cpu = statistics.median(app_cpu)
        print(f"  the same in CPU time          {cpu:.3f} s  ({min(app_cpu):.3f})")
        print(f"  ratio first window            {ratio:.2f}x  (target <= {TARGET_RATIO}x)")
        print(f"  ratio main window             {main_window / base:.2f}x  (for information)")

        app_dir, minimal_dir = app.parent, minimal.parent
        print(f"bundle size: Stuurwijzer {mb(size(app_dir))}, minimal window {mb(size(minimal_dir))}")
        parts = sorted(((size(p), p.name) for p in (app_dir / "_internal").iterdir()), reverse=True)
        print("largest parts: " + ", ".join(f"{name} {mb(size)}" for size, name in parts[:10]))
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
