"""Where Stuurwijzer keeps its files, in one place.

User folders come from platformdirs. ``init_paths(home)`` redirects all of them
to one folder (``--dev DIR``, the tests and ``selftest`` use this); the
environment variable ``STUURWIJZER_HOME`` does the same. Nothing is resolved at
import time: ``main()`` calls ``init_paths`` explicitly.

``resource_path`` finds ``resources/`` both in a source checkout and inside a
PyInstaller bundle (``sys._MEIPASS``); the spec in build_scripts/ bundles the
same folder.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

APP_NAME = "Stuurwijzer"
HOME_ENV = "STUURWIJZER_HOME"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    logs: Path
    config: Path
    cache: Path

    @property
    def recovery(self) -> Path:
        """Autosave copies of open projects live here until a clean close."""
        return self.data / "herstel"

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.logs, self.config, self.cache, self.recovery):
            folder.mkdir(parents=True, exist_ok=True)
        return self


_current: AppPaths | None = None


def init_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """Resolve the user folders (or put them all under ``home``) and create them."""
    global _current
    home = home or os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser().resolve()
        paths = AppPaths(root / "data", root / "logs", root / "config", root / "cache")
    else:
        import platformdirs

        paths = AppPaths(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )
    _current = paths.ensure()
    return _current


def app_paths() -> AppPaths:
    """The folders chosen by ``init_paths`` (initialised with defaults if needed)."""
    return _current if _current is not None else init_paths()


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@cache
def load_json_resource(*parts: str) -> Any:
    """Read a JSON file from resources/ once. Callers must not mutate the result."""
    with resource_path(*parts).open(encoding="utf-8") as fh:
        return json.load(fh)


def resource_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")
