"""Linkage checks (one module per check), and what several of them share."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from core.checks.base import Check
from core.checks.model import Severity


def declarations_precheck(check: Check, ctx) -> str | None:
    """Why a check of declarations against assignments cannot run, or None."""
    if ctx.linkage is None:
        return check.skip("no-assignments")
    if not ctx.linkage.declarations:
        return check.skip("no-declarations")
    return None


class NotReported(Check):
    """Assignments for which a message never came, counted only where the assignment's
    date (its start, or its end) lies more than N days (a setting, default 30) before
    the peildatum: a message may take that long. One finding per file of assignments
    (301, trajecten), counted against all assignments of that file."""

    group = "linkage"
    dimension = "consistency"
    tags = ("#linkage", "#row")
    scope = "project"
    events: ClassVar[str] = ""  # the message set's list that must hold the message
    date_column: ClassVar[str] = ""  # the assignment's date the N days count from

    def missing(self, linkage) -> np.ndarray:
        """Per assignment: True where the message did not come (regardless of the date)."""
        raise NotImplementedError

    def precheck(self, ctx, dataset):
        linkage = ctx.linkage
        if linkage is None:
            return self.skip("no-assignments")
        if not getattr(linkage, self.events):
            return self.skip(f"no-{self.events}")
        if self.date_column not in linkage.assignments.columns:
            return self.skip("no-end-date" if self.date_column == "assignment_end"
                             else "no-start-date")
        return None

    def run(self, ctx, dataset):
        linkage = ctx.linkage
        days = ctx.settings.start_not_reported_days
        horizon = ctx.reference_date - pd.Timedelta(days=days)
        a = linkage.assignments
        found = self.missing(linkage) & (a[self.date_column] < horizon).fillna(False).to_numpy()
        by_ds = {ds.id: ds for ds in ctx.project.datasets}
        fields = {"days": days, "reference_date": ctx.reference_date.strftime("%d-%m-%Y"),
                  "rule": linkage.rule}
        for ds_id, part in a[found].groupby("_ds", sort=False):
            yield self.finding(
                self.types[0], count=len(part), total=int((a["_ds"] == ds_id).sum()),
                dataset=by_ds[ds_id], rows=part["_row"], severity=Severity.WARNING,
                fields=fields)
