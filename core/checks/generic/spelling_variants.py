"""Spelling variants of the same category, e.g. a provider written three ways.

Values are the same category when they are equal after normalising case,
accents, punctuation, legal form (B.V., N.V., ...) and spaces, or when their
normalised forms are one typing error apart (a letter missing, extra, wrong or
swapped). Differences in spaces or capitals only are left to whitespace-case.
Clustering runs on the distinct values, never per row.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pandas as pd

from core.checks.base import Check, register_check
from core.checks.generic.whitespace_case import casefold, collapse
from core.checks.model import Severity
from core.checks.texts import check_texts

MAX_DISTINCT = 2000  # above this a column is not a list of categories
MAX_DISTINCT_SHARE = 0.5
MIN_TYPO_LENGTH = 6  # short words one letter apart are usually different words


def _normalise(value: str, legal_forms: set[str]) -> str:
    text = unicodedata.normalize("NFKD", value.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[.,'\"()/&+_-]", "", text)
    words = [w for w in text.split() if w not in legal_forms]
    return " ".join(words)


def _deletions(key: str) -> set[str]:
    # Only letters may be deleted: "wijk 1" and "wijk 2" are different districts.
    return {key[:i] + key[i + 1:] for i, ch in enumerate(key) if ch.isalpha()}


def cluster_keys(keys: list[str]) -> dict[str, str]:
    """key -> cluster representative, joining keys one typing error apart."""
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_variant: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if len(key) >= MIN_TYPO_LENGTH:
            by_variant[key].append(key)
            for variant in _deletions(key):
                by_variant[variant].append(key)
    for members in by_variant.values():
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[b] = a
    return {k: find(k) for k in keys}


@register_check
class SpellingVariants(Check):
    id = "spelling-variants"
    group = "generic"
    dimension = "consistency"
    types = ("spelling-variants",)
    tags = ("#cell", "#category")
    needs_types = ("text",)

    def run(self, ctx, dataset):
        from core.privacy import scan_columns

        frame = ctx.frame(dataset)
        total = len(frame)
        personal = {hit.column for hit in scan_columns(ctx, dataset)}
        legal_forms = set(check_texts(self.id)["legal_forms"])
        role_columns = set(ctx.roles(dataset).values())
        for column in ctx.columns_of_type(dataset, ("text",)):
            values = frame[column]
            if column in personal or not pd.api.types.is_string_dtype(values):
                continue
            counts = ctx.value_counts(dataset, column)
            filled = int(counts.sum())
            if len(counts) < 2 or len(counts) > MAX_DISTINCT or len(counts) > filled * MAX_DISTINCT_SHARE:
                continue
            distinct = pd.Series(counts.index, index=counts.index, dtype="string")
            if distinct.str.contains(r"[^\W\d_]", regex=True).mean() < 0.5:
                continue  # mostly numbers or codes: not names of categories
            folded = casefold(collapse(distinct))
            keys = {v: _normalise(v, legal_forms) for v in counts.index}
            cluster = cluster_keys(sorted(set(keys.values())))
            table = pd.DataFrame({
                "count": counts.to_numpy(),
                "folded": folded.to_numpy(),
                "cluster": [cluster[keys[v]] for v in counts.index],
            }, index=counts.index)
            # Only clusters with more than one spelling (beyond spaces and capitals) are
            # looked at one by one; that is a handful, not one per distinct value.
            spellings = table.groupby("cluster")["folded"].transform("nunique")
            table = table[(spellings > 1).to_numpy()]
            mapping: dict[str, str] = {}
            groups: list[dict] = []
            for _cluster, members in table.groupby("cluster", sort=False):
                best = members["count"].idxmax()
                variants = members[members["folded"] != members.at[best, "folded"]]
                groups.append({"value": best, "count": int(members.at[best, "count"]),
                               "variants": {v: int(n) for v, n in variants["count"].items()}})
                mapping.update({v: best for v in variants.index})
            if not mapping:
                continue
            rows = ctx.rows_with(dataset, column, list(mapping))
            count = int(counts[list(mapping)].sum())
            op = {"kind": "replace_values", "dataset": dataset.id,
                  "params": {"column": column, "mapping": mapping}}
            fields = {"column": column, "groups": len(groups), "variants": len(mapping)}
            yield self.finding(
                "spelling-variants", count=count, total=total, dataset=dataset, column=column,
                rows=rows, severity=Severity.WARNING if column in role_columns or len(groups)
                else Severity.INFO,
                fields={"groups": len(groups), "variants": len(mapping)},
                fixes=(self.fix("merge", op, fields),), details=tuple(groups),
            )
