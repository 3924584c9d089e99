"""Dutch export conventions: each one read right from a file the test writes itself."""

from __future__ import annotations

import pandas as pd
import pytest

from core.data import frames_of_kind, typed
from core.io import detect_settings, import_file, open_source, preview
from core.project import Project

ROWS = [
    ("301", "03010512", "Jeugdzorg De Hoop B.V.", "1.234,56", "03-03-2024"),
    ("301", "98123401", "Stichting Kompas", "12,50", "15-04-2024"),
    ("301", "98123402", "Horizon", "7,00", "01-05-2024"),
    ("301", "07001122", "De Vlinder", "100,25", "31-12-2024"),
    ("301", "98123404", "Sterk Thuis", "0,75", "02-01-2025"),
]
HEADER = ("Berichtcode", "AGB-code aanbieder", "Naam aanbieder", "Volume", "Ingangsdatum")


def write(tmp_path, name: str, text: str, encoding: str = "utf-8", newline: str = "\r\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def table(delimiter: str = ";", rows=ROWS, header=HEADER, quote_all: bool = False) -> str:
    def cell(v: str) -> str:
        return f'"{v}"' if quote_all or delimiter in v or '"' in v else v

    lines = [delimiter.join(cell(v) for v in header)]
    lines += [delimiter.join(cell(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiter_is_detected_and_values_stay_whole(tmp_path, delimiter):
    path = write(tmp_path, "export.csv", table(delimiter))
    result = import_file(path)
    ds = result.dataset
    assert ds.settings["delimiter"] == delimiter
    assert list(ds.original.columns) == list(HEADER)
    assert ds.original["Volume"].tolist() == [r[3] for r in ROWS]  # "1.234,56" not split


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")],
)
def test_encoding_is_detected_so_accents_and_euro_signs_survive(tmp_path, encoding, expected):
    rows = [("301", "98123401", "Cliënt Zoë", "€ 1.234,56", "03-03-2024")] * 3
    path = write(tmp_path, "export.csv", table(";", rows), encoding)
    ds = import_file(path).dataset
    assert ds.settings["encoding"] == expected
    assert ds.original["Naam aanbieder"].iloc[0] == "Cliënt Zoë"
    assert typed(ds).frame["Volume"].iloc[0] == 1234.56


def test_excel_unicode_text_utf16_tab_separated_is_read(tmp_path):
    # Excel's "Unicode-tekst (*.txt)": UTF-16 little endian with BOM, tabs, CRLF.
    text = table("\t", [("301", "98123401", "Cliënt Zoë", "12,5", "03-03-2024")] * 2)
    path = write(tmp_path, "export.txt", text, "utf-16")
    ds = import_file(path).dataset
    assert ds.settings["encoding"].startswith("utf-16")
    assert ds.settings["delimiter"] == "\t"
    assert ds.original["Naam aanbieder"].tolist() == ["Cliënt Zoë"] * 2


def test_windows_1252_is_recognised_when_the_first_accent_is_deep_in_the_file(tmp_path):
    plain = [("301", "98123401", "Horizon", "1,00", "03-03-2024")] * 20_000
    path = write(tmp_path, "groot.csv", table(";", [*plain, ("301", "98123402", "Zoë", "2,00",
                                                              "04-03-2024")]), "cp1252")
    ds = import_file(path).dataset
    assert ds.settings["encoding"] == "cp1252"
    assert ds.original["Naam aanbieder"].iloc[-1] == "Zoë"


def test_windows_1252_reads_the_same_whatever_the_mix_of_plain_and_accented_blocks(
        tmp_path, monkeypatch):
    """The full read transcodes block by block, guessing how much a block grows: plain
    blocks, then blocks that grow far more than guessed (€ is three bytes in UTF-8),
    then plain again. Small blocks, so that a small file has many of them."""
    from core.io import text

    monkeypatch.setattr(text, "BLOCK_BYTES", 16 << 10)
    plain = [("301", "98123401", "Horizon", "1,00", "03-03-2024")] * 3000
    dense = [("303", f"9812{i:04d}", "€€€€ Zoë Cliënt €€€€€€ ééé", f"€ {i},50", "04-03-2024")
             for i in range(3000)]
    rows = [*plain, *dense, *plain]
    path = write(tmp_path, "gemengd.csv", table(";", rows), "cp1252")

    ds = import_file(path).dataset

    assert ds.settings["encoding"] == "cp1252"
    assert ds.original.shape == (9000, 5)
    for column, values in zip(HEADER, zip(*rows, strict=True), strict=True):
        assert ds.original[column].tolist() == list(values)


def test_quoted_fields_with_line_breaks_stay_one_value(tmp_path):
    text = 'Berichtcode;Opmerking;Volume\n301;"eerste regel\ntweede regel";1\n301;kort;2\n'
    ds = import_file(write(tmp_path, "x.csv", text)).dataset
    assert ds.row_count == 2
    assert ds.original["Opmerking"].iloc[0] == "eerste regel\r\ntweede regel"


def test_decimal_comma_thousands_and_euro_amounts_become_numbers(tmp_path):
    rows = [("1", "€ 1.234,56", "1.234", "-€ 12,50"), ("2", "€ 0,99", "12", "€ 3,00"),
            ("3", "€ 12.345.678,00", "7", "€ -4,00")]
    path = write(tmp_path, "x.csv", table(";", rows, ("Nr", "Bedrag", "Aantal", "Correctie")))
    ds = import_file(path).dataset
    frame = typed(ds).frame
    assert ds.column("Bedrag").type == "amount"
    assert frame["Bedrag"].tolist() == [1234.56, 0.99, 12345678.0]
    assert frame["Correctie"].tolist() == [-12.5, 3.0, -4.0]
    assert frame["Aantal"].tolist() == [1234, 12, 7]


def test_semicolon_file_with_decimal_point_is_not_read_as_comma(tmp_path):
    # Vektis and CBS OData files use ';' with a decimal point.
    rows = [("AA EN HUNZE", "466.69", "737763.34"), ("ZWOLLE", "12.5", "0.00")]
    path = write(tmp_path, "x.csv", table(";", rows, ("Gemeente", "Jaren", "Kosten")))
    ds = import_file(path).dataset
    assert ds.settings["decimal"] == "."
    assert typed(ds).frame["Jaren"].tolist() == [466.69, 12.5]


@pytest.mark.parametrize(
    "values, expected_format",
    [
        (["03-03-2024", "31-12-2024", "01-01-2025"], "%d-%m-%Y"),
        (["2024-03-03", "2024-12-31", "2025-01-01"], "%Y-%m-%d"),
        (["3-3-24", "31-12-24", "1-1-25"], "%d-%m-%y"),
    ],
)
def test_date_formats(tmp_path, values, expected_format):
    path = write(tmp_path, "x.csv", table(";", [(v, "x") for v in values], ("Begindatum", "T")))
    ds = import_file(path).dataset
    assert ds.column("Begindatum").type == "date"
    assert (ds.column("Begindatum").format or ds.settings["date_format"]) == expected_format
    got = typed(ds).frame["Begindatum"].tolist()
    assert got == [pd.Timestamp(2024, 3, 3), pd.Timestamp(2024, 12, 31), pd.Timestamp(2025, 1, 1)]


def test_excel_serial_dates_in_a_text_export(tmp_path):
    path = write(tmp_path, "x.csv", table(";", [("45292", "a"), ("45658", "b")],
                                          ("Begindatum zorg", "T")))
    ds = import_file(path).dataset
    assert (ds.column("Begindatum zorg").type, ds.column("Begindatum zorg").format) == (
        "date", "excel")
    assert typed(ds).frame["Begindatum zorg"].tolist() == [pd.Timestamp(2024, 1, 1),
                                                          pd.Timestamp(2025, 1, 1)]


def test_impossible_calendar_dates_are_flagged_not_rolled_over(tmp_path):
    rows = [("31-02-2024", "a"), ("29-02-2024", "b"), ("29-02-2023", "c")]
    rows += [(f"{d:02d}-03-2024", "d") for d in range(1, 31)]
    path = write(tmp_path, "x.csv", table(";", rows, ("Begindatum zorg", "T")))
    ds = import_file(path).dataset
    data = typed(ds)
    assert ds.column("Begindatum zorg").type == "date"
    assert data.invalid["Begindatum zorg"].tolist() == [True, False, True] + [False] * 30
    assert data.frame["Begindatum zorg"].iloc[1] == pd.Timestamp(2024, 2, 29)
    assert data.frame["Begindatum zorg"].iloc[0] is pd.NaT


def test_header_below_a_title_and_blank_lines(tmp_path):
    text = "Toewijzingen jeugdhulp 2024\n\nGemeente Westerdijk;;;;\n\n" + table(";")
    src = open_source(write(tmp_path, "x.csv", text))
    settings = detect_settings(src)
    assert settings.header_row == 4
    ds = import_file(src.path, settings, source=src).dataset
    assert list(ds.original.columns) == list(HEADER)
    assert ds.row_count == len(ROWS)


def test_totaal_row_and_footnotes_are_proposed_and_the_user_decides(tmp_path):
    text = table(";") + "Totaal;;;1.354,06;\n\nBron: eigen administratie, gemeente Westerdijk\n"
    src = open_source(write(tmp_path, "x.csv", text))
    settings = detect_settings(src)
    view = preview(src, settings)
    assert [(p.kind, p.line) for p in view.proposals] == [("total", 7), ("footnote", 9)]
    assert settings.exclude_rows == [-2, -1]
    result = import_file(src.path, settings, source=src)
    assert result.dataset.row_count == len(ROWS)
    assert any("totaalregel" in w for w in result.warnings)
    kept = import_file(src.path, settings.replace(exclude_rows=[-1]), source=src).dataset
    assert kept.row_count == len(ROWS) + 1
    assert kept.original["Berichtcode"].iloc[-1] == "Totaal"


def test_codes_keep_their_leading_zeros_and_stay_text(tmp_path):
    rows = [("012345672", "03010512", "045A1", "1234 AB"), ("111222333", "98123401", "45A01",
                                                              "8831 KX")]
    header = ("BSN", "AGB-code", "Productcode", "Postcode")
    ds = import_file(write(tmp_path, "x.csv", table(";", rows, header))).dataset
    frame = typed(ds).frame
    assert [ds.column(h).type for h in header] == ["code"] * 4
    assert frame["BSN"].tolist() == ["012345672", "111222333"]
    assert frame["AGB-code"].tolist() == ["03010512", "98123401"]


def test_cbs_statline_periods_and_padded_region_codes(tmp_path):
    rows = [("GM0363  ", "2023JJ00", "118,4"), ("GM0363  ", "2023KW02", "121,0"),
            ("JZ99    ", "2023MM07", "124,9")]
    path = write(tmp_path, "cbs.csv", table(";", rows, ("RegioS", "Perioden", "Per1000_2")),
                 "utf-8-sig")
    ds = import_file(path).dataset
    frame = typed(ds).frame
    assert ds.kind == "cbs"
    assert {c.name: c.role for c in ds.columns if c.role} == {"RegioS": "region",
                                                              "Perioden": "period"}
    assert frame["Perioden"].tolist() == [pd.Timestamp(2023, 1, 1), pd.Timestamp(2023, 4, 1),
                                          pd.Timestamp(2023, 7, 1)]
    assert frame["RegioS"].tolist() == ["GM0363", "GM0363", "JZ99"]
    assert ds.original["RegioS"].iloc[0] == "GM0363  "  # the original stays as read


def test_one_file_with_several_message_kinds_is_mixed_and_splits_by_kind(tmp_path):
    rows = [("301", "012345672", "03-03-2024"), ("305", "012345672", "10-03-2024"),
            ("305", "111222333", "11-03-2024")]
    path = write(tmp_path, "berichten.csv", table(";", rows, ("Berichtcode", "BSN", "Datum")))
    ds = import_file(path).dataset
    assert ds.kind == "mixed"
    project = Project(datasets=[ds])
    assert [len(kf.frame) for kf in frames_of_kind(project, "305")] == [2]


def test_preview_follows_a_changed_setting(tmp_path):
    src = open_source(write(tmp_path, "x.csv", table(";")))
    settings = detect_settings(src)
    assert len(preview(src, settings).columns) == len(HEADER)
    wrong = preview(src, settings.replace(delimiter=","))
    assert len(wrong.columns) < len(HEADER)
    shifted = preview(src, settings.replace(header_row=1))
    assert shifted.columns[0].name == "301"
    assert len(shifted.rows) == len(ROWS) - 1


def test_a_long_import_reports_progress_and_can_be_stopped(tmp_path):
    from core.errors import Cancelled
    from core.jobs import CancelToken

    rows = "".join(f"301;{100000000 + i};98123401;Horizon;{i % 90},5;03-03-2024\r\n"
                   for i in range(150_000))
    path = tmp_path / "groot.csv"
    path.write_text(";".join(HEADER) + ";Extra\r\n" + rows, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    result = import_file(path, progress=lambda done, total, label: seen.append((done, total)))
    assert result.dataset.row_count == 150_000
    assert seen[-1][0] == seen[-1][1] and [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert len({d for d, _t in seen}) > 4  # more than the fixed steps: per block of rows

    token = CancelToken()

    def stop_after_first_block(done, total, label):
        if 1000 < done < 2000:
            token.cancel()

    with pytest.raises(Cancelled):
        import_file(path, progress=stop_after_first_block, cancel=token)


def test_fast_fixed_width_dates_agree_with_the_general_reader():
    import numpy as np
    import pyarrow as pa

    from core.io.coerce import _dates, _dates_general

    values = ["03-03-2024", "29-02-2024", "29-02-2023", "31-04-2024", "31-12-1999", "1-3-2024",
              " 03-03-2024", "00-01-2024", "15-13-2024", "12-05-0024", "3-11-24", "ab-cd-efgh",
              "2024-03-03", "28-02-1900", "29-02-2000", None, "", "01-01-2025 10:30:00"] * 50
    s = pa.chunked_array([pa.array(values[:400], pa.large_string()),
                          pa.array(values[400:], pa.large_string())])
    present = np.array([v is not None and v.strip() != "" for v in values])
    fast = _dates(s, present, "%d-%m-%Y", len(values))
    general = _dates_general(s, present, "%d-%m-%Y", len(values))
    assert np.array_equal(fast, general, equal_nan=True)
    assert fast[0] == np.datetime64("2024-03-03") and np.isnat(fast[2]) and np.isnat(fast[3])


@pytest.mark.parametrize("type_id, fmt, values", [
    ("amount", None, ["€ 1.234,56", "€ 0,99", "12,5", "1.23,4", "abc", "", " € 3,00 ", None,
                      "(12,50)", "EUR 4,00", "-", "1,2,3"]),
    ("decimal", None, ["1,5", "2", "2,0", "x", "", None, "1.5", " 7,25"]),
    ("integer", None, ["1", "2", "2,5", "007", "", None, "1.000", "zes"]),
    ("date", None, ["03-03-2024", "31-02-2024", "29-02-2024", "3-3-24", "", None, "2024-03-03",
                    "kwartaal", " 01-01-2025"]),
    ("date", "excel", ["45292", "45658", "0", "x", "", None]),
    ("date", "cbs", ["2023JJ00", "2023KW02", "2023MM07", "2024*", "x", "", None]),
    ("boolean", None, ["ja", "Nee", "JA", "misschien", "", None]),
])
def test_typing_the_distinct_values_once_gives_what_typing_every_row_gives(type_id, fmt, values):
    # A million-row export repeats its amounts and dates; typing types each distinct
    # value once. Every value, also the unreadable ones and the blanks, must come out
    # exactly as when each row is typed by itself.
    import numpy as np

    from core.io.coerce import _as_arrow, _coerce, coerce_column
    from core.io.settings import ImportSettings

    settings = ImportSettings(decimal=",", thousands=".", date_format="%d-%m-%Y",
                              missing_values=["-"])
    rows = np.random.default_rng(7).choice(len(values), 400)
    text = pd.Series([values[i] for i in rows], index=pd.RangeIndex(1000, 1400),
                     dtype="string[pyarrow]")
    fast = coerce_column(text, type_id, settings, fmt)
    each = _coerce(_as_arrow(text), text.index, type_id, settings, fmt)
    pd.testing.assert_series_equal(fast.values, each.values)
    pd.testing.assert_series_equal(fast.invalid, each.invalid)
    assert fast.invalid.any() and fast.values.notna().any()


def test_typing_part_of_a_column_keeps_the_row_labels():
    # Cleaning re-types only the rows it changed (labels 5 and 9 here): their values
    # must land on those rows, not be lost by lining them up with labels 0 and 1.
    from core.io.coerce import coerce_column
    from core.io.settings import ImportSettings

    text = pd.Series(["1,5", "2", "ja"], index=[5, 9, 12], dtype="string")
    settings = ImportSettings(decimal=",", thousands=".")
    amounts = coerce_column(text, "decimal", settings)
    assert amounts.values.tolist()[:2] == [1.5, 2.0]
    assert amounts.invalid.tolist() == [False, False, True]
    assert coerce_column(text, "boolean", settings).values.tolist()[2] is True
