"""Typed access to datasets: values become numbers and dates, unreadable text is flagged."""

from __future__ import annotations

import json

import pandas as pd
import pytest

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
    assert first["Bedrag"] == "€ 324,90"
    assert frame["Bedrag"].iloc[0] == 324.9
    assert frame["Begindatum periode"].iloc[0] == pd.Timestamp(2024, 10, 12)
    assert frame["BSN"].iloc[0] == first["BSN"]  # codes stay text


def _typed_equal(a, b) -> None:
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.invalid.keys() == b.invalid.keys()
    for name in a.invalid:
        pd.testing.assert_series_equal(a.invalid[name], b.invalid[name])


def test_an_import_leaves_typed_columns_that_typing_again_would_give(tmp_path, monkeypatch):
    """The import types the columns (beside suggesting them), so the checks need not wait
    for it; the result is what typing the original again gives, also for a column the
    user set to another type. 60,000 rows: the columns are typed in parallel."""
    import core.data
    from core.io import import_file
    from core.io.coerce import typed_frame
    from core.io.settings import ImportSettings
    from core.project import ColumnSpec

    rows = ["Clientnummer;Productcode;Begindatum;Bedrag;Toelichting"]
    for i in range(60_000):
        amount = "onbekend" if i % 997 == 0 else f"€ {1000 + i % 50},{i % 100:02d}"
        date = "31-02-2024" if i % 1009 == 0 else f"{1 + i % 28:02d}-{1 + i % 12:02d}-2024"
        rows.append(f" {i % 5000:05d};45A0{i % 3} ;{date};{amount};regel {i}")
    path = tmp_path / "beschikkingen.csv"
    path.write_text("\n".join(rows) + "\n", encoding="cp1252")
    mine = [ColumnSpec("Toelichting", "code")]

    dataset = import_file(path, columns=mine).dataset

    assert dataset.column("Toelichting").type == "code"
    assert dataset.column("Toelichting").suggested_type == "text"
    monkeypatch.setattr(core.data, "typed_frame", lambda *a, **k: pytest.fail("typed again"))
    data = typed(dataset)
    assert data.frame["Clientnummer"].iloc[0] == "00000"  # trimmed, leading zeros kept
    assert data.frame["Bedrag"].iloc[1] == 1001.01
    assert int(data.invalid["Bedrag"].sum()) == 61
    assert int(data.invalid["Begindatum"].sum()) == 60
    types = {spec.name: spec.type for spec in dataset.columns}
    formats = {spec.name: spec.format for spec in dataset.columns if spec.format}
    _typed_equal(data, typed_frame(dataset.original, types,
                                   ImportSettings.from_dict(dataset.settings), formats))


def test_the_checks_type_a_column_again_after_its_date_format_changed(tmp_path):
    from core.checks.context import typed_once
    from core.io import import_file

    path = tmp_path / "data.csv"
    path.write_text("Begindatum;Aantal\n03-04-2024;1\n05-06-2024;2\n", encoding="utf-8")
    dataset = import_file(path).dataset
    assert typed_once(dataset).frame["Begindatum"].iloc[0] == pd.Timestamp(2024, 4, 3)

    dataset.set_column_type("Begindatum", "date", "%m-%d-%Y")

    assert typed_once(dataset).frame["Begindatum"].iloc[0] == pd.Timestamp(2024, 3, 4)
