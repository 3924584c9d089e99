"""Care episodes and trajecten: what the episode indicators count.

An **episode** is one toewijzing with the start and stop of care linked to it
(``core.messages``). Its end is the reported stop; care without a stop ends at the
toewijzing's end when that has passed ("stop niet gemeld"), else it still runs on
the peildatum (DOMAIN.md, "Honest indicators").

A **traject** is the care of one client at one provider in one product category
without a break: episodes whose periods touch or overlap are one traject, so a
verlenging (a new toewijzing that continues the care) does not split it in two.
Care duration and clients in care count trajecten; waiting time counts the first
toewijzing of a traject only, since a verlenging has no waiting time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from core.messages import LinkedMessages, first_events
from core.reference import product_category

DAY = pd.Timedelta(days=1)
ASSIGNMENT_COLUMNS = ("client", "provider", "product_code", "product_category", "district",
                      "decision_number", "assignment_number", "assignment_start",
                      "assignment_end", "provider_name", "product_name")
# How an episode's end is known: a stop message, the toewijzing's end (no stop came),
# or not at all (care still runs on the peildatum).
END_STOP, END_ASSIGNMENT, END_RUNNING = "stop", "toewijzing", "loopt"


@dataclass(frozen=True)
class Episodes:
    """Per assignment (one row each, labels of ``MessageSet.assignments``)."""

    frame: pd.DataFrame
    peildatum: pd.Timestamp

    @cached_property
    def trajecten(self) -> pd.DataFrame:
        """``trajecten(frame)``, worked out once: several indicators count trajecten."""
        return trajecten(self.frame)


def category_of(frame: pd.DataFrame) -> pd.Series:
    """The product category (core.reference.product_category), else the code itself."""
    code = frame["product_code"] if "product_code" in frame else None
    category = product_category(frame.get("product_category"), code, frame.index)
    return category.fillna(code.astype("string")) if code is not None else category


def build_episodes(assignments: pd.DataFrame, starts: list[LinkedMessages],
                   stops: list[LinkedMessages], peildatum: pd.Timestamp) -> Episodes:
    """``assignments``: a message set's assignments with normalised role columns
    (trimmed codes, dates); ``starts`` and ``stops``: its linked messages."""
    f = assignments.copy()
    starts = first_events(starts)
    stops = first_events(stops, {"end_reason": "end_reason"})
    f["has_start"] = f.index.isin(starts.index)
    f["care_start"] = starts["date"].reindex(f.index).astype("datetime64[ns]")
    f["has_stop"] = f.index.isin(stops.index)
    f["care_end"] = stops["date"].reindex(f.index).astype("datetime64[ns]")
    f["end_reason"] = stops["end_reason"].reindex(f.index).astype("string")
    if "assignment_end" not in f:
        f["assignment_end"] = pd.Series(pd.NaT, index=f.index, dtype="datetime64[ns]")
    f["category"] = category_of(f)
    _add_ends(f, peildatum)
    _add_trajecten(f)
    return Episodes(f, peildatum)


def _add_ends(f: pd.DataFrame, peildatum: pd.Timestamp) -> None:
    """``valid`` (a readable start, no stop before it), ``end`` and ``end_kind``."""
    stopped = f["care_end"].notna()
    f["end_before_start"] = f["care_start"].notna() & stopped & (f["care_end"] < f["care_start"])
    f["valid"] = f["care_start"].notna() & ~f["end_before_start"]
    ended = ~stopped & f["assignment_end"].notna() & (f["assignment_end"] < peildatum)
    end = f["care_end"].where(stopped, f["assignment_end"].where(ended, peildatum))
    f["end"] = end.where(end >= f["care_start"], f["care_start"]).where(f["valid"])
    kind = np.where(stopped, END_STOP, np.where(ended, END_ASSIGNMENT, END_RUNNING))
    f["end_kind"] = pd.Series(kind, index=f.index, dtype="string").where(f["valid"])


def _add_trajecten(f: pd.DataFrame) -> None:
    """``traject`` (an id per traject, for valid episodes) and ``continues`` (the
    toewijzing began while care of the same traject already ran)."""
    valid = f[f["valid"]]
    order = valid.sort_values(["client", "provider", "category", "care_start"], kind="stable")
    key = order[["client", "provider", "category"]].astype("string").fillna("\x00")
    same_key = key.eq(key.shift()).all(axis=1).to_numpy()
    end = order["end"].to_numpy(dtype="datetime64[ns]")
    start = order["care_start"].to_numpy(dtype="datetime64[ns]")
    group = np.cumsum(~same_key)
    reach = pd.Series(end).groupby(group).cummax().to_numpy(dtype="datetime64[ns]")
    gap = np.ones(len(order), dtype=bool)
    gap[1:] = ~same_key[1:] | (start[1:] > reach[:-1] + np.timedelta64(1, "D"))
    f["traject"] = pd.Series(np.cumsum(gap) - 1, index=order.index).reindex(f.index)
    # A toewijzing continues care when another episode of the same client, provider and
    # category was running the day before it began (also without a start of its own).
    f["continues"] = _continues(f)


def _continues(f: pd.DataFrame) -> pd.Series:
    valid = f[f["valid"]][["client", "provider", "category", "care_start", "end"]]
    mine = f[["client", "provider", "category", "assignment_start"]].reset_index(names="me")
    mine = mine.dropna(subset=["client", "assignment_start"])
    pairs = mine.merge(valid.reset_index(names="other"), on=["client", "provider", "category"])
    pairs = pairs[pairs["me"] != pairs["other"]]
    day_before = pairs["assignment_start"] - DAY
    running = (pairs["care_start"] <= day_before) & (pairs["end"] >= day_before)
    hits = pd.Index(pairs.loc[running, "me"].unique())
    return pd.Series(f.index.isin(hits), index=f.index)


def trajecten(f: pd.DataFrame) -> pd.DataFrame:
    """One row per traject: client, provider, category, the product code and district
    of its last episode, ``start``, ``end``, ``end_kind`` (loopt when any episode
    still runs), ``end_reason`` of the last stop, and ``assignments``."""
    valid = f[f["valid"]].sort_values(["traject", "end", "care_start"], kind="stable")
    grouped = valid.groupby("traject", sort=True)
    last = grouped.tail(1).set_index("traject")
    running = (valid["end_kind"] == END_RUNNING).groupby(valid["traject"], sort=True).any()
    out = pd.DataFrame({
        "client": last["client"],
        "provider": last["provider"],
        "product_category": last["category"],
        "product_code": last["product_code"] if "product_code" in last else pd.NA,
        "district": last["district"] if "district" in last else pd.NA,
        "start": grouped["care_start"].min(),
        "end": grouped["end"].max(),
        "end_kind": last["end_kind"].where(~running, END_RUNNING),
        "end_reason": last["end_reason"],
        "assignments": grouped.size(),
    })
    out.index.name = None
    return out
