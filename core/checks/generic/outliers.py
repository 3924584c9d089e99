"""Amounts far from what is usual for the same product (a robust method).

Per row the amount is put on a comparable footing: per unit of volume (the
tariff) when the volume is known, else per day of the invoiced period, else the
amount itself. Rows whose volume cannot be right (implausible-volume) are left
out: there the volume is wrong, not the amount. Within each product the usual value is the median; a value is an
outlier when it is more than FACTOR times as high (or as low) as that median
AND far outside the usual spread (a robust z-score on the log scale above
Z_LIMIT, using the median absolute deviation). Comparing within a product
matters: a day of residential care costs far more than an hour of support.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.checks.base import Check, register_check
from core.checks.domain.implausible_volume import implausible_volume_of
from core.checks.model import Severity
from core.checks.texts import check_texts

FACTOR = 5.0
Z_LIMIT = 3.5
MIN_GROUP = 10  # fewer values than this say too little about what is usual
MAD_FLOOR = 0.01  # log10 units; prices that are exactly equal have no spread at all
MAX_ROWS_FOR_FIX = 5000


@register_check
class Outliers(Check):
    id = "outliers"
    group = "generic"
    dimension = "validity"
    types = ("outliers",)
    tags = ("#cell", "#amount")
    needs_roles = ("amount",)

    def run(self, ctx, dataset):
        frame = ctx.frame(dataset)
        roles = ctx.roles(dataset)
        amount = frame[roles["amount"]].astype("Float64").astype(float)
        if "volume" in roles:
            volume = frame[roles["volume"]].astype("Float64").astype(float)
            base, basis = amount / volume.where(volume > 0), "per_unit"
            wrong_volume = implausible_volume_of(ctx, dataset)
            if wrong_volume is not None:
                base = base.where(~wrong_volume)
        elif "period_start" in roles and "period_end" in roles:
            days = (frame[roles["period_end"]] - frame[roles["period_start"]]).dt.days + 1
            base, basis = amount / days.where(days > 0).astype(float), "per_day"
        else:
            base, basis = amount, "per_row"
        base = base.where(base > 0)
        logs = np.log10(base).to_numpy(dtype=float)
        if "product_code" in roles:  # the product code, trimmed; empty and missing alike
            group = ctx.trimmed_codes(dataset, roles["product_code"])
        else:
            group = np.zeros(len(frame), dtype=np.int64)
        # Only rows with a usable value take part; working on those alone (a few
        # hundred thousand of a million rows) gives the same medians, faster.
        usable = np.flatnonzero(~np.isnan(logs))
        values, groups = logs[usable], group[usable]
        size = np.bincount(groups)[groups] if len(groups) else groups
        median = pd.Series(values).groupby(groups).transform("median").to_numpy()
        deviation = np.abs(values - median)
        mad = np.clip(pd.Series(deviation).groupby(groups).transform("median").to_numpy(),
                      MAD_FLOOR, None)
        z = 0.6745 * deviation / mad
        hit = (size >= MIN_GROUP) & (deviation > np.log10(FACTOR)) & (z > Z_LIMIT)
        outlier = pd.Series(False, index=frame.index)
        outlier.iloc[usable[hit]] = True
        count = int(outlier.sum())
        if not count:
            return
        fixes = ()
        if count <= MAX_ROWS_FOR_FIX:
            op = {"kind": "exclude_rows", "dataset": dataset.id,
                  "params": {"rows": frame.index[outlier.to_numpy()].tolist()}}
            fixes = (self.fix("exclude", op, {"count": count}),)
        yield self.finding(
            "outliers", count=count, total=len(frame), dataset=dataset, column=roles["amount"],
            rows=outlier, severity=Severity.WARNING, fixes=fixes,
            fields={"factor": int(FACTOR), "basis": check_texts(self.id)["basis"][basis]},
        )
