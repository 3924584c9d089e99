"""Linkage checks (one module per check), and what several of them share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from core.checks.model import Finding, Severity


def per_assignment_file(check, ctx, found: np.ndarray, type_: str,
                        fields: dict[str, Any]) -> Iterator[Finding]:
    """One finding per file of assignments (301, trajecten) for the assignments of the
    message set marked in ``found``, counted against all assignments of that file."""
    a = ctx.linkage.assignments
    by_ds = {ds.id: ds for ds in ctx.project.datasets}
    for ds_id, part in a[found].groupby("_ds", sort=False):
        yield check.finding(
            type_, count=len(part), total=int((a["_ds"] == ds_id).sum()),
            dataset=by_ds[ds_id], rows=part["_row"], severity=Severity.WARNING, fields=fields)
