"""How a file is read: the settings detection proposes and the user may change.

The settings are stored with each dataset (``Dataset.settings``), so a dataset can
always be read again the same way and its text turned into the same typed values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

FORMATS = ("csv", "excel")
DELIMITERS = (";", ",", "\t", "|")
# Per-column date formats beyond strftime patterns (ColumnSpec.format):
EXCEL_SERIAL = "excel"  # Excel day numbers, e.g. 45292 = 01-01-2024
CBS_PERIOD = "cbs"  # StatLine period codes, e.g. 2023JJ00, 2023KW02, 2023MM07


@dataclass
class ImportSettings:
    format: str = "csv"  # "csv" (any delimited text) or "excel" (xlsx, xlsm, xlsb, xls, ods)
    encoding: str = "utf-8"  # Python codec name; "utf-8-sig" when the file starts with a BOM
    delimiter: str = ";"
    quotechar: str = '"'
    decimal: str = ","
    thousands: str = "."
    date_format: str = "%d-%m-%Y"  # default for date columns without their own format
    header_row: int = 0  # 0-based row (CSV: record) of the first header row
    header_rows: int = 1  # how many rows make up the header (merged headers); 0 = no header
    sheet: str | None = None  # Excel: the sheet to read
    # Rows of the table that are not read (a Totaal row, footnotes), confirmed by the
    # user; negative numbers count from the end, like Python indexes.
    exclude_rows: list[int] = field(default_factory=list)
    # Extra texts that mean "no value" in number and date columns (CBS writes ".").
    missing_values: list[str] = field(default_factory=list)
    # Rows with more or fewer values than the header: refuse the file (False) or skip
    # those rows and report them (True).
    skip_bad_rows: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ImportSettings:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in (data or {}).items() if k in known}
        for key in ("exclude_rows", "missing_values"):
            if key in values:
                values[key] = list(values[key] or [])
        return cls(**values)

    def replace(self, **changes: Any) -> ImportSettings:
        data = self.to_dict()
        data.update(changes)
        return ImportSettings.from_dict(data)
