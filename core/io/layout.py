"""Where the table is inside a file or sheet: header row(s), data, and what is below.

Works on a few hundred rows of cell texts from the top of the file and a few dozen
from the bottom, so it costs the same for any file size. Export files often have a
title and blank rows above the header, a header spread over two or more rows (merged
cells, or a CBS table layout with empty cells at the left), and below the data a
Totaal row and footnotes. Rows below the data are *proposed* for exclusion; the user
confirms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from core.i18n import _
from core.paths import load_json_resource

MAX_HEADER_ROWS = 5
MAX_ZONE_ROWS = 12  # rows below the data that may be proposed for exclusion

_NUMBER = re.compile(
    r"^[-+(]?\s*(?:€|eur|£|\$)?\s*[-+]?\d[\d.,'\s\u00a0]*\s*(?:%|€)?\)?$", re.IGNORECASE)
_DATE = re.compile(
    r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
    r"|\d{1,2}[-/ ]+[A-Za-z]{3,9}\.?[-/ ]+\d{2,4})$")
_PERIOD = re.compile(r"^\d{4}(JJ00|KW0[1-4]|MM\d\d|X0\d|\*)?$")
# Symbols that mean "no value" in published tables (CBS: "." unknown, "x" secret, "-" nil).
_BLANKISH = {"", ".", "-", "x", "?", "..", "—"}


@cache
def vocabulary() -> dict:
    return load_json_resource("io", "detection.json")


@dataclass
class GridRow:
    """One row (CSV: one record) as cell texts; None is an empty cell."""

    cells: list[str | None]
    line: int | None = None  # 1-based line (CSV) or row (Excel) number, for messages
    fields: int = 0  # CSV: number of fields in the record; Excel: the sheet width

    def __post_init__(self) -> None:
        if not self.fields:
            self.fields = len(self.cells)

    @property
    def filled(self) -> list[int]:
        return [i for i, c in enumerate(self.cells) if c is not None and c.strip() != ""]

    @property
    def is_empty(self) -> bool:
        return not self.filled


def cell_kind(text: str | None) -> str:
    """'e' empty, 'v' a value (number, date, period), 't' text."""
    if text is None:
        return "e"
    s = text.strip()
    if s.lower() in _BLANKISH:
        return "e"
    if _NUMBER.match(s) or _DATE.match(s) or _PERIOD.match(s):
        return "v"
    return "t"


@dataclass
class ZoneRow:
    """A row below the data: a total, a footnote or an empty row."""

    position: int  # index in the tail rows
    kind: str  # "total", "footnote", "empty"
    row: GridRow


@dataclass
class Layout:
    header_row: int  # index in the head rows of the first header row
    header_rows: int  # 0 = the file has no header
    width: int
    zone: list[ZoneRow] = field(default_factory=list)  # top to bottom

    @property
    def data_start(self) -> int:
        return self.header_row + self.header_rows


def table_width(rows: Sequence[GridRow]) -> int:
    counts = Counter(r.fields for r in rows if len(r.filled) >= 2)
    if not counts:
        counts = Counter(r.fields for r in rows if r.filled)
    if not counts:
        return 1
    best = max(counts.values())
    # Ties: the widest, so a trailing column is not cut off.
    return max(w for w, n in counts.items() if n == best)


def _profile(rows: Sequence[GridRow], width: int) -> list[str]:
    """Per column: 'v' when most cells hold values, 't' when most hold text, else 'm'."""
    prof = []
    for col in range(width):
        kinds = Counter(cell_kind(r.cells[col]) if col < len(r.cells) else "e" for r in rows)
        kinds.pop("e", None)
        total = sum(kinds.values())
        if not total:
            prof.append("e")
        elif kinds["v"] >= 0.6 * total:
            prof.append("v")
        elif kinds["t"] >= 0.6 * total:
            prof.append("t")
        else:
            prof.append("m")
    return prof


def _text_in_value_columns(row: GridRow, prof: list[str]) -> tuple[int, int]:
    texts = values = 0
    for col, p in enumerate(prof):
        if p != "v" or col >= len(row.cells):
            continue
        k = cell_kind(row.cells[col])
        texts += k == "t"
        values += k == "v"
    return texts, values


def _data_like(row: GridRow, prof: list[str]) -> bool:
    mismatch = checked = 0
    for col, p in enumerate(prof):
        if col >= len(row.cells) or p in ("e", "m"):
            continue
        k = cell_kind(row.cells[col])
        if k == "e":
            continue
        checked += 1
        mismatch += k != p
    return checked > 0 and mismatch <= 0.2 * checked


def _header_like(row: GridRow, prof: list[str]) -> bool:
    texts, values = _text_in_value_columns(row, prof)
    if "v" not in prof:
        return True
    return texts >= 1 and texts >= values


def _used_columns(rows: Sequence[GridRow], width: int) -> list[int]:
    used = set()
    for r in rows:
        used.update(i for i in r.filled if i < width)
    return sorted(used)


def _crosstab_like(row: GridRow, used: list[int]) -> bool:
    """A header row of a cross table: empty label cells at the left, headings to the right."""
    if not used or len(row.filled) < 2:
        return False
    first = used[0]
    if len([i for i in row.filled if i in used]) < 0.5 * len(used):
        return False
    return first < len(row.cells) and cell_kind(row.cells[first]) == "e"


def _is_total(row: GridRow, prof: list[str], label_cols: list[int]) -> bool:
    words = vocabulary()["total_labels"]
    for col in row.filled[:3]:
        text = (row.cells[col] or "").strip().lower()
        if cell_kind(text) == "t":
            return any(text == w or text.startswith(w + " ") or text.startswith(w + ":")
                       for w in words)
    if not label_cols:
        return False
    labels_empty = all(col >= len(row.cells) or cell_kind(row.cells[col]) == "e"
                       for col in label_cols)
    has_value = any(col < len(row.cells) and p == "v" and cell_kind(row.cells[col]) == "v"
                    for col, p in enumerate(prof))
    return labels_empty and has_value


def _is_footnote(row: GridRow, width: int, prof: list[str]) -> bool:
    """One text cell below the table: a note, a source line, an explanation."""
    filled = row.filled
    if len(filled) != 1:
        return False
    col = filled[0]
    text = (row.cells[col] or "").strip().lower()
    if any(text.startswith(m) for m in vocabulary()["footnote_starts"]):
        return True
    if cell_kind(text) != "t":
        return False
    if row.fields < width:  # a short line in a CSV file
        return True
    if col < len(prof) and prof[col] == "v":  # text where the table has numbers
        return True
    return width >= 3 and len(text) >= 8 and " " in text


def find_zone(tail: Sequence[GridRow], width: int, body: Sequence[GridRow]) -> list[ZoneRow]:
    """Rows at the very end that are not data: totals, footnotes, empty rows."""
    prof = _profile(body, width)
    filled_share = {}
    for col, p in enumerate(prof):
        if p == "t":
            cells = [r.cells[col] if col < len(r.cells) else None for r in body]
            filled_share[col] = sum(cell_kind(c) != "e" for c in cells) / max(1, len(cells))
    label_cols = [col for col, share in filled_share.items() if share >= 0.95]
    zone: list[ZoneRow] = []
    non_empty = 0
    for position in range(len(tail) - 1, -1, -1):
        row = tail[position]
        if row.is_empty:
            zone.append(ZoneRow(position, "empty", row))
            continue
        if non_empty >= MAX_ZONE_ROWS:
            break
        if _is_footnote(row, width, prof):
            kind = "footnote"
        elif _is_total(row, prof, label_cols):
            kind = "total"
        else:
            break
        zone.append(ZoneRow(position, kind, row))
        non_empty += 1
    zone.reverse()
    return zone


def find_header(head: Sequence[GridRow], width: int,
                merged_rows: set[tuple[int, int]] | None = None) -> tuple[int, int]:
    """(first header row, number of header rows) as indexes into ``head``.

    ``merged_rows`` holds (row, row + 1) pairs that a merged cell spans (Excel).
    """
    most = max((len(r.filled) for r in head), default=0)
    # Rows that fill only a few cells (a title, "Periode: 2023") are not part of the table.
    need = min(2, width) if width < 2 else max(2, int(0.3 * most + 0.999))
    cands = [i for i, r in enumerate(head) if len(r.filled) >= need]
    if not cands:
        return 0, 1
    lower = cands[len(cands) * 2 // 5:] or cands
    prof = _profile([head[i] for i in lower], width)
    used = _used_columns([head[i] for i in lower], width)

    # A cross table (CBS "tabelindeling"): header rows with empty cells at the left,
    # then one row with the labels of the left columns.
    def followed_by_data(i: int) -> bool:
        after = [j for j in cands if i < j <= i + 3][:3]
        return bool(after) and all(_data_like(head[j], prof) for j in after)

    first = cands[0]
    if _crosstab_like(head[first], used):
        last = first
        while last + 1 < len(head) and _crosstab_like(head[last + 1], used):
            last += 1
        label_row = last + 1
        if (label_row < len(head) and head[label_row].filled
                and last + 1 - first < MAX_HEADER_ROWS and followed_by_data(label_row)):
            return first, label_row - first + 1

    header = None
    for i in cands[:60]:
        if _header_like(head[i], prof) and followed_by_data(i):
            header = i
            break
    if header is None:
        if "v" in prof and _data_like(head[first], prof):
            return first, 0  # no header: the table starts with data
        fill = max(1, int(0.5 * len(used)))
        header = next((i for i in cands if len(head[i].filled) >= fill), first)

    merged_rows = merged_rows or set()
    # Header cells merged downwards (A1:A2) make the header two rows high.
    while (header, header + 1) in merged_rows and header + 1 < len(head) and not _data_like(
            head[header + 1], prof) and header + 1 - first < MAX_HEADER_ROWS:
        header += 1
    top = header
    while top - 1 >= 0 and header - top + 1 < MAX_HEADER_ROWS:
        above, current = head[top - 1], head[top]
        # A merged cell across the boundary, or a group heading merged over columns.
        spans = (top - 1, top) in merged_rows or (top - 1, top - 1) in merged_rows
        if above.is_empty or (len(above.filled) < need and not spans):
            break
        if _data_like(above, prof) and not _header_like(above, prof):
            break
        if not spans and not set(above.filled) & set(current.filled):
            break  # "Label: value" lines beside the table, not a heading above it
        gaps = any(
            col < len(above.cells) and cell_kind(above.cells[col]) != "e"
            and (col >= len(current.cells) or cell_kind(current.cells[col]) == "e")
            for col in used
        )
        if not (spans or gaps or _crosstab_like(above, used)):
            break
        top -= 1
    return top, header - top + 1


def column_names(header: Sequence[Sequence[str | None]], width: int) -> list[str]:
    """One name per column from the header rows: parts joined, empty parts left out."""
    names = []
    for col in range(width):
        parts: list[str] = []
        for row in header:
            text = row[col] if col < len(row) else None
            text = " ".join((text or "").split())
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(" - ".join(parts))
    return names


def unique_names(names: Sequence[str]) -> list[str]:
    """Empty names become 'Kolom N'; a repeated name gets ' (2)', ' (3)'..."""
    out: list[str] = []
    seen: Counter[str] = Counter()
    for number, name in enumerate(names, start=1):
        base = name or _("Kolom {n}").format(n=number)
        seen[base] += 1
        candidate = base if seen[base] == 1 else f"{base} ({seen[base]})"
        while candidate in out:
            seen[base] += 1
            candidate = f"{base} ({seen[base]})"
        out.append(candidate)
    return out


def detect_layout(head: Sequence[GridRow], tail: Sequence[GridRow], tail_is_head: bool,
                  merged_rows: set[tuple[int, int]] | None = None) -> Layout:
    """Header and the rows below the data, for rows from the top and the bottom.

    ``tail_is_head``: the file is small and ``tail`` is the same list as ``head``."""
    width = table_width(head)
    bottom = [r for r in tail if not r.is_empty][-60:]
    zone = find_zone(tail, width, bottom or list(head))
    scan = list(head)
    if tail_is_head and zone:
        scan = scan[: zone[0].position]
    header_row, header_rows = find_header(scan, width, merged_rows)
    if tail_is_head:
        # Judge the rows below the data against the data itself, not the title rows.
        end = zone[0].position if zone else len(head)
        body = [r for r in head[header_row + header_rows:end] if not r.is_empty]
        zone = find_zone(tail, width, body or bottom)
        zone = [z for z in zone if z.position >= header_row + header_rows + 1]
    return Layout(header_row, header_rows, width, zone)
