"""Datasets at different aggregation levels (e.g. CBS figures for a youth-care region
next to the municipality's own data): they cannot simply be combined.

The level comes from region codes (GM = municipality, JZ = youth-care region, ...,
see the resource); the municipality's own message exports are municipal."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.context import MESSAGE_KINDS
from core.checks.model import Severity
from core.checks.texts import check_texts

CODE_PATTERN = r"^\s*([A-Z]{2})\d+\s*$"
MIN_MATCH = 0.9


def _level_from_codes(values: pd.Series, prefixes: dict[str, str]) -> str | None:
    text = values.dropna().astype("string")
    if text.empty:
        return None
    prefix = text.str.extract(CODE_PATTERN, expand=False)
    known = prefix[prefix.isin(list(prefixes))]
    if len(known) < MIN_MATCH * len(text):
        return None
    return prefixes[known.mode().iloc[0]]


@register_check
class AggregationLevels(Check):
    id = "aggregation-levels"
    group = "domain"
    dimension = "information"
    types = ("aggregation-levels",)
    tags = ("#dataset",)
    scope = "project"

    def levels(self, ctx) -> dict[str, str]:
        prefixes = check_texts(self.id)["prefixes"]
        found: dict[str, str] = {}
        for ds in ctx.project.datasets:
            frame = ctx.frame(ds)
            roles = ctx.roles(ds)
            candidates = [roles["region"]] if "region" in roles else [
                c for c, t in ctx.types(ds).items()
                if t in ("text", "code") and c in frame.columns
            ] if ds.kind in ("cbs", "other", None) else []
            level = None
            for column in candidates:
                level = _level_from_codes(frame[column], prefixes)
                if level:
                    break
            if level is None and ds.kind in (*MESSAGE_KINDS, "mixed"):
                level = "municipality"
            if level:
                found[ds.id] = level
        return found

    def precheck(self, ctx, dataset):
        if len(set(self.levels(ctx).values())) < 2:
            return self.skip("one-level")
        return None

    def run(self, ctx, dataset):
        levels = self.levels(ctx)
        names = check_texts(self.id)["levels"]
        counts = pd.Series(levels).value_counts()
        main = "municipality" if "municipality" in counts.index else counts.index[0]
        for ds in ctx.project.datasets:
            level = levels.get(ds.id)
            if level is None or level == main:
                continue
            yield self.finding(
                "aggregation-levels", count=1, total=len(levels), dataset=ds,
                severity=Severity.WARNING,
                fields={"level": names[level], "main_level": names[main]},
            )
