"""One matching rule for messages and assignments, checked on the planted example."""

from __future__ import annotations

import json

import pandas as pd

from core.data import analysis_frame
from core.linkage import link_messages
from core.paths import resource_path

ROLES = lambda ds: {c.role: c.name for c in ds.columns if c.role}  # noqa: E731


def test_planted_unmatched_messages_are_exactly_the_unlinked_ones(example_project_factory):
    project = example_project_factory()
    defects = json.loads(resource_path("example", "defects.json").read_text(encoding="utf-8"))
    a_ds, s_ds, t_ds = (project.dataset(f"voorbeeld-{k}") for k in ("301", "305", "307"))
    assignments = analysis_frame(project, a_ds.id)
    starts = link_messages(assignments, ROLES(a_ds), analysis_frame(project, s_ds.id),
                           ROLES(s_ds), "care_start")
    stops = link_messages(assignments, ROLES(a_ds), analysis_frame(project, t_ds.id),
                          ROLES(t_ds), "care_end")
    assert int((~starts.matched).sum()) == defects["305_unmatched"]
    assert int((~stops.matched).sum()) == defects["307_unmatched"]
    assert "toewijzingnummer" in starts.rule and "periode" in starts.rule


def test_rule_leaves_out_roles_that_are_missing_and_skips_unknown_dates():
    a = pd.DataFrame({"c": ["1", "2"], "p": ["A", "A"],
                      "s": pd.to_datetime(["2024-01-01", "2024-01-01"]),
                      "e": pd.to_datetime(["2024-06-30", "2024-06-30"])})
    m = pd.DataFrame({"c": ["1", " 2", "3", "1"], "p": ["A", "A", "A", "A"],
                      "d": pd.to_datetime(["2024-02-01", pd.NaT, "2024-02-01", "2025-01-01"])})
    result = link_messages(a, {"client": "c", "provider": "p", "assignment_start": "s",
                               "assignment_end": "e"},
                           m, {"client": "c", "provider": "p", "care_start": "d"}, "care_start")
    assert result.keys == ("client", "provider")
    assert result.matched.tolist() == [True, True, False, False]
    assert result.assignment.tolist()[:2] == [0, 1]
    assert "beschikking" not in result.rule
