"""Two different assignments for the same client, provider and product whose periods
overlap. Exact copies of a row are one assignment (duplicate-rows reports them); two
rows with the same assignment number are the same assignment."""

from __future__ import annotations

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.model import Severity

KEYS = ("client", "provider", "product_code")


@register_check
class OverlappingPeriods(Check):
    id = "overlapping-periods"
    group = "domain"
    dimension = "consistency"
    types = ("overlapping-periods",)
    tags = ("#row", "#period")
    scope = "project"

    def precheck(self, ctx, dataset):
        frames = ctx.kind_frames("301")
        if not frames:
            return self.skip("no-assignments")
        needed = (*KEYS, "assignment_start")
        if not any(all(r in kf.roles for r in needed) for kf in frames):
            return self.skip("no-roles")
        return None

    def run(self, ctx, dataset):
        for kf in ctx.kind_frames("301"):
            roles = kf.roles
            if not all(r in roles for r in (*KEYS, "assignment_start")):
                continue
            copies = _copies(ctx, kf).to_numpy()
            ident_role = next((r for r in ("assignment_number", "decision_number") if r in roles),
                              None)
            used = [r for r in (*KEYS, "assignment_start", "assignment_end", ident_role)
                    if r in roles]
            frame = kf.frame[list(dict.fromkeys(roles[r] for r in used))][~copies]
            ident = (frame[roles[ident_role]].astype("string").str.strip() if ident_role
                     else pd.Series(frame.index.astype(str), index=frame.index, dtype="string"))
            end = (frame[roles["assignment_end"]] if "assignment_end" in roles
                   else pd.Series(pd.NaT, index=frame.index))
            # The keys as one integer per row (trimmed text, -1 when one is missing):
            # pairing on one integer column instead of three text columns.
            key = ctx.kind_key_codes(kf, [roles[k] for k in KEYS])
            keys = ({"key": key[~copies]} if key is not None else
                    {k: frame[roles[k]].astype("string").str.strip() for k in KEYS})
            slim = pd.DataFrame({
                **keys, "id": ident, "start": frame[roles["assignment_start"]],
                "end": end.fillna(pd.Timestamp.max), "row": frame.index,
            }, index=frame.index)
            if key is not None:
                slim = slim[(slim["key"] >= 0) & slim["start"].notna()]
            else:
                slim = slim.dropna(subset=[*KEYS, "start"])
            pairs = slim.merge(slim, on=list(keys), suffixes=("_a", "_b"))
            pairs = pairs[pairs["id_a"] < pairs["id_b"]]
            overlap = (pairs["start_a"] <= pairs["end_b"]) & (pairs["start_b"] <= pairs["end_a"])
            pairs = pairs[overlap]
            if len(pairs):
                rows = pd.Index(pairs["row_b"]).unique()
                yield self.finding(
                    "overlapping-periods", count=len(pairs), total=len(slim), dataset=kf.dataset,
                    rows=list(rows), severity=Severity.WARNING,
                )


def _copies(ctx, kf) -> pd.Series:
    """Rows that copy an earlier row. The dataset's duplicate rows are computed once per
    run; copies are of the same kind, so within these rows they are the same rows."""
    full = ctx.frame(kf.dataset)
    if list(kf.frame.columns) == list(full.columns) and full.index.is_unique:
        return ctx.duplicate_rows(kf.dataset).reindex(kf.frame.index)
    return kf.frame.duplicated(keep="first")
