"""The check registry is explicit and strict, and every check has its texts."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

import core.checks
from core.checks import Check, UnknownCheck, get_check, register_check, registered, run_checks
from core.checks.registry import CHECK_MODULES
from core.checks.texts import check_texts, placeholders

SHARED_IDS = {
    "missing-values", "duplicate-rows", "duplicate-keys", "unparseable-values", "outliers",
    "spelling-variants", "whitespace-case", "empty-columns", "constant-columns",
    "implausible-dates", "implausible-ages", "end-before-start", "overlapping-periods",
    "implausible-volume", "unmatched-messages", "start-not-reported", "stop-without-start",
    "computable-share", "aggregation-levels", "personal-data", "stop-not-reported",
    "declarations-without-assignment", "declared-above-assigned",
}


def test_every_check_module_is_listed_and_registers_the_check_its_file_names():
    root = Path(core.checks.__file__).parent
    on_disk = {
        f"{group.name}.{module.name}"
        for group in pkgutil.iter_modules([str(root)]) if group.ispkg
        for module in pkgutil.iter_modules([str(root / group.name)])
    }
    assert on_disk == set(CHECK_MODULES)
    checks = registered()
    assert set(checks) == SHARED_IDS
    for name in CHECK_MODULES:
        cls = checks[name.split(".")[1].replace("_", "-")]
        assert cls.__module__ == f"core.checks.{name}"
        assert cls.group == name.split(".")[0]


def test_a_repeated_id_raises_and_an_unknown_id_is_a_clear_error():
    class Again(Check):
        id = "missing-values"

    with pytest.raises(ValueError, match="registered twice"):
        register_check(Again)
    with pytest.raises(UnknownCheck, match="bestaat-niet"):
        get_check("bestaat-niet")


def test_template_check_ids_exist():
    from core.paths import resource_path

    for path in resource_path("templates").glob("*.json"):
        import json

        for check_id in json.loads(path.read_text(encoding="utf-8")).get("checks", []):
            assert check_id in SHARED_IDS


@pytest.mark.parametrize("check_id", sorted(SHARED_IDS))
def test_every_finding_type_and_fix_has_complete_dutch_texts(check_id):
    texts = check_texts(check_id)
    cls = get_check(check_id)
    assert texts["title"]
    assert set(texts["types"]) == set(cls.types)
    for spec in texts["types"].values():
        for part in ("title", "what", "why", "action"):
            assert spec[part].strip(), part
        for why in spec.get("why_for", {}).values():
            assert placeholders(why) <= placeholders(spec["what"]) | {"column", "dataset"}
    for fix in texts["fixes"].values():
        assert fix["label"] and fix["assumption"]


def test_example_findings_render_without_leftover_placeholders_or_cell_values(
        example_project_factory):
    project = example_project_factory()
    report = run_checks(project)
    values = set()
    for ds in project.datasets:
        for column in ("BSN", "Naam cliënt", "Postcode", "Huisnummer", "Geboortedatum"):
            if column in ds.original.columns:
                values |= set(ds.original[column].dropna().str.strip().unique())
    values.discard("")
    for finding in report.findings:
        for template in (None, "wachttijd"):
            texts = finding.texts(template, "Toewijzingen")
            for text in (texts.title, texts.what, texts.why, texts.action):
                assert "{" not in text, (finding.check, text)
                assert not [v for v in values if len(v) > 3 and v in text], finding.check
        for fix in finding.fixes:
            assert "{" not in fix.label + fix.assumption


def test_a_check_that_breaks_becomes_a_check_error_and_the_rest_runs(
        example_project_factory, monkeypatch):
    from core.checks.generic.outliers import Outliers

    def broken(self, ctx, dataset):
        raise RuntimeError("boom with a value 012345672")

    monkeypatch.setattr(Outliers, "run", broken)
    project = example_project_factory()
    report = run_checks(project, ["outliers", "duplicate-rows"])
    errors = [f for f in report.findings if f.type == "check-error"]
    with_amount = {ds.id for ds in project.datasets if ds.column_for_role("amount")}
    assert {e.dataset for e in errors} == with_amount  # one error per dataset it ran on
    assert all(e.fields == {"error": "RuntimeError"} for e in errors)
    assert report.of("duplicate-rows")
    assert "012345672" not in errors[0].texts().what


def test_disabled_checks_are_not_run(example_project_factory):
    from core.checks import CheckSettings

    report = run_checks(example_project_factory(),
                        settings=CheckSettings(disabled=frozenset({"personal-data"})))
    assert not report.of("personal-data") and report.of("duplicate-rows")


def test_cancel_returns_a_partial_report(example_project_factory):
    from core.jobs import CancelToken

    token = CancelToken()
    seen = []

    def progress(done, total, label):
        seen.append(done)
        if done == 3:
            token.cancel()

    report = run_checks(example_project_factory(), progress=progress, cancel=token)
    assert report.partial and report.stats["done"] == 4 < report.stats["units"]
    assert "Gestopt" in report.warnings[0]


def test_rerun_follows_a_changed_column_type(example_project_factory):
    project = example_project_factory()
    assert run_checks(project, ["unparseable-values"]).of("unparseable-values",
                                                          dataset="voorbeeld-303")
    project.dataset("voorbeeld-303").column("Geleverd volume").type = "text"
    assert not run_checks(project, ["unparseable-values"]).of("unparseable-values",
                                                              dataset="voorbeeld-303")
