"""Facts several checks share in one run (column codes, duplicate rows) agree with what
pandas says for the same frame."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.checks.context import column_codes, duplicated_rows
from core.checks.generic.whitespace_case import casefold, collapse


def _frame(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "code": pd.Series(rng.choice(["A1", "B2", " A1", None], rows), dtype="string[pyarrow]"),
        "bsn": pd.Series(rng.integers(0, rows // 3, rows).astype(str), dtype="string[pyarrow]"),
        "date": pd.to_datetime(rng.choice(["2024-01-01", "2024-02-29", None], rows)),
        "amount": pd.array(rng.choice([1.5, 2.0, np.nan], rows), dtype="Float64"),
        "count": pd.array(rng.integers(0, 3, rows), dtype="Int64"),
    })
    for i in range(6):  # many distinct values per column: the row numbers must be renumbered
        frame[f"wide{i}"] = pd.Series(rng.integers(0, rows, rows).astype(str),
                                      dtype="string[pyarrow]")
    copies = rng.choice(rows, rows // 10)
    frame.iloc[copies[1:]] = frame.iloc[copies[:-1]].to_numpy()  # plant exact copies
    return frame


def test_duplicate_rows_from_shared_codes_are_the_rows_pandas_finds():
    for seed in range(3):
        frame = _frame(3000, seed)
        ours = duplicated_rows([column_codes(frame[c]) for c in frame.columns], frame.index)
        expected = frame.duplicated(keep="first")
        assert expected.sum() > 0
        pd.testing.assert_series_equal(ours, expected, check_names=False)


def test_duplicate_rows_stay_exact_when_row_hashes_collide(monkeypatch):
    # A multiplier of 0 hashes a row to its last column only: nearly every row collides
    # with another, and only the exact comparison can tell copies from look-alikes.
    from core.checks import context

    monkeypatch.setattr(context, "_HASH_MULTIPLIER", np.uint64(0))
    frame = _frame(2000, 7)
    ours = duplicated_rows([column_codes(frame[c]) for c in frame.columns], frame.index)
    pd.testing.assert_series_equal(ours, frame.duplicated(keep="first"), check_names=False)


def test_space_and_case_helpers_equal_the_python_string_methods():
    values = pd.Series(["Jeugdzorg  De Hoop", " bv", "plain", "STRASSE", "Straße", "Å ø",
                        "a\u00a0b", "tab\tend ", None, "", "ÉÉN"], dtype="string[pyarrow]")
    expected = values.str.replace(r"\s+", " ", regex=True).str.strip()
    pd.testing.assert_series_equal(collapse(values), expected)
    pd.testing.assert_series_equal(casefold(values), values.str.casefold())


def test_value_counts_and_row_lookup_from_shared_codes_equal_pandas():
    from core.checks.context import CheckContext
    from core.project import ColumnSpec, Dataset, Project

    rng = np.random.default_rng(5)
    # Many ties in the counts: the order among equal counts must be pandas' order too.
    words = ["b", "a", " a", "c", "d", "e", "f", None]
    values = pd.Series(rng.choice(words, 4000), dtype="string[pyarrow]")
    frame = pd.DataFrame({"naam": values,
                          "getal": rng.integers(0, 5, 4000).astype(str)}, dtype="string")
    dataset = Dataset(id="d", name="d", original=frame,
                      columns=[ColumnSpec("naam", "text", None),
                               ColumnSpec("getal", "integer", None)])
    ctx = CheckContext(Project(name="p", datasets=[dataset]))
    typed_frame = ctx.frame(dataset)
    for column in typed_frame.columns:
        expected = typed_frame[column].value_counts(dropna=True)
        pd.testing.assert_series_equal(ctx.value_counts(dataset, column), expected)
        wanted = list(expected.index[1:3])
        pd.testing.assert_series_equal(ctx.rows_with(dataset, column, wanted),
                                       typed_frame[column].isin(wanted))
    counts = ctx.value_counts(dataset, "naam")
    assert (counts.to_numpy()[:-1] >= counts.to_numpy()[1:]).all()
