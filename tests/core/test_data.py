"""Typed access to datasets: values become numbers and dates, unreadable text is flagged."""

from __future__ import annotations

import json

import pandas as pd

from core.data import analysis_frame, typed
from core.paths import resource_path


def test_example_typing_flags_exactly_the_planted_unreadable_values(example_project_factory):
    project = example_project_factory()
    defects = json.loads(resource_path("example", "defects.json").read_text(encoding="utf-8"))
    by_kind = {ds.kind: ds for ds in project.datasets}
    invalid_303 = {k: int(v.sum()) for k, v in typed(by_kind["303"]).invalid.items() if v.any()}
    invalid_305 = {k: int(v.sum()) for k, v in typed(by_kind["305"]).invalid.items() if v.any()}
    assert invalid_303 == defects["303_invalid"]
    assert invalid_305 == defects["305_invalid_dates"]
    assert {k for k, v in typed(by_kind["301"]).invalid.items() if v.any()} == set()


def test_typed_values_follow_dutch_conventions(example_project_factory):
    project = example_project_factory()
    frame = analysis_frame(project, "voorbeeld-303")
    first = project.dataset("voorbeeld-303").original.iloc[0]
    assert first["Bedrag"] == "€ 427,50"
    assert frame["Bedrag"].iloc[0] == 427.5
    assert frame["Begindatum periode"].iloc[0] == pd.Timestamp(2024, 10, 6)
    assert frame["BSN"].iloc[0] == first["BSN"]  # codes stay text
