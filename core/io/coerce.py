"""Turn text columns into typed columns, keeping track of what did not parse.

Types are the ids of resources/column_types.json. A value that cannot be read as the
column's type becomes missing in the typed column and is flagged in ``invalid`` so
the checks can report it with its row number. Empty cells, blanks and the dataset's
missing-value markers (``ImportSettings.missing_values``) are missing, not invalid.

The work is done with pyarrow compute kernels on whole columns (no Python loop per
value); columns are typed in parallel threads because the kernels release the GIL.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.io.settings import CBS_PERIOD, EXCEL_SERIAL, ImportSettings
from core.io.statline import period_starts

COLUMN_TYPES = ("text", "integer", "decimal", "amount", "date", "boolean", "code")
_NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"
_EXCEL_EPOCH = np.datetime64("1899-12-30", "us")
_US_PER_DAY = 86_400_000_000
TEXT = pa.large_string()  # how pandas keeps text (StringDtype "pyarrow"); one type, no casts
_NULL = pa.scalar(None, TEXT)
T = TypeVar("T")


@cache
def _boolean_words() -> tuple[list[str], list[str]]:
    from core.io.layout import vocabulary

    vocab = vocabulary()
    return list(vocab["boolean_true"]), list(vocab["boolean_false"])


@dataclass(frozen=True)
class CoerceResult:
    values: pd.Series
    invalid: pd.Series  # bool: text present but not readable as the type


def _as_arrow(text: pd.Series) -> pa.ChunkedArray:
    array = text.array
    if hasattr(array, "__arrow_array__"):
        data = array.__arrow_array__()
    else:
        data = pa.array(text.astype(object).where(text.notna(), None), type=TEXT,
                        from_pandas=True)
    if isinstance(data, pa.Array):
        data = pa.chunked_array([data])
    if data.type != TEXT:
        data = data.cast(TEXT)
    return data


_EDGE_SPACE = np.zeros(256, dtype=bool)
_EDGE_SPACE[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20]] = True
_EDGE_SPACE[[0xC2, 0xE2, 0xE3]] = True  # may start a Unicode space (no-break, thin, ideographic)
_LAST_SPACE = _EDGE_SPACE.copy()
_LAST_SPACE[0x80:] = True  # a multi-byte character at the end: let the real trim decide


def _may_need_trim(data: pa.ChunkedArray) -> bool:
    """Does any value start or end with a space? Looks at the first and last byte of each
    value only, so it is much cheaper than trimming; errs on the side of trimming (an
    empty value's "first byte" is the next value's, which is looked at anyway)."""
    for chunk in data.chunks:
        if chunk.offset or not len(chunk):
            if len(chunk):
                return True
            continue
        _validity, offsets_buf, data_buf = chunk.buffers()
        if data_buf is None or not data_buf.size:
            continue
        offsets = np.frombuffer(offsets_buf, dtype=np.int64, count=len(chunk) + 1)
        raw = np.frombuffer(data_buf, dtype=np.uint8)
        first = raw.take(offsets[:-1], mode="clip")
        last = raw.take(offsets[1:] - 1, mode="clip")
        if _EDGE_SPACE.take(first).any() or _LAST_SPACE.take(last).any():
            return True
    return False


def _to_numpy_bool(mask) -> np.ndarray:
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)


def _drop_bytes(s, drop: bytes, swap: tuple[int, int] | None) -> pa.ChunkedArray:
    """Remove single-byte characters and swap one for another, for all values in one
    vectorised pass over each chunk's text buffer ('1.234,56' -> '1234.56')."""
    chunks = s.chunks if isinstance(s, pa.ChunkedArray) else [s]
    return pa.chunked_array([_drop_in_chunk(c, drop, swap) for c in chunks], TEXT)


def _drop_in_chunk(arr: pa.Array, drop: bytes, swap: tuple[int, int] | None) -> pa.Array:
    if arr.offset or arr.type != TEXT:
        arr = pa.concat_arrays([arr.cast(TEXT)])
    validity, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64, count=len(arr) + 1)
    lo, hi = int(offsets[0]), int(offsets[-1])
    data = np.frombuffer(data_buf, dtype=np.uint8)[lo:hi] if data_buf else np.empty(0, np.uint8)
    gone = np.zeros(len(data), dtype=bool)
    for byte in drop:
        gone |= data == byte
    kept = data[~gone]
    if swap is not None:
        kept[kept == swap[0]] = swap[1]
    removed = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum(gone, out=removed[1:])
    new_offsets = (offsets - lo) - removed[offsets - lo]
    return pa.LargeStringArray.from_buffers(len(arr), pa.py_buffer(new_offsets),
                                            pa.py_buffer(kept), validity, arr.null_count)


def _number_text(s, settings: ImportSettings, extended: bool = False):
    """Text in the file's convention -> text Arrow can cast ('€ 1.234,56' -> '1234.56');
    a misplaced separator makes the value null (and so invalid). ``extended`` also
    handles 'EUR', non-breaking spaces and (12,50) for -12,50: slower, so only used for
    the values the quick way could not read."""
    thousands, decimal = settings.thousands, settings.decimal
    drop = b" %"
    if pc.any(pc.match_substring(s, "€")).as_py():
        drop += "€".encode()  # its three bytes; in a number column nothing else has them
    if extended:
        for token in ("EUR", "eur", "\u00a0", "\u202f"):
            if pc.any(pc.match_substring(s, token)).as_py():
                s = pc.replace_substring(s, token, "")
        if pc.any(pc.starts_with(s, "(")).as_py():  # bookkeeping writes -12,50 as (12,50)
            s = pc.replace_substring_regex(s, r"^\((.*)\)$", "-\\1")
    bad = None
    has_thousands = bool(thousands) and pc.any(pc.match_substring(s, thousands)).as_py()
    if has_thousands:
        t, d = ("\\" + thousands), ("\\" + decimal)
        has = pc.match_substring(s, thousands)
        grouped = pc.match_substring_regex(
            s, rf"^\s*[-+]?\s*(€\s*)?[-+]?\s*\d{{1,3}}({t}\d{{3}})+({d}\d*)?\s*%?$")
        bad = pc.and_(has, pc.invert(grouped))
    if decimal != "." and not (thousands == "." and has_thousands):
        dotted = pc.match_substring(s, ".")
        if pc.any(dotted).as_py():
            bad = dotted if bad is None else pc.or_(bad, dotted)
    if has_thousands and len(thousands.encode()) == 1:
        drop += thousands.encode()
    swap = (ord(decimal), ord(".")) if decimal != "." else None
    s = _drop_bytes(s, drop, swap)
    if bad is not None:
        s = pc.if_else(bad, _NULL, s)
    return s


def _cast_numbers(s) -> pa.ChunkedArray:
    try:
        return pc.cast(s, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        ok = pc.match_substring_regex(s, _NUMBER)
        return pc.cast(pc.if_else(ok, s, _NULL), pa.float64())


def _numbers(s, settings: ImportSettings) -> pa.Array:
    """Float64 values of number text; null where the text is no number."""
    numbers = _cast_numbers(_number_text(s, settings))
    failed = np.flatnonzero(_to_numpy_bool(pc.and_(pc.is_valid(s), pc.is_null(numbers))))
    if not failed.size:
        return numbers
    retry = _cast_numbers(_number_text(pc.take(s, pa.array(failed)), settings, extended=True))
    values = numbers.to_numpy(zero_copy_only=False).astype("float64", copy=True)
    values[failed] = retry.to_numpy(zero_copy_only=False)
    return pa.array(values, from_pandas=True)


def _strict_dates(strings: list[str | None], fmt: str) -> np.ndarray:
    parsed = pd.to_datetime(pd.Series(strings, dtype=object), format=fmt, errors="coerce")
    return parsed.to_numpy(dtype="datetime64[us]")


def _fallback_formats(fmt: str) -> list[str]:
    from core.io.infer import DAY_FIRST_FORMATS, ISO_FORMATS

    base = fmt.split(" %H")[0].split("T%H")[0]
    family = DAY_FIRST_FORMATS if base.startswith("%d") else ()
    out = []
    for candidate in (fmt, *family, *ISO_FORMATS):
        for suffix in ("", " %H:%M:%S", " %H:%M"):
            f = candidate + suffix if not candidate.endswith(("%S", "%M")) else candidate
            if f != fmt and f not in out:
                out.append(f)
    return out


_EARLIEST = np.datetime64("1000-01-01", "us")


# Zero-padded formats of fixed width: positions of (day, month, year) digits and separators.
_FIXED_DATES = {
    "%d-%m-%Y": ((0, 3, 6), (2, 5), "-"), "%d/%m/%Y": ((0, 3, 6), (2, 5), "/"),
    "%d.%m.%Y": ((0, 3, 6), (2, 5), "."), "%Y-%m-%d": ((8, 5, 0), (4, 7), "-"),
    "%Y/%m/%d": ((8, 5, 0), (4, 7), "/"),
}
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _fixed_dates_in_chunk(arr: pa.Array, fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """Dates written exactly like '03-03-2024', read straight from the text bytes.
    Returns the dates and which rows had that exact shape: those are decided (31-02 is
    no date); the other rows are NaT and left to the general path."""
    (day_at, month_at, year_at), seps, sep = _FIXED_DATES[fmt]
    out = np.full(len(arr), np.datetime64("NaT"), dtype="datetime64[us]")
    decided = np.zeros(len(arr), dtype=bool)
    if arr.offset or arr.type != TEXT:
        arr = pa.concat_arrays([arr.cast(TEXT)])
    _validity, offsets_buf, data_buf = arr.buffers()
    if data_buf is None or not len(arr):
        return out, decided
    offsets = np.frombuffer(offsets_buf, dtype=np.int64, count=len(arr) + 1)
    data = np.frombuffer(data_buf, dtype=np.uint8)
    fits = (offsets[1:] - offsets[:-1]) == 10
    if arr.null_count:
        fits &= _to_numpy_bool(pc.is_valid(arr))
    rows = np.flatnonzero(fits)
    if not rows.size:
        return out, decided
    starts = offsets[:-1][rows]

    def number(at: int, width: int) -> np.ndarray:
        value = np.zeros(len(rows), dtype=np.int64)
        ok = np.ones(len(rows), dtype=bool)
        for k in range(width):
            digit = data[starts + at + k].astype(np.int64) - 48
            ok &= (digit >= 0) & (digit <= 9)
            value = value * 10 + digit
        return np.where(ok, value, -1)

    day, month, year = number(day_at, 2), number(month_at, 2), number(year_at, 4)
    good = (data[starts + seps[0]] == ord(sep)) & (data[starts + seps[1]] == ord(sep))
    good &= (day >= 0) & (month >= 0) & (year >= 0)  # all digits: the shape is right
    decided[rows[good]] = True
    good &= (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    limit = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + ((month == 2) & leap)
    good &= day <= limit
    rows, day, month, year = rows[good], day[good], month[good], year[good]
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    out[rows] = months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    return out, decided


def _dates(s, present_np: np.ndarray, fmt: str, length: int) -> np.ndarray:
    if fmt not in _FIXED_DATES or not length:
        return _dates_general(s, present_np, fmt, length)
    chunks = s.chunks if isinstance(s, pa.ChunkedArray) else [s]
    parts = [_fixed_dates_in_chunk(c, fmt) for c in chunks]
    out = np.concatenate([p[0] for p in parts])
    decided = np.concatenate([p[1] for p in parts])
    rest = np.flatnonzero(present_np & np.isnat(out) & ~decided)
    if rest.size:  # other widths, impossible dates, other formats: the general way
        out[rest] = _dates_general(pc.take(s, pa.array(rest)), np.ones(rest.size, dtype=bool),
                                   fmt, rest.size)
    return out


def _dates_general(s, present_np: np.ndarray, fmt: str, length: int) -> np.ndarray:
    if " " in fmt:
        s = pc.replace_substring_regex(s, r"\s+", " ")
    parsed = pc.strptime(s, format=fmt, unit="us", error_is_null=True)
    out = parsed.to_numpy().astype("datetime64[us]", copy=False) if length else np.array(
        [], dtype="datetime64[us]")
    # Arrow rolls impossible dates over (31-02 becomes 2 March) and reads a two-digit %Y
    # as the year 24: rows that mention 29, 30 or 31 or land before the year 1000 are
    # read again, strictly.
    late = np.flatnonzero(_to_numpy_bool(pc.match_substring_regex(
        s, r"(^|\D)(29|30|31)(\D|$)")) & ~np.isnat(out))
    if late.size:  # a rolled-over date lands on day 1, 2 or 3 of the next month
        days = out[late]
        day_of_month = days.astype("datetime64[D]") - days.astype("datetime64[M]").astype(
            "datetime64[D]")
        late = late[day_of_month <= np.timedelta64(2, "D")]
    rows = np.union1d(late, np.flatnonzero(out < _EARLIEST))
    missing = np.flatnonzero(present_np & np.isnat(out))
    if (rows.size or missing.size) and not out.flags.writeable:
        out = out.copy()  # Arrow lent its memory read-only
    if rows.size:
        out[rows] = _strict_dates(pc.take(s, pa.array(rows)).to_pylist(), fmt)
        missing = np.flatnonzero(present_np & np.isnat(out))
    if missing.size:
        strings = pc.take(s, pa.array(missing)).to_pylist()
        result = np.full(len(missing), np.datetime64("NaT"), dtype="datetime64[us]")
        for alt in [fmt, *_fallback_formats(fmt)]:
            todo = np.flatnonzero(np.isnat(result))
            if not todo.size:
                break
            result[todo] = _strict_dates([strings[i] for i in todo], alt)
        out[missing] = result
    return out


_SAMPLE = 65_536  # values looked at to decide whether a column repeats its values


def coerce_column(text: pd.Series, type_id: str, settings: ImportSettings,
                  fmt: str | None = None) -> CoerceResult:
    if type_id not in COLUMN_TYPES:
        raise ValueError(f"unknown column type {type_id!r}")
    index = text.index
    if type_id == "text":
        values = text if isinstance(text.dtype, pd.StringDtype) else text.astype("string")
        return CoerceResult(values, pd.Series(False, index=index))
    data = _as_arrow(text)
    if type_id != "code" and len(data) > 1:
        encoded = _repeating(data)
        if encoded is not None:
            return _coerce_distinct(encoded, index, type_id, settings, fmt)
    return _coerce(data, index, type_id, settings, fmt)


def _repeating(data: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """The column dictionary-encoded, when it repeats its values a lot (amounts, volumes
    and dates in an export do: a million rows hold a few thousand distinct ones); None
    when typing them one by one would not save much. All chunks of the result share one
    dictionary: the distinct non-null values."""
    head = data.slice(0, _SAMPLE)
    if len(pc.unique(head)) * 4 > len(head):
        return None
    encoded = pc.dictionary_encode(data)
    return encoded if len(encoded.chunk(0).dictionary) * 4 <= len(data) else None


def _coerce_distinct(encoded: pa.ChunkedArray, index: pd.Index, type_id: str,
                     settings: ImportSettings, fmt: str | None) -> CoerceResult:
    """Type each distinct value once and spread the results over the rows. Typing is a
    function of the value alone (any column-wide decision, such as whether a thousands
    separator occurs, depends only on which values occur), so this gives the same result
    as typing every row. Missing cells point at an extra null entry at the end."""
    distinct = encoded.chunk(0).dictionary
    values = pa.chunked_array([distinct, pa.nulls(1, TEXT)], TEXT)
    small = _coerce(values, pd.RangeIndex(len(values)), type_id, settings, fmt)
    positions = np.concatenate([pc.fill_null(c.indices, len(distinct)).to_numpy()
                                for c in encoded.chunks])
    return CoerceResult(pd.Series(small.values.array.take(positions), index=index),
                        pd.Series(small.invalid.to_numpy()[positions], index=index))


def _array(values, dtype):
    """Arrow values as a pandas array (not a Series: a Series would be realigned, not
    relabelled, when given the text's index)."""
    return dtype.__from_arrow__(values if isinstance(values, pa.ChunkedArray)
                                else pa.chunked_array([values]))


def _coerce(data: pa.ChunkedArray, index: pd.Index, type_id: str, settings: ImportSettings,
            fmt: str | None) -> CoerceResult:
    length = len(data)
    # Nothing to trim (the usual case): work on, and share, the original's memory.
    trimmed = pc.utf8_trim_whitespace(data) if _may_need_trim(data) else data
    if type_id == "code":  # codes only lose blanks (no missing-value markers, never invalid)
        blank = pc.equal(trimmed, pa.scalar("", TEXT))
        s = pc.if_else(blank, _NULL, trimmed) if pc.any(blank).as_py() else trimmed
        return CoerceResult(pd.Series(pd.arrays.ArrowStringArray(s), index=index),
                            pd.Series(False, index=index))
    present = pc.and_(pc.is_valid(trimmed), pc.not_equal(trimmed, pa.scalar("", TEXT)))
    if settings.missing_values:
        present = pc.and_(present, pc.invert(pc.is_in(
            trimmed, value_set=pa.array(settings.missing_values, TEXT))))
    present_np = _to_numpy_bool(present)
    # Blank and marker cells become null; skipped when there are none (the usual case).
    blanks = len(present_np) - int(present_np.sum()) - trimmed.null_count
    s = pc.if_else(present, trimmed, _NULL) if blanks else trimmed

    if type_id in ("integer", "decimal", "amount"):
        numbers = _numbers(s, settings)
        if type_id == "integer":
            whole = pc.and_(pc.is_finite(numbers), pc.equal(pc.floor(numbers), numbers))
            whole = pc.and_(whole, pc.less(pc.abs(numbers), 2.0**62))
            ints = pc.cast(pc.if_else(whole, numbers, pa.scalar(None, pa.float64())), pa.int64(),
                           safe=False)
            values = pd.Series(_array(ints, pd.Int64Dtype()), index=index)
        else:
            finite = pc.if_else(pc.is_finite(numbers), numbers, pa.scalar(None, pa.float64()))
            values = pd.Series(_array(finite, pd.Float64Dtype()), index=index)
    elif type_id == "date":
        fmt = fmt or settings.date_format
        if fmt == CBS_PERIOD:
            values = period_starts(pd.Series(pd.arrays.ArrowStringArray(s), index=index))
        elif fmt == EXCEL_SERIAL:
            days = _cast_numbers(_number_text(s, ImportSettings(decimal=settings.decimal,
                                                                thousands="")))
            day_np = days.to_numpy(zero_copy_only=False).astype("float64")
            ok = np.isfinite(day_np) & (day_np > 0) & (day_np < 2_958_466)
            stamps = np.full(len(day_np), np.datetime64("NaT"), dtype="datetime64[us]")
            stamps[ok] = _EXCEL_EPOCH + (day_np[ok] * _US_PER_DAY).astype("int64").astype(
                "timedelta64[us]")
            values = pd.Series(stamps, index=index)
        else:
            values = pd.Series(_dates(s, present_np, fmt, length), index=index)
    else:  # boolean
        true_words, false_words = _boolean_words()
        lowered = pc.utf8_lower(s)
        is_true = pc.is_in(lowered, value_set=pa.array(true_words, TEXT))
        is_false = pc.is_in(lowered, value_set=pa.array(false_words, TEXT))
        flags = pc.if_else(is_true, True, pc.if_else(is_false, False, pa.scalar(None, pa.bool_())))
        values = pd.Series(_array(flags, pd.BooleanDtype()), index=index)
    invalid = pd.Series(present_np & values.isna().to_numpy(), index=index)
    return CoerceResult(values, invalid)


def _from_cells(text: pd.Series, type_id: str, fmt: str | None, cells) -> CoerceResult | None:
    """Typed values straight from Excel cells, when they are what typing the text gives.
    ``fmt`` is the date format in force for the column."""
    from core.io.excel import EXCEL_DATE, EXCEL_DATETIME

    index = text.index
    no_problems = pd.Series(False, index=index)
    if cells.kind == "number" and type_id in ("decimal", "amount"):
        values = cells.values.to_pandas(types_mapper={pa.float64(): pd.Float64Dtype()}.get)
        return CoerceResult(pd.Series(values.array, index=index), no_problems)
    if cells.kind == "number" and type_id == "integer":
        numbers = cells.values
        whole = pc.and_(pc.equal(pc.floor(numbers), numbers), pc.less(pc.abs(numbers), 2.0**62))
        if not pc.all(pc.fill_null(whole, True)).as_py():
            return None  # some values are not whole: let the text decide what is invalid
        ints = pc.cast(numbers, pa.int64(), safe=False)
        values = ints.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        return CoerceResult(pd.Series(values.array, index=index), no_problems)
    if cells.kind == "date" and type_id == "date" and fmt in (EXCEL_DATE, EXCEL_DATETIME):
        values = cells.values.to_numpy(zero_copy_only=False).astype("datetime64[us]")
        return CoerceResult(pd.Series(values, index=index), no_problems)
    return None


@dataclass(frozen=True)
class TypedData:
    frame: pd.DataFrame
    invalid: dict[str, pd.Series]  # per column: text present but not readable as its type


def coerce_one(text: pd.Series, type_id: str, settings: ImportSettings, fmt: str | None = None,
               cells=None) -> CoerceResult:
    """One column of the original as ``type_id``. ``cells``: the column's Excel cell
    values kept by the import (``core.io.excel.CellValues``), used when they fit."""
    if cells is not None and len(cells.values) == len(text):
        quick = _from_cells(text, type_id, fmt or settings.date_format, cells)
        if quick is not None:
            return quick
    return coerce_column(text, type_id, settings, fmt)


def map_columns(work: Callable[[str], T], names: Sequence[str], rows: int) -> list[T]:
    """``work`` for each column, in parallel threads for a large table (the Arrow kernels
    release the GIL, so a thread in Python code overlaps with one in a kernel)."""
    workers = min(len(names), os.cpu_count() or 1, 4)
    if workers > 1 and rows > 50_000:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="typing") as pool:
            return list(pool.map(work, names))
    return [work(name) for name in names]


def assemble(index: pd.Index, results: dict[str, CoerceResult]) -> TypedData:
    # copy=False: no copy of each column and no stacking of same-typed columns into one
    # block (copy-on-write keeps the original safe from changes to the typed frame).
    frame = pd.DataFrame({n: r.values for n, r in results.items()}, index=index, copy=False)
    return TypedData(frame, {n: r.invalid for n, r in results.items()})


def typed_frame(
    original: pd.DataFrame, types: dict[str, str], settings: ImportSettings,
    formats: dict[str, str | None] | None = None, *, cells: dict | None = None,
) -> TypedData:
    """The original text frame with each column converted, and per-column invalid masks.
    ``cells``: Excel cell values kept by the import (``core.io.excel.CellValues``)."""
    formats = formats or {}
    cells = cells or {}
    names = list(original.columns)

    def one(name: str) -> CoerceResult:
        return coerce_one(original[name], types.get(name, "text"), settings, formats.get(name),
                          cells.get(name))

    results = map_columns(one, names, len(original))
    return assemble(original.index, dict(zip(names, results, strict=True)))
