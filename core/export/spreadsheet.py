"""Write spreadsheets that cannot run anything when opened (formula injection).

A cell whose text starts with =, +, -, @ (or a tab or carriage return, which
Excel strips before looking) could be read as a formula by Excel or
LibreOffice. ``neutralise`` puts an apostrophe in front of such text, the
OWASP advice; in xlsx the cell is also stored explicitly as text. Numbers and
dates stay numbers and dates. Writing is atomic: a temporary file beside the
target is renamed over it, so a failed export leaves the old file intact.

Other steps reuse ``write_workbook`` / ``write_csv`` for their own exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core.errors import UserError
from core.files import write_replacing
from core.i18n import _

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_TITLE = 31


def neutralise(value: Any) -> Any:
    """Text that could start a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def _cell_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    if isinstance(value, (int, float, dt.date, dt.datetime, bool)):
        return value
    return neutralise(str(value))


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = field(default_factory=tuple)  # characters per column
    wrap: bool = False  # wrap long text (explanations)


def frame_sheet(title: str, frame: pd.DataFrame) -> Sheet:
    return Sheet(title, [str(c) for c in frame.columns], frame.itertuples(index=False, name=None))


def _target_error(exc: OSError) -> UserError:
    return UserError(
        _("Het bestand kon niet worden opgeslagen."),
        _("Is het bestand nog open in Excel? Sluit het en probeer het opnieuw, of kies een "
          "andere map."),
    )


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(title=neutralise(sheet.title)[:MAX_SHEET_TITLE].lstrip("'"))
        ws.append([neutralise(str(h)) for h in sheet.header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for values in sheet.rows:
            ws.append([_cell_value(v) for v in values])
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # never a formula
                    if sheet.wrap:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[ws.cell(1, index).column_letter].width = width
        ws.freeze_panes = "A2"
    try:
        return write_replacing(path, wb.save)
    except OSError as exc:
        raise _target_error(exc) from exc


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame, *, delimiter: str = ";",
              encoding: str = "utf-8-sig") -> Path:
    """A CSV in Dutch Excel conventions, with every text cell neutralised."""
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding=encoding) as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            writer.writerow([neutralise(str(c)) for c in frame.columns])
            for values in frame.itertuples(index=False, name=None):
                writer.writerow(["" if (v := _cell_value(x)) is None else v for x in values])

    try:
        return write_replacing(path, write)
    except OSError as exc:
        raise _target_error(exc) from exc
