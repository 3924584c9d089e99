"""Columns without a single value."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity


@register_check
class EmptyColumns(Check):
    id = "empty-columns"
    group = "generic"
    dimension = "information"
    types = ("empty-column",)
    tags = ("#column",)

    def run(self, ctx, dataset):
        data = ctx.data(dataset)
        frame = data.frame
        if not len(frame):
            return
        for column in frame.columns:
            if frame[column].isna().all() and not data.invalid[column].any():
                yield self.finding(
                    "empty-column", count=len(frame), total=len(frame), dataset=dataset,
                    column=column, severity=Severity.INFO,
                )
