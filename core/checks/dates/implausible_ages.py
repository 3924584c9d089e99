"""Ages below 0 or above the maximum at the moment care was assigned (or started).

The maximum is 23 for youth care (the national Jeugdwet product categories,
core.reference.youth_categories),
120 otherwise, or what the user set."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity

AT_ROLES = ("assignment_start", "care_start", "period_start")


@register_check
class ImplausibleAges(Check):
    id = "implausible-ages"
    group = "dates"
    dimension = "validity"
    types = ("implausible-age",)
    tags = ("#cell", "#date")
    needs_roles = ("birth_date",)

    def run(self, ctx, dataset):
        frame = ctx.frame(dataset)
        roles = ctx.roles(dataset)
        birth = frame[roles["birth_date"]]
        at_role = next((r for r in AT_ROLES if r in roles), None)
        at = frame[roles[at_role]] if at_role else ctx.reference_date
        age = (at - birth).dt.days / 365.25
        limit = ctx.max_age
        bad = ((age < 0) | (age > limit)).fillna(False).astype(bool)
        count = int(bad.sum())
        if count:
            yield self.finding(
                "implausible-age", count=count, total=len(frame), dataset=dataset,
                column=roles["birth_date"], rows=bad, severity=Severity.WARNING,
                fields={"max_age": limit,
                        "at": ctx.role_label(at_role) if at_role else "peildatum"},
            )
