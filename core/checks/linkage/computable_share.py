"""For how many records can waiting time (301 -> 305) and care duration (305 -> 307)
actually be computed? The rest is missing from those indicators."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.model import Severity

BLOCKING_BELOW = 0.5
WARNING_BELOW = 0.9


def _severity(share_computable: float) -> Severity:
    if share_computable < BLOCKING_BELOW:
        return Severity.BLOCKING
    if share_computable < WARNING_BELOW:
        return Severity.WARNING
    return Severity.INFO


@register_check
class ComputableShare(Check):
    id = "computable-share"
    group = "linkage"
    dimension = "information"
    types = ("waiting-time", "care-duration")
    tags = ("#linkage", "#indicator")
    scope = "project"

    def precheck(self, ctx, dataset):
        linkage = ctx.linkage
        if linkage is None:
            return self.skip("no-assignments")
        if not linkage.starts:
            return self.skip("no-starts")
        return None

    def run(self, ctx, dataset):
        linkage = ctx.linkage
        started = linkage.started()
        a = linkage.assignments
        by_ds = {ds.id: ds for ds in ctx.project.datasets}
        has_wait = a.index.isin(started.index[started.notna()])
        if "assignment_start" in a.columns:
            has_wait &= a["assignment_start"].notna().to_numpy()
        source, ds_ids = pd.factorize(a["_ds"])  # datasets in order of appearance
        for i, ds_id in enumerate(ds_ids):
            own = source == i
            ok = has_wait[own]
            missing = a["_row"][own][~ok]
            computable = int(ok.sum())
            yield self.finding(
                "waiting-time", count=len(missing), total=len(ok), dataset=by_ds[ds_id],
                rows=missing, severity=_severity(computable / len(ok)),
                fields={"computable": computable, "rule": linkage.rule},
            )
        for linked in linkage.stops:
            start = linkage.start_of(linked.result.assignment)
            end = linked.dates.to_numpy(dtype="datetime64[ns]")
            ok = linked.result.assignment.notna().to_numpy() & (end >= start)
            total = len(ok)
            if not total:
                continue
            computable = int(ok.sum())
            yield self.finding(
                "care-duration", count=total - computable, total=total,
                dataset=linked.source.dataset, rows=linked.result.assignment.index[~ok],
                severity=_severity(computable / total),
                fields={"computable": computable, "rule": linked.result.rule},
            )
