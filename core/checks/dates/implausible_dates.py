"""Dates before 1900, and dates of things that already happened lying after the
reference date (peildatum). Dates that do not exist at all (31-02) are reported by
unparseable-values."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.model import Severity

EARLIEST = pd.Timestamp(1900, 1, 1)
# Roles of events that cannot lie after the reference date. Ends may: an assignment
# runs on, and a provider may announce the end of care ahead.
PAST_ROLES = ("birth_date", "assignment_start", "care_start", "period_start")


@register_check
class ImplausibleDates(Check):
    id = "implausible-dates"
    group = "dates"
    dimension = "validity"
    types = ("before-1900", "future")
    tags = ("#cell", "#date")
    needs_types = ("date",)

    def run(self, ctx, dataset):
        frame = ctx.frame(dataset)
        roles = {c: r for r, c in ctx.roles(dataset).items()}
        reference = ctx.reference_date
        for column in ctx.columns_of_type(dataset, ("date",)):
            values = frame[column]
            if not pd.api.types.is_datetime64_any_dtype(values):
                continue
            early = (values < EARLIEST).fillna(False)
            if early.any():
                yield self.finding(
                    "before-1900", count=int(early.sum()), total=len(frame), dataset=dataset,
                    column=column, rows=early, severity=Severity.WARNING,
                )
            if roles.get(column) in PAST_ROLES:
                late = (values > reference).fillna(False)
                if late.any():
                    yield self.finding(
                        "future", count=int(late.sum()), total=len(frame), dataset=dataset,
                        column=column, rows=late, severity=Severity.WARNING,
                        fields={"reference_date": reference.strftime("%d-%m-%Y")},
                    )
