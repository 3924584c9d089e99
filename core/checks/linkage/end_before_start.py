"""Care that ends before it starts: a stop (307) dated before the start (305) of the same
assignment, linked by the one rule of core.linkage. Also, within one row, an end date
before its own start date (assignment period, invoiced period, care period)."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity
from core.messages import TRAJECTEN

ROW_PAIRS = (("assignment_start", "assignment_end"), ("period_start", "period_end"),
             ("care_start", "care_end"))


@register_check
class EndBeforeStart(Check):
    id = "end-before-start"
    group = "linkage"
    dimension = "consistency"
    types = ("stop-before-start", "row-end-before-start")
    tags = ("#date", "#linkage")
    scope = "project"

    def run(self, ctx, dataset):
        linkage = ctx.linkage
        if linkage is not None and linkage.starts:
            for linked in linkage.stops:
                start = linkage.start_of(linked.result.assignment)
                early = linked.dates.to_numpy(dtype="datetime64[ns]") < start
                mask = linked.result.assignment.notna() & early
                count = int(mask.sum())
                if count:
                    yield self.finding(
                        "stop-before-start", count=count, total=len(mask),
                        dataset=linked.source.dataset, rows=mask, severity=Severity.WARNING,
                        fields={"rule": linked.result.rule},
                    )
        for ds in ctx.project.datasets:
            frame, roles = ctx.frame(ds), ctx.roles(ds)
            for start_role, end_role in ROW_PAIRS:
                if (ds.kind == TRAJECTEN and start_role == "care_start") or not (
                        start_role in roles and end_role in roles):
                    continue  # a trajecten row's care is the linked stop before its start
                bad = (frame[roles[end_role]] < frame[roles[start_role]]).fillna(False)
                count = int(bad.sum())
                if count:
                    yield self.finding(
                        "row-end-before-start", count=count, total=len(frame), dataset=ds,
                        column=roles[end_role], rows=bad, severity=Severity.WARNING,
                        fields={"start": roles[start_role]},
                    )
