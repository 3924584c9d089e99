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
    # Aspecific assignments name a category and no product: not a defect, but counted.
    aspecific = f301["Productcode"] == ""
    assert aspecific.sum() >= d["aspecific_assignments"] > 20
    assert (f301.loc[aspecific, "Productcategorie"] != "").all()
    # Messages without a toewijzingnummer (older software) and 307s without beschikking.
    assert (f305["Toewijzingnummer"] == "").sum() == d["305_missing"]["Toewijzingnummer"] > 50
    assert "Beschikkingnummer" not in f305
    allowed = {"Postcode", "Opmerking", "Productcode", "Product", "Toewijzingnummer",
               "Beschikkingnummer"}
    for frame in (f301, f303, f305, data.frames["307"]):
        blanks = (frame == "").sum()
        assert set(blanks[blanks > 0].index) <= allowed


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
                    end=_dates(f["Einddatum toewijzing"]), row=range(len(f)))


KEY = ["BSN", "AGB-code aanbieder", "Productcode"]


def test_planted_overlapping_assignments(data):
    a = _assignments(data)
    pairs = a.merge(a, on=KEY)
    pairs = pairs[pairs["Toewijzingnummer_x"] < pairs["Toewijzingnummer_y"]]
    overlap = (pairs.begin_x <= pairs.end_y) & (pairs.begin_y <= pairs.end_x)
    assert overlap.sum() == data.defects["301_overlapping_pairs"] == 6


def _link(messages: pd.DataFrame, date_col: str, a: pd.DataFrame, end_col: str | None = None,
          unlink_outside: bool = True) -> pd.DataFrame:
    """DOMAIN.md's rule in plain pandas (the oracle): a message with a toewijzingnummer
    belongs to the 301 with that number and client; otherwise same client, provider and
    product (the category for an aspecific 301), the beschikking where both have one,
    and the date inside the period. Per message: the first 301 row, and whether the
    period holds the message."""
    m = messages.reset_index(names="msg")
    numbered = m["Toewijzingnummer"] != ""
    by_number = m[numbered].merge(a[["Toewijzingnummer", "BSN", "row", "begin", "end"]],
                                  on=["Toewijzingnummer", "BSN"])
    rule = m[~numbered].merge(a.drop(columns=["Toewijzingnummer"]),
                              on=["BSN", "AGB-code aanbieder"], suffixes=("", "_a"))
    same = (rule["Productcode"] == rule["Productcode_a"]) | (
        (rule["Productcode_a"] == "") & (rule["Productcategorie"] == rule["Productcategorie_a"]))
    if "Beschikkingnummer" in m:
        mine = rule["Beschikkingnummer"]
        same &= (mine == "") | (mine == rule["Beschikkingnummer_a"])
    both = pd.concat([by_number.assign(number=True), rule[same].assign(number=False)])
    inside = pd.Series(True, index=both.index)
    for col in (date_col, end_col):
        if col:
            when = _dates(both[col])
            inside &= when.isna() | ((when >= both["begin"]) & (when <= both["end"]))
    both["inside"] = inside
    if unlink_outside:
        both = both[both["inside"] | both["number"]]
    first = both.sort_values(["msg", "inside", "row"], ascending=[True, False, True])
    return first.drop_duplicates("msg").set_index("msg")[["row", "inside"]].reindex(
        messages.index)


def test_planted_unmatched_start_and_stop_messages(data):
    a = _assignments(data)
    f305, f307 = data.frames["305"], data.frames["307"]
    assert _link(f305, "Begindatum zorg", a)["row"].isna().sum() == data.defects[
        "305_unmatched"] == 7
    assert _link(f307, "Einddatum zorg", a)["row"].isna().sum() == data.defects[
        "307_unmatched"] == 3


def _started_and_stopped(data):
    a = _assignments(data)
    starts = data.frames["305"].assign(row=_link(data.frames["305"], "Begindatum zorg", a)["row"])
    stops = data.frames["307"].assign(row=_link(data.frames["307"], "Einddatum zorg", a)["row"])
    start = starts.dropna(subset=["row"]).assign(d=lambda f: _dates(f["Begindatum zorg"]))
    return a, start.groupby("row")["d"].min(), stops.dropna(subset=["row"])


def test_planted_stop_before_start_and_missing_starts(data):
    a, started, stops = _started_and_stopped(data)
    before = _dates(stops["Einddatum zorg"]) < stops["row"].map(started)
    assert before.sum() == data.defects["307_before_305"]
    assert (~stops["row"].isin(started.index)).sum() == data.defects["307_without_305"] == 4
    horizon = pd.Timestamp(data.config.export_date) - pd.Timedelta(days=30)
    old = a[(a.begin < horizon) & ~a["row"].isin(started.index)]
    assert len(old) == data.defects["301_without_305_after_30_days"] == 13


def test_planted_stops_never_reported(data):
    """Care that started, whose toewijzing ended more than 30 days before the export
    and for which no stop came."""
    a, started, stops = _started_and_stopped(data)
    horizon = pd.Timestamp(data.config.export_date) - pd.Timedelta(days=30)
    quiet = a[(a.end < horizon) & a["row"].isin(started.index) & ~a["row"].isin(stops["row"])]
    assert len(quiet) == data.defects["307_never_reported"] == 5


def test_planted_declarations_against_assignments(data):
    a = _assignments(data)
    f = data.frames["303"]
    linked = _link(f, "Begindatum periode", a, "Einddatum periode", unlink_outside=False)
    assert linked["row"].isna().sum() == data.defects["303_without_assignment"] == 4
    assert (linked["row"].notna() & ~linked["inside"].astype(bool)).sum() == data.defects[
        "303_outside_period"] == 3
    # Above the assigned volume, per declared period (week volumes; totals per toewijzing)
    ok = linked["row"].notna() & linked["inside"].astype(bool)
    decl = f[ok].assign(row=linked.loc[ok, "row"].astype(int))
    assigned = a.set_index("row").loc[decl["row"]]
    volume = pd.to_numeric(decl["Geleverd volume"].str.replace(",", "."), errors="coerce")
    days = (_dates(decl["Einddatum periode"]) - _dates(decl["Begindatum periode"])).dt.days + 1
    per = assigned["Frequentie"].map({"Per week": 7, "Per dag": 1}).to_numpy()
    allowed = pd.to_numeric(assigned["Volume"]).to_numpy() * days.to_numpy() / per
    weekly = ~pd.isna(per)
    above_rows = (volume.to_numpy() > allowed + 1e-9) & weekly
    total = assigned["Frequentie"].str.startswith("Totaal").to_numpy()
    running = pd.Series(volume.to_numpy()).where(total).groupby(decl["row"].to_numpy()).cumsum()
    above_total = total & (running.to_numpy() > pd.to_numeric(assigned["Volume"]).to_numpy())
    assert (above_rows | above_total).sum() == data.defects["303_above_assigned"] == 9


def test_planted_assigned_volume_of_24_hours_a_day(data):
    f = data.frames["301"]
    assert ((f["Volume"] == "24") & (f["Frequentie"] == "Per dag")).sum() == data.defects[
        "301_implausible_volume"] == 2


def test_trajecten_export_is_the_assignments_with_their_own_start_and_stop(data):
    t = data.frames["trajecten"]
    a, started, stops = _started_and_stopped(data)
    assert len(t) == len(a) == data.defects["trajecten_rows"]
    assert t.columns.tolist()[:4] == ["Beschikkingnummer", "BSN cliënt", "Naam aanbieder",
                                      "AGB aanbieder"]
    # one row per assignment: its first start and (first) stop as the message files hold them
    start = pd.Series(_dates(t["Datum start zorg (305)"]).to_numpy(), index=a["row"].to_numpy())
    assert (start.dropna() == started.reindex(start.dropna().index)).all()
    assert (t["Datum start zorg (305)"] == "").sum() == len(a) - len(
        set(data.frames["305"].pipe(lambda f: _link(f, "Begindatum zorg", a))["row"].dropna()))
    assert (t["Datum einde zorg (307)"] != "").sum() == stops["row"].nunique()


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
