"""The cleaning log: fixes are operations replayed on the original; undo and redo are exact."""

from __future__ import annotations

import pandas as pd

from core.checks import run_checks
from core.checks.fixes import apply_fix
from core.cleaning import Operation, add_operation, assumptions, redo, undo
from core.data import analysis_frame, cleaned, typed
from core.project import open_project, save_project


def _frames(project):
    return {ds.id: analysis_frame(project, ds.id) for ds in project.datasets}


def _same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        pd.testing.assert_frame_equal(a[key], b[key])


def test_every_offered_fix_removes_its_finding_and_undo_redo_are_exact(example_project_factory):
    project = example_project_factory()
    before = _frames(project)
    fixed = []
    while True:  # like the app: the checks run again after every fix
        todo = [f for f in run_checks(project).findings
                if f.key not in fixed and f.fixes and not f.fixes[0].irreversible]
        if not todo:
            break
        apply_fix(project, todo[0].fixes[0], check=todo[0].check)
        fixed.append(todo[0].key)
    assert len(fixed) >= 8
    after = _frames(project)
    again = run_checks(project)
    remaining = {f.key for f in again.findings}
    # Every fixed finding is gone (keys are check, type, dataset, column).
    assert not remaining & set(fixed), remaining & set(fixed)
    assert len(after["voorbeeld-301"]) == 823 - 4 - 12  # copies, rows without postcode
    n_ops = len(project.cleaning.operations)
    for _ in range(n_ops):
        assert undo(project) is not None
    assert undo(project) is None
    _same(_frames(project), before)
    for _ in range(n_ops):
        assert redo(project) is not None
    _same(_frames(project), after)


def test_a_new_operation_clears_redo(example_project_factory):
    project = example_project_factory()
    add_operation(project, Operation("trim", "voorbeeld-301", {"column": "Wijk"}))
    undo(project)
    assert project.cleaning.can_redo
    add_operation(project, Operation("drop_duplicates", "voorbeeld-301"))
    assert not project.cleaning.can_redo


def test_impossible_dates_become_the_last_day_of_their_month(example_project_factory):
    project = example_project_factory()
    ds = project.dataset("voorbeeld-305")
    bad = typed(ds).invalid["Begindatum zorg"]
    texts = set(ds.original.loc[bad, "Begindatum zorg"])
    assert texts == {"31-02-2024", "29-02-2023"}
    add_operation(project, Operation("date_rule", ds.id, {"column": "Begindatum zorg",
                                                          "rule": "end_of_month"}, "aanname"))
    data = cleaned(project, ds.id)
    assert not data.invalid["Begindatum zorg"].any()
    assert set(data.frame.loc[bad, "Begindatum zorg"]) == {pd.Timestamp(2024, 2, 29),
                                                          pd.Timestamp(2023, 2, 28)}


def test_mark_missing_and_replace_on_typed_columns(example_project_factory):
    project = example_project_factory()
    ds = project.dataset("voorbeeld-303")
    add_operation(project, Operation("mark_missing", ds.id,
                                     {"column": "Geleverd volume", "invalid": True}))
    data = cleaned(project, ds.id)
    assert not data.invalid["Geleverd volume"].any()
    report = run_checks(project, ["missing-values", "unparseable-values"])
    assert not report.of("unparseable-values", dataset=ds.id)
    [missing] = [f for f in report.of("missing-values", dataset=ds.id)
                 if f.column == "Geleverd volume"]
    assert missing.count == 3
    add_operation(project, Operation("replace_values", ds.id,
                                     {"column": "Eenheid", "mapping": {"uur": "Uur"}}))
    assert "Uur" in set(analysis_frame(project, ds.id)["Eenheid"])


def test_the_log_is_saved_with_the_project_and_replays_the_same(example_project_factory,
                                                                tmp_path):
    project = example_project_factory()
    report = run_checks(project, ["duplicate-rows", "spelling-variants", "whitespace-case"])
    for finding in report.findings:
        apply_fix(project, finding.fixes[0], "Mijn aanname", check=finding.check)
    undo(project)
    loaded = open_project(save_project(project, tmp_path / "p.stuurwijzer"))
    assert loaded.cleaning.to_dict() == project.cleaning.to_dict()
    _same(_frames(loaded), _frames(project))
    texts = assumptions(loaded)
    assert texts and all(a.text == "Mijn aanname" for a in texts)
    assert all("{" not in a.operation for a in texts)


def test_an_operation_on_a_column_that_is_gone_is_skipped_with_a_warning(
        example_project_factory):
    from core.privacy import remove_column

    project = example_project_factory()
    add_operation(project, Operation("trim", "voorbeeld-301", {"column": "Naam cliënt"}))
    remove_column(project, "voorbeeld-301", "Naam cliënt")
    data = cleaned(project, "voorbeeld-301")
    assert "Naam cliënt" not in data.frame.columns
    assert data.warnings
