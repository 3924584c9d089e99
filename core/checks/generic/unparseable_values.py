"""Text that is present but cannot be read as the column's type (a number, a real date)."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity


@register_check
class UnparseableValues(Check):
    id = "unparseable-values"
    group = "generic"
    dimension = "validity"
    types = ("unparseable-number", "unparseable-date", "unparseable-other")
    tags = ("#cell",)

    def run(self, ctx, dataset):
        data = ctx.data(dataset)
        total = len(data.frame)
        for column, mask in data.invalid.items():
            count = int(mask.sum())
            if not count:
                continue
            type_id = data.types.get(column, "text")
            kind = {"date": "unparseable-date", "integer": "unparseable-number",
                    "decimal": "unparseable-number", "amount": "unparseable-number"}.get(
                type_id, "unparseable-other")
            fields = {"count": count, "column": column, "type": ctx.type_label(type_id)}
            fixes = [self.fix("mark-missing", {"kind": "mark_missing", "dataset": dataset.id,
                                               "params": {"column": column, "invalid": True}},
                              fields)]
            if type_id == "date":
                fixes.insert(0, self.fix(
                    "end-of-month", {"kind": "date_rule", "dataset": dataset.id,
                                     "params": {"column": column, "rule": "end_of_month",
                                                "rows": "invalid"}}, fields))
            yield self.finding(
                kind, count=count, total=total, dataset=dataset, column=column, rows=mask,
                severity=Severity.WARNING, fields={"type": ctx.type_label(type_id)},
                fixes=tuple(fixes),
            )
