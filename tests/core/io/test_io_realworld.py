"""Real exports written by others (/work/shared/realworld, never copied into the repo).

MANIFEST.tsv and expected.json say what a right import gives. Files marked SHOULD FAIL
must give a clear Dutch ``UserError``. Where expected.json gives only a note, the
checks below spell that note out. Skipped when the folder is absent (CI).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from core.data import typed
from core.errors import UserError
from core.io import detect_settings, import_file, open_source, preview

ROOT = Path("/work/shared/realworld")
pytestmark = pytest.mark.skipif(not (ROOT / "expected.json").is_file(),
                                reason="real-world files not present")


def _expected() -> dict:
    if not (ROOT / "expected.json").is_file():
        return {}
    return json.loads((ROOT / "expected.json").read_text(encoding="utf-8"))


def _manifest() -> list[str]:
    if not (ROOT / "MANIFEST.tsv").is_file():
        return []
    with (ROOT / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return [row["file"] for row in csv.DictReader(fh, delimiter="\t")]


def _read(name: str, sheet: str | None = None):
    path = ROOT / "files" / name
    source = open_source(path)
    settings = detect_settings(source, sheet)
    result = import_file(path, settings, source=source)
    return source, settings, result


# Checks spelled out from the notes, for what rows/columns alone do not show.
def _kwb_almere(source, settings, result):
    frame = typed(result.dataset).frame
    kinds = result.dataset.original["SoortRegio_2"].str.strip().value_counts().to_dict()
    assert kinds == {"Buurt": 1220, "Wijk": 308, "Gemeente": 8}
    assert frame["Codering_3"].str.len().max() <= 10 and not frame["Codering_3"].str.endswith(
        " ").any()


def _pivot(source, settings, result):
    assert (settings.header_row, settings.header_rows) == (3, 2)
    assert [p.kind for p in preview(source, settings).proposals] == ["footnote"]


def _donor(source, settings, result):
    ds = result.dataset
    data = typed(ds)
    periods = data.frame["Perioden"].dt.year
    assert periods.min() == 2014 and periods.max() == 2022
    value = ds.columns[3].name
    assert ds.column(value).type == "decimal"
    assert int(data.frame[value].isna().sum()) == 7 and not data.invalid[value].any()


def _kiesraad(source, settings, result):
    frame = typed(result.dataset).frame
    assert result.dataset.column("AantalStemmen").type == "integer"
    assert frame["Gemeente"].nunique() == 342


def _odata_regios(source, settings, result):
    data = typed(result.dataset)
    assert set(data.frame["Perioden"]) == {pd.Timestamp(2015, 1, 1)}
    assert data.frame["RegioS"].str[:2].value_counts().to_dict() == {
        "GM": 713, "CR": 40, "PV": 12, "LD": 4, "NL": 1}
    assert not any(v.any() for v in data.invalid.values())


def _misdrijven(source, settings, result):
    frame = typed(result.dataset).frame
    assert result.dataset.column("SoortMisdrijf").type == "code"
    assert frame["SoortMisdrijf"].nunique() == 76
    assert (frame["SoortMisdrijf"].str.len() == 7).all()
    assert frame["RegioS"].str.startswith("GM").all()


def _vektis(source, settings, result):
    # 14735 rows of which the last is an unlabelled grand total: proposed, not read.
    assert result.dataset.row_count == 14734
    assert [p.kind for p in preview(source, settings).proposals] == ["total"]
    assert settings.decimal == "."


def _montpellier(source, settings, result):
    frame = typed(result.dataset).frame
    assert frame["BP2015"].iloc[0] == 454000.0
    assert result.dataset.original["Fonction"].iloc[0] == "020"


def _gla_2009(source, settings, result):
    assert list(result.dataset.original.columns) == [
        "Supplier Name", "Expense Code Description", "Amount Paid"]
    assert typed(result.dataset).frame["Amount Paid"].iloc[0] == 7296.75


def _gla_p13(source, settings, result):
    assert [p.kind for p in preview(source, settings).proposals] == [
        "total", "footnote", "footnote"]
    assert not any(v.any() for v in typed(result.dataset).invalid.values())


def _bis(source, settings, result):
    assert settings.sheet == "Sheet1"
    assert [s.name for s in source.summaries] == ["Sheet1", "Sheet2", "Sheet3"]


def _bbsrc(source, settings, result):
    data = typed(result.dataset)
    assert result.dataset.column("Date").type == "date"
    assert not data.invalid["Date"].any() and data.frame["Date"].notna().all()


def _ipc(source, settings, result):
    assert (settings.header_row, settings.header_rows) == (9, 3)
    assert result.dataset.row_count == 46  # the national aggregate row and 45 areas
    assert [p.kind for p in preview(source, settings).proposals] == ["footnote", "footnote"]


def _utf16(source, settings, result):
    assert result.dataset.original["c"].iloc[-1] == "ʤ"


def _locale(source, settings, result):
    frame = typed(result.dataset).frame
    assert frame["a"].iloc[0] == 1.7 and frame["b"].iloc[0] == 200_000_000
    assert frame["c"].isna().all()


def _null_byte(source, settings, result):
    assert result.dataset.row_count == 1 and len(result.dataset.columns) == 3
    assert result.warnings


def _mac(source, settings, result):
    assert "\r" in result.dataset.original["a"].iloc[1]


def _skip_lines(source, settings, result):
    assert settings.header_row == 3
    assert (result.dataset.row_count, len(result.dataset.columns)) == (3, 7)


def _fy09(source, settings, result):
    assert result.dataset.original["Code"].iloc[0] == "01"
    assert typed(result.dataset).frame["TOTAL"].iloc[0] == 12426


def _nhs(source, settings, result):
    assert len(source.summaries) == 7
    _s, provider, res = _read("cal_nhs_ae_attendances_dec2022.xls", "Provider Level Data")
    assert (provider.header_row, provider.header_rows) == (14, 2)
    assert res.dataset.row_count == 205  # England total and 204 providers
    assert res.dataset.columns[0].name == "Code"


def _enron(source, settings, result):
    assert len(source.summaries) == 10


def _merged_range(source, settings, result):
    assert settings.header_rows == 2
    assert not any(c.name.startswith("Kolom") for c in result.dataset.columns)


def _no_shared_strings(source, settings, result):
    assert settings.header_row == 3
    assert (result.dataset.row_count, len(result.dataset.columns)) == (1, 12)


def _hidden(source, settings, result):
    assert settings.sheet == "Visible"
    assert {s.name: s.visible for s in source.summaries}["Hidden"] is False


def _xlsb(source, settings, result):
    assert len(source.summaries) == 6


def _ods(source, settings, result):
    assert len(result.dataset.columns) == 3 and result.dataset.row_count == 2


EXTRA = {
    "cbs_kwb_almere_multiyear_odata_wide.csv": _kwb_almere,
    "cbs_statline_bevolking_pc4_almere_pivot.csv": _pivot,
    "cbs_statline_donorregister_symbols.csv": _donor,
    "nl_kiesraad_tk2025_uitslag_gemeente.csv": _kiesraad,
    "cbs_odata_70072ned_untyped_regios.csv": _odata_regios,
    "cbs_odata_83648ned_misdrijven_untyped.csv": _misdrijven,
    "nl_vektis_zvw_2015_gemeente_cp1252.csv": _vektis,
    "fl_montpellier_budget_2015_latin1_nbsp.csv": _montpellier,
    "fl_gla_payments_dec2009_titlerows_cp1252.csv": _gla_2009,
    "fl_gla_payments_2011-12_P13_metadata_block.csv": _gla_p13,
    "fl_bis_monthly_spend_dec2012.xls": _bis,
    "fl_bbsrc_25k_spend_mixed_dates.csv": _bbsrc,
    "fl_ipc_afghanistan_merged_headers.xlsx": _ipc,
    "ck_utf16le_bom.csv": _utf16,
    "ck_decimal_comma_locale.csv": _locale,
    "ck_null_byte.csv": _null_byte,
    "ck_mac_cr_newlines.csv": _mac,
    "ck_skip_lines_blank_rows.xlsx": _skip_lines,
    "ck_fy09_edu_recipients_thousands.csv": _fy09,
    "cal_nhs_ae_attendances_dec2022.xls": _nhs,
    "cal_enron_weekly_report_merged.xls": _enron,
    "cal_merged_range.xlsx": _merged_range,
    "cal_no_sharedstrings_issue530.xlsx": _no_shared_strings,
    "cal_hidden_sheets.xlsx": _hidden,
    "cal_issues.xlsb": _xlsb,
    "cal_merged_cells.ods": _ods,
}
# Where expected.json counts a row that detection proposes to leave out.
ROWS_BEFORE_EXCLUSION = {"nl_vektis_zvw_2015_gemeente_cp1252.csv"}


def test_every_manifest_file_has_an_expectation():
    assert sorted(_manifest()) == sorted(_expected())
    assert len(_manifest()) == 40


@pytest.mark.parametrize("name", sorted(_expected()))
def test_real_world_file(name):
    expected = _expected()[name]
    if expected.get("should_fail"):
        with pytest.raises(UserError) as info:
            _read(name)
        assert info.value.message and info.value.hint
        assert any(w in str(info.value) for w in ("bestand", "regel", "Excel"))
        return
    source, settings, result = _read(name)
    ds = result.dataset
    if "rows" in expected and name not in ROWS_BEFORE_EXCLUSION:
        assert ds.row_count == expected["rows"]
    if "columns" in expected:
        assert len(ds.columns) == expected["columns"]
    if "delimiter" in expected:
        assert settings.delimiter == expected["delimiter"]
    if "encoding" in expected:
        assert settings.encoding.split("-")[:2] == expected["encoding"].split("-")[:2] or (
            settings.encoding.startswith(expected["encoding"]))
    check = EXTRA.get(name)
    if check is not None:
        check(source, settings, result)
    assert "rows" in expected or check is not None, "no expectation to check"
