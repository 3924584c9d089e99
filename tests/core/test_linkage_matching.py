"""Which assignment a message links to, pinned against a plain per-pair reference of
DOMAIN.md's rule on messy random data: toewijzingnummer (with the client as a sanity
check), else client, provider, product (the category for an aspecific assignment),
the beschikking where both name one, and the date inside the period; trimmed codes,
missing keys, unknown dates and open periods included."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core.linkage import link_messages

A_ROLES = {"client": "c", "provider": "p", "product_code": "pc", "product_category": "cat",
           "decision_number": "d", "assignment_number": "n", "assignment_start": "s",
           "assignment_end": "e"}
M_ROLES = {"client": "c", "provider": "p", "product_code": "pc", "decision_number": "d",
           "assignment_number": "n", "care_start": "date", "period_end": "until"}


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    value = str(value).strip()
    return value or None


def _category(row, roles) -> str | None:
    cat = _text(row[roles["product_category"]]) if "product_category" in roles else None
    code = _text(row[roles["product_code"]]) if "product_code" in roles else None
    if cat is None and code is not None and code[:2].isdigit():
        cat = code[:2]
    return cat


def _reference(assignments, a_roles, messages, m_roles, date_role, end_role=None,
               outside="unlink"):
    """(first linked label or NaN, number of candidates, inside period) per message."""
    both = {k for k in ("assignment_number", "client", "provider", "product_code",
                        "decision_number") if k in a_roles and k in m_roles}
    has_number = ("assignment_number" in both
                  and assignments[a_roles["assignment_number"]].map(_text).notna().any()
                  and messages[m_roles["assignment_number"]].map(_text).notna().any())
    product = ("product_code" in both
               or (any(r in a_roles for r in ("product_code", "product_category"))
                   and any(r in m_roles for r in ("product_code", "product_category"))
                   and ("product_category" in a_roles or "product_category" in m_roles)))
    out_first, out_count, out_inside = [], [], []
    for _i, m in messages.iterrows():
        number = _text(m[m_roles["assignment_number"]]) if has_number else None
        found = []  # (inside, exact, position, label)
        for pos, (label, a) in enumerate(assignments.iterrows()):
            def same(role, row_a=a, row_m=m):
                return _text(row_a[a_roles[role]]) == _text(row_m[m_roles[role]])

            if number is not None:
                if _text(a[a_roles["assignment_number"]]) != number:
                    continue
                ca, cm = (_text(a[a_roles["client"]]), _text(m[m_roles["client"]])) \
                    if "client" in both else (None, None)
                if ca is not None and cm is not None and ca != cm:
                    continue
                via_number, exact = True, True
            else:
                hard = [k for k in ("client", "provider") if k in both]
                if not hard or any(_text(m[m_roles[k]]) is None or not same(k) for k in hard):
                    continue
                exact = True
                if product:
                    codes = [_text(a[a_roles["product_code"]]) if "product_code" in a_roles
                             else None,
                             _text(m[m_roles["product_code"]]) if "product_code" in m_roles
                             else None]
                    if "product_code" in both and None not in codes:
                        if codes[0] != codes[1]:
                            continue
                    else:
                        ca, cm = _category(a, a_roles), _category(m, m_roles)
                        if ca is None or cm is None or ca != cm:
                            continue
                        exact = False
                if "decision_number" in both:
                    da, dm = _text(a[a_roles["decision_number"]]), _text(
                        m[m_roles["decision_number"]])
                    if da is not None and dm is not None and da != dm:
                        continue
                via_number = False
            inside = True
            if "assignment_start" in a_roles and date_role in m_roles:
                for role in (date_role, end_role):
                    if role and role in m_roles and pd.notna(m[m_roles[role]]):
                        when = m[m_roles[role]]
                        start, end = a[a_roles["assignment_start"]], a.get(
                            a_roles.get("assignment_end"), pd.NaT)
                        if (pd.notna(start) and when < start) or (pd.notna(end) and when > end):
                            inside = False
            if outside == "unlink" and not inside and not via_number:
                continue
            found.append((not inside, not exact, pos, label))
        found.sort()
        out_first.append(found[0][3] if found else np.nan)
        out_count.append(len(found))
        out_inside.append(not found[0][0] if found else True)
    index = messages.index
    return (pd.Series(out_first, index=index, dtype="float64"),
            pd.Series(out_count, index=index, dtype="int64"),
            pd.Series(out_inside, index=index))


def _random_frames(seed: int, n_assign: int = 120, n_msg: int = 160):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", periods=60, freq="7D")

    def pick(values, n):
        return pd.Series(rng.choice(np.array(values, dtype=object), n), dtype="string")

    def dates(n, missing):
        return pd.Series(rng.choice(days, n)).mask(rng.random(n) < missing)

    start = dates(n_assign, 0.1)
    assignments = pd.DataFrame({
        "c": pick(["1", " 1", "2", "2 ", "3", "", None], n_assign),
        "p": pick(["A", "B", " A", None], n_assign),
        "pc": pick(["45A01", "45A02", "43A10", None, ""], n_assign),  # None/"": aspecific
        "cat": pick(["45", "43", " 45", None], n_assign),
        "d": pick(["B0", "B1", "B2", " B0", None], n_assign),
        "n": pick(["T1", "T2", "T3", "T4 ", None], n_assign),
        "s": start,
        "e": (start + pd.to_timedelta(rng.integers(0, 200, n_assign), unit="D")).mask(
            rng.random(n_assign) < 0.2),
    })
    assignments.index = rng.permutation(n_assign * 3)[:n_assign]  # "first" is frame order
    messages = pd.DataFrame({
        "c": pick(["1", "2", "3", None], n_msg), "p": pick(["A", "B", None], n_msg),
        "pc": pick(["45A01", "45A02", "45A07", "43A10", None], n_msg),
        "d": pick(["B0", "B1", "B9", None, None], n_msg),
        "n": pick(["T1", "T2", "T9", None, None, None], n_msg),
        "date": dates(n_msg, 0.15),
    })
    messages["until"] = messages["date"] + pd.to_timedelta(rng.integers(0, 60, n_msg), unit="D")
    copied = rng.random(n_msg) < 0.5  # half the messages carry an assignment's keys
    source = rng.integers(0, n_assign, int(copied.sum()))
    for col in ("c", "p", "pc", "d", "n"):
        messages.loc[copied, col] = assignments[col].to_numpy()[source]
    messages.index = np.arange(n_msg) * 2 + 5
    return assignments, messages


def _check(assignments, a_roles, messages, m_roles, date_role="care_start", **kwargs):
    result = link_messages(assignments, a_roles, messages, m_roles, date_role, **kwargs)
    first, count, inside = _reference(assignments, a_roles, messages, m_roles, date_role,
                                      kwargs.get("end_role"), kwargs.get("outside_period",
                                                                         "unlink"))
    pd.testing.assert_series_equal(result.candidates, count, check_names=False)
    pd.testing.assert_series_equal(result.assignment.astype("float64"), first,
                                   check_names=False)
    pd.testing.assert_series_equal(result.in_period, inside, check_names=False)
    assert (count == 0).any() and (count > 0).any()
    return result


@pytest.mark.parametrize("seed", range(3))
def test_links_are_those_of_the_rule_on_messy_random_data(seed):
    assignments, messages = _random_frames(seed)
    result = _check(assignments, A_ROLES, messages, M_ROLES)
    assert result.by_number.any() and (result.matched & ~result.by_number).any()
    assert "toewijzingnummer" in result.rule and "productcategorie" in result.rule


def test_without_numbers_decisions_or_period_the_rest_of_the_rule_links():
    assignments, messages = _random_frames(11)
    a_roles = {k: v for k, v in A_ROLES.items()
               if k not in ("assignment_number", "decision_number", "assignment_start")}
    result = _check(assignments, a_roles, messages, M_ROLES)
    assert not result.uses_period and not result.number
    assert "beschikking" not in result.rule and "toewijzingnummer" not in result.rule
    m_roles = {k: v for k, v in M_ROLES.items() if k != "care_start"}
    _check(assignments, A_ROLES, messages, m_roles)


def test_declarations_outside_the_period_stay_linked_and_are_reported():
    assignments, messages = _random_frames(7)
    result = _check(assignments, A_ROLES, messages, M_ROLES, end_role="period_end",
                    outside_period="report")
    assert (result.matched & ~result.in_period).any()


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


def test_a_number_links_whatever_the_other_keys_say_but_not_to_another_client():
    assignments = pd.DataFrame({"c": ["1", "2"], "p": ["A", "A"], "pc": ["45A01", None],
                                "cat": ["45", "45"], "n": ["T1", "T2"],
                                "s": pd.to_datetime(["2024-01-01"] * 2),
                                "e": pd.to_datetime(["2024-03-31"] * 2)})
    messages = pd.DataFrame({"c": ["1", "1", "2", "2"], "p": ["B", "A", "A", "A"],
                             "pc": ["99A99", "45A01", "45A07", "45A07"],
                             "n": ["T1", "T2", None, None],
                             "date": pd.to_datetime(["2025-01-01", "2024-02-01", "2024-02-01",
                                                     "2024-05-01"])})
    roles = {k: v for k, v in A_ROLES.items() if k != "decision_number"}
    m_roles = {"client": "c", "provider": "p", "product_code": "pc", "assignment_number": "n",
               "care_start": "date"}
    result = link_messages(assignments, roles, messages, m_roles, "care_start")
    # T1 names client 1's toewijzing (other provider, product, date: the number decides);
    # T2 belongs to client 2; the aspecific toewijzing of client 2 takes 45A07 in its
    # category, but not after its end.
    assert result.assignment.iloc[0] == 0 and result.assignment.iloc[2] == 1
    assert result.by_number.tolist() == [True, False, False, False]
    assert result.matched.tolist() == [True, False, True, False]
