"""The example project as a screen reader meets it: the app on a virtual screen (Xvfb) with
the AT-SPI accessibility bus that Orca uses, every step walked by ``atspi_walker.py``.

The walker runs on the system Python, which has pyatspi (Debian's python3-pyatspi; the
project's environment cannot install it). Missing system packages are installed with
``bootstrap.sh atspi-tools`` when possible; when AT-SPI cannot start, the test is skipped
and says why. What a screen reader says per step is kept in ``atspi-steps.json`` under the
test's temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="AT-SPI is Linux only"),
]

ROOT = Path(__file__).resolve().parents[2]
WALKER = Path(__file__).with_name("atspi_walker.py")
SYSTEM_PYTHON = "/usr/bin/python3"
STEPS = 7


def _missing() -> list[str]:
    missing = [tool for tool in ("Xvfb", "dbus-daemon") if shutil.which(tool) is None]
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        missing.append("at-spi2-core")
    if subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode:
        missing.append("python3-pyatspi")
    return missing


def _ensure_tools() -> None:
    if not Path(SYSTEM_PYTHON).exists():
        pytest.skip(f"the screen-reader test needs {SYSTEM_PYTHON} with pyatspi")
    if not _missing():
        return
    result = subprocess.run(["bash", str(ROOT / "build_scripts" / "bootstrap.sh"), "atspi-tools"],
                            cwd=ROOT, capture_output=True, text=True, timeout=900,
                            stdin=subprocess.DEVNULL)
    if _missing():
        pytest.skip(f"AT-SPI cannot start: missing {', '.join(_missing())} (bootstrap.sh "
                    f"atspi-tools said: {(result.stdout + result.stderr).strip()[-400:]})")


def _start(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(args, start_new_session=True, **kwargs)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def session(tmp_path):
    """A virtual screen and a D-Bus session of our own (other sessions run X and D-Bus too)."""
    _ensure_tools()
    started: list[subprocess.Popen] = []
    read, write = os.pipe()
    # -displayfd: Xvfb picks a free display itself and reports it.
    started.append(_start(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x900x24",
                           "-nolisten", "tcp"], pass_fds=(write,),
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    bus = _start(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                 stdout=subprocess.PIPE, text=True)
    started.append(bus)
    address = bus.stdout.readline().strip()
    try:
        if not display or not address:
            pytest.skip("Xvfb or the D-Bus session could not start")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DBUS_", "AT_SPI", "XDG_", "WAYLAND", "QT_"))}
        env.update(DISPLAY=f":{display}", DBUS_SESSION_BUS_ADDRESS=address,
                   QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   HOME=str(tmp_path))
        desktop = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi; pyatspi.Registry.getDesktop(0).childCount"],
            env=env, capture_output=True, text=True, timeout=60)
        if desktop.returncode:
            pytest.skip(f"the AT-SPI bus cannot start: {desktop.stderr.strip()[-400:]}")
        yield env
    finally:
        for process in reversed(started):
            _stop(process)


@pytest.fixture
def example_file(tmp_path, example_project_factory) -> Path:
    from core.project import save_project

    return save_project(example_project_factory(), tmp_path / "voorbeeld.stuurwijzer")


def test_a_screen_reader_can_read_every_step_of_the_example(session, example_file, tmp_path):
    app = _start([sys.executable, "-m", "desktop.app", "--dev", str(tmp_path / "home"),
                  str(example_file)], cwd=ROOT, env=session,
                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        started = time.monotonic()
        walk = subprocess.run([SYSTEM_PYTHON, str(WALKER), str(STEPS)], env=session,
                              capture_output=True, text=True, timeout=600)
        assert app.poll() is None, f"the app stopped: {app.stderr.read()[-2000:]}"
        assert walk.returncode == 0, walk.stdout[-1000:] + walk.stderr[-2000:]
    finally:
        _stop(app)
    steps = json.loads(walk.stdout)
    (tmp_path / "atspi-steps.json").write_text(walk.stdout, encoding="utf-8")
    print(f"walked {len(steps)} steps in {time.monotonic() - started:.0f} s; what a screen "
          f"reader says is in {tmp_path / 'atspi-steps.json'}")
    assert len(steps) == STEPS
    for number, step in steps.items():
        assert step["heading"], f"step {number} has no heading"
        # and its parts have theirs (a style set after the text would lose them)
        assert len(step["headings"]) >= 2, f"step {number}: only {step['headings']}"
        if number != "1":  # the first is said before the walker listens
            assert step["announced"], f"arriving at step {number} was not announced"
    assert any(step["charts"] for step in steps.values())  # Volwassenheid and Grafieken
    problems = [f"step {number}: {problem}" for number, step in steps.items()
                for problem in step["problems"]]
    assert problems == [], "\n".join(problems)
