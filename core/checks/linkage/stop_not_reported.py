"""Toewijzingen whose care started but never got a stop (307), although the toewijzing
ended more than N days (the same setting as for starts) before the peildatum. The
episode indicators end such care at the toewijzing's end ("stop niet gemeld")."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.linkage import per_assignment_file
from core.messages import first_events


@register_check
class StopNotReported(Check):
    id = "stop-not-reported"
    group = "linkage"
    dimension = "consistency"
    types = ("stop-not-reported",)
    tags = ("#linkage", "#row")
    scope = "project"

    def precheck(self, ctx, dataset):
        linkage = ctx.linkage
        if linkage is None:
            return self.skip("no-assignments")
        if not linkage.stops:
            return self.skip("no-stops")
        if "assignment_end" not in linkage.assignments.columns:
            return self.skip("no-end-date")
        return None

    def run(self, ctx, dataset):
        linkage = ctx.linkage
        days = ctx.settings.start_not_reported_days
        horizon = ctx.reference_date - pd.Timedelta(days=days)
        a = linkage.assignments
        started = a.index.isin(linkage.started().index)
        stopped = a.index.isin(first_events(linkage.stops).index)
        missing = started & ~stopped & (a["assignment_end"] < horizon).fillna(False).to_numpy()
        yield from per_assignment_file(
            self, ctx, missing, "stop-not-reported",
            {"days": days, "reference_date": ctx.reference_date.strftime("%d-%m-%Y"),
             "rule": linkage.rule})
