"""Every check finds exactly the planted defects: on the example project and on generated
data of other sizes and seeds (the generator's ``defects`` dict is the oracle)."""

from __future__ import annotations

import pytest

from core.checks import run_checks


def _by_kind(project):
    return {ds.id: ds.kind for ds in project.datasets}


def observed(project, report) -> dict:
    kind = _by_kind(project)

    def per_column(check, type_=None, kinds=("301",)):
        out = {}
        for f in report.of(check, type=type_):
            if kind[f.dataset] in kinds:
                out.setdefault(kind[f.dataset], {})[f.column] = f.count
        return out

    def total(check, type_, k):
        return sum(f.count for f in report.of(check, type=type_) if kind[f.dataset] == k)

    variants = {}
    for f in report.of("spelling-variants"):
        for group in f.details:
            variants[group["value"]] = group["variants"]
    return {
        "301_missing": per_column("missing-values").get("301", {}),
        "303_missing": per_column("missing-values", kinds=("303",)).get("303", {}),
        "missing_elsewhere": per_column("missing-values", kinds=("305", "307")),
        "301_empty_columns": sorted(f.column for f in report.of("empty-columns")
                                    if kind[f.dataset] == "301"),
        "empty_elsewhere": [f.column for f in report.of("empty-columns") if kind[f.dataset] != "301"],
        "301_constant_columns": sorted(f.column for f in report.of("constant-columns")
                                       if kind[f.dataset] == "301"),
        "constant_elsewhere": sorted((kind[f.dataset], f.column)
                                     for f in report.of("constant-columns")
                                     if kind[f.dataset] != "301"),
        "301_duplicate_rows": total("duplicate-rows", "duplicate-rows", "301"),
        "305_duplicate_rows": total("duplicate-rows", "duplicate-rows", "305"),
        "303_duplicate_rows": total("duplicate-rows", "duplicate-rows", "303"),
        "307_duplicate_rows": total("duplicate-rows", "duplicate-rows", "307"),
        "301_duplicate_key_rows": per_column("duplicate-keys").get("301", {}),
        "303_invalid": per_column("unparseable-values", kinds=("303",)).get("303", {}),
        "305_invalid_dates": per_column("unparseable-values", kinds=("305",)).get("305", {}),
        "invalid_elsewhere": per_column("unparseable-values", kinds=("301", "307")),
        "301_dates_before_1900": total("implausible-dates", "before-1900", "301"),
        "301_dates_future": total("implausible-dates", "future", "301"),
        "dates_elsewhere": [(kind[f.dataset], f.column) for f in report.of("implausible-dates")
                            if kind[f.dataset] != "301" or f.column != "Geboortedatum"],
        "301_implausible_age": total("implausible-ages", "implausible-age", "301"),
        "301_provider_variants": variants,
        "spelling_columns": sorted((kind[f.dataset], f.column)
                                   for f in report.of("spelling-variants")),
        "301_whitespace": per_column("whitespace-case", "whitespace").get("301", {}),
        "301_case_variants": per_column("whitespace-case", "case").get("301", {}),
        "whitespace_elsewhere": [f for f in report.of("whitespace-case")
                                 if kind[f.dataset] != "301"],
        "303_amount_outliers": total("outliers", "outliers", "303"),
        "303_implausible_volume": total("implausible-volume", "implausible-volume", "303"),
        "307_before_305": total("end-before-start", "stop-before-start", "307"),
        "row_end_before_start": report.of("end-before-start", type="row-end-before-start"),
        "301_overlapping_pairs": total("overlapping-periods", "overlapping-periods", "301"),
        "305_unmatched": total("unmatched-messages", "unmatched-start", "305"),
        "307_unmatched": total("unmatched-messages", "unmatched-stop", "307"),
        "301_without_305_after_30_days": total("start-not-reported", "start-not-reported", "301"),
        "307_without_305": total("stop-without-start", "stop-without-start", "307"),
        "aggregation_levels": len(report.of("aggregation-levels")),
        "301_implausible_volume": total("implausible-volume", "implausible-assigned-volume",
                                        "301"),
        "307_never_reported": total("stop-not-reported", "stop-not-reported", "301"),
        "303_without_assignment": total("declarations-without-assignment",
                                        "declared-without-assignment", "303"),
        "303_outside_period": total("declarations-without-assignment",
                                    "declared-outside-period", "303"),
        "303_above_assigned": total("declared-above-assigned", "declared-above-assigned", "303"),
    }


def expected(defects: dict, with_cbs: bool = False) -> dict:
    """What the checks must find; ``with_cbs``: the project holds the example's CBS region
    table (constant padded region code, different aggregation level: DEFECTS.md 18)."""
    keys = ["301_missing", "303_missing", "301_empty_columns", "301_duplicate_rows",
            "305_duplicate_rows", "303_duplicate_rows", "301_duplicate_key_rows", "303_invalid",
            "305_invalid_dates", "301_dates_before_1900", "301_dates_future",
            "301_implausible_age", "301_provider_variants", "301_whitespace",
            "301_case_variants", "303_amount_outliers", "303_implausible_volume",
            "307_before_305", "301_overlapping_pairs", "305_unmatched", "307_unmatched",
            "301_without_305_after_30_days", "307_without_305", "301_implausible_volume",
            "307_never_reported", "303_without_assignment", "303_outside_period",
            "303_above_assigned"]
    out = {k: defects[k] for k in keys}
    out["301_empty_columns"] = sorted(out["301_empty_columns"])
    out.update(
        missing_elsewhere={k: defects[f"{k}_missing"] for k in ("305", "307")
                           if defects.get(f"{k}_missing")},
        empty_elsewhere=[], invalid_elsewhere={}, dates_elsewhere=[],
        whitespace_elsewhere=[], row_end_before_start=[], **{"307_duplicate_rows": 0},
        **{"301_constant_columns": sorted(defects["301_constant_columns"])},
        constant_elsewhere=[("305", "Berichtcode"), ("307", "Berichtcode")]
        + ([("cbs", "RegioS")] if with_cbs else []),
        aggregation_levels=1 if with_cbs else 0,
        spelling_columns=[("301", "Naam aanbieder")],
    )
    return out


def test_example_project_every_check_reports_exactly_the_planted_counts(
        example_project_factory, example_defects):
    project = example_project_factory()
    report = run_checks(project)
    assert not report.partial and not report.warnings
    assert not report.of("check-error")
    assert observed(project, report) == expected(example_defects, with_cbs=True)


def test_generated_data_of_other_sizes_and_seeds(generated):
    project, defects = generated
    report = run_checks(project)
    assert observed(project, report) == expected(defects)


def test_waiting_time_is_computable_except_for_missing_and_unreadable_starts(
        example_project_factory, example_defects):
    d = example_defects
    report = run_checks(example_project_factory(), ["computable-share"])
    [wait] = report.of("computable-share", type="waiting-time")
    assignments = d["301_rows"] - d["301_duplicate_rows"]
    not_computable = (d["301_without_305_after_30_days"] + d["recent_assignments_without_305"]
                      + d["305_invalid_dates"]["Begindatum zorg"])
    assert (wait.total, wait.count) == (assignments, not_computable)
    assert wait.fields["computable"] == assignments - not_computable


@pytest.mark.parametrize("days", [0, 30, 800])
def test_start_not_reported_days_are_configurable(example_project_factory, example_defects, days):
    from datetime import date

    from core.checks import CheckSettings

    d = example_defects
    export = date.fromisoformat(d["export_date"])
    expected_count = {0: d["301_without_305_after_30_days"] + d["recent_assignments_without_305"],
                      30: d["301_without_305_after_30_days"], 800: 0}[days]
    settings = CheckSettings(start_not_reported_days=days, reference_date=export)
    report = run_checks(example_project_factory(), ["start-not-reported"], settings)
    assert sum(f.count for f in report.findings) == expected_count
    assert report.stats["reference_date"] == d["export_date"]


def test_reference_date_defaults_to_the_latest_start_date_in_the_messages(
        example_project_factory, example_defects):
    report = run_checks(example_project_factory(), ["start-not-reported"])
    assert report.stats["reference_date_derived"]
    assert report.stats["reference_date"] <= example_defects["export_date"]


def test_indicators_link_exactly_as_the_checks_do(generated):
    """One linkage: the starts and stops the waiting time and care duration cannot
    link are the ones the checks report as matching no assignment."""
    from core import analysis

    project, defects = generated
    waiting = analysis.compute(project, "wachttijd_dagen")
    unlinked = {e.reason: e.count for e in waiting.excluded}
    assert unlinked[analysis._reason("starts_unlinked")] == defects["305_unmatched"]
    duration = analysis.compute(project, "zorgduur_dagen")
    unlinked = {e.reason: e.count for e in duration.excluded}
    assert unlinked[analysis._reason("stops_unlinked")] == defects["307_unmatched"]
    assert "toewijzingnummer" in waiting.rule
