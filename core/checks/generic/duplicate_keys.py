"""Assignment numbers that appear more than once: rows whose number already appeared."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity

KEY_ROLES = ("assignment_number",)


@register_check
class DuplicateKeys(Check):
    id = "duplicate-keys"
    group = "generic"
    dimension = "uniqueness"
    types = ("duplicate-keys",)
    tags = ("#row", "#key")

    def precheck(self, ctx, dataset):
        if dataset.kind not in ("301", "mixed"):
            return self.skip("not-assignments")
        if not any(r in ctx.roles(dataset) for r in KEY_ROLES):
            return self.skip("no-key")
        return None

    def run(self, ctx, dataset):
        # In a mixed file a 305 repeats its assignment's number: only the 301 rows count.
        for kf in ctx.kind_frames("301"):
            if kf.dataset.id != dataset.id:
                continue
            for role in KEY_ROLES:
                column = kf.roles.get(role)
                if column is None or column not in kf.frame.columns:
                    continue
                keys = kf.frame[column].astype("string").str.strip()
                dup = keys.notna() & keys.duplicated(keep="first")
                count = int(dup.sum())
                if count:
                    yield self.finding(
                        "duplicate-keys", count=count, total=len(kf.frame), dataset=dataset,
                        column=column, rows=dup, severity=Severity.WARNING,
                        fields={"role": ctx.role_label(role)},
                    )
