"""Declarations (303) above the volume their toewijzing (301) assigns for the declared
period: "geleverde zorg vs geïndiceerde zorg". The 301's volume, unit and frequency
("4 uur per week") are scaled to the 303's period (core.volume); with frequency
"totaal" all declarations of the toewijzing are added up in period order. Only
declarations inside their toewijzing's period and in the same unit are compared."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.checks.base import Check, register_check
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
        linkage = ctx.linkage
        if linkage is None:
            return self.skip("no-assignments")
        if not linkage.declarations:
            return self.skip("no-declarations")
        if not any(all(r in m.source.roles for r in DECLARED) for m in linkage.declarations):
            return self.skip("no-volume")
        if not all(r in linkage.assignments.columns for r in ASSIGNED):
            return self.skip("no-assigned-volume")
        return None

    def run(self, ctx, dataset):
        a = ctx.linkage.assignments
        a_unit, a_freq = unit_ids(a["unit"]), frequency_ids(a["frequency"])
        for linked in ctx.linkage.declarations:
            roles, frame = linked.source.roles, linked.source.frame
            if not all(r in roles for r in DECLARED):
                continue
            result = linked.result
            inside = (result.matched & result.in_period).to_numpy()
            rows = frame[inside]
            label = result.assignment[inside].astype("int64").to_numpy()
            volume = rows[roles["volume"]].astype("Float64")
            same_unit = (unit_ids(rows[roles["unit"]]).to_numpy()
                         == a_unit.reindex(label).to_numpy())
            freq = pd.Series(a_freq.reindex(label).to_numpy(), index=rows.index, dtype="string")
            assigned = pd.Series(a["volume"].reindex(label).astype("Float64").to_numpy(),
                                 index=rows.index)
            start, end = rows[roles["period_start"]], rows[roles["period_end"]]
            compared = (pd.Series(same_unit, index=rows.index).fillna(False)
                        & volume.notna() & assigned.notna() & freq.notna()
                        & start.notna() & end.notna()).astype(bool)
            allowed = per_period(assigned, freq, start, end)
            above = (volume > allowed + 1e-9).fillna(False).astype(bool)
            total = (freq == "totaal").fillna(False).to_numpy() & compared.to_numpy()
            running = over_total(volume[total], pd.Series(label[total], index=rows.index[total]),
                                 start[total], assigned[total])
            above = above.to_numpy() | pd.Series(running).reindex(rows.index,
                                                                  fill_value=False).to_numpy()
            above &= compared.to_numpy()
            count = int(above.sum())
            if count:
                yield self.finding(
                    "declared-above-assigned", count=count, total=int(compared.sum()),
                    dataset=linked.source.dataset, column=roles["volume"],
                    rows=rows.index[np.asarray(above, dtype=bool)], severity=Severity.WARNING,
                )
