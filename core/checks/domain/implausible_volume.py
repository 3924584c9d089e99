"""Care that cannot fit in a day: a declaration (303) of 24 hours or more of ambulant
care a day over its period, or a toewijzing (301, trajecten) whose volume, unit and
frequency give that much per day. Verblijf (an etmaal, 24 hours of stay) is fine.
Units and frequencies are read through the national code lists (core.reference);
the limits are in the resource."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.model import Severity
from core.reference import product_category
from core.volume import assigned_per_day, days_inclusive, implausible_per_day

DECLARED = ("period_start", "period_end")


def _category(frame: pd.DataFrame, roles: dict[str, str]) -> pd.Series:
    return product_category(frame[roles["product_category"]] if "product_category" in roles
                            else None,
                            frame[roles["product_code"]] if "product_code" in roles else None,
                            frame.index)


def implausible_volume_mask(frame: pd.DataFrame, roles: dict[str, str]) -> pd.Series | None:
    """True where the volume cannot fit in a day; None without the roles."""
    if not all(r in roles for r in ("volume", "unit")):
        return None
    volume = frame[roles["volume"]]
    if all(r in roles for r in DECLARED):
        per_day = pd.to_numeric(volume, errors="coerce").astype("float64") / days_inclusive(
            frame[roles["period_start"]], frame[roles["period_end"]])
    elif "frequency" in roles:
        start, end = (frame[roles[r]] if r in roles else None
                      for r in ("assignment_start", "assignment_end"))
        per_day = assigned_per_day(volume, frame[roles["frequency"]], start, end)
    else:
        return None
    return implausible_per_day(per_day, frame[roles["unit"]], _category(frame, roles))


def implausible_volume_of(ctx, dataset) -> pd.Series | None:
    """``implausible_volume_mask`` of a dataset, worked out once per check run (the
    outliers check leaves these rows out of its medians)."""
    key = ("implausible-volume", dataset.id)
    if key not in ctx.memo:
        ctx.memo[key] = implausible_volume_mask(ctx.frame(dataset), ctx.roles(dataset))
    return ctx.memo[key]


@register_check
class ImplausibleVolume(Check):
    id = "implausible-volume"
    group = "domain"
    dimension = "validity"
    types = ("implausible-volume", "implausible-assigned-volume")
    tags = ("#cell", "#volume")

    def precheck(self, ctx, dataset):
        roles = ctx.roles(dataset)
        if not all(r in roles for r in ("volume", "unit")):
            return self.skip("no-volume")
        if not (all(r in roles for r in DECLARED) or "frequency" in roles):
            return self.skip("no-period")
        return None

    def run(self, ctx, dataset):
        frame = ctx.frame(dataset)
        roles = ctx.roles(dataset)
        bad = implausible_volume_of(ctx, dataset)
        count = int(bad.sum())
        if not count:
            return
        declared = all(r in roles for r in DECLARED)
        fixes = ()
        if declared and count <= 5000:
            op = {"kind": "exclude_rows", "dataset": dataset.id,
                  "params": {"rows": frame.index[bad.to_numpy()].tolist()}}
            fixes = (self.fix("exclude", op, {"count": count}),)
        yield self.finding(
            "implausible-volume" if declared else "implausible-assigned-volume",
            count=count, total=len(frame), dataset=dataset, column=roles["volume"], rows=bad,
            severity=Severity.WARNING, fixes=fixes,
        )
