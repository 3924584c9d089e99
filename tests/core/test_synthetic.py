"""The synthetic youth-care data: deterministic, and its planted defects are what it says.

The counts are verified here with plain pandas, independently of the checks that
later must find them, so the defect manifest can be trusted as a test oracle.
"""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from core.paths import resource_path
from core.synthetic import (
    COMBINED_COLUMNS,
    EXPORT_FILES,
    SyntheticConfig,
    combined_messages,
    generate,
    write_example,
)

EXAMPLE = resource_path("example")


@pytest.fixture(scope="module")
def data():
    return generate()


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, format="%d-%m-%Y", errors="coerce")


def test_committed_example_files_are_what_the_generator_writes(tmp_path):
    write_example(tmp_path)
    for name, _encoding in EXPORT_FILES.values():
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name
    for name in ("cbs_jeugdhulp_regio.csv", "defects.json"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name

    def cells(path):
        wb = openpyxl.load_workbook(path)
        return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}

    assert cells(tmp_path / "budgetplafonds_2024.xlsx") == cells(
        EXAMPLE / "budgetplafonds_2024.xlsx")


def test_same_seed_same_data_other_seed_other_data():
    a = generate(SyntheticConfig(n_clients=120, seed=1))
    b = generate(SyntheticConfig(n_clients=120, seed=1))
    c = generate(SyntheticConfig(n_clients=120, seed=2))
    for key in a.frames:
        pd.testing.assert_frame_equal(a.frames[key], b.frames[key])
    assert not a.frames["301"].equals(c.frames["301"])


def test_planted_duplicates_and_missing_values(data):
    d = data.defects
    f301, f303, f305 = data.frames["301"], data.frames["303"], data.frames["305"]
    assert f301.duplicated().sum() == d["301_duplicate_rows"] == 4
    assert f305.duplicated().sum() == d["305_duplicate_rows"] == 2
    assert f303.duplicated().sum() == d["303_duplicate_rows"] == 6
    assert f301["Toewijzingnummer"].duplicated().sum() == d["301_duplicate_key_rows"][
        "Toewijzingnummer"] == 7
    assert (f301["Postcode"] == "").sum() == d["301_missing"]["Postcode"] == 12
    assert (f303["Productcode"] == "").sum() == d["303_missing"]["Productcode"] == 5
    for frame in (f301, f303, f305, data.frames["307"]):
        blanks = (frame == "").sum()
        assert set(blanks[blanks > 0].index) <= {"Postcode", "Opmerking", "Productcode"}


def test_planted_values_that_do_not_parse(data):
    volume = data.frames["303"]["Geleverd volume"]
    numbers = pd.to_numeric(volume.str.replace(",", "."), errors="coerce")
    assert numbers.isna().sum() == data.defects["303_invalid"]["Geleverd volume"] == 3
    start = data.frames["305"]["Begindatum zorg"]
    assert _dates(start).isna().sum() == data.defects["305_invalid_dates"]["Begindatum zorg"] == 2


def test_planted_implausible_dates_and_ages(data):
    f = data.frames["301"]
    birth = _dates(f["Geboortedatum"])
    assert (birth < "1900-01-01").sum() == data.defects["301_dates_before_1900"]
    assert (birth > pd.Timestamp(data.config.export_date)).sum() == data.defects[
        "301_dates_future"]
    age = (_dates(f["Ingangsdatum toewijzing"]) - birth).dt.days / 365.25
    assert ((age < 0) | (age > 23)).sum() == data.defects["301_implausible_age"] == 5


def test_planted_spelling_variants_and_whitespace(data):
    names = data.frames["301"]["Naam aanbieder"].value_counts()
    for variants in data.defects["301_provider_variants"].values():
        for spelling, count in variants.items():
            assert names[spelling] == count
    district = data.frames["301"]["Wijk"]
    assert (district != district.str.strip()).sum() == data.defects["301_whitespace"]["Wijk"]
    assert (district == "noord").sum() == data.defects["301_case_variants"]["Wijk"]


def _assignments(data):
    f = data.frames["301"].drop_duplicates()
    return f.assign(begin=_dates(f["Ingangsdatum toewijzing"]),
                    end=_dates(f["Einddatum toewijzing"]))


KEY = ["BSN", "AGB-code aanbieder", "Productcode"]


def test_planted_overlapping_assignments(data):
    a = _assignments(data)
    pairs = a.merge(a, on=KEY)
    pairs = pairs[pairs["Toewijzingnummer_x"] < pairs["Toewijzingnummer_y"]]
    overlap = (pairs.begin_x <= pairs.end_y) & (pairs.begin_y <= pairs.end_x)
    assert overlap.sum() == data.defects["301_overlapping_pairs"] == 6


def _matches(messages: pd.DataFrame, date_col: str, a: pd.DataFrame) -> pd.Series:
    """Matching rule: same client, provider, product and decision; date in the period
    when the date is valid."""
    m = messages.reset_index().merge(a, on=[*KEY, "Beschikkingnummer"], how="left")
    when = _dates(m[date_col])
    ok = m["begin"].notna() & (when.isna() | ((when >= m["begin"]) & (when <= m["end"])))
    return ok.groupby(m["index"]).any()


def test_planted_unmatched_start_and_stop_messages(data):
    a = _assignments(data)
    f305, f307 = data.frames["305"], data.frames["307"]
    assert (~_matches(f305, "Begindatum zorg", a)).sum() == data.defects["305_unmatched"] == 7
    assert (~_matches(f307, "Einddatum zorg", a)).sum() == data.defects["307_unmatched"] == 3


def test_planted_stop_before_start_and_missing_starts(data):
    a = _assignments(data)
    keys = [*KEY, "Beschikkingnummer"]
    starts = data.frames["305"].drop_duplicates()
    stops = data.frames["307"]
    both = stops.merge(starts, on=keys)
    assert (_dates(both["Einddatum zorg"]) < _dates(both["Begindatum zorg"])).sum() == (
        data.defects["307_before_305"])
    stop_keys = stops.merge(a[keys], on=keys)[keys].drop_duplicates()
    no_start = stop_keys.merge(starts[keys], on=keys, how="left", indicator=True)
    assert (no_start["_merge"] == "left_only").sum() == data.defects["307_without_305"] == 4
    horizon = pd.Timestamp(data.config.export_date) - pd.Timedelta(days=30)
    old = a[a.begin < horizon].drop_duplicates(subset=keys)
    missing = old.merge(starts[keys], on=keys, how="left", indicator=True)
    assert (missing["_merge"] == "left_only").sum() == data.defects[
        "301_without_305_after_30_days"] == 13


def test_planted_implausible_volumes_and_outliers(data):
    f = data.frames["303"].drop_duplicates()
    days = (_dates(f["Einddatum periode"]) - _dates(f["Begindatum periode"])).dt.days + 1
    volume = pd.to_numeric(f["Geleverd volume"].str.replace(",", "."), errors="coerce")
    per_day = volume / days
    assert ((f["Eenheid"] == "uur") & (per_day > 24)).sum() == data.defects[
        "303_implausible_volume"]
    amount = pd.to_numeric(
        f["Bedrag"].str.replace("€", "").str.replace(".", "").str.replace(",", ".").str.strip())
    per_unit = amount / volume
    tariff = per_unit.groupby(f["Productcode"]).transform("median")
    assert (per_unit > tariff * 10).sum() == data.defects["303_amount_outliers"] == 3


def test_defect_manifest_matches_generation():
    manifest = json.loads((EXAMPLE / "defects.json").read_text(encoding="utf-8"))
    assert manifest["301_duplicate_rows"] == 4
    assert manifest["clients"] == 600


def test_combined_export_for_benchmarks_has_twelve_columns():
    frame = combined_messages(5000)
    assert list(frame.columns) == COMBINED_COLUMNS
    assert len(frame) == 5000
    assert set(frame["Berichtcode"]) == {"301", "303", "305", "307"}
