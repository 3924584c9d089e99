"""Bad and hostile input: never a crash, always a Dutch message that says what to do."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.io import FileProblem, detect_settings, import_file, open_source, preview
from core.io.problems import MAX_UNPACKED_BYTES

TABLE = "Berichtcode;BSN;Volume\r\n301;012345672;3\r\n301;111222333;4\r\n"


def _workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["BSN", "Volume"])
    wb.active.append(["012345672", 3])
    wb.save(path)
    return path


def _declare_huge(path: Path) -> None:
    """Patch the zip's central directory so one member claims 4 GB unpacked."""
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    assert pos > 0
    struct.pack_into("<I", data, pos + 24, 0xFFFFFFFF - 1)  # uncompressed size field
    path.write_bytes(bytes(data))


def empty(tmp: Path) -> Path:
    (tmp / "leeg.csv").write_bytes(b"")
    return tmp / "leeg.csv"


def blank(tmp: Path) -> Path:
    (tmp / "witruimte.csv").write_bytes(b"\r\n  \r\n\r\n")
    return tmp / "witruimte.csv"


def header_only(tmp: Path) -> Path:
    (tmp / "kop.csv").write_text("Berichtcode;BSN;Volume\r\n", encoding="utf-8")
    return tmp / "kop.csv"


def png_named_csv(tmp: Path) -> Path:
    (tmp / "plaatje.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return tmp / "plaatje.csv"


def pdf_named_xlsx(tmp: Path) -> Path:
    (tmp / "rapport.xlsx").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    return tmp / "rapport.xlsx"


def csv_named_xlsx(tmp: Path) -> Path:
    (tmp / "export.xlsx").write_text(TABLE, encoding="utf-8")
    return tmp / "export.xlsx"


def word_named_xlsx(tmp: Path) -> Path:
    with zipfile.ZipFile(tmp / "brief.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    return tmp / "brief.xlsx"


def truncated_xlsx(tmp: Path) -> Path:
    full = _workbook(tmp / "heel.xlsx").read_bytes()
    (tmp / "half.xlsx").write_bytes(full[: len(full) // 2])
    return tmp / "half.xlsx"


def password_xlsx(tmp: Path) -> Path:
    # Excel writes an encrypted workbook as an OLE2 (compound file) container.
    (tmp / "beveiligd.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"E\x00n\x00c\x00r\x00y\x00" * 20)
    return tmp / "beveiligd.xlsx"


def absurd_xlsx(tmp: Path) -> Path:
    path = _workbook(tmp / "bom.xlsx")
    _declare_huge(path)
    return path


def ragged_csv(tmp: Path) -> Path:
    text = "a;b;c\r\n1;2;3\r\n1;2;3;4\r\n1;2;3\r\n5;6\r\n7;8;9\r\n"
    (tmp / "rafelig.csv").write_text(text, encoding="utf-8")
    return tmp / "rafelig.csv"


BAD_FILES = {
    empty: "leeg",
    blank: "leeg",
    header_only: "geen rijen met gegevens",
    png_named_csv: "geen CSV- of Excel-bestand",
    pdf_named_xlsx: "beschadigd",
    csv_named_xlsx: "tekstbestand (CSV)",
    word_named_xlsx: "geen CSV- of Excel-bestand",
    truncated_xlsx: "beschadigd",
    password_xlsx: "wachtwoord",
    absurd_xlsx: "GB",
    ragged_csv: "regel 3 en 5",
}


@pytest.mark.parametrize("make, words", BAD_FILES.items(), ids=[f.__name__ for f in BAD_FILES])
def test_bad_file_gets_a_dutch_message_with_advice(tmp_path, make, words):
    path = make(tmp_path)
    with pytest.raises(FileProblem) as info:
        import_file(path)
    assert words in info.value.message
    assert info.value.hint  # what to do
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("make", list(BAD_FILES), ids=[f.__name__ for f in BAD_FILES])
def test_inspect_exits_2_with_one_dutch_line(tmp_path, capsys, make):
    from desktop.app import main

    code = main(["inspect", str(make(tmp_path)), "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert any(w in captured.err for w in ("bestand", "regel", "Bestand"))


def test_absurd_size_is_refused_from_the_zip_directory_alone(tmp_path, monkeypatch):
    path = absurd_xlsx(tmp_path)

    def no_unpacking(*args, **kwargs):
        raise AssertionError("a member was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_unpacking)
    with pytest.raises(FileProblem) as info:
        open_source(path)
    assert f"{MAX_UNPACKED_BYTES // 1024**3} GB" in info.value.message


def test_ragged_rows_can_be_skipped_and_are_reported(tmp_path):
    path = ragged_csv(tmp_path)
    src = open_source(path)
    from core.io import detect_settings

    settings = detect_settings(src).replace(skip_bad_rows=True)
    result = import_file(path, settings, source=src)
    assert result.dataset.row_count == 3
    assert any("regel 3 en 5" in w for w in result.warnings)


def test_a_file_locked_by_excel_says_to_close_it(tmp_path, monkeypatch):
    path = tmp_path / "open_in_excel.csv"
    path.write_text(TABLE, encoding="utf-8")
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(FileProblem) as info:
        import_file(path)
    assert "Excel" in info.value.message and "Sluit" in info.value.hint


def test_windows_sharing_violation_is_a_locked_file_too(tmp_path, monkeypatch):
    path = tmp_path / "gedeeld.xlsx"
    _workbook(path)
    real_open = Path.open

    def sharing_violation(self, *args, **kwargs):
        if self == path:
            exc = OSError(22, "The process cannot access the file")
            exc.winerror = 32
            raise exc
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", sharing_violation)
    with pytest.raises(FileProblem) as info:
        import_file(path)
    assert "in gebruik" in info.value.message


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(FileProblem) as info:
        import_file(tmp_path / "weg.csv")
    assert "weg.csv" in info.value.message and "niet gevonden" in info.value.message


def test_damaged_bytes_are_replaced_and_reported(tmp_path):
    text = "Naam;Volume\r\nZoë;1\r\nCliënt;2\r\n".encode()
    path = tmp_path / "beschadigd.csv"
    path.write_bytes(text + b"Kapot\xff\xfe;3\r\n")
    result = import_file(path)
    names = result.dataset.original["Naam"].tolist()
    assert names[:2] == ["Zoë", "Cliënt"]
    assert "\ufffd" in names[2]
    assert any("niet worden gelezen" in w for w in result.warnings)


def test_a_windows_1252_byte_without_a_character_deep_in_the_file_is_reported(tmp_path):
    rows = "".join(f"Café {i};{i},50\r\n" for i in range(60_000)).encode("cp1252")
    path = tmp_path / "westeuropees.csv"
    path.write_bytes(b"Naam;Bedrag\r\n" + rows + b"Kapot\x81;1,00\r\n")  # 0x81: undefined
    src = open_source(path)
    assert src.sniffed.encoding == "cp1252"
    assert any("niet worden gelezen" in w for w in preview(src, detect_settings(src)).warnings)
    result = import_file(path)
    names = result.dataset.original["Naam"]
    assert names.iloc[0] == "Café 0" and names.iloc[-1] == "Kapot\ufffd"
    assert any("niet worden gelezen" in w for w in result.warnings)


def test_a_nul_character_in_a_cell_is_removed(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"a,b,c\n\x00,2,3\n")
    result = import_file(path)
    assert result.dataset.original["a"].isna().all()
    assert result.warnings


# --------------------------------------------------------------------------- issue 16: size


def _long_row_csv(path: Path, chars: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Berichtcode;Toelichting\n301;kort\n")
        fh.write("301;" + "x" * chars + "\n")
        fh.write("305;ook kort\n")
    return path


def test_a_row_longer_than_the_parse_block_is_read(tmp_path):
    path = _long_row_csv(tmp_path / "lang.csv", 9 * 1024 * 1024)  # more than BLOCK_BYTES
    dataset = import_file(path).dataset
    assert dataset.row_count == 3
    assert len(dataset.original["Toelichting"].iloc[1]) == 9 * 1024 * 1024


def test_a_row_longer_than_the_limit_gets_a_dutch_message(tmp_path, monkeypatch):
    from core.io import text

    monkeypatch.setattr(text, "BLOCK_BYTES", 1 << 16)
    monkeypatch.setattr(text, "MAX_CSV_ROW_BYTES", 1 << 18)
    path = _long_row_csv(tmp_path / "lang.csv", 1 << 20)
    with pytest.raises(FileProblem, match="Een regel in 'lang.csv' is langer dan"):
        import_file(path)


def _wide_csv(path: Path, columns: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(";".join(f"kolom{i}" for i in range(columns)) + "\n")
        for r in range(3):
            fh.write(";".join(str(i + r) for i in range(columns)) + "\n")
    return path


@pytest.mark.parametrize(("columns", "shown"), [(1_500, "1.500 kolommen"),
                                                (20_000, "20.000 kolommen"),
                                                (50_000, "minstens")])
def test_a_very_wide_file_is_refused_quickly_naming_the_columns(tmp_path, columns, shown):
    import time

    path = _wide_csv(tmp_path / "breed.csv", columns)
    started = time.perf_counter()
    with pytest.raises(FileProblem) as info:
        import_file(path)
    assert time.perf_counter() - started < 5  # was 43 s for 20,000 columns
    assert shown in info.value.message and "1.000 kolommen" in info.value.message
    assert "geen rijen" not in info.value.message


def test_a_file_of_one_endless_line_says_so(tmp_path):
    path = tmp_path / "een-regel.csv"
    path.write_bytes(b"abc " * 100_000)
    with pytest.raises(FileProblem, match="eerste regel"):
        import_file(path)


def test_a_workbook_wider_than_the_limit_is_refused(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Breed")
    ws.append([f"k{i}" for i in range(1_200)])
    ws.append(list(range(1_200)))
    wb.save(tmp_path / "breed.xlsx")
    with pytest.raises(FileProblem, match="1.200 kolommen"):
        import_file(tmp_path / "breed.xlsx")


def test_windows_1252_text_is_transcoded_without_mixing_up_bytes(tmp_path):
    # '€' becomes E2 82 AC in UTF-8, and 0x82 is a Windows-1252 character too ('‚');
    # replacing them one after the other mixed them up (false 'unreadable' warning, or
    # an internal error when a row also had a wrong number of values).
    text = "Naam;Bedrag\n" + "".join(f"Café ©{i} ‚x‚ ¬;€ {i},50\n" for i in range(100))
    path = tmp_path / "ansi.csv"
    path.write_bytes(text.encode("cp1252"))
    result = import_file(path)
    assert result.warnings == []
    assert result.dataset.original["Naam"].iloc[3] == "Café ©3 ‚x‚ ¬"
    assert result.dataset.original["Bedrag"].iloc[3] == "€ 3,50"
    path.write_bytes((text + "één;twee;drie\n").encode("cp1252"))
    with pytest.raises(FileProblem, match="regel 102"):
        import_file(path)


def test_a_workbook_asking_for_a_newer_zip_version_is_damaged(tmp_path):
    path = _workbook(tmp_path / "nieuw.xlsx")
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, pos + 6, 0x0FFF)  # version needed to extract
    path.write_bytes(bytes(data))
    with pytest.raises(FileProblem, match="beschadigd"):
        open_source(path)
