"""Delimited text (CSV, TXT, TSV): samples for detection and preview, and the full read.

Detection and preview look only at the first 256 kB and the last 64 kB, so they are
equally fast for any file size. The full read streams the bytes between the first
data row and the rows below the data through pyarrow's multi-threaded CSV parser;
Windows-1252 and Latin-1 are transcoded on the way in (``_WatchedRange``), UTF-16 by
pyarrow. Every value stays text;
typing is ``core.io.coerce``'s job.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from core.io import problems
from core.io.layout import GridRow
from core.io.settings import DELIMITERS, ImportSettings
from core.io.sniff import HEAD_BYTES, TAIL_BYTES, Sniffed
from core.jobs import CancelToken, checkpoint
from core.limits import MAX_COLUMNS, MAX_CSV_ROW_BYTES

MAX_HEAD_RECORDS = 400
MAX_TAIL_RECORDS = 80
# Parse blocks: each becomes one chunk of every column, and typing loops over chunks, so
# 4 MB (not Arrow's 1 MB) makes typing a fifth cheaper without slowing the parse.
BLOCK_BYTES = 4 << 20
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Record:
    start: int  # character offset in the decoded sample
    end: int
    line: int  # 0-based line where the record starts
    fields: list[str]


@dataclass
class TextSample:
    """The start and the end of a text file, decoded."""

    path: Path
    size: int
    sniffed: Sniffed
    head: str  # decoded first bytes (the whole file when it is small)
    tail: str  # decoded last bytes, starting at a line boundary
    tail_offset: int  # byte offset of ``tail`` in the file
    whole: bool  # ``head`` is the complete file
    bom: bytes = b""
    _records: dict = field(default_factory=dict, repr=False)
    _total_lines: int | None = field(default=None, repr=False)

    @property
    def total_lines(self) -> int:
        """Lines in the file; counted the first time it is needed (a pass over the file)."""
        if self._total_lines is None:
            self._total_lines = _count_file_lines(self.path, self.encoding)
        return self._total_lines

    @property
    def encoding(self) -> str:
        return self.sniffed.encoding or "utf-8"

    def offset_codec(self, encoding: str) -> str:
        """The codec that turns decoded text back into the file's bytes (without BOM)."""
        if encoding == "utf-8-sig":
            return "utf-8"
        if encoding == "utf-16":
            return "utf-16-be" if self.bom == codecs.BOM_UTF16_BE else "utf-16-le"
        return encoding

    def head_records(self, settings: ImportSettings) -> list[Record]:
        key = ("head", settings.encoding, settings.delimiter, settings.quotechar)
        if key not in self._records:
            text = self.decoded_head(settings.encoding)
            records = split_records(text, settings.delimiter, settings.quotechar,
                                    None if self.whole else MAX_HEAD_RECORDS)
            if not self.whole and records and records[-1].end >= len(text):
                records = records[:-1]  # cut off by the sample's end
            self._records[key] = records
        return self._records[key]

    def tail_records(self, settings: ImportSettings) -> list[Record]:
        if self.whole:
            return self.head_records(settings)
        key = ("tail", settings.encoding, settings.delimiter, settings.quotechar)
        if key not in self._records:
            text = self.decoded_tail(settings.encoding)
            records = split_records(text, settings.delimiter, settings.quotechar, None)
            self._records[key] = records[-MAX_TAIL_RECORDS:]
        return self._records[key]

    def decoded_head(self, encoding: str) -> str:
        if encoding == self.encoding:
            return self.head
        return _decode_head(self.path, encoding, self.whole)[0]

    def decoded_tail(self, encoding: str) -> str:
        if encoding == self.encoding:
            return self.tail
        return _decode_tail(self.path, encoding, self.tail_offset)[0]

    def tail_grid(self, settings: ImportSettings) -> list[GridRow]:
        """The tail records as rows; their line numbers are filled in by ``number_rows``
        only when needed (counting lines is a pass over the whole file)."""
        if self.whole:
            return to_grid(self.head_records(settings))
        rows = to_grid(self.tail_records(settings))
        for row in rows:
            row.line = None
        return rows

    def number_rows(self, settings: ImportSettings, rows: list[GridRow],
                    positions: list[int]) -> None:
        """Give the tail rows at ``positions`` their line numbers in the file."""
        if self.whole or not positions:
            return
        numbers = self.tail_line_numbers(settings)
        for position in positions:
            rows[position].line = numbers[position]

    def tail_line_numbers(self, settings: ImportSettings) -> list[int]:
        """1-based line number of each tail record."""
        records = self.tail_records(settings)
        if self.whole:
            return [r.line + 1 for r in records]
        text = self.decoded_tail(settings.encoding)
        lines_in_tail = _count_lines(text)
        first = self.total_lines - lines_in_tail + 1
        return [first + r.line for r in records]


def _count_lines(text: str) -> int:
    return len(io.StringIO(text, newline="").readlines())


def _decode_head(path: Path, encoding: str, whole: bool) -> tuple[str, bytes]:
    with problems.reading(path), path.open("rb") as fh:
        raw = fh.read(HEAD_BYTES)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(raw, final=whole)
    bom = next((b for b in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
                if raw.startswith(b) and encoding in ("utf-8-sig", "utf-16")), b"")
    return text.replace("\x00", ""), bom


def _decode_tail(path: Path, encoding: str, offset: int) -> tuple[str, int]:
    with problems.reading(path), path.open("rb") as fh:
        fh.seek(offset)
        raw = fh.read()
    codec = encoding
    if encoding == "utf-8-sig":
        codec = "utf-8"
    if codec.startswith("utf-16"):
        codec = "utf-16-le" if codec in ("utf-16", "utf-16-le") else codec
        if offset % 2:
            raw = raw[1:]
            offset += 1
    elif codec == "utf-8":
        skip = 0
        while skip < len(raw) and 0x80 <= raw[skip] < 0xC0:
            skip += 1
        raw = raw[skip:]
        offset += skip
    text = raw.decode(codec, errors="replace").replace("\x00", "")
    # Start at a line boundary: the first line is most likely a part of a line.
    cut = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=-1)
    if cut < 0:
        return "", offset + len(raw)
    if text[cut:cut + 2] == "\r\n":
        cut += 1
    consumed = text[: cut + 1]
    return text[cut + 1:], offset + len(consumed.encode(codec, errors="replace"))


def load_sample(path: Path, sniffed: Sniffed) -> TextSample:
    with problems.reading(path):
        size = path.stat().st_size
    whole = size <= HEAD_BYTES
    encoding = sniffed.encoding or "utf-8"
    head, bom = _decode_head(path, encoding, whole)
    if whole:
        tail, tail_offset = head, 0
    else:
        tail, tail_offset = _decode_tail(path, encoding, max(0, size - TAIL_BYTES))
    return TextSample(path, size, sniffed, head, tail, tail_offset, whole, bom)


def _count_file_lines(path: Path, encoding: str) -> int:
    with problems.reading(path), path.open("rb") as fh:
        newline = b"\n\x00" if encoding.startswith("utf-16") else b"\n"
        total = cr = 0
        last = b""
        while chunk := fh.read(1 << 24):
            total += chunk.count(newline)
            cr += chunk.count(b"\r")
            last = chunk
        if total == 0:
            total = cr  # classic Mac line ends
        if last and not last.rstrip(b"\x00").endswith((b"\n", b"\r")):
            total += 1
    return total


def split_records(text: str, delimiter: str, quotechar: str, limit: int | None) -> list[Record]:
    """Records with their character offsets (a quoted field may span several lines)."""

    class Lines:
        def __init__(self) -> None:
            self.it = iter(io.StringIO(text, newline=""))
            self.pos = 0
            self.line = 0

        def __iter__(self):
            return self

        def __next__(self) -> str:
            line = next(self.it)
            self.pos += len(line)
            self.line += 1
            return line

    lines = Lines()
    reader = csv.reader(lines, delimiter=delimiter, quotechar=quotechar or '"',
                        quoting=csv.QUOTE_MINIMAL if quotechar else csv.QUOTE_NONE,
                        doublequote=True, strict=False)
    records: list[Record] = []
    start, start_line = 0, 0
    try:
        for fields_ in reader:
            records.append(Record(start, lines.pos, start_line, fields_))
            start, start_line = lines.pos, lines.line
            if limit is not None and len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def to_grid(records: list[Record], line_numbers: list[int] | None = None) -> list[GridRow]:
    rows = []
    for i, rec in enumerate(records):
        cells = [f if f.strip() != "" else None for f in rec.fields]
        line = line_numbers[i] if line_numbers else rec.line + 1
        rows.append(GridRow(cells, line, len(rec.fields)))
    return rows


def sniff_delimiter(text: str, quotechar: str = '"') -> str:
    """The delimiter that splits most lines into the same number (> 1) of fields."""
    best, best_score = ";", -1.0
    for delimiter in DELIMITERS:
        records = split_records(text, delimiter, quotechar, 200)
        counts = [len(r.fields) for r in records if any(f.strip() for f in r.fields)]
        if not counts:
            continue
        common, n = Counter(counts).most_common(1)[0]
        if common < 2:
            continue
        # Consistency first, then more columns; ';' wins a tie (Dutch exports).
        score = n / len(counts) + min(common, 50) / 1000 + (0.0005 if delimiter == ";" else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def check_width(sample: TextSample, settings: ImportSettings) -> None:
    """Refuse at once a file wider than MAX_COLUMNS, or whose first line does not even fit
    in the sample, before detection spends time per column (and so that the message
    names that, not "no rows")."""
    records = sample.head_records(settings)
    if records:
        widest = max(len(r.fields) for r in records[:settings.header_row + 2])
        if widest > MAX_COLUMNS:
            raise problems.too_many_columns(sample.path, widest)
        return
    if sample.whole:
        return
    cut = split_records(sample.decoded_head(settings.encoding), settings.delimiter,
                        settings.quotechar, 1)
    fields = len(cut[0].fields) if cut else 0
    if fields > MAX_COLUMNS:
        raise problems.too_many_columns(sample.path, fields, at_least=True)
    raise problems.line_too_long(sample.path, HEAD_BYTES)


# --------------------------------------------------------------------------- full read


def _replaced_utf8(path: Path, start: int, end: int, encoding: str) -> pa.Buffer:
    """Decode with replacement marks (for files with a few bad bytes), as UTF-8."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    out = bytearray()
    with path.open("rb") as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            chunk = fh.read(min(left, 1 << 23))
            if not chunk:
                break
            left -= len(chunk)
            out += decoder.decode(chunk, final=left <= 0).encode("utf-8")
    return pa.py_buffer(bytes(out))


@dataclass
class BadRow:
    line: int | None
    fields: int


@dataclass
class RangeRead:
    table: pa.Table
    bad_rows: list[BadRow]
    replaced_bytes: bool  # some bytes did not decode and became replacement marks


_ASCII = bytes(range(128))


@cache
def _high_bytes(encoding: str) -> dict[int, bytes | None] | None:
    """For a single-byte encoding that keeps ASCII as is (Windows-1252, Latin-1): the UTF-8
    of each byte from 0x80 up, None where the encoding leaves a byte undefined. None for
    other encodings."""
    if codecs.lookup(encoding).name not in ("cp1252", "iso8859-1"):
        return None
    table: dict[int, bytes | None] = {}
    for byte in range(128, 256):
        try:
            table[byte] = bytes((byte,)).decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            table[byte] = None
    return table


class _WatchedRange(io.RawIOBase):
    """The bytes [start, end) of a file, for pyarrow to read in blocks. Each read reports
    how far it got and is where a stop asked by the user takes effect (the exception
    reaches the caller unchanged), so the one-shot multi-threaded reader keeps progress
    and cancel.

    With ``high`` (see ``_high_bytes``) it also transcodes to UTF-8: a Dutch export holds
    few distinct non-ASCII bytes (€, é, ë), and replacing each of them in a block is about
    twice as fast as a codec, which on this path limits how fast pyarrow can parse."""

    def __init__(self, raw, left: int, cancel: CancelToken | None,
                 on_read: Callable[[int], None] | None,
                 high: dict[int, bytes | None] | None = None, encoding: str = "") -> None:
        super().__init__()
        self.raw, self.left, self.done = raw, left, 0
        self.cancel, self.on_read = cancel, on_read
        self.high, self.encoding, self.pending = high, encoding, b""
        self.growth = 1.02  # how much a block grows when transcoded, learnt as it goes

    def readable(self) -> bool:
        return True

    def _next(self, size: int) -> bytes:
        data = self.raw.read(min(size, self.left)) if self.left else b""
        self.left -= len(data)
        self.done += len(data)
        if self.on_read is not None:
            self.on_read(self.done)
        return data

    def _transcoded(self, data: bytes) -> bytes:
        assert self.high is not None
        found = set(data.translate(None, _ASCII))
        for byte in found:
            if self.high[byte] is None:  # the caller reads the file again, with marks
                raise UnicodeDecodeError(self.encoding, b"", 0, 1, "undefined byte")
        # One replacement must not touch the bytes another one put in (cp1252 '€' becomes
        # E2 82 AC, and 0x82 is cp1252 too): then the codec does the block.
        if any(other in self.high[byte] for byte in found for other in found  # type: ignore[operator]
               if other != byte):
            return data.decode(self.encoding).encode("utf-8")
        for byte in found:
            data = data.replace(bytes((byte,)), self.high[byte])  # type: ignore[arg-type]
        return data

    def read(self, size: int = -1) -> bytes:
        checkpoint(self.cancel)
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(BLOCK_BYTES), b""))
        if self.pending:
            out, self.pending = self.pending[:size], self.pending[size:]
            return out
        if self.high is None:
            return self._next(size)
        # A little less than asked, so that the block, once transcoded, still fits and
        # goes on as it is: on this path every extra copy of a block costs fresh memory,
        # and fresh memory (page faults) is what makes a first import slow. A shorter
        # block is fine for pyarrow.
        data = self._next(max(1, int(size / self.growth)))
        if not data.isascii():
            raw_length = len(data)
            data = self._transcoded(data)
            self.growth = max(1.0, len(data) / raw_length) + 0.01
        if len(data) > size:
            data, self.pending = data[:size], data[size:]
        return data


def read_range(path: Path, start: int, end: int, encoding: str, settings: ImportSettings,
               width: int, *, newlines_in_values: bool, replace_bad_bytes: bool,
               first_line: int, cancel: CancelToken | None = None,
               on_read: Callable[[int], None] | None = None) -> RangeRead:
    """Parse the bytes [start, end) as ``width`` text columns named c0, c1, ...

    pyarrow reads it in one go on all cores; ``on_read(bytes_so_far)`` reports progress
    and between blocks the user can stop (``cancel``)."""
    bad: list[BadRow] = []

    def on_bad_row(row) -> str:
        line = first_line + row.number - 1 if row.number is not None else None
        bad.append(BadRow(line, row.actual_columns))
        return "skip"

    block = BLOCK_BYTES

    def parse(raw, length: int, enc: str, threads: bool) -> pa.Table:
        high = _high_bytes(enc)
        return pacsv.read_csv(
            _WatchedRange(raw, length, cancel, on_read, high, enc),
            read_options=pacsv.ReadOptions(
                column_names=[f"c{i}" for i in range(width)],
                encoding="utf8" if high else enc,
                use_threads=threads, block_size=block),
            parse_options=pacsv.ParseOptions(
                delimiter=settings.delimiter, quote_char=settings.quotechar or False,
                double_quote=True, escape_char=False, newlines_in_values=newlines_in_values,
                ignore_empty_lines=True, invalid_row_handler=on_bad_row),
            convert_options=pacsv.ConvertOptions(
                column_types={f"c{i}": pa.large_string() for i in range(width)},
                strings_can_be_null=True, quoted_strings_can_be_null=True, null_values=[""]),
        )

    def attempt_once(threads: bool, replace: bool) -> pa.Table:
        bad.clear()
        checkpoint(cancel)
        if replace:
            text_ = _replaced_utf8(path, start, end, encoding)
            return parse(pa.BufferReader(text_), text_.size, "utf8", threads)
        enc = "utf8" if encoding in ("utf-8", "utf8") else encoding
        with path.open("rb") as fh:
            fh.seek(start)
            return parse(fh, end - start, enc, threads)

    def attempt(threads: bool, replace: bool) -> pa.Table:
        # The parser needs every row inside one block: a longer row is read again with
        # bigger blocks, up to MAX_CSV_ROW_BYTES (the transcoder may grow the bytes a bit).
        nonlocal block
        while True:
            try:
                return attempt_once(threads, replace)
            except pa.ArrowInvalid as exc:
                if "straddl" not in str(exc):
                    raise
                if block >= MAX_CSV_ROW_BYTES:
                    raise problems.row_too_long(path, MAX_CSV_ROW_BYTES) from None
                block = min(MAX_CSV_ROW_BYTES, max(block * 4, min(end - start + 1024,
                                                                  MAX_CSV_ROW_BYTES)))

    if end <= start:  # only a header: no data to parse
        empty = pa.table({f"c{i}": pa.array([], pa.large_string()) for i in range(width)})
        return RangeRead(empty, [], False)
    replace = replace_bad_bytes
    with problems.reading(path):
        try:
            table = attempt(True, replace)
        except UnicodeDecodeError:
            replace = True
            table = attempt(True, replace)
        except pa.ArrowInvalid as exc:
            if "Empty CSV" in str(exc):
                empty = pa.table({f"c{i}": pa.array([], pa.large_string()) for i in range(width)})
                return RangeRead(empty, [], replace)
            if "UTF8" not in str(exc) or replace:
                raise
            replace = True
            table = attempt(True, replace)
        if bad:
            # pyarrow knows line numbers only when it reads in one thread.
            table = attempt(False, replace)
    return RangeRead(table, list(bad), replace)
