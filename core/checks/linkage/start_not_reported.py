"""Assignments whose start of care (305) never came, counted only for assignments that
began more than N days (default 30, a setting) before the reference date: younger
assignments without a start message are normal."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.model import Severity


@register_check
class StartNotReported(Check):
    id = "start-not-reported"
    group = "linkage"
    dimension = "consistency"
    types = ("start-not-reported",)
    tags = ("#linkage", "#row")
    scope = "project"

    def precheck(self, ctx, dataset):
        linkage = ctx.linkage
        if linkage is None:
            return self.skip("no-assignments")
        if not linkage.starts:
            return self.skip("no-starts")
        if "assignment_start" not in linkage.assignments.columns:
            return self.skip("no-start-date")
        return None

    def run(self, ctx, dataset):
        linkage = ctx.linkage
        days = ctx.settings.start_not_reported_days
        horizon = ctx.reference_date - pd.Timedelta(days=days)
        a = linkage.assignments
        started = linkage.started()
        missing = (a["assignment_start"] < horizon).fillna(False) & ~a.index.isin(started.index)
        by_ds = {ds.id: ds for ds in ctx.project.datasets}
        for ds_id, part in a[missing].groupby("_ds", sort=False):
            total = int((a["_ds"] == ds_id).sum())
            yield self.finding(
                "start-not-reported", count=len(part), total=total, dataset=by_ds[ds_id],
                rows=part["_row"], severity=Severity.WARNING,
                fields={"days": days, "reference_date": ctx.reference_date.strftime("%d-%m-%Y"),
                        "rule": linkage.rule},
            )
