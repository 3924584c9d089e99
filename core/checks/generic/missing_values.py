"""Empty cells per column (count and share). Values that do not parse are not counted
here: they are reported by unparseable-values."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.context import template_roles
from core.checks.model import Severity

# Offering to exclude rows one by one makes sense for a handful, not for thousands.
MAX_ROWS_FOR_FIX = 5000
# An aspecific toewijzing names a product category and no product (and so may its start
# and stop): the product is not missing where the category is there. A declaration
# always names its product.
CATEGORY_IS_ENOUGH = ("product_code", "product_name")
CATEGORY_KINDS = ("301", "trajecten", "305", "307")
# Linking falls back to the rule without these, so excluding rows would lose data.
KEYS_WITH_FALLBACK = ("assignment_number", "decision_number")


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
        by_role = ctx.roles(dataset)
        roles = {c: r for r, c in by_role.items()}
        needed = template_roles(ctx.project, dataset)
        category = by_role.get("product_category") if dataset.kind in CATEGORY_KINDS else None
        for column in frame.columns:
            missing = frame[column].isna() & ~data.invalid[column]
            role = roles.get(column)
            if role in CATEGORY_IS_ENOUGH and category is not None:
                missing &= frame[category].isna()
            count = int(missing.sum())
            if not count:
                continue
            severity = Severity.WARNING if role and role not in KEYS_WITH_FALLBACK and (
                role in needed or count > total / 2) else Severity.INFO
            fixes = ()
            if role and role not in KEYS_WITH_FALLBACK and count < total \
                    and count <= MAX_ROWS_FOR_FIX:
                rows = frame.index[missing.to_numpy()].tolist()
                fixes = (self.fix("exclude-rows", {"kind": "exclude_rows", "dataset": dataset.id,
                                                   "params": {"rows": rows}},
                                  {"column": column, "count": count}),)
            yield self.finding(
                "missing-values", count=count, total=total, dataset=dataset, column=column,
                rows=missing, severity=severity, fixes=fixes,
                fields={"role": ctx.role_label(role) if role else ""},
            )
