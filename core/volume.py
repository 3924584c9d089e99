"""How much care a volume is: per day, and what a toewijzing allows for a period.

A 301 assigns a volume in a unit with a frequency ("4 uur per week"; with
frequency "totaal" the volume is for the whole toewijzing). A 303 declares a
volume in the same units for its own period. Units and frequencies are read
through the national code lists (core.reference); the per-day limits are in
resources/checks/implausible-volume.json.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.paths import load_json_resource
from core.reference import frequency_ids, residential_categories, unit_ids

DAYS_PER_WEEK = 7.0
DAY = np.timedelta64(1, "D")


def _dates(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _float(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def days_inclusive(start: pd.Series, end: pd.Series) -> pd.Series:
    """Days from start to end, both included; missing where either is, or end < start."""
    a, b = _dates(start), _dates(end)
    days = ((b - a) / DAY + 1).astype("float64")
    days[np.isnat(a) | np.isnat(b) | (days <= 0)] = np.nan
    return pd.Series(days, index=start.index)


def _month_position(day: np.ndarray) -> np.ndarray:
    """Months since 1970 as a fraction: 1 January 2024 -> 648.0, 16 April -> 651.5."""
    month = day.astype("datetime64[M]")
    first = month.astype("datetime64[D]")
    length = ((month + 1).astype("datetime64[D]") - first) / DAY
    return month.astype("float64") + ((day - first) / DAY) / length


def months_inclusive(start: pd.Series, end: pd.Series) -> pd.Series:
    """Calendar months from start to end, both days included, in fractions of each month
    (1 for 1-31 January, 1 for 1-28 February, 0.5 for 1-15 April)."""
    a, b = _dates(start), _dates(end)
    months = _month_position(b + DAY) - _month_position(a)
    months[np.isnat(a) | np.isnat(b) | ~(months > 0)] = np.nan
    return pd.Series(months, index=start.index)


def per_period(volume: pd.Series, frequency: pd.Series, start: pd.Series,
               end: pd.Series) -> pd.Series:
    """The volume a toewijzing allows for the period start..end: volume × days (per
    dag), × days / 7 (per week), × months (per maand). Missing for frequency 'totaal'
    (a running total, see ``over_total``) and for an unknown frequency."""
    freq = frequency.to_numpy(dtype=object, na_value=None)
    days = days_inclusive(start, end).to_numpy()
    factor = np.full(len(freq), np.nan)
    factor[freq == "dag"] = days[freq == "dag"]
    factor[freq == "week"] = days[freq == "week"] / DAYS_PER_WEEK
    monthly = np.flatnonzero(freq == "maand")
    if len(monthly):  # calendar arithmetic only where it is needed
        factor[monthly] = months_inclusive(start.iloc[monthly], end.iloc[monthly]).to_numpy()
    return pd.Series(_float(volume) * factor, index=volume.index)


def over_total(volume: pd.Series, assignment: pd.Series, order: pd.Series,
               total: pd.Series) -> pd.Series:
    """For declarations against a total volume: True from the declaration on (in order
    of ``order``, e.g. the period start) where the running sum passes the total."""
    frame = pd.DataFrame({"v": _float(volume), "a": assignment.to_numpy(),
                          "o": order.to_numpy(), "t": _float(total)}, index=volume.index)
    frame = frame.sort_values(["a", "o"], kind="stable")
    running = frame["v"].fillna(0.0).groupby(frame["a"]).cumsum()
    above = (running > frame["t"] + 1e-9) & frame["v"].notna()
    return above.reindex(volume.index).fillna(False).astype(bool)


def _limits() -> dict:
    return load_json_resource("checks", "implausible-volume.json")["per_day"]


def implausible_per_day(per_day: pd.Series, unit: pd.Series, category: pd.Series
                        ) -> pd.Series:
    """True where a volume per day cannot be: above the unit's limit (more than 24
    hours, more than one etmaal...), or for ambulant care at the limit already (24
    hours of ambulant care a day). Care with verblijf may take the whole day."""
    limits = _limits()
    units = unit_ids(unit)
    limit = _float(units.map(limits["max"]))
    at_limit = units.isin(limits["ambulant_at_limit"]).to_numpy(dtype=bool) & ~category.isin(
        residential_categories()).to_numpy(dtype=bool)
    value = _float(per_day)
    with np.errstate(invalid="ignore"):
        bad = (value > limit) | ((value >= limit) & at_limit)
    return pd.Series(bad, index=per_day.index)


def assigned_per_day(volume: pd.Series, frequency: pd.Series, start: pd.Series | None,
                     end: pd.Series | None) -> pd.Series:
    """What a toewijzing assigns per day: per dag as is, per week / 7, per maand / the
    average month, a total over the toewijzing's days."""
    freq = frequency_ids(frequency).to_numpy(dtype=object, na_value=None)
    value = _float(volume)
    days = days_inclusive(start, end).to_numpy() if start is not None and end is not None \
        else np.full(len(value), np.nan)
    out = np.select([freq == "dag", freq == "week", freq == "maand", freq == "totaal"],
                    [value, value / DAYS_PER_WEEK, value * 12 / 365.25, value / days], np.nan)
    return pd.Series(out, index=volume.index)
