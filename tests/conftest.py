"""Test set-up shared by all suites: offscreen Qt and a fresh user folder per test."""

from __future__ import annotations

import os

# Before anything imports Qt: CI has no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("STUURWIJZER_TRANS_SCALE", None)

import pytest  # noqa: E402

from core import paths  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_home(tmp_path_factory, monkeypatch):
    """Every test gets its own settings, logs and recovery folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    yield paths.init_paths(home)
    paths._current = None


@pytest.fixture(scope="session")
def example_project_factory():
    from core.example import build_example_project

    return build_example_project
