"""Findings are data: the wizard, the CLI (--json), the logbook and the report render them.

A ``Finding`` names the check and finding type that produced it, where it is
(dataset, column), how many rows it affects out of how many, up to 20 example
row labels and the named fields its message template needs. The Dutch texts
live in resources/checks/<check-id>.json; ``texts()`` fills them in. Texts never
contain cell values: example rows are shown in the app's table, not in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from core.i18n import _

MAX_EXAMPLE_ROWS = 20


class Severity(Enum):
    BLOCKING = "blocking"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        from core.checks.texts import severity_text

        return severity_text(self.value)["label"]

    @property
    def rank(self) -> int:
        return {"blocking": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class FixProposal:
    """A fix the user can apply with one click: a cleaning operation plus its texts."""

    fix: str  # id of the fix text in the check's resource
    operation: dict[str, Any]  # core.cleaning operation spec (without assumption)
    label: str
    assumption: str  # default assumption text; the user may edit it before applying
    irreversible: bool = False  # privacy fixes change the stored data for good


@dataclass(frozen=True)
class FindingTexts:
    title: str
    what: str
    why: str
    action: str
    # How messages were linked (core.linkage), for linkage findings; shown apart from
    # "what", once, instead of ending every finding with the same long sentence.
    rule: str = ""


@dataclass(frozen=True)
class Finding:
    check: str
    type: str
    severity: Severity
    count: int
    total: int
    dataset: str | None = None
    column: str | None = None
    rows: tuple[int, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    fixes: tuple[FixProposal, ...] = ()
    # Structured detail for the app (e.g. spelling variants with their counts). May
    # hold cell values, so it is shown in tables only and left out of --json.
    details: tuple[dict[str, Any], ...] = ()

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        """Stable identity of a finding across re-runs (for keeping the selection)."""
        return (self.check, self.type, self.dataset, self.column)

    def texts(self, template_id: str | None = None, dataset_name: str | None = None) -> FindingTexts:
        from core.checks.texts import render_finding

        return render_finding(self, template_id, dataset_name)


@dataclass(frozen=True)
class Skipped:
    """A check that did not run for a dataset (or the project), and why."""

    check: str
    reason: str
    dataset: str | None = None


@dataclass(frozen=True)
class Report:
    """What a run of the checks found. Always returned, also when a run is cut short."""

    findings: tuple[Finding, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    partial: bool = False

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.BLOCKING for f in self.findings)

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def of(self, check: str, dataset: str | None = None, type: str | None = None) -> list[Finding]:
        return [
            f for f in self.findings
            if f.check == check
            and (dataset is None or f.dataset == dataset)
            and (type is None or f.type == type)
        ]

    def flatten(self, fields: list[str]) -> list[tuple[Any, ...]]:
        """A list of tuples of the named finding attributes, for short test asserts."""
        return [tuple(getattr(f, name) for name in fields) for f in self.findings]

    def summary(self) -> dict[str, Any]:
        counts = self.counts()
        return {
            "blocking": counts[Severity.BLOCKING],
            "warning": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "partial": self.partial,
        }


def severity_order(findings: list[Finding], priority: list[str] | None = None) -> list[Finding]:
    """By severity; within one, the checks in ``priority`` order first (e.g. the ones the
    question's template names, then the registry order); then by dataset and column."""
    rank = {check: i for i, check in enumerate(priority or [])}
    return sorted(findings, key=lambda f: (f.severity.rank, rank.get(f.check, len(rank)),
                                           f.check, f.dataset or "", f.column or ""))


def stopped_warning(done: int, total: int) -> str:
    return _("Gestopt na {done} van de {total} controles. De uitkomst is niet compleet.").format(
        done=done, total=total
    )


def row_number(label: int) -> int:
    """The row number users see: data rows counted from 1 (the header is not counted)."""
    return int(label) + 1
