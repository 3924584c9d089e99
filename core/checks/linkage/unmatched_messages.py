"""Start (305) and stop (307) messages that belong to no assignment (301), by the one
matching rule of core.linkage (shown to the user)."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity


@register_check
class UnmatchedMessages(Check):
    id = "unmatched-messages"
    group = "linkage"
    dimension = "consistency"
    types = ("unmatched-start", "unmatched-stop")
    tags = ("#linkage", "#row")
    scope = "project"

    def precheck(self, ctx, dataset):
        linkage = ctx.linkage
        if linkage is None:
            return self.skip("no-assignments")
        if not any(not m.own for m in (*linkage.starts, *linkage.stops)):
            return self.skip("no-messages")
        return None

    def run(self, ctx, dataset):
        linkage = ctx.linkage
        for kind, messages in (("unmatched-start", linkage.starts),
                               ("unmatched-stop", linkage.stops)):
            for linked in messages:
                if linked.own:  # a trajecten row's own start or end: nothing to match
                    continue
                unmatched = ~linked.result.matched
                count = int(unmatched.sum())
                if count:
                    yield self.finding(
                        kind, count=count, total=len(unmatched), dataset=linked.source.dataset,
                        rows=unmatched, severity=Severity.WARNING,
                        fields={"rule": linked.result.rule},
                    )
