"""Rows that are exact copies of an earlier row."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity


@register_check
class DuplicateRows(Check):
    id = "duplicate-rows"
    group = "generic"
    dimension = "uniqueness"
    types = ("duplicate-rows",)
    tags = ("#row",)

    def run(self, ctx, dataset):
        frame = ctx.frame(dataset)
        if not len(frame.columns):
            return
        dup = ctx.duplicate_rows(dataset)
        count = int(dup.sum())
        if count:
            op = {"kind": "drop_duplicates", "dataset": dataset.id, "params": {}}
            yield self.finding(
                "duplicate-rows", count=count, total=len(frame), dataset=dataset, rows=dup,
                severity=Severity.WARNING, fixes=(self.fix("drop-duplicates", op, {"count": count}),),
            )
