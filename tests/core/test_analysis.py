"""Every indicator against values worked out by hand on a tiny project (care_fixture)."""

from __future__ import annotations

import pandas as pd
import pytest
from care_fixture import build_project

from core import analysis
from core.chart_spec import Filter


@pytest.fixture
def project():
    return build_project()


def figures(result, **kwargs) -> dict:
    """{(x label, group label): value} of an aggregation."""
    table = analysis.aggregate(result, **kwargs).table
    return {(r.x_label, r.group_label): round(float(r.value), 4) for r in table.itertuples()}


def test_every_indicator_id_has_one_computation():
    assert set(analysis.registered()) == set(analysis.indicator_texts())
    with pytest.raises(ValueError):
        analysis.register("wachttijd_dagen", measure="waarde", kinds=("301",))(lambda p, q: None)


def test_waiting_time_per_provider_and_overall(project):
    result = analysis.compute(project, "wachttijd_dagen")
    assert result.used == 5
    by_reason = {e.reason: e.count for e in result.excluded}
    # c5 never started and waits 132 days on the peildatum (11 jul 2024, the last start)
    assert by_reason[analysis._reason("waiting_overdue", norm=42)] == 1
    assert by_reason[analysis._reason("starts_unlinked")] == 1  # c9 has no assignment
    assert "dezelfde beschikking" in result.rule  # the linking rule travels with the result
    assert figures(result, x="provider") == {("Aanbieder Een", ""): 37.0,  # median(10, 64)
                                             ("Aanbieder Twee", ""): 40.0}  # median(60, 14, 40)
    assert figures(result, x=None) == {("Totaal", ""): 40.0}
    assert figures(result, x=None, aggregation="gemiddelde") == {("Totaal", ""): 37.6}
    # names come from the most frequent spelling, not the variant 'aanbieder twee'
    assert result.labels["provider"]["P2"] == "Aanbieder Twee"


def test_share_started_within_the_norm(project):
    result = analysis.compute(project, "wachttijd_binnen_norm")
    # 10, 14, 40 of 10, 64, 60, 14, 40 and c5, who still waits after 132 days: not within
    assert figures(result, x=None) == {("Totaal", ""): 0.5}
    assert result.used == 6 and result.reference["overdue"] == 1
    assert figures(result, x="provider") == {("Aanbieder Een", ""): 0.5,
                                             ("Aanbieder Twee", ""): 0.5}
    stricter = analysis.compute(project, "wachttijd_binnen_norm", {"norm_dagen": 12})
    assert figures(stricter, x=None) == {("Totaal", ""): round(1 / 6, 4)}
    by_month = figures(result, x="periode", period="maand")
    assert by_month[("jan 2024", "")] == 0.5 and by_month[("mrt 2024", "")] == 0.5
    assert by_month[("apr 2024", "")] != by_month[("apr 2024", "")]  # no assignments: a gap


def test_clients_still_waiting_within_the_norm_are_their_own_number(project):
    """On 20 March 2024 c5 (assigned 1 March) waits 19 days: "wacht nog", not counted;
    c3's care starts on 1 April, so on that day c3 waits too (47 days: not within)."""
    result = analysis.compute(project, "wachttijd_binnen_norm", {"peildatum": "2024-03-20"})
    counts = {e.reason: e.count for e in result.excluded}
    assert counts[analysis._reason("waiting_still", norm=42)] == 1
    assert counts[analysis._reason("assignment_future")] == 1  # c1's June assignment
    assert result.reference["waiting"] == 1 and result.reference["overdue"] == 1
    # c1 10 days, c2 64, c4 14 and c3 still waiting after 48 days: 2 of 4 within
    assert figures(result, x=None) == {("Totaal", ""): 0.5}
    days = analysis.compute(project, "wachttijd_dagen", {"peildatum": "2024-03-20"})
    assert days.used == 3


def test_care_duration_leaves_out_running_care_and_impossible_dates(project):
    result = analysis.compute(project, "zorgduur_dagen")
    assert result.used == 3  # 90, 25 and 30 days
    assert result.record_noun == "trajecten"
    counts = {e.reason: e.count for e in result.excluded}
    assert counts[analysis._reason("traject_running")] == 1
    assert counts[analysis._reason("end_before_start")] == 1
    assert counts[analysis._reason("no_start_no_stop")] == 1
    assert counts[analysis._reason("stops_unlinked")] == 1
    assert figures(result, x=None) == {("Totaal", ""): 30.0}
    assert figures(result, x="provider") == {("Aanbieder Een", ""): 57.5,
                                             ("Aanbieder Twee", ""): 30.0}
    assert "end_reason" in result.dimensions


def test_clients_in_care_per_month_and_quarter(project):
    result = analysis.compute(project, "clienten_in_zorg")
    months = figures(result, x="periode", period="maand")
    assert months == {("jan 2024", ""): 1, ("feb 2024", ""): 1, ("mrt 2024", ""): 3,
                      ("apr 2024", ""): 2, ("mei 2024", ""): 1, ("jun 2024", ""): 1,
                      ("jul 2024", ""): 2}  # aug 2024 is incomplete (data until 10 aug)
    aggregated = analysis.aggregate(result, x="periode", period="maand")
    assert aggregated.partial_period == "aug 2024"
    quarters = figures(result, x="periode", period="kwartaal")
    assert quarters == {("K1 2024", ""): 3, ("K2 2024", ""): 2}  # distinct clients
    assert any("begon, staat niet in deze gegevens" in n for n in result.notes)


def test_inflow_outflow_and_repeat_use(project):
    inflow = analysis.compute(project, "instroom", {"venster_dagen": 30})
    assert figures(inflow, x="periode", period="maand") == {
        ("mrt 2024", ""): 2, ("apr 2024", ""): 0, ("mei 2024", ""): 0, ("jun 2024", ""): 0,
        ("jul 2024", ""): 1}
    longer = analysis.compute(project, "instroom", {"venster_dagen": 120})
    assert longer.used == 0  # c1 had care 92 days before her July start
    outflow = analysis.compute(project, "uitstroom")
    assert outflow.used == 3
    assert figures(outflow, x=None) == {("Totaal", ""): 2}  # distinct clients: c1 and c2
    repeat = analysis.compute(project, "herhaald_beroep",
                              {"venster_dagen": 100, "peildatum": "2024-08-10"})
    assert repeat.used == 2  # the stop of 10 aug is too recent to judge
    assert figures(repeat, x=None) == {("Totaal", ""): 0.5}  # c1 came back, c2 did not


def test_share_ended_as_planned(project):
    # Free text only (no JZ588 codes): 'volgens plan' is planned; 'eenzijdig', 'in overleg'
    # and a move are other endings, all five in the denominator as CBS counts them.
    result = analysis.compute(project, "aandeel_volgens_plan")
    assert result.used == 5 and not result.excluded
    assert figures(result, x=None) == {("Totaal", ""): 0.2}


def test_costs_per_provider_product_and_client(project):
    per_provider = analysis.compute(project, "kosten_per_aanbieder")
    assert per_provider.used == 5
    assert len(per_provider.excluded) == 2  # one without amount, one without period
    assert figures(per_provider, x="provider") == {("Aanbieder Een", ""): 450.5,
                                                   ("Aanbieder Twee", ""): 1300.0}
    per_product = analysis.compute(project, "kosten_per_product")
    assert figures(per_product, x="product_code") == {("45A01", ""): 1450.5, ("43A10", ""): 300.0}
    per_client = analysis.compute(project, "kosten_per_client")
    assert figures(per_client, x=None) == {("Totaal", ""): 583.5}  # 1750,50 / 3 clients
    # the district of an invoice comes from the client's assignment
    assert figures(per_provider, x="district") == {("Noord", ""): 750.5, ("Zuid", ""): 1000.0}
    year = figures(per_provider, x="provider", date_from="2024-01-01")
    assert year[("Aanbieder Twee", "")] == 1000.0


def test_market_share_overall_and_per_district(project):
    # clients in care per traject: P1 has c1 and c2, P2 has c4 and c1 (c3's care stops
    # before it starts and c5's never started: not in care)
    result = analysis.compute(project, "marktaandeel")
    assert figures(result, x="provider") == {("Aanbieder Een", ""): 0.5,
                                             ("Aanbieder Twee", ""): 0.5}
    amount = analysis.compute(project, "marktaandeel", {"basis": "bedrag"})
    assert figures(amount, x="provider") == {("Aanbieder Een", ""): round(450.5 / 1750.5, 4),
                                             ("Aanbieder Twee", ""): round(1300 / 1750.5, 4)}
    per_district = figures(result, x="district", group="provider")
    assert per_district == {("Noord", "Aanbieder Een"): round(2 / 3, 4),
                            ("Noord", "Aanbieder Twee"): round(1 / 3, 4),
                            ("Zuid", "Aanbieder Twee"): 1.0}
    only_north = figures(result, x="provider", filters=[Filter("district", ["Noord"])])
    assert only_north[("Aanbieder Een", "")] == round(2 / 3, 4)


def test_budget_use_against_the_ceiling(project):
    result = analysis.compute(project, "budgetuitputting")
    assert result.reference["year"] == 2024
    assert figures(result, x="provider") == {("Aanbieder Een", ""): 0.901,  # 450,50 / 500
                                             ("Aanbieder Twee", ""): 0.5}  # 1.000 / 2.000
    counts = {e.reason: e.count for e in result.excluded}
    assert counts[analysis._reason("other_year", year=2024)] == 1
    assert counts[analysis._reason("budget_no_provider")] == 1  # the Totaal row
    assert result.reference["warning"] == 0.9


def test_missing_data_gives_a_dutch_message(project):
    project.datasets = [d for d in project.datasets if d.kind != "budget"]
    with pytest.raises(analysis.IndicatorUnavailable) as info:
        analysis.compute(project, "budgetuitputting")
    assert "Budget" in info.value.message and info.value.hint
    project.datasets[0].columns[5].type = "text"  # assignment start no longer a date
    with pytest.raises(analysis.IndicatorUnavailable) as info:
        analysis.compute(project, "wachttijd_dagen")
    assert "geen datum" in info.value.message


def test_summary_names_used_and_unused_records(project):
    text = analysis.compute(project, "wachttijd_dagen").summary()
    assert text.startswith("5 toewijzingen gebruikt.")
    assert "1 startberichten (305) die bij geen toewijzing horen" in text


def test_fingerprint_follows_data_types_and_cleaning(project):
    before = analysis.indicator_fingerprint(project, "wachttijd_dagen")
    assert analysis.indicator_fingerprint(project, "wachttijd_dagen") == before
    project.cleaning = {"a": [{"op": "drop_rows", "rows": [1]}]}
    after_cleaning = analysis.indicator_fingerprint(project, "wachttijd_dagen")
    assert after_cleaning != before
    project.datasets[0].original.loc[0, "Ingangsdatum"] = "02-01-2024"
    project.datasets[0].original = project.datasets[0].original.copy()
    assert analysis.indicator_fingerprint(project, "wachttijd_dagen") != after_cleaning


def test_example_project_waiting_time_uses_the_linkage_counts(example_project_factory):
    """On the example data the unusable records match the planted defects."""
    import json

    from core.paths import resource_path

    defects = json.loads(resource_path("example", "defects.json").read_text(encoding="utf-8"))
    result = analysis.compute(example_project_factory(), "wachttijd_dagen")
    counts = {e.reason: e.count for e in result.excluded}
    assert counts[analysis._reason("starts_unlinked")] == defects["305_unmatched"]
    assert counts[analysis._reason("start_unreadable")] == sum(
        defects["305_invalid_dates"].values())
    assert result.used > 700 and isinstance(result.records, pd.DataFrame)
