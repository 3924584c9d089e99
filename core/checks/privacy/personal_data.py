"""Columns that hold personal data (BSN, names, addresses, postcode, house number, date
of birth, phone, e-mail, IBAN), found by core.privacy. The fix pseudonymises (for
identifiers used to link files, in every file with the same key) or removes."""

from __future__ import annotations

from core.checks.base import Check, register_check
from core.checks.model import Severity
from core.privacy import scan_columns


@register_check
class PersonalData(Check):
    id = "personal-data"
    group = "privacy"
    dimension = "privacy"
    types = ("direct-identifier", "indirect-identifier")
    tags = ("#privacy",)

    def run(self, ctx, dataset):
        total = dataset.row_count
        for hit in scan_columns(ctx, dataset):
            fields = {"kind": hit.label, "column": hit.column}
            if hit.kind == "bsn":
                op = {"kind": "pseudonymise", "dataset": dataset.id,
                      "params": {"column": hit.column, "kind": hit.kind, "everywhere": True}}
                fixes = (self.fix("pseudonymise", op, fields, irreversible=True),)
            else:
                op = {"kind": "remove_column", "dataset": dataset.id,
                      "params": {"column": hit.column}}
                fixes = (self.fix("remove", op, fields, irreversible=True),)
            yield self.finding(
                "direct-identifier" if hit.direct else "indirect-identifier",
                count=hit.filled, total=total, dataset=dataset, column=hit.column,
                severity=Severity.WARNING if hit.direct else Severity.INFO,
                fields={"kind": hit.label, "kind_id": hit.kind}, fixes=fixes,
            )
