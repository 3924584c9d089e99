"""Compatibility: the settings and a plain text read, as earlier code imports them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.io.settings import ImportSettings


def read_csv_text(path: Path, settings: ImportSettings) -> pd.DataFrame:
    """The file's table as text, read with ``settings`` (no detection)."""
    from core.io.importer import import_file

    return import_file(path, settings).dataset.original


__all__ = ["ImportSettings", "read_csv_text"]
