"""Stop messages (307) that belong to an assignment for which no start (305) came."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity


@register_check
class StopWithoutStart(Check):
    id = "stop-without-start"
    group = "linkage"
    dimension = "consistency"
    types = ("stop-without-start",)
    tags = ("#linkage", "#row")
    scope = "project"

    def precheck(self, ctx, dataset):
        linkage = ctx.linkage
        if linkage is None:
            return self.skip("no-assignments")
        if not linkage.starts or not linkage.stops:
            return self.skip("no-messages")
        return None

    def run(self, ctx, dataset):
        linkage = ctx.linkage
        started = linkage.started().index
        for linked in linkage.stops:
            assignment = linked.result.assignment
            lonely = assignment.notna() & ~assignment.isin(started)
            count = int(lonely.sum())
            if count:
                yield self.finding(
                    "stop-without-start", count=count, total=len(lonely),
                    dataset=linked.source.dataset, rows=lonely, severity=Severity.WARNING,
                    fields={"rule": linked.result.rule},
                )
