"""Invoiced volume that cannot fit in the invoiced period, e.g. more than 24 hours of
care per day (often minutes entered as hours). Limits per unit are in the resource."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.model import Severity
from core.checks.texts import check_texts

NEEDED = ("volume", "unit", "period_start", "period_end")


def implausible_volume_mask(frame: pd.DataFrame, roles: dict[str, str]) -> pd.Series | None:
    """True where the volume cannot fit in the invoiced period; None without the roles."""
    if not all(r in roles for r in NEEDED):
        return None
    limits = check_texts("implausible-volume")["max_per_day"]
    unit = frame[roles["unit"]].astype("string").str.strip().str.casefold()
    limit = unit.map(limits).astype("Float64")
    days = (frame[roles["period_end"]] - frame[roles["period_start"]]).dt.days + 1
    volume = frame[roles["volume"]].astype("Float64")
    per_day = volume / days.where(days > 0).astype("Float64")
    return (per_day > limit).fillna(False).astype(bool)


@register_check
class ImplausibleVolume(Check):
    id = "implausible-volume"
    group = "domain"
    dimension = "validity"
    types = ("implausible-volume",)
    tags = ("#cell", "#volume")
    needs_roles = NEEDED

    def run(self, ctx, dataset):
        frame = ctx.frame(dataset)
        roles = ctx.roles(dataset)
        bad = implausible_volume_mask(frame, roles)
        count = int(bad.sum())
        if count:
            op = {"kind": "exclude_rows", "dataset": dataset.id,
                  "params": {"rows": frame.index[bad.to_numpy()].tolist()}}
            yield self.finding(
                "implausible-volume", count=count, total=len(frame), dataset=dataset,
                column=roles["volume"], rows=bad, severity=Severity.WARNING,
                fixes=(self.fix("exclude", op, {"count": count}),) if count <= 5000 else (),
            )
