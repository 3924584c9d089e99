"""``stuurwijzer selftest`` walks every step on the example project and saves screenshots."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtGui import QImage

from core.steps import STEP_IDS
from desktop.selftest import GUIDE_PAGE, GUIDE_SIZE, SCREEN_SIZES, shot_name


def test_selftest_command_passes_and_saves_a_screenshot_per_step(tmp_path):
    shots = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "desktop.app", "selftest", "--screenshots", str(shots)],
        capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest geslaagd" in result.stdout
    assert "voorbeeldproject geladen: 6 bestanden" in result.stdout
    assert "handleiding: ok" in result.stdout
    pngs = sorted(p.name for p in shots.glob("*.png"))
    names = [*STEP_IDS, GUIDE_PAGE]
    assert pngs == sorted(shot_name(i, name, size) for i, name in enumerate(names, start=1)
                          for size in SCREEN_SIZES)
    assert {(1366, 768), (1920, 1080)} <= set(SCREEN_SIZES)
    for png in pngs:
        assert (shots / png).stat().st_size > 10_000
        image = QImage(str(shots / png))
        if not png.startswith(f"{len(names):02d}_"):  # a step: the whole window at that size
            assert f"{image.width()}x{image.height()}" in png


def test_selftest_writes_the_guides_pictures(tmp_path):
    from desktop.selftest import run_selftest

    assert run_selftest(guide_images=tmp_path / "img") == 0
    pictures = sorted(p.name for p in (tmp_path / "img").glob("*.png"))
    assert pictures == sorted(f"{step}.png" for step in STEP_IDS)
    image = QImage(str(tmp_path / "img" / "data.png"))
    assert (image.width(), image.height()) == GUIDE_SIZE


def test_selftest_fails_when_a_page_reports_a_problem(monkeypatch, capsys):
    from desktop.selftest import run_selftest
    from desktop.steps.rapport import RapportPage  # every step has its own page now

    monkeypatch.setattr(RapportPage, "self_check", lambda self: ["kapot"])
    assert run_selftest() == 1
    assert "FOUT: kapot" in capsys.readouterr().out
