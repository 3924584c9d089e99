"""Small-number suppression: the one place where the rule lives.

The rule (texts in resources/texts/suppression.json, threshold stored in the
project, default 10):

1. A count of people below the threshold is shown as "<10", never as itself.
2. A derived figure (a median, an average, a percentage, a sum of costs) that is
   based on fewer people than the threshold is hidden.
3. When a hidden figure could be worked out from the other figures of its group
   (shares that add up to 100%, a total row), the smallest other figure of that
   group is hidden too ("secondary" suppression).

Charts, tables and the report all pass their aggregated figures through
``suppress`` and format counts with ``SuppressionRule.format_count``, so a small
number cannot leak through one output path while another hides it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.chart_spec import DEFAULT_THRESHOLD
from core.errors import UserError
from core.house_style import format_number
from core.i18n import _
from core.paths import load_json_resource
from core.project import Project

PRIMARY = "klein"  # based on fewer people than the threshold
SECONDARY = "afleidbaar"  # could be computed back from the others and a total


def texts() -> dict[str, str]:
    return load_json_resource("texts", "suppression.json")


@dataclass(frozen=True)
class SuppressionRule:
    threshold: int = DEFAULT_THRESHOLD

    def is_small(self, people: int | float) -> bool:
        return 0 < people < self.threshold

    @property
    def count_label(self) -> str:
        return _(texts()["count_label"]).format(t=self.threshold)

    @property
    def hidden_label(self) -> str:
        return _(texts()["hidden_label"])

    def format_count(self, people: int | float) -> str:
        """A number of people as it may be shown: '<10' when small, else '1.234'."""
        if pd.isna(people):
            return self.hidden_label
        return self.count_label if self.is_small(people) else format_number(int(people))

    @property
    def explanation(self) -> str:
        """The whole rule in B1 Dutch, for help texts and the report's method section."""
        return _(texts()["explanation"]).format(t=self.threshold)

    @property
    def short_note(self) -> str:
        return _(texts()["short_note"]).format(t=self.threshold)

    @property
    def hidden_segment_label(self) -> str:
        return _(texts()["hidden_segment"]).format(t=self.threshold)

    def chart_note(self, hidden: int, secondary: int = 0) -> str:
        """The sentence shown under a chart or table where the rule removed figures."""
        if hidden == 0 and secondary == 0:
            return ""
        words = texts()
        text = (_(words["chart_note_one"]) if hidden == 1 else _(words["chart_note"])).format(
            n=hidden, t=self.threshold)
        if secondary:
            key = "secondary_note_one" if secondary == 1 else "secondary_note"
            text += " " + _(words[key]).format(n=secondary)
        return text


def rule_for(project: Project) -> SuppressionRule:
    return SuppressionRule(project.charts.suppression_threshold)


def set_threshold(project: Project, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        words = texts()
        raise UserError(_(words["threshold_too_low"]), _(words["threshold_too_low_hint"]))
    project.charts.suppression_threshold = value


@dataclass(frozen=True)
class Suppressed:
    """An aggregated table after the rule: ``value`` is NaN where hidden; ``hidden`` holds
    the reason (PRIMARY, SECONDARY) or ""."""

    table: pd.DataFrame
    primary: int
    secondary: int

    @property
    def any(self) -> bool:
        return bool(self.primary or self.secondary)


def suppress(
    table: pd.DataFrame,
    rule: SuppressionRule,
    *,
    people: str = "clients",
    value: str = "value",
    within: list[str] | None = None,
) -> Suppressed:
    """Apply the rule to an aggregated table with one row per shown figure.

    ``people`` is the column with the number of distinct people behind each figure.
    ``within``: the columns of the groups whose figures add up to something shown
    (a total, or 100% for shares); in such a group one hidden figure could be
    computed back, so a second one is hidden as well.
    """
    out = table.copy()
    counts = out[people].fillna(0).to_numpy(dtype="float64")
    small = (counts > 0) & (counts < rule.threshold)
    reason = np.where(small, PRIMARY, "")
    out["hidden"] = reason
    secondary = 0
    if within is not None and small.any():
        groups = (
            out.groupby(within, dropna=False, sort=False).ngroup() if within
            else pd.Series(0, index=out.index)
        )
        flags = pd.Series(small, index=out.index)
        for _group, members in flags.groupby(groups):
            if int(members.sum()) != 1 or len(members) < 2:
                continue
            visible = members.index[~members.to_numpy()]
            pick = out.loc[visible, people].astype("float64").idxmin()
            out.loc[pick, "hidden"] = SECONDARY
            secondary += 1
    out.loc[out["hidden"] != "", value] = np.nan
    return Suppressed(out, int(small.sum()), secondary)
