"""Assignments whose start of care (305) never came, counted only for assignments that
began more than N days (default 30, a setting) before the reference date: younger
assignments without a start message are normal."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.linkage import per_assignment_file


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
        missing = ((a["assignment_start"] < horizon).fillna(False).to_numpy()
                   & ~a.index.isin(linkage.started().index))
        yield from per_assignment_file(
            self, ctx, missing, "start-not-reported",
            {"days": days, "reference_date": ctx.reference_date.strftime("%d-%m-%Y"),
             "rule": linkage.rule})
