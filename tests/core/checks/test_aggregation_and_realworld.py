"""Aggregation levels (the example's CBS region file) and checks on real files written by
others (skipped when /work/shared/realworld is not there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.checks import run_checks
from core.io import ImportSettings, import_file
from core.project import ColumnSpec, Project

# shared/ sits beside the repository (CI) or at /work/shared (developer machines).
REALWORLD = next((p for p in (Path(__file__).resolve().parents[3].parent / "shared",
                              Path("/work/shared"))
                  if (p / "realworld" / "files").is_dir()), Path("/nonexistent")) / "realworld" / "files"


def _cbs_dataset(path: Path, region_column: str, encoding: str = "utf-8-sig"):
    ds = import_file(path, ImportSettings(encoding=encoding)).dataset
    ds.kind = "cbs"
    ds.columns = [ColumnSpec(c.name, "code" if c.name == region_column else "text",
                             "region" if c.name == region_column else None)
                  for c in ds.columns]
    return ds


def _without_cbs(project):
    project.datasets = [ds for ds in project.datasets if ds.kind != "cbs"]
    return project


def test_cbs_region_figures_next_to_municipal_data_are_one_finding(example_project_factory):
    assert run_checks(_without_cbs(example_project_factory()),
                      ["aggregation-levels"]).skipped  # one level only
    project = example_project_factory()  # the example holds the CBS region table
    [cbs] = [ds for ds in project.datasets if ds.kind == "cbs"]
    report = run_checks(project, ["aggregation-levels", "whitespace-case"])
    [finding] = report.of("aggregation-levels")
    assert finding.dataset == cbs.id and finding.count == 1
    assert "jeugdregio" in finding.texts().title and "gemeente" in finding.texts().title
    # CBS pads its codes; the import trims them, so there is no stray whitespace left
    assert not report.of("whitespace-case", dataset=cbs.id)


needs_realworld = pytest.mark.skipif(not REALWORLD.is_dir(), reason="realworld files absent")


@needs_realworld
@pytest.mark.parametrize("name, empty", [
    ("cbs_kwb_almere_multiyear_odata_wide.csv", 51),
    ("cbs_statline_kwb2024_gemeenten_wide.csv", 16),
])
def test_real_cbs_exports_run_without_errors_and_report_their_empty_columns(name, empty):
    ds = import_file(REALWORLD / name, ImportSettings(encoding="utf-8-sig")).dataset
    ds.kind = "cbs"
    report = run_checks(Project(datasets=[ds]))
    assert not [f for f in report.findings if f.type == "check-error"]
    assert len(report.of("empty-columns")) == empty


@needs_realworld
def test_a_neighbourhood_table_next_to_municipal_data_is_flagged(example_project_factory):
    project = _without_cbs(example_project_factory())
    project.datasets.append(_cbs_dataset(REALWORLD / "cbs_statline_kwb2024_buurten_codes.csv",
                                         "Codering (code)"))
    [finding] = run_checks(project, ["aggregation-levels"]).findings
    assert "buurt" in finding.texts().title
