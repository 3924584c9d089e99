"""The check unit and its registry.

One check = one file = one class under ``core/checks/<group>/<id>.py``. A check
has a kebab-case ``id`` (templates reference it), declares the finding types it
may emit, the roles or column types it needs, and two hooks: ``precheck``
(returns a reason to skip, or None) and ``run`` (yields findings). Bodies are
vectorised pandas; a check never raises for bad data (the engine turns an
unexpected error into a ``check-error`` finding).

``@register_check`` adds a class to the one registry; a repeated id raises at
import and an unknown id raises ``UnknownCheck``. The modules are listed, not
discovered, in ``core/checks/registry.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from core.checks.model import MAX_EXAMPLE_ROWS, Finding, FixProposal, Severity
from core.checks.texts import check_texts, fix_text, skip_text
from core.i18n import _

if TYPE_CHECKING:
    from core.checks.context import CheckContext
    from core.project import Dataset

_ID = re.compile(r"^[a-z]+(-[a-z]+)*$")


class UnknownCheck(ValueError):
    def __init__(self, check_id: str) -> None:
        super().__init__(f"unknown check id {check_id!r}; known: {', '.join(sorted(_REGISTRY))}")
        self.check_id = check_id


class Check:
    id: ClassVar[str] = ""
    group: ClassVar[str] = ""
    # Quality dimension the findings count against (core/quality.py): completeness,
    # validity, consistency, uniqueness; "information" and "privacy" are not scored.
    dimension: ClassVar[str] = "validity"
    tags: ClassVar[tuple[str, ...]] = ()
    types: ClassVar[tuple[str, ...]] = ()
    scope: ClassVar[str] = "dataset"  # "dataset": once per dataset; "project": once
    needs_roles: ClassVar[tuple[str, ...]] = ()  # all of these roles (dataset scope)
    needs_types: ClassVar[tuple[str, ...]] = ()  # at least one column of one of these types

    @classmethod
    def title(cls) -> str:
        return _(check_texts(cls.id)["title"])

    # ---- hooks
    def precheck(self, ctx: CheckContext, dataset: Dataset | None) -> str | None:
        """A reason (Dutch) why this check cannot run here, or None."""
        if dataset is None:
            return None
        roles = ctx.roles(dataset)
        missing = [r for r in self.needs_roles if r not in roles]
        if missing:
            return _("Nodig: een kolom met de rol {roles}.").format(
                roles=", ".join(ctx.role_label(r) for r in missing)
            )
        if self.needs_types and not ctx.columns_of_type(dataset, self.needs_types):
            return _("Dit bestand heeft geen kolom van het soort {types}.").format(
                types=" of ".join(ctx.type_label(t) for t in self.needs_types)
            )
        return None

    def run(self, ctx: CheckContext, dataset: Dataset | None) -> Iterator[Finding]:
        return iter(())

    # ---- helpers for subclasses
    def finding(
        self,
        type: str,
        *,
        count: int,
        total: int,
        dataset: Dataset | None = None,
        column: str | None = None,
        rows: pd.Index | pd.Series | list[int] | None = None,
        severity: Severity = Severity.WARNING,
        fields: dict[str, Any] | None = None,
        fixes: tuple[FixProposal, ...] = (),
        details: tuple[dict[str, Any], ...] = (),
        tags: tuple[str, ...] = (),
    ) -> Finding:
        return Finding(
            check=self.id,
            type=type,
            severity=severity,
            count=int(count),
            total=int(total),
            dataset=dataset.id if dataset is not None else None,
            column=column,
            rows=example_rows(rows),
            fields=dict(fields or {}),
            tags=tuple(dict.fromkeys((*self.tags, *tags))),
            fixes=fixes,
            details=details,
        )

    def fix(
        self, fix_id: str, operation: dict[str, Any], fields: dict[str, Any] | None = None,
        irreversible: bool = False,
    ) -> FixProposal:
        label, assumption = fix_text(self.id, fix_id, fields or {})
        return FixProposal(fix_id, operation, label, assumption, irreversible)

    def skip(self, reason_id: str, fields: dict[str, Any] | None = None) -> str:
        return skip_text(self.id, reason_id, fields)


def example_rows(rows: pd.Index | pd.Series | list[int] | None) -> tuple[int, ...]:
    """The first row labels (at most 20) from a boolean mask, an index or a list."""
    if rows is None:
        return ()
    if isinstance(rows, pd.Series) and rows.dtype == bool:
        labels = rows.index[rows.to_numpy()]
    elif isinstance(rows, pd.Series):
        labels = pd.Index(rows.to_numpy())
    else:
        labels = pd.Index(rows)
    return tuple(int(x) for x in labels[:MAX_EXAMPLE_ROWS])


_REGISTRY: dict[str, type[Check]] = {}


def register_check(cls: type[Check]) -> type[Check]:
    if not _ID.match(cls.id):
        raise ValueError(f"check id {cls.id!r} is not kebab-case")
    if cls.id in _REGISTRY:
        raise ValueError(f"check {cls.id!r} registered twice")
    if cls.scope not in ("dataset", "project"):
        raise ValueError(f"check {cls.id!r} has unknown scope {cls.scope!r}")
    _REGISTRY[cls.id] = cls
    return cls


def get_check(check_id: str) -> type[Check]:
    from core.checks.registry import load_checks

    load_checks()
    try:
        return _REGISTRY[check_id]
    except KeyError:
        raise UnknownCheck(check_id) from None


def registered() -> dict[str, type[Check]]:
    from core.checks.registry import load_checks

    load_checks()
    return dict(_REGISTRY)
