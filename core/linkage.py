"""Linking start and stop messages (305/307) to assignments (301): one rule for all.

The rule, shown to the user where it is used: a message belongs to an
assignment with the same client, provider, product and decision number, whose
period contains the message date. When a role is missing in either file it is
left out of the rule (and the rule text says so); when the message date is
missing or unreadable, the period condition is skipped for that message.

Checks (unmatched messages, starts never reported, stops without start, care
ending before it starts) and indicators (waiting time, care duration) all use
``link_messages``, so they can never disagree about which rows belong together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.i18n import N_, _

KEY_ROLES = ("client", "provider", "product_code", "decision_number")
KEY_LABELS = {
    "client": N_("dezelfde cliënt"),
    "provider": N_("dezelfde aanbieder"),
    "product_code": N_("hetzelfde product"),
    "decision_number": N_("dezelfde beschikking"),
}


@dataclass(frozen=True)
class LinkResult:
    """Per message row (same index as the message frame)."""

    assignment: pd.Series  # index label of the first matching assignment row, or <NA>
    candidates: pd.Series  # number of matching assignments (0 = unmatched, >1 = ambiguous)
    keys: tuple[str, ...]  # the roles that were used
    uses_period: bool

    @property
    def matched(self) -> pd.Series:
        return self.candidates > 0

    @property
    def rule(self) -> str:
        return describe_rule(self.keys, self.uses_period)


def describe_rule(keys: tuple[str, ...], uses_period: bool) -> str:
    parts = [_(KEY_LABELS[k]) for k in keys]
    text = _("Een bericht hoort bij een toewijzing met ") + ", ".join(parts[:-1])
    text += (_(" en ") + parts[-1]) if len(parts) > 1 else parts[0]
    if uses_period:
        text += _(", en de datum van het bericht valt in de periode van de toewijzing")
    return text + "."


def link_messages(
    assignments: pd.DataFrame,
    assignment_roles: dict[str, str],
    messages: pd.DataFrame,
    message_roles: dict[str, str],
    date_role: str,
    *,
    key_codes: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> LinkResult:
    """Match every message row to assignments.

    ``*_roles`` map a role id to the column holding it. Frames are typed (dates as
    datetime). ``date_role`` is the message's date role (care_start or care_end).
    ``key_codes`` (role -> message codes, assignment codes, as ``key_codes_of`` makes
    them: 0..k-1 in one numbering for both, -1 for missing) lets a caller that has
    already hashed the key columns skip that work.
    """
    keys = tuple(k for k in KEY_ROLES if k in assignment_roles and k in message_roles)
    if not keys:
        raise ValueError("no common key roles to link on")
    key_codes = dict(key_codes or {})
    for k in keys:
        if k not in key_codes:
            key_codes[k] = tuple(key_codes_of(
                [messages[message_roles[k]], assignments[assignment_roles[k]]]))
    msg_pos, assign_pos = _pairs_on_keys([key_codes[k][0] for k in keys],
                                         [key_codes[k][1] for k in keys])
    date_col = message_roles.get(date_role)
    start_col = assignment_roles.get("assignment_start")
    end_col = assignment_roles.get("assignment_end")
    uses_period = bool(date_col and start_col)
    if uses_period and len(msg_pos):
        date = messages[date_col].iloc[msg_pos].reset_index(drop=True)
        start = assignments[start_col].iloc[assign_pos].reset_index(drop=True)
        after_start = start.isna() | (date >= start)
        if end_col:
            end = assignments[end_col].iloc[assign_pos].reset_index(drop=True)
            before_end = end.isna() | (date <= end)
        else:
            before_end = True
        keep = (date.isna() | (after_start & before_end)).to_numpy(dtype=bool)
        msg_pos, assign_pos = msg_pos[keep], assign_pos[keep]
    candidates = np.bincount(msg_pos, minlength=len(messages)).astype(np.int64)
    # Pairs run by message, and per message by assignment row: the first is the earliest.
    first = np.flatnonzero(np.r_[True, msg_pos[1:] != msg_pos[:-1]]) if len(msg_pos) else msg_pos
    labels = assignments.index.to_numpy()[assign_pos[first]]
    if len(first) < len(messages):  # as reindexing would: missing makes ints float
        out = np.full(len(messages), np.nan,
                      dtype=np.float64 if labels.dtype.kind in "iufb" else object)
        out[msg_pos[first]] = labels
        labels = out
    return LinkResult(pd.Series(labels, index=messages.index),
                      pd.Series(candidates, index=messages.index), keys, uses_period)


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
            clean = clean and isinstance(values.dtype, pd.StringDtype) and not bool(
                (trimmed[-1] != values).any())
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


def _combined_ids(left: list[np.ndarray], right: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """``combine_codes`` for the messages and the assignments in one numbering."""
    ids = combine_codes([np.concatenate([a, b]) for a, b in zip(left, right, strict=True)])
    return ids[:len(left[0])], ids[len(left[0]):]


def _pairs_on_keys(left: list[np.ndarray], right: list[np.ndarray]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """All (message, assignment) positions equal on every key, by message and then by
    assignment position. Pairs are made on the key with the most distinct values (the
    decision number, mostly) and the other keys are compared after: no hashing of
    combined keys. When that key says too little, all keys are combined first."""
    widths = [max(int(a.max(initial=-1)), int(b.max(initial=-1))) + 1
              for a, b in zip(left, right, strict=True)]
    best = int(np.argmax(widths))
    per_id = np.bincount(right[best][right[best] >= 0], minlength=widths[best])
    expected = int(per_id[left[best][left[best] >= 0]].sum())
    if len(left) > 1 and expected > 4 * (len(left[best]) + len(right[best])) + 1000:
        msg_pos, assign_pos = _pairs(*_combined_ids(left, right))
        return msg_pos, assign_pos
    msg_pos, assign_pos = _pairs(left[best], right[best])
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        if i != best and len(msg_pos):
            codes = a[msg_pos]
            same = (codes == b[assign_pos]) & (codes >= 0)
            msg_pos, assign_pos = msg_pos[same], assign_pos[same]
    return msg_pos, assign_pos


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
    """Compare codes as trimmed text, so ' 45A01' and '45A01' are the same product."""
    return values.astype("string").str.strip()
