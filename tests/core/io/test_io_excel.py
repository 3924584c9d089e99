"""Excel workbooks as finance departments keep them, written by the tests with openpyxl."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from openpyxl import Workbook

from core.data import typed
from core.io import detect_settings, import_file, open_source, preview


def messy_workbook(path):
    """An explanation sheet first; then a title, a two-row merged header, a Totaal row,
    an empty row and a footnote."""
    wb = Workbook()
    info = wb.active
    info.title = "Uitleg"
    info["A1"] = "Dit bestand bevat de plafonds per aanbieder."
    info["A2"] = "Bron: afdeling Financiën."
    ws = wb.create_sheet("Plafonds")
    ws["A1"] = "Budgetplafonds jeugdhulp 2025"
    ws["A3"], ws["B3"], ws["C3"] = "Aanbieder", "AGB-code", "Budget 2025"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws["C4"], ws["D4"] = "Plafond", "Ingangsdatum"
    rows = [("De Hoop", "03010512", 1_450_000.5, dt.datetime(2025, 1, 1)),
            ("Kompas", "98123401", 760_000, dt.datetime(2025, 2, 1)),
            ("Horizon", "98123402", 380_000, dt.datetime(2025, 3, 1, 12, 30))]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    ws.cell(8, 1, "Totaal")
    ws.cell(8, 3, 2_590_000.5)
    ws.cell(10, 1, "* Vastgesteld door het college op 10-12-2024.")
    hidden = wb.create_sheet("Oud")
    hidden.sheet_state = "hidden"
    for r in range(1, 40):
        hidden.cell(r, 1, r)
        hidden.cell(r, 2, r * 2)
    wb.save(path)
    return path


def test_the_table_sheet_is_chosen_and_each_sheet_has_a_preview(tmp_path):
    src = open_source(messy_workbook(tmp_path / "plafonds.xlsx"))
    by_name = {s.name: s for s in src.summaries}
    assert set(by_name) == {"Uitleg", "Plafonds", "Oud"}
    assert not by_name["Uitleg"].usable and by_name["Plafonds"].usable
    assert not by_name["Oud"].visible
    assert by_name["Uitleg"].sample[0][0].startswith("Dit bestand")
    assert detect_settings(src).sheet == "Plafonds"


def test_merged_two_row_header_totaal_and_footnote(tmp_path):
    src = open_source(messy_workbook(tmp_path / "plafonds.xlsx"))
    settings = detect_settings(src)
    assert (settings.header_row, settings.header_rows) == (2, 2)
    view = preview(src, settings)
    assert [c.name for c in view.columns] == [
        "Aanbieder", "AGB-code", "Budget 2025 - Plafond", "Budget 2025 - Ingangsdatum"]
    assert [(p.kind, p.line) for p in view.proposals] == [("total", 8), ("footnote", 10)]
    assert view.row_lines == [5, 6, 7]
    ds = import_file(src.path, settings, source=src).dataset
    assert ds.row_count == 3
    assert ds.kind == "budget"
    roles = {c.name: c.role for c in ds.columns if c.role}
    assert roles["AGB-code"] == "provider" and roles["Budget 2025 - Plafond"] == "amount"


def test_excel_cells_keep_their_values_through_text_and_typing(tmp_path):
    src = open_source(messy_workbook(tmp_path / "plafonds.xlsx"))
    ds = import_file(src.path, detect_settings(src), source=src).dataset
    assert ds.original["AGB-code"].tolist() == ["03010512", "98123401", "98123402"]
    assert ds.original["Budget 2025 - Plafond"].tolist() == ["1450000,5", "760000", "380000"]
    frame = typed(ds).frame
    assert frame["Budget 2025 - Plafond"].tolist() == [1_450_000.5, 760_000, 380_000]
    assert frame["Budget 2025 - Ingangsdatum"].tolist() == [
        pd.Timestamp(2025, 1, 1), pd.Timestamp(2025, 2, 1), pd.Timestamp(2025, 3, 1, 12, 30)]
    assert not any(v.any() for v in typed(ds).invalid.values())


def test_another_sheet_can_be_chosen(tmp_path):
    src = open_source(messy_workbook(tmp_path / "plafonds.xlsx"))
    settings = detect_settings(src, "Oud")
    assert settings.header_rows == 0  # numbers from the first row: no header
    ds = import_file(src.path, settings, source=src).dataset
    assert ds.row_count == 39
    assert list(ds.original.columns) == ["Kolom 1", "Kolom 2"]
    assert ds.source.sheet == "Oud"


def test_big_sheet_preview_uses_the_loaded_rows(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Declaraties")
    ws.append(["BSN", "Bedrag", "Begindatum periode"])
    for i in range(3000):
        ws.append([f"{100000000 + i}", 10.5 + i, dt.date(2024, 1, 1 + i % 28)])
    ws.append(["Totaal", sum(10.5 + i for i in range(3000)), None])
    wb.save(tmp_path / "groot.xlsx")
    src = open_source(tmp_path / "groot.xlsx")
    settings = detect_settings(src)
    view = preview(src, settings)
    assert len(view.rows) == 50 and view.estimated_rows == 3000
    assert [p.kind for p in view.proposals] == ["total"]
    ds = import_file(src.path, settings, source=src).dataset
    assert ds.row_count == 3000
    assert typed(ds).frame["Bedrag"].iloc[-1] == 10.5 + 2999


def test_typing_from_kept_excel_cells_equals_typing_the_text(tmp_path):
    src = open_source(messy_workbook(tmp_path / "plafonds.xlsx"))
    ds = import_file(src.path, detect_settings(src), source=src).dataset
    assert set(ds._cell_values) == {"Budget 2025 - Plafond", "Budget 2025 - Ingangsdatum"}
    quick = typed(ds)
    ds._cell_values = {}
    ds._typed = None
    slow = typed(ds)
    pd.testing.assert_frame_equal(quick.frame, slow.frame)
    for name in slow.invalid:
        assert quick.invalid[name].equals(slow.invalid[name])


def test_columns_built_two_at_a_time_are_the_columns_built_one_by_one(tmp_path, monkeypatch):
    from core.io import excel

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Declaraties")
    ws.append(["BSN", "Bedrag", "Begindatum", "Opmerking", "Volume"])
    for i in range(2000):
        ws.append([f"{100000000 + i}", 10.5 + i if i % 7 else None, dt.date(2024, 1, 1 + i % 28),
                   "" if i % 3 else f"nota {i}", i % 5 if i % 11 else "onbekend"])
    wb.save(tmp_path / "kolommen.xlsx")
    frames = {}
    for cells in (0, 10**9):  # from the first cell on / never two at a time
        monkeypatch.setattr(excel, "PARALLEL_CELLS", cells)
        ds = import_file(tmp_path / "kolommen.xlsx").dataset
        frames[cells] = (ds.original, typed(ds).frame)
    for one, other in zip(frames[0], frames[10**9], strict=True):
        pd.testing.assert_frame_equal(one, other)
    assert frames[0][0]["Volume"].iloc[11] == "onbekend"
    assert frames[0][1]["Begindatum"].iloc[27] == pd.Timestamp(2024, 1, 28)
