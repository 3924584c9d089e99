"""Which assignment a message links to, pinned: the earliest matching row of the assignment
frame is "the" assignment, and every detail of the rule (trimmed codes, missing keys,
unknown dates, open periods) gives the same links as the plain pandas merge it replaced."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.linkage import KEY_ROLES, link_messages

A_ROLES = {"client": "c", "provider": "p", "product_code": "pc", "decision_number": "d",
           "assignment_start": "s", "assignment_end": "e"}
M_ROLES = {"client": "c", "provider": "p", "product_code": "pc", "decision_number": "d",
           "care_start": "date"}


def _merge_reference(assignments, a_roles, messages, m_roles, date_role):
    """The rule as one pandas merge (how link_messages first worked): the oracle."""
    keys = [k for k in KEY_ROLES if k in a_roles and k in m_roles]

    def norm(values):
        return values.astype("string").str.strip()

    left = pd.DataFrame({k: norm(messages[m_roles[k]]) for k in keys}, index=messages.index)
    date_col = m_roles.get(date_role)
    left["_date"] = messages[date_col] if date_col else pd.NaT
    left["_msg"] = messages.index
    right = pd.DataFrame({k: norm(assignments[a_roles[k]]) for k in keys})
    start_col, end_col = a_roles.get("assignment_start"), a_roles.get("assignment_end")
    right["_start"] = assignments[start_col] if start_col else pd.NaT
    right["_end"] = assignments[end_col] if end_col else pd.NaT
    right["_assignment"] = assignments.index
    right = right.dropna(subset=keys)
    pairs = left.dropna(subset=keys).merge(right, on=keys, how="inner")
    if date_col and start_col:
        known = pairs["_date"].notna()
        after = pairs["_start"].isna() | (pairs["_date"] >= pairs["_start"])
        before = pairs["_end"].isna() | (pairs["_date"] <= pairs["_end"])
        pairs = pairs[~known | (after & before)]
    counts = pairs.groupby("_msg").size().reindex(messages.index, fill_value=0)
    first = pairs.groupby("_msg")["_assignment"].first().reindex(messages.index)
    return first, counts.astype("int64")


def _random_frames(seed: int, n_assign: int = 300, n_msg: int = 400, decisions: int = 3):
    rng = np.random.default_rng(seed)
    decision = [f"B{i}" for i in range(decisions)] + [" B0", "B1 "]
    codes = ["1", " 1", "2", "2 ", "3", "", None]
    days = pd.date_range("2024-01-01", periods=60, freq="7D")

    def dates(n, missing):
        out = pd.Series(rng.choice(days, n))
        return out.mask(rng.random(n) < missing)

    def keys(n):
        return {"c": pd.Series(rng.choice(codes, n), dtype="string"),
                "p": pd.Series(rng.choice(["A", "B", " A", None], n), dtype="string"),
                "pc": pd.Series(rng.choice(["45A01", "45A02"], n), dtype="string"),
                "d": pd.Series(rng.choice(decision, n), dtype="string")}

    start = dates(n_assign, 0.1)
    end = (start + pd.to_timedelta(rng.integers(0, 200, n_assign), unit="D")).mask(
        rng.random(n_assign) < 0.2)
    assignments = pd.DataFrame({**keys(n_assign), "s": start, "e": end})
    # A shuffled, gapped index: "first" is the frame's order, not the smallest label.
    assignments.index = rng.permutation(n_assign * 3)[:n_assign]
    messages = pd.DataFrame({**keys(n_msg), "date": dates(n_msg, 0.15)})
    copied = rng.random(n_msg) < 0.5  # half the messages carry an assignment's keys
    source = rng.integers(0, n_assign, int(copied.sum()))
    for col in ("c", "p", "pc", "d"):
        messages.loc[copied, col] = assignments[col].to_numpy()[source]
    messages.index = np.arange(n_msg) * 2 + 5
    return assignments, messages


def _assert_same_as_merge(assignments, a_roles, messages, m_roles, date_role="care_start",
                          ambiguous=True):
    result = link_messages(assignments, a_roles, messages, m_roles, date_role)
    first, counts = _merge_reference(assignments, a_roles, messages, m_roles, date_role)
    pd.testing.assert_series_equal(result.candidates, counts, check_names=False)
    pd.testing.assert_series_equal(result.assignment, first, check_names=False)
    assert (result.candidates == 0).any() and (result.candidates > 0).any()
    assert (result.candidates > 1).any() or not ambiguous
    return result


def test_links_are_those_of_the_plain_merge_on_messy_random_data():
    # Few decision numbers: pairs are made on all keys at once; many (as in real
    # exports): on the decision number first, the other keys compared after.
    for seed in range(4):
        for decisions in (3, 150):
            assignments, messages = _random_frames(seed, decisions=decisions)
            _assert_same_as_merge(assignments, A_ROLES, messages, M_ROLES,
                                  ambiguous=decisions < 10)


def test_links_without_decision_number_or_period_are_those_of_the_plain_merge():
    assignments, messages = _random_frames(11)
    a_roles = {k: v for k, v in A_ROLES.items() if k not in ("decision_number",
                                                              "assignment_start")}
    result = _assert_same_as_merge(assignments, a_roles, messages, M_ROLES)
    assert not result.uses_period and "decision_number" not in result.keys
    m_roles = {k: v for k, v in M_ROLES.items() if k != "care_start"}
    _assert_same_as_merge(assignments, A_ROLES, messages, m_roles)


def test_a_message_matching_two_assignments_links_to_the_earlier_row():
    assignments = pd.DataFrame({
        "c": ["9", "1", "1"], "p": ["A", "A", " A"],
        "s": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-01-01"]),
        "e": pd.to_datetime(["2024-12-31", pd.NaT, "2024-06-30"]),
    }, index=[30, 20, 10])
    messages = pd.DataFrame({"c": ["1", "1", "1"], "p": ["A", "A", "B"],
                             "d": pd.to_datetime(["2024-04-01", "2024-02-01", "2024-04-01"])})
    roles = {"client": "c", "provider": "p", "assignment_start": "s", "assignment_end": "e"}
    result = link_messages(assignments, roles, messages,
                           {"client": "c", "provider": "p", "care_start": "d"}, "care_start")
    assert result.candidates.tolist() == [2, 1, 0]
    # Rows 20 and 10 both hold the April message; 20 comes first in the frame.
    assert result.assignment.tolist()[:2] == [20, 10]
    assert result.assignment.isna().tolist() == [False, False, True]
