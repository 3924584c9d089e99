"""The one rule that links a message (305, 307, 303) to its assignment (301).

DOMAIN.md, "Linking messages": a message that carries a **toewijzingnummer** links
to the assignment with that number (and the same client, as a sanity check).
Otherwise the Handreiking's rule applies: same client, same provider, same
product, the message date inside the assignment's period, and the same
beschikking where both name one. An **aspecific** assignment names only a product
category; its messages name a product code inside that category, so they link on
the category (the message's category column, or the code's first two digits: the
national category). When a role is missing in either file it is left out of the
rule, and the rule text (``LinkResult.rule``) says which keys were used.

Checks and indicators never call this directly on their own frames: they read the
project's message set (``core.messages``), which links every file once, so they
can never disagree about which rows belong together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from core.i18n import _
from core.paths import load_json_resource
from core.reference import product_category

NUMBER = "assignment_number"
HARD_KEYS = ("client", "provider")  # must be known and equal
PRODUCT_KEYS = ("product_code", "product_category")
SOFT_KEYS = ("decision_number",)  # equal only where both sides have one
KEY_ROLES = (NUMBER, *HARD_KEYS, *PRODUCT_KEYS, *SOFT_KEYS)
# Beyond this many candidate pairs (a file without client column, say) the product
# code is made part of the pairing key: aspecific assignments then link on code only.
MAX_PAIRS = 40_000_000


@cache
def _texts() -> dict:
    return load_json_resource("texts", "linkage.json")


@dataclass(frozen=True)
class LinkResult:
    """Per message row (same index as the message frame)."""

    assignment: pd.Series  # label of the linked assignment row, or missing
    candidates: pd.Series  # number of assignments the rule allows (0 = unmatched)
    keys: tuple[str, ...]  # roles of the rule used for messages without a number
    uses_period: bool
    by_number: pd.Series  # True where the message was linked on its toewijzingnummer
    in_period: pd.Series  # the linked assignment's period holds the message's dates
    number: bool = False  # both sides have a toewijzingnummer column
    period_reported: bool = False  # a date outside the period does not unlink

    @property
    def matched(self) -> pd.Series:
        return self.candidates > 0

    @property
    def rule(self) -> str:
        return describe_rule(self.keys, self.uses_period, self.number, self.period_reported)


def describe_rule(keys: tuple[str, ...], uses_period: bool, number: bool = False,
                  period_reported: bool = False) -> str:
    texts = _texts()
    labels = texts["keys"]
    parts = []
    for key in keys:
        if key == "product_code":
            parts.append(_(labels["product"]))
        elif key == "product_category":
            if "product_code" not in keys:
                parts.append(_(labels["category"]))
        else:
            parts.append(_(labels[key]))
    sentences = [_(texts["number"])] if number else []
    if parts:
        listed = ", ".join(parts[:-1]) + _(texts["and"]) + parts[-1] if len(parts) > 1 \
            else parts[0]
        text = _(texts["rule_after_number" if number else "rule"]).format(keys=listed)
        if uses_period:
            text += _(texts["period"])
            if period_reported:
                text += _(texts["period_report"])
        sentences.append(text + ".")
    return " ".join(sentences)


def link_messages(
    assignments: pd.DataFrame,
    assignment_roles: dict[str, str],
    messages: pd.DataFrame,
    message_roles: dict[str, str],
    date_role: str,
    *,
    end_role: str | None = None,
    outside_period: str = "unlink",
    key_codes: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> LinkResult:
    """Link every message row to the assignments.

    ``*_roles`` map a role id to the column holding it. Frames are typed (dates as
    datetime). ``date_role`` is the message's date (care_start, care_end,
    period_start); ``end_role`` an optional second date that must lie inside the
    period too (a declaration's period_end). ``outside_period``: "unlink" (a start
    or stop dated outside every candidate's period belongs to none) or "report" (a
    declaration still belongs to its assignment; ``in_period`` tells).
    ``key_codes`` (role -> message codes, assignment codes, as ``key_codes_of`` makes
    them) lets a caller that has already hashed the key columns skip that work.
    """
    both = [k for k in KEY_ROLES if k in assignment_roles and k in message_roles]
    hard = [k for k in HARD_KEYS if k in both]
    product = _product_keys(assignment_roles, message_roles)
    soft = [k for k in SOFT_KEYS if k in both]
    if not hard and NUMBER not in both:
        raise ValueError("no common key roles to link on")
    codes = dict(key_codes or {})
    for k in both:
        if k not in codes:
            codes[k] = tuple(key_codes_of(
                [messages[message_roles[k]], assignments[assignment_roles[k]]]))
    n = len(messages)
    # The number decides only when both files actually hold numbers.
    number = NUMBER in both and bool((codes[NUMBER][0] >= 0).any()) and bool(
        (codes[NUMBER][1] >= 0).any())
    numbered = (codes[NUMBER][0] >= 0) if number else np.zeros(n, dtype=bool)
    if not hard and not number:
        raise ValueError("no common key roles to link on")

    parts = []
    if number:
        m_pos, a_pos = _pairs(np.where(numbered, codes[NUMBER][0], -1), codes[NUMBER][1])
        if "client" in both:
            mc, ac = codes["client"][0][m_pos], codes["client"][1][a_pos]
            same = (mc < 0) | (ac < 0) | (mc == ac)
            m_pos, a_pos = m_pos[same], a_pos[same]
        parts.append((m_pos, a_pos, np.ones(len(m_pos), dtype=bool),
                      np.ones(len(m_pos), dtype=bool)))
    if hard:
        m_pos, a_pos, exact = _rule_pairs(codes, hard, product, numbered, assignments,
                                          assignment_roles, messages, message_roles)
        for k in soft:
            mc, ac = codes[k][0][m_pos], codes[k][1][a_pos]
            keep = (mc < 0) | (ac < 0) | (mc == ac)
            m_pos, a_pos, exact = m_pos[keep], a_pos[keep], exact[keep]
        parts.append((m_pos, a_pos, np.zeros(len(m_pos), dtype=bool), exact))
    m_pos = np.concatenate([p[0] for p in parts])
    a_pos = np.concatenate([p[1] for p in parts])
    via_number = np.concatenate([p[2] for p in parts])
    exact = np.concatenate([p[3] for p in parts])

    start_col = assignment_roles.get("assignment_start")
    date_col = message_roles.get(date_role)
    uses_period = bool(date_col and start_col)
    inside = _inside(assignments, assignment_roles, messages, message_roles,
                     (date_role, end_role), m_pos, a_pos) if uses_period else \
        np.ones(len(m_pos), dtype=bool)
    if outside_period == "unlink":
        keep = inside | via_number  # a number names its assignment whatever the date
        m_pos, a_pos, inside, exact = m_pos[keep], a_pos[keep], inside[keep], exact[keep]
    # Per message: an assignment whose period holds it first, then one with the very
    # product code (not only its category), then the earliest row.
    order = np.lexsort((a_pos, ~exact, ~inside, m_pos))
    m_pos, a_pos, inside = m_pos[order], a_pos[order], inside[order]
    candidates = np.bincount(m_pos, minlength=n).astype(np.int64)
    first = np.flatnonzero(np.r_[True, m_pos[1:] != m_pos[:-1]]) if len(m_pos) else m_pos
    labels = assignments.index.to_numpy()[a_pos[first]]
    if len(first) < n:  # as reindexing would: missing makes ints float
        out = np.full(n, np.nan, dtype=np.float64 if labels.dtype.kind in "iufb" else object)
        out[m_pos[first]] = labels
        labels = out
    in_period = np.ones(n, dtype=bool)
    in_period[m_pos[first]] = inside[first]
    keys = tuple(k for k in (*hard, *product, *soft))
    return LinkResult(
        pd.Series(labels, index=messages.index),
        pd.Series(candidates, index=messages.index), keys, uses_period,
        pd.Series(numbered & (candidates > 0), index=messages.index),
        pd.Series(in_period, index=messages.index), number,
        period_reported=outside_period == "report")


def _product_keys(a_roles: dict[str, str], m_roles: dict[str, str]) -> list[str]:
    """The product roles the rule can compare: the code on both sides, and the
    category where at least one side names it (the other may derive it from a code)."""
    out = []
    if "product_code" in a_roles and "product_code" in m_roles:
        out.append("product_code")
    has = [any(r in roles for r in PRODUCT_KEYS) for roles in (a_roles, m_roles)]
    if all(has) and ("product_category" in a_roles or "product_category" in m_roles):
        out.append("product_category")
    return out


def _rule_pairs(codes, hard, product, numbered, assignments, a_roles, messages, m_roles):
    """(message, assignment) positions equal on the hard keys and the product, for the
    messages without a toewijzingnummer, and per pair whether the product codes are
    equal (not only the categories)."""
    base = hard[0]  # the client when there is one: the most telling key
    left = np.where(numbered, -1, codes[base][0])
    right = codes[base][1]
    per_id = np.bincount(right[right >= 0], minlength=int(right.max(initial=-1)) + 1)
    ids = left[(left >= 0) & (left < len(per_id))]
    if int(per_id[ids].sum()) > MAX_PAIRS and "product_code" in product:
        combined = combine_codes([np.concatenate([codes[k][0], codes[k][1]])
                                  for k in (*hard, "product_code")])
        left = np.where(numbered, -1, combined[:len(left)])
        right = combined[len(left):]
    m_pos, a_pos = _pairs(left, right)
    for k in hard[1:]:
        mc = codes[k][0][m_pos]
        same = (mc >= 0) & (mc == codes[k][1][a_pos])
        m_pos, a_pos = m_pos[same], a_pos[same]
    if not product:
        return m_pos, a_pos, np.ones(len(m_pos), dtype=bool)
    if "product_code" in product:
        mc, ac = codes["product_code"][0][m_pos], codes["product_code"][1][a_pos]
        both_known = (mc >= 0) & (ac >= 0)
        same = both_known & (mc == ac)
    else:
        both_known = np.zeros(len(m_pos), dtype=bool)
        same = both_known.copy()
    # Where a code is missing on either side (an aspecific assignment, or a message
    # naming only the category), the categories decide.
    loose = np.flatnonzero(~both_known)
    if len(loose) and "product_category" in product:
        m_cat = _categories(messages, m_roles, m_pos[loose])
        a_cat = _categories(assignments, a_roles, a_pos[loose])
        same[loose] = pd.notna(m_cat) & pd.notna(a_cat) & (m_cat == a_cat)
    return m_pos[same], a_pos[same], both_known[same]


def _categories(frame: pd.DataFrame, roles: dict[str, str], positions: np.ndarray) -> np.ndarray:
    """The product category of the rows at ``positions`` as text (None when unknown):
    the category column, else the national category in the product code."""
    def column(role: str) -> pd.Series | None:
        if role not in roles:
            return None
        return frame[roles[role]].iloc[positions].reset_index(drop=True)

    found = product_category(column("product_category"), column("product_code"),
                             pd.RangeIndex(len(positions)))
    return found.astype(object).where(found.notna(), None).to_numpy()


def _inside(assignments, a_roles, messages, m_roles, date_roles, m_pos, a_pos) -> np.ndarray:
    """Per pair: every known message date lies inside the assignment's period (an
    open end is open; an unknown message date cannot be outside)."""
    start = assignments[a_roles["assignment_start"]].to_numpy(dtype="datetime64[ns]")[a_pos]
    end_col = a_roles.get("assignment_end")
    end = assignments[end_col].to_numpy(dtype="datetime64[ns]")[a_pos] if end_col else None
    ok = np.ones(len(m_pos), dtype=bool)
    for role in date_roles:
        column = m_roles.get(role) if role else None
        if not column:
            continue
        date = messages[column].to_numpy(dtype="datetime64[ns]")[m_pos]
        known = ~np.isnat(date)
        after = np.isnat(start) | (date >= start)
        before = np.isnat(end) | (date <= end) if end is not None else True
        ok &= ~known | (after & before)
    return ok


def key_codes_of(columns: list[pd.Series]) -> list[np.ndarray]:
    """Per column an integer per row, equal across all the columns exactly when the
    values, compared as trimmed text, are equal; -1 for a missing value."""
    return normalised_codes([pd.factorize(c) for c in columns])


def normalised_codes(factorized: list[tuple[np.ndarray, object]]) -> list[np.ndarray]:
    """``key_codes_of`` from columns already factorized (codes, uniques): only the
    distinct values are trimmed and hashed again, once per uniques object (parts of
    one column share it)."""
    distinct: dict[int, int] = {}
    trimmed: list[pd.Series] = []
    clean = True  # text values without spaces around them: already one code per value
    for _codes, uniques in factorized:
        if id(uniques) not in distinct:
            distinct[id(uniques)] = len(trimmed)
            values = pd.Series(uniques)
            trimmed.append(_norm(values))
            clean = clean and isinstance(values.dtype, pd.StringDtype) and trimmed[-1].equals(
                values)
    if len(trimmed) == 1 and clean:
        joint = np.arange(len(trimmed[0]), dtype=np.int64)
    else:
        joint = pd.factorize(pd.concat(trimmed, ignore_index=True))[0] if trimmed else None
    lookups, offset = [], 0
    for part in trimmed:
        lookups.append(np.append(np.asarray(joint[offset:offset + len(part)], dtype=np.int64),
                                 -1))
        offset += len(part)
    out = []
    for codes, uniques in factorized:
        lookup = lookups[distinct[id(uniques)]]
        out.append(lookup[np.where(codes >= 0, codes, len(lookup) - 1)])
    return out


def combine_codes(codes: list[np.ndarray]) -> np.ndarray:
    """One integer per row for several code columns together, 0..k-1, equal exactly
    when every code is; -1 where any code is -1 (missing)."""
    n = len(codes[0]) if codes else 0
    missing = np.zeros(n, dtype=bool)
    for c in codes:
        missing |= c < 0
    ids = np.zeros(n, dtype=np.int64)
    bound = 1  # every id is below this
    for c in codes:
        width = max(int(c.max(initial=-1)) + 1, 1)
        if bound * width >= 2**62:  # renumber 0..k-1 before the ids overflow
            ids, distinct = pd.factorize(ids)
            ids, bound = ids.astype(np.int64, copy=False), max(1, len(distinct))
        ids *= width  # in place: no new array per column
        ids += np.maximum(c, 0)
        bound *= width
    dense = np.full(n, -1, dtype=np.int64)
    dense[~missing] = pd.factorize(ids[~missing])[0]
    return dense


def _pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (message, assignment) positions with the same id (0..k-1), by message and
    then by assignment position; -1 matches nothing."""
    k = int(max(left.max(initial=-1), right.max(initial=-1))) + 1
    placed = np.flatnonzero(right >= 0)
    order = placed[np.argsort(right[placed], kind="stable")]  # by id, then position
    per_id = np.bincount(right[placed], minlength=k)
    first = np.cumsum(per_id) - per_id
    found = left >= 0
    ids = np.where(found, left, 0)
    n = np.where(found, per_id[ids], 0) if k else np.zeros(len(left), dtype=np.int64)
    lo = first[ids] if k else n
    msg_pos = np.repeat(np.arange(len(left)), n)
    offsets = np.arange(len(msg_pos)) - np.repeat(np.cumsum(n) - n, n)
    return msg_pos, order[np.repeat(lo, n) + offsets]


def _norm(values: pd.Series) -> pd.Series:
    """Compare codes as trimmed text, so ' 45A01' and '45A01' are the same product; an
    empty text is a missing value."""
    text = values.astype("string").str.strip()
    return text.mask(text == "")
