"""Columns with one and the same value in every row (empty cells aside)."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity


@register_check
class ConstantColumns(Check):
    id = "constant-columns"
    group = "generic"
    dimension = "information"
    types = ("constant-column",)
    tags = ("#column",)

    def run(self, ctx, dataset):
        frame = ctx.frame(dataset)
        if len(frame) < 2:
            return
        if frame.columns.is_unique:
            ctx.prefetch_codes(dataset, frame.columns)
        for column in frame.columns:
            codes = ctx.codes(dataset, column)  # shared with duplicate-rows
            if len(codes.uniques) == 1:
                yield self.finding(
                    "constant-column", count=int((codes.codes >= 0).sum()), total=len(frame),
                    dataset=dataset, column=column, severity=Severity.INFO,
                )
