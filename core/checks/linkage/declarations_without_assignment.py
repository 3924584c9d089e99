"""Declarations (303) that belong to no toewijzing, or whose declared period falls
outside the toewijzing they belong to: the controller's first question about
rechtmatigheid. Linked by the one rule of core.linkage (the toewijzingnummer, or
client, provider, product and beschikking); the period does not unlink a
declaration, it is reported."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.linkage import declarations_precheck
from core.checks.model import Severity


@register_check
class DeclarationsWithoutAssignment(Check):
    id = "declarations-without-assignment"
    group = "linkage"
    dimension = "consistency"
    types = ("declared-without-assignment", "declared-outside-period")
    tags = ("#linkage", "#row", "#rechtmatigheid")
    scope = "project"

    def precheck(self, ctx, dataset):
        return declarations_precheck(self, ctx)

    def run(self, ctx, dataset):
        for linked in ctx.linkage.declarations:
            result = linked.result
            for kind, mask in (("declared-without-assignment", ~result.matched),
                               ("declared-outside-period", result.matched & ~result.in_period)):
                count = int(mask.sum())
                if count:
                    yield self.finding(
                        kind, count=count, total=len(mask), dataset=linked.source.dataset,
                        rows=mask, severity=Severity.WARNING, fields={"rule": result.rule},
                    )
