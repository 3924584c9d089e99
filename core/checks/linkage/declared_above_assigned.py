"""Declarations (303) above the volume their toewijzing (301) assigns for the declared
period: "geleverde zorg vs geïndiceerde zorg". The 301's volume, unit and frequency
("4 uur per week") are scaled to the 303's period (core.volume); with frequency
"totaal" all declarations of the toewijzing are added up in period order. Only
declarations inside their toewijzing's period and in the same unit are compared."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.checks.base import Check, register_check
from core.checks.linkage import declarations_precheck
from core.checks.model import Severity
from core.reference import frequency_ids, unit_ids
from core.volume import over_total, per_period

DECLARED = ("volume", "unit", "period_start", "period_end")
ASSIGNED = ("volume", "unit", "frequency")


@register_check
class DeclaredAboveAssigned(Check):
    id = "declared-above-assigned"
    group = "linkage"
    dimension = "consistency"
    types = ("declared-above-assigned",)
    tags = ("#linkage", "#volume", "#rechtmatigheid")
    scope = "project"

    def precheck(self, ctx, dataset):
        reason = declarations_precheck(self, ctx)
        if reason:
            return reason
        linkage = ctx.linkage
        if not any(all(r in m.source.roles for r in DECLARED) for m in linkage.declarations):
            return self.skip("no-volume")
        if not all(r in linkage.assignments.columns for r in ASSIGNED):
            return self.skip("no-assigned-volume")
        return None

    def run(self, ctx, dataset):
        a = ctx.linkage.assignments
        a_unit = unit_ids(a["unit"]).to_numpy(dtype=object, na_value=None)
        a_freq = frequency_ids(a["frequency"]).to_numpy(dtype=object, na_value=None)
        a_volume = pd.to_numeric(a["volume"], errors="coerce").to_numpy(dtype="float64",
                                                                        na_value=np.nan)
        for linked in ctx.linkage.declarations:
            roles, frame = linked.source.roles, linked.source.frame
            if not all(r in roles for r in DECLARED):
                continue
            result = linked.result
            inside = np.flatnonzero((result.matched & result.in_period).to_numpy())
            # only the four columns it needs, only the rows it compares
            rows = frame[[roles[r] for r in DECLARED]].iloc[inside]
            label = result.assignment.to_numpy()[inside].astype("int64")
            pos = a.index.get_indexer(label)
            volume = pd.to_numeric(rows[roles["volume"]], errors="coerce").to_numpy(
                dtype="float64", na_value=np.nan)
            unit = unit_ids(rows[roles["unit"]]).to_numpy(dtype=object, na_value=None)
            freq, assigned = a_freq[pos], a_volume[pos]
            start, end = rows[roles["period_start"]], rows[roles["period_end"]]
            compared = ((unit == a_unit[pos]) & (unit != None)  # noqa: E711 - object array
                        & ~np.isnan(volume) & ~np.isnan(assigned) & (freq != None)  # noqa: E711
                        & start.notna().to_numpy() & end.notna().to_numpy())
            allowed = per_period(pd.Series(assigned, index=rows.index),
                                 pd.Series(freq, index=rows.index), start, end).to_numpy()
            with np.errstate(invalid="ignore"):
                above = volume > allowed + 1e-9
            total = compared & (freq == "totaal")
            if total.any():
                where = rows.index[total]
                running = over_total(pd.Series(volume[total], index=where),
                                     pd.Series(label[total], index=where), start[total],
                                     pd.Series(assigned[total], index=where))
                above[total] = running.to_numpy()
            above &= compared
            count = int(above.sum())
            if count:
                yield self.finding(
                    "declared-above-assigned", count=count, total=int(compared.sum()),
                    dataset=linked.source.dataset, column=roles["volume"],
                    rows=rows.index[above], severity=Severity.WARNING,
                )
