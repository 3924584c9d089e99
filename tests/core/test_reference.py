"""The iJw code lists read every form an export uses: code, text, both, or plain words."""

from __future__ import annotations

import pandas as pd
import pytest

from core.reference import end_reason_groups, frequency_ids, product_category, unit_ids
from core.volume import months_inclusive, over_total, per_period


def test_units_and_frequencies_as_code_text_or_both():
    units = pd.Series(["04", "Uur", "04 Uur", "uren", "16", "Dagdeel (4 uur)", "14", "onzin",
                       None])
    assert unit_ids(units).fillna("?").tolist() == ["uur", "uur", "uur", "uur", "dagdeel",
                                                    "dagdeel", "etmaal", "?", "?"]
    freq = pd.Series(["2", "Per week", "4 Per maand", "6", "Totaal binnen geldigheidsduur "
                      "toewijzing", "per dag"])
    assert frequency_ids(freq).tolist() == ["week", "week", "maand", "totaal", "totaal", "dag"]


@pytest.mark.parametrize("text, group", [
    ("31", "planned"),
    ("31 Levering is volgens plan beëindigd", "planned"),
    ("Levering is volgens plan beëindigd", "planned"),
    ("34 Voortijdig afgesloten: in overeenstemming", "other"),
    ("02", "other"),  # overlijden: an external circumstance in CBS terms
    ("38 Overstap naar andere aanbieder", "administrative"),
    ("20", "administrative"),
    # a number that is not the JZ588 code for its text: the words decide
    ("02 Voortijdig in overleg afgerond", "other"),
    ("01 Volgens plan afgerond", "planned"),
    ("05 Verhuizing", "other"),
    ("iets heel anders", "unknown"),
    ("", "missing"),
])
def test_reasons_for_ending_follow_the_code_list_and_cbs(text, group):
    assert end_reason_groups(pd.Series([text])).tolist() == [group]


def test_product_category_from_the_column_or_the_code():
    category = pd.Series([" 45", "", None, "43"], dtype="string")
    code = pd.Series(["45A01", "41A05", "44A01", None], dtype="string")
    assert product_category(category, code, category.index).tolist() == ["45", "41", "44", "43"]


def test_assigned_volume_scaled_to_a_declared_period():
    day = pd.to_datetime
    start = pd.Series(day(["2024-02-01", "2024-04-01", "2024-01-01", "2024-01-01"]))
    end = pd.Series(day(["2024-02-29", "2024-04-15", "2024-01-07", "2024-12-31"]))
    assert months_inclusive(start, end).round(4).tolist() == [1.0, 0.5, round(7 / 31, 4), 12.0]
    volume = pd.Series([4.0, 10.0, 2.0, 100.0])
    freq = pd.Series(["week", "maand", "dag", "totaal"], dtype="string")
    allowed = per_period(volume, freq, start, end)
    assert allowed.iloc[:3].round(4).tolist() == [round(4 * 29 / 7, 4), 5.0, 14.0]
    assert pd.isna(allowed.iloc[3])  # a total is compared as a running sum


def test_a_total_is_passed_from_the_declaration_that_crosses_it():
    volume = pd.Series([40.0, 40.0, 30.0, 10.0])
    above = over_total(volume, pd.Series([1, 1, 1, 2]),
                       pd.Series(pd.to_datetime(["2024-03-01", "2024-01-01", "2024-02-01",
                                                 "2024-01-01"])), pd.Series([100.0] * 4))
    assert above.tolist() == [True, False, False, False]  # 40 + 30 + 40 > 100 in March


def test_24_hours_of_ambulant_care_a_day_is_flagged_a_day_of_stay_is_not():
    from core.checks.domain.implausible_volume import implausible_volume_mask

    day = pd.to_datetime
    frame = pd.DataFrame({
        "volume": [24.0, 24.0, 23.5, 1.0, 2.0, 4.0, 30.0],
        "unit": ["04 Uur", "uur", "Uur", "14", "etmaal", "dagdeel", "uren"],
        "category": ["45", "44", "45", "44", "44", "45", "45"],
        "start": day(["2024-01-01"] * 7), "end": day(["2024-01-01"] * 6 + ["2024-01-02"]),
    })
    roles = {"volume": "volume", "unit": "unit", "product_category": "category",
             "period_start": "start", "period_end": "end"}
    # 24 h ambulant: yes; 24 h verblijf: no; 23,5 h: no; 1 etmaal: no; 2 etmalen: yes;
    # 4 dagdelen: yes; 30 h over two days: no
    assert implausible_volume_mask(frame, roles).tolist() == [True, False, False, False, True,
                                                               True, False]
    # a toewijzing's own omvang: 24 uur per dag, 4 uur per week, 200 uur in total over a year
    assigned = pd.DataFrame({"volume": [24.0, 4.0, 200.0], "unit": ["uur"] * 3,
                             "frequency": ["Per dag", "2", "Totaal binnen geldigheidsduur"],
                             "start": day(["2024-01-01"] * 3), "end": day(["2024-12-31"] * 3)})
    roles = {"volume": "volume", "unit": "unit", "frequency": "frequency",
             "assignment_start": "start", "assignment_end": "end"}
    assert implausible_volume_mask(assigned, roles).tolist() == [True, False, False]


def test_youth_care_categories_are_the_national_jeugdwet_list():
    """31-38 (2015) and 40-50; 51-58 do not exist (issue 19)."""
    from core.reference import youth_categories

    codes = youth_categories()
    assert {f"{n}" for n in range(31, 39)} <= codes
    assert {f"{n}" for n in range(40, 51)} <= codes
    assert not codes & {f"{n}" for n in range(51, 59)}
    assert not codes & {"01", "02", "07"}  # Wmo categories


@pytest.mark.parametrize(("category", "max_age"), [("31", 23), ("45", 23), ("07", 120)])
def test_youth_care_assignments_get_the_youth_age_limit(category, max_age):
    from core.checks.context import CheckContext
    from core.project import ColumnSpec, Dataset, Project

    frame = pd.DataFrame({"Productcategorie": [category] * 4, "Productcode": ["X"] * 4},
                         dtype="string")
    dataset = Dataset(id="d", name="Toewijzingen", original=frame, kind="301",
                      columns=[ColumnSpec("Productcategorie", "code", "product_category"),
                               ColumnSpec("Productcode", "code", "product_code")])
    assert CheckContext(Project(name="p", datasets=[dataset])).max_age == max_age
