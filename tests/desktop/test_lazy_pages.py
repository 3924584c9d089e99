"""A fast first window (issue 17): a step page is built the first time it is shown or
asked for, so the start does not load matplotlib or the report engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.steps import STEP_IDS
from tests.desktop.conftest import wait_op

ROOT = Path(__file__).resolve().parents[2]

OPEN_WINDOW = """
import json, sys, tempfile
from core.paths import init_paths
from desktop.app import build_main_window, create_application

app = create_application()
window = build_main_window(init_paths(tempfile.mkdtemp()), None)
window.show()
app.processEvents()
print(json.dumps({"built": [p.step_id for p in window.pages.built()],
                  "matplotlib": "matplotlib" in sys.modules,
                  "step_modules": sorted(m for m in sys.modules if m.startswith("desktop.steps."))}))
"""


def test_the_main_window_opens_without_the_pages_not_shown():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", OPEN_WINDOW], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["built"] == ["start"]
    assert not state["matplotlib"]
    assert state["step_modules"] == ["desktop.steps.base", "desktop.steps.start"]


def test_a_page_built_late_shows_the_open_project(window, qtbot):
    wait_op(qtbot, window.open_example())
    assert [p.step_id for p in window.pages.built()] == ["start"]
    rapport = window.page("rapport")  # asked for before it was ever shown
    assert rapport.key_message.toPlainText() == window.controller.project.report.key_message
    window.go_to("vraag")
    vraag = window.pages["vraag"]
    assert vraag.isVisible()
    assert vraag.title_edit.toPlainText() == window.controller.project.question.title
    assert list(window.pages) == list(STEP_IDS) and len(window.pages) == len(STEP_IDS)
    assert [p.step_id for p in window.pages.values()] == list(STEP_IDS)  # builds the rest
