"""Stuurwijzer engine: everything except the Qt user interface.

Nothing in this package may import PySide6 or ``desktop`` (a test enforces it),
so the CLI, the tests and the desktop app all drive the same code.
"""

from __future__ import annotations


def _read_version() -> str:
    # One source of truth: the version in pyproject.toml. Installed (or frozen)
    # builds carry it in their metadata; a plain source checkout reads the file.
    from importlib import metadata

    try:
        return metadata.version("stuurwijzer")
    except metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        with pyproject.open("rb") as fh:
            return tomllib.load(fh)["project"]["version"]


__version__ = _read_version()
