"""What kind of file is this, and how is its text encoded? From the bytes, not the name.

Excel files are zip archives (xlsx, xlsm, xlsb, ods) or OLE2 containers (xls). A
password-protected xlsx is an OLE2 container too. A zip's directory says how large
its parts become when unpacked; we read only that directory to refuse absurd files.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.io import problems
from core.io.problems import MAX_UNPACKED_BYTES

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
OOXML_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xltx", ".xltm"}
EXCEL_SUFFIXES = OOXML_SUFFIXES | {".xls", ".ods"}
BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"7z\xbc\xaf", b"Rar!", b"\x1f\x8b",
    b"MZ", b"\x00\x00\x01\x00", b"BM",
)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
HEAD_BYTES = 256 * 1024
TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class Sniffed:
    format: str  # "csv" or "excel"
    encoding: str | None = None  # text only
    encoding_note: str = ""  # why, in English, for the log and tests
    bad_bytes: bool = False  # some bytes do not decode; they are shown as a replacement mark
    has_nul: bool = False


def _is_workbook_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError):
        # NotImplementedError: a directory that asks for a newer zip version
        raise problems.corrupt_excel(path) from None
    names = {info.filename.replace("\\", "/") for info in infos}  # zips made on Windows
    # Read only the zip directory: the sizes it declares decide before anything unpacks.
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise problems.too_big(path)
    return bool(
        {"xl/workbook.xml", "xl/workbook.bin"} & names
        or ("content.xml" in names and "mimetype" in names)
    )


def _looks_binary(head: bytes) -> bool:
    if head.startswith(BINARY_MAGIC):
        return True
    sample = head[:4096]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.3


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zero_even = even.count(0) / len(even)
    zero_odd = odd.count(0) / len(odd)
    if zero_odd > 0.3 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.3 and zero_odd < 0.05:
        return "utf-16-be"
    return None


CHUNK = 1 << 20
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _undefined_in(encoding: str) -> tuple[bytes, ...]:
    undefined = []
    for byte in range(0x80, 0x100):
        try:
            bytes((byte,)).decode(encoding)
        except UnicodeDecodeError:
            undefined.append(bytes((byte,)))
    return tuple(undefined)


_UNDEFINED_1252 = _undefined_in("cp1252")  # 0x81, 0x8D, 0x8F, 0x90, 0x9D


def _scan(fh) -> tuple[int, bool, bool]:
    """One streaming pass: (offset of the first non-ASCII byte or -1, has a NUL byte, has a
    byte that Windows-1252 leaves undefined). Reads into one reused buffer, so a large
    file costs no memory."""
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    first, nul, undefined, pos = -1, False, False, 0
    fh.seek(0)
    while n := fh.readinto(buffer):
        chunk = view[:n]
        if first < 0 and not chunk.tobytes().isascii():
            first = pos + _NON_ASCII.search(chunk).start()
        if not nul:
            nul = buffer.find(b"\x00", 0, n) >= 0
        if first >= 0 and not undefined:
            undefined = any(buffer.find(b, 0, n) >= 0 for b in _UNDEFINED_1252)
        pos += n
    return first, nul, undefined


def _utf8_from(fh, start: int) -> tuple[bool, bool]:
    """Decode from ``start`` to the end as UTF-8 in chunks.

    Returns (valid, mostly_valid): mostly valid means real multi-byte characters were
    seen before the first bad byte (a UTF-8 file with a few damaged bytes).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen_multibyte = False
    fh.seek(start)
    while chunk := fh.read(CHUNK):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            seen_multibyte = seen_multibyte or any(b >= 0xC2 for b in chunk[: exc.start])
            return False, seen_multibyte
        if not seen_multibyte and not text.isascii():
            seen_multibyte = True
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, seen_multibyte
    return True, True


def detect_encoding(fh) -> tuple[str, str, bool, bool]:
    """(codec, note, bad_bytes, has_nul) for delimited text. Checks the whole file where
    the start is plain ASCII: a Windows-1252 export may have its first accent deep inside."""
    fh.seek(0)
    head = fh.read(4096)
    for bom, codec in BOMS:
        if head.startswith(bom):
            utf16 = codec.startswith("utf-16")
            return codec, "byte order mark", False, (not utf16) and _scan(fh)[1]
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16, "utf-16 without byte order mark", False, False
    first, nul, undefined = _scan(fh)
    if first < 0:
        return "utf-8", "plain ascii", False, nul
    valid, mostly = _utf8_from(fh, first)
    if valid:
        return "utf-8", "valid utf-8", False, nul
    if mostly:
        return "utf-8", "utf-8 with damaged bytes", True, nul
    return "cp1252", "not utf-8: windows-1252", undefined, nul


def sniff(path: Path) -> Sniffed:
    """Decide the reader from the file's content. Raises ``FileProblem``."""
    suffix = path.suffix.lower()
    with problems.reading(path):
        if path.is_dir():
            raise problems.is_folder(path)
        size = path.stat().st_size
        if size == 0:
            raise problems.empty(path)
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            if head.startswith(ZIP):
                if _is_workbook_zip(path):
                    return Sniffed("excel")
                raise problems.not_a_table(path)
            if head.startswith(OLE2):
                if suffix in OOXML_SUFFIXES:
                    # Excel stores an encrypted xlsx inside an OLE2 container.
                    raise problems.encrypted(path)
                return Sniffed("excel")
            if not head.strip(b" \t\r\n\x00"):
                raise problems.empty(path)
            if _looks_binary(head) and not _utf16_without_bom(head) and not any(
                head.startswith(bom) for bom, _ in BOMS
            ):
                if suffix in EXCEL_SUFFIXES:
                    raise problems.corrupt_excel(path)
                raise problems.not_a_table(path)
            encoding, note, bad, has_nul = detect_encoding(fh)
    if suffix in EXCEL_SUFFIXES:
        raise problems.text_named_excel(path) if _looks_tabular(head, encoding) else (
            problems.corrupt_excel(path))
    return Sniffed("csv", encoding, note, bad, has_nul)


def _looks_tabular(head: bytes, encoding: str) -> bool:
    """Does this text split into rows with the same number (> 1) of fields?"""
    import csv
    import io

    text = head[:16384].decode(encoding, errors="replace")
    lines = text.splitlines()[:-1] or text.splitlines()
    for delimiter in (";", ",", "\t", "|"):
        counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
                  if any(f.strip() for f in r)]
        if len(counts) >= 2:
            common = max(set(counts), key=counts.count)
            if common > 1 and counts.count(common) >= 0.8 * len(counts):
                return True
    return False
