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
) -> LinkResult:
    """Match every message row to assignments.

    ``*_roles`` map a role id to the column holding it. Frames are typed (dates as
    datetime). ``date_role`` is the message's date role (care_start or care_end).
    """
    keys = tuple(k for k in KEY_ROLES if k in assignment_roles and k in message_roles)
    if not keys:
        raise ValueError("no common key roles to link on")
    left = pd.DataFrame(
        {k: _norm(messages[message_roles[k]]) for k in keys}, index=messages.index
    )
    date_col = message_roles.get(date_role)
    left["_date"] = messages[date_col] if date_col else pd.NaT
    left["_msg"] = messages.index
    right = pd.DataFrame({k: _norm(assignments[assignment_roles[k]]) for k in keys})
    start_col = assignment_roles.get("assignment_start")
    end_col = assignment_roles.get("assignment_end")
    right["_start"] = assignments[start_col] if start_col else pd.NaT
    right["_end"] = assignments[end_col] if end_col else pd.NaT
    right["_assignment"] = assignments.index
    right = right.dropna(subset=list(keys))
    pairs = left.dropna(subset=list(keys)).merge(right, on=list(keys), how="inner")
    uses_period = bool(date_col and start_col)
    if uses_period:
        known = pairs["_date"].notna()
        after_start = pairs["_start"].isna() | (pairs["_date"] >= pairs["_start"])
        before_end = pairs["_end"].isna() | (pairs["_date"] <= pairs["_end"])
        pairs = pairs[~known | (after_start & before_end)]
    counts = pairs.groupby("_msg").size()
    first = pairs.groupby("_msg")["_assignment"].first()
    candidates = counts.reindex(messages.index, fill_value=0).astype("int64")
    assignment = first.reindex(messages.index)
    return LinkResult(assignment, candidates, keys, uses_period)


def _norm(values: pd.Series) -> pd.Series:
    """Compare codes as trimmed text, so ' 45A01' and '45A01' are the same product."""
    return values.astype("string").str.strip()
