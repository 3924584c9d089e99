"""How much care a volume is: per day, and what a toewijzing allows for a period.

A 301 assigns a volume in a unit with a frequency ("4 uur per week"; with
frequency "totaal" the volume is for the whole toewijzing). A 303 declares a
volume in the same units for its own period. Units and frequencies are read
through the national code lists (core.reference); the per-day limits are in
resources/checks/implausible-volume.json.
"""

from __future__ import annotations

import pandas as pd

from core.paths import load_json_resource
from core.reference import frequency_ids, residential_categories, unit_ids

DAYS_PER_WEEK = 7.0


def days_inclusive(start: pd.Series, end: pd.Series) -> pd.Series:
    """Days from start to end, both included; missing where either is, or end < start."""
    days = (end - start).dt.days + 1
    return days.where(days > 0).astype("Float64")


def months_inclusive(start: pd.Series, end: pd.Series) -> pd.Series:
    """Calendar months from start to end, both days included, in fractions of each month
    (1 for 1-31 January, 1 for 1-28 February, 0.5 for 1-15 April)."""

    def position(day: pd.Series) -> pd.Series:
        return (day.dt.year * 12 + day.dt.month - 1
                + (day.dt.day - 1) / day.dt.days_in_month)

    months = position(end + pd.Timedelta(days=1)) - position(start)
    return months.where(months > 0).astype("Float64")


def per_period(volume: pd.Series, frequency: pd.Series, start: pd.Series,
               end: pd.Series) -> pd.Series:
    """The volume a toewijzing allows for the period start..end: volume × days (per
    dag), × days / 7 (per week), × months (per maand). Missing for frequency 'totaal'
    (a running total, see ``over_total``) and for an unknown frequency."""
    days = days_inclusive(start, end)
    factor = pd.Series(pd.NA, index=volume.index, dtype="Float64")
    factor = factor.mask(frequency == "dag", days)
    factor = factor.mask(frequency == "week", days / DAYS_PER_WEEK)
    factor = factor.mask(frequency == "maand", months_inclusive(start, end))
    return volume.astype("Float64") * factor


def over_total(volume: pd.Series, assignment: pd.Series, order: pd.Series,
               total: pd.Series) -> pd.Series:
    """For declarations against a total volume: True from the declaration on (in order
    of ``order``, e.g. the period start) where the running sum passes the total."""
    frame = pd.DataFrame({"v": volume.astype("float64"), "a": assignment, "o": order,
                          "t": total.astype("float64")})
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
    limit = units.map(limits["max"]).astype("Float64")
    at_limit = units.isin(limits["ambulant_at_limit"]).to_numpy() & ~category.isin(
        residential_categories()).to_numpy()
    value = per_day.astype("Float64")
    bad = (value > limit) | ((value >= limit) & pd.Series(at_limit, index=value.index))
    return bad.fillna(False).astype(bool)


def assigned_per_day(volume: pd.Series, frequency: pd.Series, start: pd.Series | None,
                     end: pd.Series | None) -> pd.Series:
    """What a toewijzing assigns per day: per dag as is, per week / 7, per maand / the
    average month, a total over the toewijzing's days."""
    freq = frequency_ids(frequency)
    value = volume.astype("Float64")
    out = pd.Series(pd.NA, index=volume.index, dtype="Float64")
    out = out.mask(freq == "dag", value)
    out = out.mask(freq == "week", value / DAYS_PER_WEEK)
    out = out.mask(freq == "maand", value * 12 / 365.25)
    if start is not None and end is not None:
        out = out.mask(freq == "totaal", value / days_inclusive(start, end))
    return out
