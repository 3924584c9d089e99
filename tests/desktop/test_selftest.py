"""``stuurwijzer selftest`` walks every step on the example project and saves screenshots."""

from __future__ import annotations

import subprocess
import sys

from core.steps import STEP_IDS


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
    pngs = sorted(p.name for p in shots.glob("*.png"))
    assert pngs == [f"{i:02d}_{s}.png" for i, s in enumerate(STEP_IDS, start=1)]
    assert all((shots / p).stat().st_size > 10_000 for p in pngs)


def test_selftest_fails_when_a_page_reports_a_problem(monkeypatch, capsys):
    from desktop.selftest import run_selftest
    from desktop.steps.base import PlaceholderPage

    monkeypatch.setattr(PlaceholderPage, "self_check", lambda self: ["kapot"])
    assert run_selftest() == 1
    assert "FOUT: kapot" in capsys.readouterr().out
