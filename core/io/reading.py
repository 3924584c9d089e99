"""Read a delimited text file into a frame of text, with explicit settings.

The frame holds the file's values as text (missing cells as <NA>), exactly as
imported; turning text into numbers and dates is ``coerce``'s job, so the
original can always be shown and re-typed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass
class ImportSettings:
    format: str = "csv"
    encoding: str = "utf-8"
    delimiter: str = ";"
    decimal: str = ","
    thousands: str = "."
    date_format: str = "%d-%m-%Y"
    header_row: int = 0  # 0-based line of the header

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportSettings:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def read_csv_text(path: Path, settings: ImportSettings) -> pd.DataFrame:
    frame = pd.read_csv(
        path,
        sep=settings.delimiter,
        encoding=settings.encoding,
        header=0,
        skiprows=settings.header_row,
        dtype="string",
        keep_default_na=False,
        na_values=[""],
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
