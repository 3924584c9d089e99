"""Stuurwijzer engine: everything except the Qt user interface.

Nothing in this package may import PySide6 or ``desktop`` (a test enforces it),
so the CLI, the tests and the desktop app all drive the same code.
"""

from __future__ import annotations


def _read_version() -> str:
    # One source of truth: the version in pyproject.toml. A source checkout and the frozen
    # app (the PyInstaller spec bundles the file) read it directly, which is also faster at
    # start-up than importlib.metadata; an installed wheel carries it in its metadata.
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        with pyproject.open("rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    from importlib import metadata

    return metadata.version("stuurwijzer")


__version__ = _read_version()
