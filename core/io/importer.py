"""From a file to a dataset: open, detect, preview, import.

    source = open_source(path)                  # checks the file, reads samples
    settings = detect_settings(source)          # what detection proposes
    view = preview(source, settings)            # first rows, columns, proposals (fast)
    result = import_file(path, settings, source=source)   # the whole file, in a worker

``import_file(path)`` without settings detects everything itself (the CLI, the checks).
Detection and preview look at the first and last rows only, so a changed setting is
shown again within a fraction of a second for any file size.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.i18n import _
from core.io import excel, problems, text
from core.io.coerce import CoerceResult, TypedData, assemble, coerce_one, map_columns
from core.io.infer import dominant, infer_type, missing_markers, number_convention
from core.io.layout import (
    GridRow,
    Layout,
    column_names,
    detect_layout,
    find_zone,
    table_width,
    unique_names,
)
from core.io.roles import ColumnFacts, kind_date_roles, suggest_kind, suggest_roles
from core.io.settings import CBS_PERIOD, ImportSettings
from core.io.sniff import Sniffed, sniff
from core.io.statline import is_provisional
from core.jobs import CancelToken, ProgressFn, checkpoint, report
from core.limits import MAX_COLUMNS
from core.logsetup import get_logger
from core.project import ColumnSpec, Dataset, SourceInfo, new_id

log = get_logger("io")

PREVIEW_ROWS = 50
SAMPLE_ROWS = 1500  # rows looked at to guess column types after a full read
SHEET_SAMPLE_ROWS = 6


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ImportResult:
    dataset: Dataset
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SheetSummary:
    name: str
    visible: bool
    rows: int  # rows with something in them
    columns: int
    sample: list[list[str | None]]  # the first rows with content, for choosing a sheet
    usable: bool  # holds a table (at least two rows with two or more values)


@dataclass
class Source:
    """An opened file: checked, with samples for detection and preview."""

    path: Path
    format: str
    size: int
    sniffed: Sniffed
    text: text.TextSample | None = None
    sheets: list[excel.SheetGrid] = field(default_factory=list, repr=False)
    summaries: list[SheetSummary] = field(default_factory=list)

    def sheet(self, name: str | None) -> excel.SheetGrid:
        if name is None:
            return self.sheets[self.summaries.index(default_sheet(self.summaries))]
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise problems.sheet_missing(self.path, name)


@dataclass(frozen=True)
class RowProposal:
    """A row below the data that detection proposes not to read."""

    index: int  # negative: counted from the end of the table (ImportSettings.exclude_rows)
    kind: str  # "total" or "footnote"
    line: int | None  # 1-based line (CSV) or row (Excel) in the file
    cells: list[str | None]


@dataclass(frozen=True)
class ColumnPreview:
    name: str
    type: str
    format: str | None
    role: str | None
    invalid: int  # preview values that do not fit the type
    invalid_rows: tuple[int, ...] = ()  # positions in Preview.rows


@dataclass(frozen=True)
class Preview:
    settings: ImportSettings
    columns: list[ColumnPreview]
    rows: list[list[str | None]]  # the first data rows, as text
    row_lines: list[int | None]  # the line/row number of each shown row in the file
    header_lines: list[int]  # line/row numbers of the header rows
    proposals: list[RowProposal]
    kind: str
    estimated_rows: int
    exact_rows: bool
    warnings: list[str]


# --------------------------------------------------------------------------- opening


def default_sheet(summaries: Sequence[SheetSummary]) -> SheetSummary:
    """The visible sheet that holds the biggest table (not an explanation sheet)."""
    if not summaries:
        raise ValueError("no sheets")
    ranked = sorted(summaries, key=lambda s: (s.visible, s.usable, s.rows * max(1, s.columns)),
                    reverse=True)
    return ranked[0]


def _summarise(sheet: excel.SheetGrid) -> SheetSummary:
    """From the first rows only, so it costs the same for a sheet of any size."""
    rows = [r for r in excel.grid_rows(sheet, 0, excel.HEAD_ROWS, ",") if not r.is_empty]
    width = max((max(r.filled) + 1 for r in rows), default=0)
    wide = sum(1 for r in rows if len(r.filled) >= 2)
    used = len(sheet.rows) - next((i for i, r in enumerate(sheet.rows) if any(
        v != "" and v is not None for v in r)), len(sheet.rows))
    return SheetSummary(sheet.name, sheet.visible, used, width,
                        [r.cells[:width] for r in rows[:SHEET_SAMPLE_ROWS]], wide >= 2)


def open_source(path: str | Path, *, progress: ProgressFn | None = None,
                cancel: CancelToken | None = None) -> Source:
    """Check the file and read what detection and preview need. Raises ``FileProblem``."""
    path = Path(path)
    report(progress, 0, 2, path.name)
    sniffed = sniff(path)
    with problems.reading(path):
        size = path.stat().st_size
    checkpoint(cancel)
    if sniffed.format == "csv":
        source = Source(path, "csv", size, sniffed, text=text.load_sample(path, sniffed))
    else:
        sheets = excel.load_sheets(path, cancel=cancel)
        summaries = [_summarise(s) for s in sheets]
        if not sheets or not any(s.rows for s in summaries):
            raise problems.no_sheets(path)
        source = Source(path, "excel", size, sniffed, sheets=sheets, summaries=summaries)
    report(progress, 1, 2, path.name)
    return source


# --------------------------------------------------------------------------- the table in samples


@dataclass
class _Sampled:
    """The table as far as the samples show it."""

    layout: Layout
    names: list[str]
    raw_names: list[str]
    head: list[GridRow]  # data rows from the top
    bottom: list[GridRow]  # data rows from the bottom (not in the zone)
    proposals: list[RowProposal]
    header_lines: list[int]
    newlines_in_values: bool = False
    whole: bool = True
    total_rows: int = 0


def _header_cells(rows: Sequence[GridRow]) -> list[list[str | None]]:
    return [list(r.cells) for r in rows]


def _proposals(zone, width: int) -> list[RowProposal]:
    rows = [z for z in zone if z.kind != "empty"]
    out = []
    for number, z in enumerate(rows):
        index = number - len(rows)
        out.append(RowProposal(index, z.kind, z.row.line, (z.row.cells + [None] * width)[:width]))
    return out


def _csv_width(body: Sequence[GridRow], header_fields: int) -> int:
    """The number of fields of the data rows; the header's when no count dominates."""
    counts = Counter(r.fields for r in body)
    if counts:
        top, n = counts.most_common(1)[0]
        if n > 0.5 * len(body) or not header_fields:
            return top
    return header_fields or table_width(body)


def _sample_csv(source: Source, settings: ImportSettings) -> _Sampled:
    sample = source.text
    assert sample is not None
    head_records = sample.head_records(settings)
    head = text.to_grid(head_records)
    if sample.whole:
        tail = head
    else:
        tail = sample.tail_grid(settings)
    start = settings.header_row + settings.header_rows
    body_head = [r for r in head[start:] if not r.is_empty]
    width = _csv_width([r for r in head[start:] if not r.is_empty],
                       max((r.fields for r in head[settings.header_row:start]), default=0))
    zone = find_zone(tail, width, body_head[-60:] if sample.whole else
                     [r for r in tail if not r.is_empty][-60:] or body_head)
    sample.number_rows(settings, tail, [z.position for z in zone])
    if sample.whole:
        zone = [z for z in zone if z.position >= start]
        end = zone[0].position if zone else len(head)
        data_head = [r for r in head[start:end] if not r.is_empty]
        bottom: list[GridRow] = []
        total = len(data_head)
    else:
        data_head = body_head
        end_tail = zone[0].position if zone else len(tail)
        bottom = [r for r in tail[:end_tail] if not r.is_empty]
        total = 0  # counted on demand: Preview.estimated_rows
    header = head[settings.header_row:start]
    raw = column_names(_header_cells(header), width)
    newlines = any(
        "\n" in sample.head[r.start:r.end].rstrip("\r\n") or
        "\r" in sample.head[r.start:r.end].rstrip("\r\n") for r in head_records)
    return _Sampled(Layout(settings.header_row, settings.header_rows, width, zone),
                    unique_names(raw), raw, data_head, bottom, _proposals(zone, width),
                    [r.line or 0 for r in header], newlines, sample.whole, total)


def _sample_excel(source: Source, settings: ImportSettings) -> _Sampled:
    sheet = source.sheet(settings.sheet)
    n = len(sheet.rows)
    whole = n <= excel.HEAD_ROWS + excel.TAIL_ROWS
    head = excel.grid_rows(sheet, 0, n if whole else excel.HEAD_ROWS, settings.decimal)
    tail = head if whole else excel.grid_rows(sheet, n - excel.TAIL_ROWS, n, settings.decimal)
    start = settings.header_row + settings.header_rows
    width = sheet.width
    body_head = [r for r in head[start:] if not r.is_empty]
    zone = find_zone(tail, width, body_head[-60:] if whole else
                     [r for r in tail if not r.is_empty][-60:] or body_head)
    if whole:
        zone = [z for z in zone if z.position >= start]
    end = (zone[0].row.line - 1) if zone else n  # absolute row index where the zone starts
    data_head = [r for r in head[start:] if not r.is_empty and (r.line or 0) - 1 < end]
    bottom = [] if whole else [r for r in tail if not r.is_empty and (r.line or 0) - 1 < end]
    header_rows = [list(r.cells) for r in head[settings.header_row:start]]
    header_rows = excel.fill_merged(header_rows, settings.header_row, sheet, settings.decimal)
    raw = column_names(header_rows, width)
    if whole:
        total = sum(1 for r in sheet.rows[start:end] if any(v != "" and v is not None for v in r))
    else:  # empty rows inside a big table are rare; they are dropped when reading
        total = end - start
    return _Sampled(Layout(settings.header_row, settings.header_rows, width, zone),
                    unique_names(raw), raw, data_head, bottom, _proposals(zone, width),
                    [r.line or 0 for r in head[settings.header_row:start]], False, whole, total)


def _sampled(source: Source, settings: ImportSettings) -> _Sampled:
    sampled = _sample_csv(source, settings) if source.format == "csv" else _sample_excel(
        source, settings)
    if sampled.layout.width > MAX_COLUMNS:  # before any work per column
        raise problems.too_many_columns(source.path, sampled.layout.width)
    return sampled


def _column_values(rows: Sequence[GridRow], width: int) -> list[list[str]]:
    cols: list[list[str]] = [[] for _ in range(width)]
    for r in rows:
        for i in range(min(width, len(r.cells))):
            cell = r.cells[i]
            if cell is not None and cell.strip():
                cols[i].append(cell.strip())
    return cols


# --------------------------------------------------------------------------- detection


def detect_settings(source: Source, sheet: str | None = None) -> ImportSettings:
    """What detection proposes for this file (and sheet)."""
    if source.format == "csv":
        sample = source.text
        assert sample is not None
        encoding = sample.encoding
        delimiter = text.sniff_delimiter(sample.head)
        settings = ImportSettings(format="csv", encoding=encoding, delimiter=delimiter)
        text.check_width(sample, settings)
        head = text.to_grid(sample.head_records(settings))
        tail = head if sample.whole else sample.tail_grid(settings)
        layout = detect_layout(head, tail, sample.whole)
    else:
        chosen = source.sheet(sheet)
        if chosen.width > MAX_COLUMNS:
            raise problems.too_many_columns(source.path, chosen.width)
        settings = ImportSettings(format="excel", sheet=chosen.name, encoding="",
                                  delimiter="", quotechar="")
        n = len(chosen.rows)
        whole = n <= excel.HEAD_ROWS + excel.TAIL_ROWS
        head = excel.grid_rows(chosen, 0, n if whole else excel.HEAD_ROWS, ",")
        tail = head if whole else excel.grid_rows(chosen, n - excel.TAIL_ROWS, n, ",")
        layout = detect_layout(head, tail, whole, chosen.merged_row_pairs())
    settings.header_row, settings.header_rows = layout.header_row, layout.header_rows
    sampled = _sampled(source, settings)
    values = _column_values(sampled.head + sampled.bottom, sampled.layout.width)
    if source.format == "csv":
        flat = [v for col in values for v in col]
    else:  # only text cells tell how people typed numbers; Excel's own numbers do not
        sheet_ = source.sheet(settings.sheet)
        first = settings.header_row + settings.header_rows
        flat = [v for row in sheet_.rows[first:first + excel.HEAD_ROWS] for v in row
                if v.__class__ is str and v]
    settings.decimal, settings.thousands = number_convention(flat, settings.delimiter or None)
    if source.format == "excel":
        sampled = _sampled(source, settings)  # numbers are shown with the decimal sign
        values = _column_values(sampled.head + sampled.bottom, sampled.layout.width)
    settings.missing_values = missing_markers(dict(enumerate(values)), settings)
    formats = [infer_type(name, col, settings) for name, col in zip(sampled.names, values,
                                                                    strict=True)]
    date_formats = [f for t, f in formats if t == "date" and f and f != CBS_PERIOD
                    and not f.startswith("excel")]
    if date_formats and len(date_formats) == sum(t == "date" for t, _f in formats):
        settings.date_format = dominant(date_formats) or settings.date_format
    settings.exclude_rows = [p.index for p in sampled.proposals]
    return settings


# --------------------------------------------------------------------------- preview


def _suggest(names: Sequence[str], values: Sequence[Sequence[str]],
             settings: ImportSettings) -> tuple[list[tuple[str, str | None]], dict[str, str]]:
    types = [infer_type(n, v, settings) for n, v in zip(names, values, strict=True)]
    return types, _roles(names, types, values)


def _roles(names: Sequence[str], types: Sequence[tuple[str, str | None]],
           values: Sequence[Sequence[str]]) -> dict[str, str]:
    return suggest_roles([ColumnFacts(n, t, v[:500]) for n, (t, _f), v in zip(
        names, types, values, strict=True)])


def preview(source: Source, settings: ImportSettings, *, rows: int = PREVIEW_ROWS) -> Preview:
    """The first rows as they will be read with ``settings``, with suggestions. Fast."""
    from core.io.coerce import coerce_column

    sampled = _sampled(source, settings)
    width = sampled.layout.width
    shown = sampled.head[:rows]
    values = _column_values(sampled.head + sampled.bottom, width)
    types, roles = _suggest(sampled.names, values, settings)
    message_values: list[str] = []
    for name, role in roles.items():
        if role == "message_type":
            message_values = values[sampled.names.index(name)]
    kind = suggest_kind(sampled.names, roles, message_values)
    roles = kind_date_roles(kind, [(n, t) for n, (t, _f) in zip(sampled.names, types,
                                                              strict=True)], roles)
    columns = []
    for i, name in enumerate(sampled.names):
        type_id, fmt = types[i]
        cells = pd.Series([r.cells[i] if i < len(r.cells) else None for r in shown],
                          dtype="string")
        bad = (tuple(int(i) for i in np.flatnonzero(
            coerce_column(cells, type_id, settings, fmt).invalid.to_numpy()))
            if len(cells) else ())
        columns.append(ColumnPreview(name, type_id, fmt, roles.get(name), len(bad), bad))
    warnings = []
    if source.sniffed.bad_bytes:
        warnings.append(_("Sommige tekens in het bestand konden niet worden gelezen. Ze staan "
                          "er nu als �. Controleer de namen en teksten."))
    ragged = [r.line for r in sampled.head if r.fields != width and not r.is_empty
              and source.format == "csv"]
    if ragged and not settings.skip_bad_rows:
        warnings.append(problems.ragged_rows(source.path, [n or 0 for n in ragged],
                                             width).message)
    for i, (_type, fmt) in enumerate(types):
        if fmt == CBS_PERIOD and any(is_provisional(v) for v in values[i]):
            warnings.append(_("In de kolom '{name}' staan voorlopige cijfers (een periode met "
                              "een *). Die kunnen later nog veranderen.").format(
                                  name=sampled.names[i]))
    total = sampled.total_rows
    if source.format == "csv" and not sampled.whole:  # estimated from the line count
        records = source.text.head_records(settings)
        start = settings.header_row + settings.header_rows
        before = records[start].line if start < len(records) else 0
        total = max(len(sampled.head), source.text.total_lines - before - len(sampled.layout.zone))
    return Preview(
        settings=settings,
        columns=columns,
        rows=[(r.cells + [None] * width)[:width] for r in shown],
        row_lines=[r.line for r in shown],
        header_lines=sampled.header_lines,
        proposals=sampled.proposals,
        kind=kind,
        estimated_rows=total + len(
            [p for p in sampled.proposals if p.index not in settings.exclude_rows]),
        exact_rows=sampled.whole,
        warnings=warnings,
    )


@dataclass(frozen=True)
class Review:
    """A file opened for the Data step: what detection found and the first rows."""

    source: Source
    settings: ImportSettings
    preview: Preview


def review(path: str | Path, *, progress: ProgressFn | None = None,
           cancel: CancelToken | None = None) -> Review:
    source = open_source(path, progress=progress, cancel=cancel)
    settings = detect_settings(source)
    return Review(source, settings, preview(source, settings))


def coerce_preview(view: Preview, column: str, type_id: str, fmt: str | None) -> tuple[int, ...]:
    """Rows of a preview whose value in ``column`` does not fit ``type_id``."""
    from core.io.coerce import coerce_column

    i = [c.name for c in view.columns].index(column)
    cells = pd.Series([r[i] for r in view.rows], dtype="string")
    if not len(cells):
        return ()
    mask = coerce_column(cells, type_id, view.settings, fmt).invalid.to_numpy()
    return tuple(int(n) for n in np.flatnonzero(mask))


# --------------------------------------------------------------------------- the full read


def _encode_len(text_: str, codec: str) -> int:
    return len(text_.encode(codec, errors="replace"))


class _Progress:
    def __init__(self, progress: ProgressFn | None, label: str) -> None:
        self.progress, self.label = progress, label

    def __call__(self, done: int, total: int) -> None:
        scale = 4000 // total if total < 4000 else 1
        report(self.progress, done * scale, total * scale, self.label)


def _read_csv(source: Source, settings: ImportSettings, sampled: _Sampled, *,
              progress: _Progress, cancel: CancelToken | None) -> tuple[pa.Table, list[str]]:
    sample = source.text
    assert sample is not None
    warnings: list[str] = []
    codec = sample.offset_codec(settings.encoding)
    head_text = sample.decoded_head(settings.encoding)
    records = sample.head_records(settings)
    start_record = settings.header_row + settings.header_rows
    bom = len(sample.bom) if settings.encoding in ("utf-8-sig", "utf-16") else 0
    if start_record < len(records):
        start = bom + _encode_len(head_text[: records[start_record].start], codec)
        first_line = records[start_record].line + 1
    else:
        start, first_line = source.size, 0
    zone = sampled.layout.zone
    if not zone:
        end = source.size
    elif sample.whole:
        end = bom + _encode_len(head_text[: records[zone[0].position].start], codec)
    else:
        tail_text = sample.decoded_tail(settings.encoding)
        tail_records = sample.tail_records(settings)
        end = sample.tail_offset + _encode_len(tail_text[: tail_records[zone[0].position].start],
                                               codec)
    end = max(start, end)
    width = sampled.layout.width
    pyarrow_encoding = "utf-8" if settings.encoding in ("utf-8", "utf-8-sig") else (
        codec if settings.encoding == "utf-16" else settings.encoding)
    newlines = sampled.newlines_in_values

    span = max(1, end - start)

    def on_read(done: int) -> None:  # progress 1..2 of the import's 4 steps, in thousandths
        progress(1000 + min(999, done * 1000 // span), 4000)

    def read(newlines_: bool) -> text.RangeRead:
        return text.read_range(
            source.path, start, end, pyarrow_encoding, settings, width,
            newlines_in_values=newlines_, replace_bad_bytes=source.sniffed.bad_bytes,
            first_line=first_line, cancel=cancel, on_read=on_read)

    progress(1, 4)
    result = read(newlines)
    if result.bad_rows and not newlines and settings.quotechar:
        retry = read(True)  # a quoted line break deeper in the file than the sample
        if len(retry.bad_rows) < len(result.bad_rows):
            result = retry
    if result.bad_rows:
        lines = sorted({b.line for b in result.bad_rows if b.line is not None})
        if not settings.skip_bad_rows:
            raise problems.ragged_rows(source.path, lines or [0], width)
        warnings.append(problems.ragged_rows_skipped(lines))
    if result.replaced_bytes:
        warnings.append(_("Sommige tekens in het bestand konden niet worden gelezen. Ze staan "
                          "er nu als �."))
    table = result.table
    zone_rows = [z.row for z in zone if z.kind != "empty"]
    return _append_rows(table, zone_rows, width), warnings


def _append_rows(table: pa.Table, rows: Sequence[GridRow], width: int) -> pa.Table:
    if not rows:
        return table
    columns = {f"c{i}": pa.array([(r.cells[i] if i < len(r.cells) else None) for r in rows],
                                 type=pa.large_string()) for i in range(width)}
    extra = pa.table(columns).cast(table.schema)
    return pa.concat_tables([table, extra])


def _read_excel(source: Source, settings: ImportSettings, sampled: _Sampled, *,
                progress: _Progress, cancel: CancelToken | None) -> tuple[pa.Table, list[str]]:
    sheet = source.sheet(settings.sheet)
    start = settings.header_row + settings.header_rows
    zone = sampled.layout.zone
    end = (zone[0].row.line or len(sheet.rows)) - 1 if zone else len(sheet.rows)
    width = sampled.layout.width
    progress(1, 4)
    columns = excel.body_columns(sheet, start, max(start, end), width, settings.decimal,
                                 cancel=cancel)
    table = pa.table({f"c{i}": text for i, (text, _cells) in enumerate(columns)})
    zone_rows = [z.row for z in zone if z.kind != "empty"]
    table = _append_rows(table, zone_rows, width)
    kept_zone = [p for p in sampled.proposals if p.index not in settings.exclude_rows]
    if not kept_zone:  # cell values stay aligned with the rows that are read
        for i, (_text, cells) in enumerate(columns):
            if cells is not None:
                padded = pa.concat_arrays([cells.values,
                                           pa.nulls(len(zone_rows), cells.values.type)])
                table = table.append_column(f"{_CELLS}{cells.kind}:{i}", padded)
    return table, []


_CELLS = "cells:"  # extra columns that carry Excel cell values through _finish


def _finish(table: pa.Table, sampled: _Sampled, settings: ImportSettings,
            has_nul: bool) -> tuple[pa.Table, list[str], dict[str, excel.CellValues]]:
    """Drop empty rows, excluded rows and unnamed empty columns; name the columns."""
    warnings: list[str] = []
    data_names = [n for n in table.column_names if not n.startswith(_CELLS)]
    if table.num_rows and all(table.column(n).null_count > 0 for n in data_names):
        empty = None
        for col in (table.column(n) for n in data_names):
            nulls = pc.is_null(col)
            empty = nulls if empty is None else pc.and_(empty, nulls)
        if pc.any(empty).as_py():
            table = table.filter(pc.invert(empty))
    if settings.exclude_rows:
        n = table.num_rows
        keep = np.ones(n, dtype=bool)
        for index in settings.exclude_rows:
            pos = index if index >= 0 else n + index
            if 0 <= pos < n:
                keep[pos] = False
        table = table.filter(pa.array(keep))
    cell_columns = {int(n.rsplit(":", 1)[1]): (n.split(":")[1], table.column(n))
                    for n in table.column_names if n.startswith(_CELLS)}
    keep_cols, names, positions = [], [], []
    named = [i for i, n in enumerate(sampled.raw_names) if n]
    last_named = named[-1] if named and settings.header_rows else len(data_names)
    stray = 0
    for i, col in enumerate(table.column(n) for n in data_names):
        unnamed = not sampled.raw_names[i] if i < len(sampled.raw_names) else True
        values = len(col) - col.null_count
        if unnamed and values == 0:
            continue
        if unnamed and i > last_named and values <= max(1, 0.05 * len(col)):
            stray += values  # a note typed beside the table, not a column
            continue
        keep_cols.append(col)
        names.append(sampled.names[i] if i < len(sampled.names) else "")
        positions.append(i)
    if stray:
        warnings.append(_("{n} losse waarde(n) rechts naast de tabel, zonder kolomnaam, zijn "
                          "niet ingelezen.").format(n=stray))
    names = unique_names([n for n in names])
    if has_nul:
        cleaned = [pc.replace_substring(c, "\x00", "") for c in keep_cols]
        cleaned = [pc.if_else(pc.equal(c, ""), pa.scalar(None, c.type), c) for c in cleaned]
        if any(not c.equals(d) for c, d in zip(cleaned, keep_cols, strict=True)):
            warnings.append(_("Het bestand bevat onzichtbare nultekens. Die zijn weggelaten."))
        keep_cols = cleaned
    cells = {name: excel.CellValues(cell_columns[i][0], cell_columns[i][1].combine_chunks())
             for name, i in zip(names, positions, strict=True) if i in cell_columns}
    return pa.table(dict(zip(names, keep_cols, strict=True))), warnings, cells


def _to_frame(table: pa.Table) -> pd.DataFrame:
    mapper = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
    frame = table.to_pandas(types_mapper=mapper.get, self_destruct=True, split_blocks=True)
    return frame.reset_index(drop=True)


def _sample_positions(n: int) -> np.ndarray:
    if n <= SAMPLE_ROWS:
        return np.arange(n)
    spread = np.linspace(500, n - 1, SAMPLE_ROWS - 500).astype(int)
    return np.unique(np.concatenate([np.arange(500), spread]))


def _take(column: pa.ChunkedArray, positions: np.ndarray) -> pa.Array:
    """Rows of a chunked column, taken chunk by chunk (no copy of the whole column)."""
    ends = np.cumsum([len(c) for c in column.chunks])
    parts = []
    for i, chunk in enumerate(column.chunks):
        lo = ends[i] - len(chunk)
        local = positions[(positions >= lo) & (positions < ends[i])] - lo
        if local.size:
            parts.append(chunk.take(pa.array(local)))
    return pa.concat_arrays(parts) if parts else pa.array([], column.type)


def _columns_and_types(frame: pd.DataFrame, settings: ImportSettings,
                       chosen: dict[str, ColumnSpec], cells: dict[str, excel.CellValues]
                       ) -> tuple[list[ColumnSpec], TypedData]:
    """Suggest each column's type and role from a sample of rows spread over the file,
    and type the columns (``chosen``: the user's own choices, which win). Suggesting a
    column is Python and typing one is Arrow kernels, so in parallel threads the one
    overlaps the other."""
    positions = _sample_positions(len(frame))
    names = list(frame.columns)

    def one(name: str) -> tuple[list[str], tuple[str, str | None], CoerceResult]:
        picked = _take(frame[name].array.__arrow_array__(), positions).to_pylist()
        values = [v.strip() for v in picked if v is not None and v.strip()]
        guess = infer_type(name, values, settings)
        mine = chosen.get(name)
        type_id, fmt = (mine.type, mine.format) if mine else guess
        return values, guess, coerce_one(frame[name], type_id, settings, fmt, cells.get(name))

    results = map_columns(one, names, len(frame))
    roles = _roles(names, [guess for _v, guess, _r in results], [v for v, _g, _r in results])
    specs = []
    for name, (_values, (type_id, fmt), _result) in zip(names, results, strict=True):
        role = roles.get(name)
        mine = chosen.get(name)
        specs.append(ColumnSpec(name, mine.type, mine.role, mine.format, type_id, role) if mine
                     else ColumnSpec(name, type_id, role, fmt, type_id, role))
    typed_data = assemble(frame.index, {n: r for n, (_v, _g, r) in zip(names, results,
                                                                        strict=True)})
    return specs, typed_data


def default_name(path: Path) -> str:
    """'budgetplafonds_2024.xlsx' -> 'Budgetplafonds 2024'."""
    words = " ".join(path.stem.replace("_", " ").split())
    return words[:1].upper() + words[1:] if words else path.name


def import_file(
    path: str | Path,
    settings: ImportSettings | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    source: Source | None = None,
    columns: Sequence[ColumnSpec] | None = None,
    kind: str | None = None,
    name: str | None = None,
) -> ImportResult:
    """Read a whole file into a dataset. ``settings=None`` detects them.

    ``columns`` and ``kind`` carry the user's choices from the Data step; otherwise
    the suggestions are used. Raises ``FileProblem`` for a file that cannot be read.
    """
    path = Path(path)
    step = _Progress(progress, _("{name} inlezen").format(name=path.name))
    step(0, 4)
    source = source or open_source(path, cancel=cancel)
    settings = settings or detect_settings(source)
    sampled = _sampled(source, settings)
    if sampled.layout.width == 1 and settings.format == "csv" and any(
        settings.delimiter in v or d in v for v in (
            c for r in sampled.head[:20] for c in r.cells if c) for d in ";,\t|"
    ):
        raise problems.broken_quotes(path)
    reader = _read_csv if source.format == "csv" else _read_excel
    table, warnings = reader(source, settings, sampled, progress=step, cancel=cancel)
    checkpoint(cancel)
    step(2, 4)
    table, more, cells = _finish(table, sampled, settings, source.sniffed.has_nul)
    warnings += more
    if table.num_rows == 0:
        raise problems.no_data_rows(path)
    frame = _to_frame(table)
    del table
    checkpoint(cancel)
    step(3, 4)
    chosen = {c.name: c for c in columns or ()}
    specs, typed_data = _columns_and_types(frame, settings, chosen, cells)
    if kind is None:
        message = next((s.name for s in specs if s.role == "message_type"), None)
        # distinct codes first, then trim the few (not a million) values
        codes = (list(dict.fromkeys(v.strip() for v in frame[message].dropna().unique()))
                 if message else [])
        kind = suggest_kind(list(frame.columns), {s.name: s.role for s in specs if s.role},
                            codes[:50])
    dated = kind_date_roles(kind, [(s.name, s.type) for s in specs if s.name not in chosen],
                            {s.name: s.role for s in specs if s.role})
    for spec in specs:
        if spec.name not in chosen and spec.role is None and dated.get(spec.name):
            spec.role = spec.suggested_role = dated[spec.name]
    for n in settings.exclude_rows:
        proposal = next((p for p in sampled.proposals if p.index == n), None)
        if proposal is not None:
            where = _("regel {n}").format(n=proposal.line) if source.format == "csv" else _(
                "rij {n}").format(n=proposal.line)
            what = _("een totaalregel") if proposal.kind == "total" else _("een voetnoot")
            warnings.append(_("{where} is niet ingelezen: {what}.").format(
                where=where.capitalize(), what=what))
    dataset = Dataset(
        id=new_id(),
        name=name or default_name(path),
        original=frame,
        columns=specs,
        source=SourceInfo(path.name, source.size, content_id=uuid.uuid4().hex,
                          sheet=settings.sheet),
        settings=settings.to_dict(),
        kind=kind,
    )
    dataset._cell_values = cells
    dataset._typed = (dataset.typing_key(), typed_data)
    step(4, 4)
    log.info("imported %s: %d rows, %d columns (%s)", source.format, len(frame),
             len(frame.columns), kind)
    return ImportResult(dataset, warnings)
