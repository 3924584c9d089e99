"""Excel workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine.

A sheet is read once into Python values; detection looks at its first and last rows;
the data columns are turned into text column by column with Arrow, in the way a
Dutch Excel shows them: decimal comma, dates as dd-mm-jjjj. The text is what the
dataset keeps; typing reads it back with the same conventions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine as calamine

from core.io import problems
from core.io.layout import GridRow
from core.jobs import CancelToken, checkpoint

HEAD_ROWS = 200
TAIL_ROWS = 60
EXCEL_DATE = "%d-%m-%Y"
EXCEL_DATETIME = "%d-%m-%Y %H:%M:%S"
TRUE_TEXT, FALSE_TEXT = "WAAR", "ONWAAR"  # how a Dutch Excel shows booleans
TEXT = pa.large_string()  # the text type pandas keeps (StringDtype "pyarrow")
_NULL = pa.scalar(None, pa.string())


@dataclass
class SheetGrid:
    name: str
    visible: bool
    rows: list[list] = field(repr=False)  # raw cell values; "" is an empty cell
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows[:HEAD_ROWS]), default=0)


    def merged_row_pairs(self) -> set[tuple[int, int]]:
        """(r, r + 1) for a merged cell spanning rows r and r + 1; (r, r) for a cell merged
        over several columns of row r."""
        pairs = set()
        for (r0, c0), (r1, c1) in self.merged:
            for r in range(r0, r1):
                pairs.add((r, r + 1))
            if c1 > c0:
                pairs.update((r, r) for r in range(r0, r1 + 1))
        return pairs


def open_workbook(path: Path):
    with problems.reading(path):
        try:
            return calamine.CalamineWorkbook.from_path(str(path))
        except calamine.PasswordError:
            raise problems.encrypted(path) from None
        except (calamine.CalamineError, ValueError) as exc:
            if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
                raise problems.encrypted(path) from None
            raise problems.corrupt_excel(path) from None


def load_sheets(path: Path, names: list[str] | None = None, *,
                cancel: CancelToken | None = None) -> list[SheetGrid]:
    """The worksheets (not chart sheets) of a workbook, in workbook order."""
    workbook = open_workbook(path)
    sheets = []
    try:
        for meta in workbook.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            if names is not None and meta.name not in names:
                continue
            checkpoint(cancel)
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except calamine.PasswordError:
                raise problems.encrypted(path) from None
            except (calamine.CalamineError, ValueError):
                raise problems.corrupt_excel(path) from None
            sheets.append(SheetGrid(meta.name, meta.visible == calamine.SheetVisibleEnum.Visible,
                                    rows, list(merged)))
    finally:
        workbook.close()
    return sheets


def render(value, decimal: str) -> str | None:
    """One cell as text, the way a Dutch Excel shows it."""
    if value is None or value == "":
        return None
    cls = value.__class__
    if cls is str:
        return value
    if cls is bool:
        return TRUE_TEXT if value else FALSE_TEXT
    if cls is float:
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return text.replace(".", decimal) if decimal != "." else text
    if cls is int:
        return str(value)
    if cls is dt.datetime:
        if value.time() == dt.time(0):
            return value.strftime(EXCEL_DATE)
        return value.strftime(EXCEL_DATETIME)
    if cls is dt.date:
        return value.strftime(EXCEL_DATE)
    return str(value)


def grid_rows(sheet: SheetGrid, start: int, stop: int, decimal: str) -> list[GridRow]:
    width = sheet.width
    out = []
    for index in range(max(0, start), min(stop, len(sheet.rows))):
        raw = sheet.rows[index]
        cells = [render(v, decimal) for v in raw] + [None] * (width - len(raw))
        out.append(GridRow(cells, index + 1, width))
    return out


def fill_merged(rows: list[list[str | None]], first_row: int, sheet: SheetGrid,
                decimal: str) -> list[list[str | None]]:
    """Header rows with each merged range's value copied into all its cells."""
    filled = [list(r) for r in rows]
    last_row = first_row + len(rows) - 1
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 < first_row or r0 > last_row or r0 >= len(sheet.rows):
            continue
        top = sheet.rows[r0]
        value = render(top[c0], decimal) if c0 < len(top) else None
        for r in range(max(r0, first_row), min(r1, last_row) + 1):
            row = filled[r - first_row]
            for c in range(c0, c1 + 1):
                if c < len(row) and row[c] is None:
                    row[c] = value
    return filled


# --------------------------------------------------------------------------- columns


def _floats_to_text(values: pa.Array, decimal: str) -> pa.Array:
    text = pc.cast(values, pa.string())
    return pc.replace_substring(text, ".", decimal) if decimal != "." else text


def _dates_to_text(values: pa.Array) -> pa.Array:
    iso = pc.cast(values, pa.string())  # jjjj-mm-dd
    return pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(iso, 8, 10), pc.utf8_slice_codeunits(iso, 5, 7),
        pc.utf8_slice_codeunits(iso, 0, 4), "-")


def _datetimes_to_text(values: pa.Array) -> pa.Array:
    iso = pc.cast(values, pa.string())
    date = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(iso, 8, 10), pc.utf8_slice_codeunits(iso, 5, 7),
        pc.utf8_slice_codeunits(iso, 0, 4), "-")
    clock = pc.utf8_slice_codeunits(iso, 11, 19)
    midnight = pc.equal(clock, "00:00:00")
    return pc.if_else(midnight, date, pc.binary_join_element_wise(date, clock, " "))


@dataclass(frozen=True)
class CellValues:
    """A column whose filled cells were all Excel numbers or all dates, as those values.

    Reading the text back gives exactly these values; keeping them spares typing the
    column again right after the import (``core.data.typed`` uses them while the
    dataset is in memory)."""

    kind: str  # "number" or "date"
    values: pa.Array  # float64 or timestamp[us]; null where the cell was empty


PARALLEL_CELLS = 200_000  # from this many cells on, columns are built two at a time

_CELL_TYPES = {float: pa.float64(), dt.date: pa.date32(), dt.datetime: pa.timestamp("us")}


def column_text(values: Sequence, decimal: str) -> tuple[pa.Array, CellValues | None]:
    """A column of raw cell values -> Arrow text (null for empty cells)."""
    try:  # the usual text column, in one pass; any other cell type stops it at once
        arr = pa.array(values, type=TEXT)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    else:
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=len(arr) + 1)
        if arr.null_count or (offsets[1:] == offsets[:-1]).any():  # empty cells: null
            arr = pc.if_else(pc.equal(arr, pa.scalar("", TEXT)), pa.scalar(None, TEXT), arr)
        return arr, None
    kinds = set(map(type, values))
    prebuilt = {}
    if len(kinds) == 2 and str in kinds and (kinds - {str}) <= set(_CELL_TYPES):
        # Numbers or dates with blank cells (""), the usual column: one pass, and a
        # real text cell among them sends the column down the general way below.
        (kind,) = kinds - {str}
        try:
            prebuilt[kind] = pa.array([None if v == "" else v for v in values],
                                      type=_CELL_TYPES[kind])
            kinds = {kind}
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            prebuilt.clear()
    parts = []
    numbers = dates = None
    texts_filled = False
    for kind in kinds:
        if kind is str:
            strings = pa.array([v if v.__class__ is str and v != "" else None for v in values],
                               type=pa.string())
            texts_filled = strings.null_count < len(strings)
            if texts_filled:
                parts.append(strings)
        elif kind is float:
            numbers = prebuilt[float] if float in prebuilt else pa.array(
                [v if v.__class__ is float else None for v in values], type=pa.float64())
            parts.append(_floats_to_text(numbers, decimal))
        elif kind is dt.date:
            day = prebuilt[dt.date] if dt.date in prebuilt else pa.array(
                [v if v.__class__ is dt.date else None for v in values], type=pa.date32())
            dates = day.cast(pa.timestamp("us")) if dates is None else pc.coalesce(
                dates, day.cast(pa.timestamp("us")))
            parts.append(_dates_to_text(day))
        elif kind is dt.datetime:
            stamp = prebuilt[dt.datetime] if dt.datetime in prebuilt else pa.array(
                [v if v.__class__ is dt.datetime else None for v in values],
                type=pa.timestamp("us"))
            stamp = pc.floor_temporal(stamp, unit="second")  # the text shows whole seconds
            dates = stamp if dates is None else pc.coalesce(dates, stamp)
            parts.append(_datetimes_to_text(stamp))
        elif kind is type(None):
            continue
        else:
            parts.append(pa.array(
                [render(v, decimal) if v.__class__ is kind else None for v in values],
                type=pa.string()))
    if not parts:
        return pa.nulls(len(values), TEXT), None
    text = (pc.coalesce(*parts) if len(parts) > 1 else parts[0]).cast(TEXT)
    plain = not texts_filled and kinds - {str, type(None)}
    if plain and plain <= {float}:
        return text, CellValues("number", numbers)
    if plain and plain <= {dt.date, dt.datetime}:
        return text, CellValues("date", dates)
    return text, None


def body_columns(sheet: SheetGrid, start: int, stop: int, width: int, decimal: str, *,
                 cancel: CancelToken | None = None
                 ) -> list[tuple[pa.Array, CellValues | None]]:
    rows = sheet.rows[start:stop]
    if not rows:
        return [(pa.nulls(0, TEXT), None) for _ in range(width)]
    if len(rows[0]) != width or len(rows[-1]) != width:  # calamine rows are rectangular
        rows = [r[:width] + [""] * (width - len(r)) for r in rows]
    def column(j: int) -> tuple[pa.Array, CellValues | None]:
        checkpoint(cancel)
        return column_text(list(map(itemgetter(j), rows)), decimal)

    if len(rows) * width < PARALLEL_CELLS:
        return [column(j) for j in range(width)]
    # Two columns at a time: the Arrow work per column (casts, text building) runs
    # without Python's lock, beside the next column's Python part.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="columns") as pool:
        return list(pool.map(column, range(width)))
