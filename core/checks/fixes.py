"""Apply a finding's fix: one click in the app becomes operations in the cleaning log.

Ordinary fixes append an operation (undoable). Privacy fixes go through
core.privacy, which changes the stored original (not undoable; the app says so
before it applies them)."""

from __future__ import annotations

from core.checks.model import FixProposal
from core.cleaning import Operation, add_operation
from core.project import Project


def apply_fix(project: Project, fix: FixProposal, assumption: str | None = None,
              check: str | None = None) -> list[Operation]:
    from core import privacy

    spec = fix.operation
    params = dict(spec.get("params") or {})
    text = fix.assumption if assumption is None else assumption.strip()
    kind = spec["kind"]
    if kind == "pseudonymise":
        if params.get("everywhere"):
            return privacy.pseudonymise_kind(project, params.get("kind", "other"),
                                             assumption=text, check=check)
        return [privacy.pseudonymise_column(project, spec["dataset"], params["column"],
                                            kind=params.get("kind", "other"),
                                            assumption=text, check=check)]
    if kind == "remove_column":
        return [privacy.remove_column(project, spec["dataset"], params["column"],
                                      assumption=text, check=check)]
    return [add_operation(project, Operation(kind, spec["dataset"], params, text, check))]
