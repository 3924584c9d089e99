"""Empty cells per column (count and share). Values that do not parse are not counted
here: they are reported by unparseable-values."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.context import template_roles
from core.checks.model import Severity

# Offering to exclude rows one by one makes sense for a handful, not for thousands.
MAX_ROWS_FOR_FIX = 5000


@register_check
class MissingValues(Check):
    id = "missing-values"
    group = "generic"
    dimension = "completeness"
    types = ("missing-values",)
    tags = ("#cell",)

    def run(self, ctx, dataset):
        data = ctx.data(dataset)
        frame, total = data.frame, len(data.frame)
        if not total:
            return
        roles = {c: r for r, c in ctx.roles(dataset).items()}
        needed = template_roles(ctx.project, dataset)
        for column in frame.columns:
            missing = frame[column].isna() & ~data.invalid[column]
            count = int(missing.sum())
            if not count:
                continue
            role = roles.get(column)
            severity = Severity.WARNING if role and (role in needed or count > total / 2) \
                else Severity.INFO
            fixes = ()
            if role and count < total and count <= MAX_ROWS_FOR_FIX:
                rows = frame.index[missing.to_numpy()].tolist()
                fixes = (self.fix("exclude-rows", {"kind": "exclude_rows", "dataset": dataset.id,
                                                   "params": {"rows": rows}},
                                  {"column": column, "count": count}),)
            yield self.finding(
                "missing-values", count=count, total=total, dataset=dataset, column=column,
                rows=missing, severity=severity, fixes=fixes,
                fields={"role": ctx.role_label(role) if role else ""},
            )
