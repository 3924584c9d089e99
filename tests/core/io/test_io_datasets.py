"""Datasets in a project: suggestions on the example, the template checklist, the status
rule, typing cache and the project file round trip."""

from __future__ import annotations

import json

import pandas as pd

from core.data import typed
from core.io import import_file
from core.io.datasets import (
    add_dataset,
    datasets_supplying,
    kinds_in,
    mark_checklist_received,
    missing_summary,
    remove_dataset,
    template_checklist,
)
from core.paths import load_json_resource, resource_path
from core.project import Project, open_project, save_project
from core.question import choose_template
from core.steps import Status, step_status


def test_detection_reproduces_the_example_projects_kinds_and_template_roles():
    spec = load_json_resource("example", "project.json")
    for entry in spec["datasets"]:
        ds = import_file(resource_path("example", entry["file"])).dataset
        assert ds.kind == entry["kind"], entry["file"]
        wanted = {name: col[1] for name, col in entry["columns"].items() if col[1]}
        got = {c.name: c.role for c in ds.columns if c.role}
        assert {k: got.get(k) for k in wanted} == wanted, entry["file"]
        types = {name: col[0] for name, col in entry["columns"].items()}
        assert {c.name: c.type for c in ds.columns} == types, entry["file"]


def test_example_budget_and_cbs_datasets(example_project_factory):
    project = example_project_factory()
    budget = project.dataset("voorbeeld-budget")
    assert budget.row_count == 8  # Totaal row and footnote not read
    assert budget.original["AGB-code"].iloc[0] == "03010512"
    assert {budget.column_for_role("provider"), budget.column_for_role("amount")} == {
        "AGB-code", "Budget 2024 - Plafond"}
    assert typed(budget).frame["Budget 2024 - Plafond"].sum() == 7_040_000
    cbs = project.dataset("voorbeeld-cbs")
    frame = typed(cbs).frame
    assert frame["Perioden"].tolist() == [pd.Timestamp(y, 1, 1) for y in range(2020, 2025)]
    assert set(frame["RegioS"]) == {"JZ99"}
    assert {cbs.column_for_role("period"), cbs.column_for_role("region")} == {
        "Perioden", "RegioS"}


def test_data_status_follows_datasets_and_template_needs(example_project_factory):
    assert step_status("data", Project()).status is Status.NOT_STARTED
    project = example_project_factory()
    assert step_status("data", project).status is Status.DONE
    project.dataset("voorbeeld-305").set_column_role("Begindatum zorg", None)
    state = step_status("data", project)
    assert state.status is Status.ATTENTION
    assert "begin zorg" in state.reason and "Start zorg (305)" in state.reason
    no_template = example_project_factory()
    no_template.question.template = None
    no_template.dataset("voorbeeld-305").set_column_role("Begindatum zorg", None)
    assert step_status("data", no_template).status is Status.DONE


def test_checklist_counts_a_mixed_file_for_each_message_kind_it_holds(tmp_path):
    rows = ["Berichtcode;BSN;AGB-code;Productcode;Beschikkingnummer;Ingangsdatum toewijzing;"
            "Begindatum zorg"]
    rows += ["301;012345672;98123401;45A01;B0001;01-03-2024;",
             "305;012345672;98123401;45A01;B0001;;12-03-2024"]
    path = tmp_path / "berichten.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ds = import_file(path).dataset
    assert ds.kind == "mixed" and kinds_in(ds) == {"301", "305"}
    project = Project(datasets=[ds])
    project.question.template = "wachttijd"
    checklist = template_checklist(project)
    assert checklist.sources == {"301": ["Berichten"], "305": ["Berichten"]}
    assert checklist.missing == []
    ds.set_column_role("Begindatum zorg", None)
    checklist = template_checklist(project)
    assert [(i.kind, i.role) for i in checklist.missing] == [("305", "care_start")]
    assert "begin zorg" in missing_summary(checklist)


def test_importing_data_ticks_off_the_questions_data_checklist(example_project_factory):
    project = example_project_factory()
    assert {i.status for i in project.question.checklist if i.kind} == {"binnen"}

    fresh = Project()
    choose_template(fresh, "wachttijd")
    assert {i.kind: i.status for i in fresh.question.checklist if i.kind} == {
        "301": "uitzoeken", "305": "uitzoeken"}
    fresh.question.checklist[1].status = "niet_beschikbaar"  # the user's own judgement
    add_dataset(fresh, import_file(resource_path("example", "toewijzingen_301.csv")).dataset)
    assert [i.status for i in fresh.question.checklist if i.kind] == [
        "binnen", "niet_beschikbaar"]
    assert fresh.question.checklist[2].status == "uitzoeken"  # the norm: not a file
    assert datasets_supplying(fresh, "301") == ["Toewijzingen 301"]
    assert mark_checklist_received(fresh) == []


def test_a_role_belongs_to_one_column(example_project_factory):
    ds = example_project_factory().dataset("voorbeeld-301")
    ds.set_column_role("Naam aanbieder", "provider")
    assert ds.column_for_role("provider") == "Naam aanbieder"
    assert ds.column("AGB-code aanbieder").role is None


def test_add_and_remove_keep_names_unique(example_project_factory):
    project = example_project_factory()
    again = import_file(resource_path("example", "toewijzingen_301.csv"),
                        name="Toewijzingen 2023-2024").dataset
    add_dataset(project, again)
    assert again.name == "Toewijzingen 2023-2024 (2)"
    remove_dataset(project, again.id)
    assert len(project.datasets) == 6


def test_typed_is_computed_once_and_callers_cannot_spoil_it(example_project_factory):
    ds = example_project_factory().dataset("voorbeeld-303")
    first = typed(ds)
    first.frame.loc[0, "Bedrag"] = -1.0
    again = typed(ds)
    assert again.frame["Bedrag"].iloc[0] == 324.9
    assert ds._typed[1].frame is not first.frame
    ds.set_column_type("Bedrag", "text")
    assert typed(ds).frame["Bedrag"].iloc[0] == "€ 324,90"


def test_project_file_round_trip_keeps_every_dataset_exactly(example_project_factory, tmp_path):
    project = example_project_factory()
    path = save_project(project, tmp_path / "p.stuurwijzer")
    back = open_project(path)
    assert [d.id for d in back.datasets] == [d.id for d in project.datasets]
    for old, new in zip(project.datasets, back.datasets, strict=True):
        pd.testing.assert_frame_equal(old.original, new.original)
        assert [c.to_dict() for c in old.columns] == [c.to_dict() for c in new.columns]
        assert old.settings == new.settings and old.kind == new.kind
        for name, values in typed(old).frame.items():
            pd.testing.assert_series_equal(values, typed(new).frame[name])
    doc = json.loads(json.dumps([d.meta_dict() for d in back.datasets]))
    perioden = next(c for c in doc[-1]["columns"] if c["name"] == "Perioden")
    assert perioden["format"] == "cbs"
