"""The policy question: ambition down to indicators, audience, scope.

This module owns the ``question`` section of the project file. Feedback rules
and templates are added by the Vraag step (issue 5); the model and its
round trip live here from the start so a project can carry a filled question.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Question:
    template: str | None = None  # id of an analysis template in resources/templates
    title: str = ""  # the sharp question in one sentence
    ambition: str = ""  # vision / ambition
    result: str = ""  # result (outcome), SMART
    result_indicator: str = ""
    output: str = ""  # performance (output)
    output_indicators: list[str] = field(default_factory=list)
    baseline: str = ""
    target: str = ""
    target_date: str = ""  # ISO date
    audiences: list[str] = field(default_factory=list)
    action_perspective: str = ""  # handelingsperspectief
    scope_period: str = ""
    scope_area: str = ""
    scope_group: str = ""
    analysis_type: str = ""  # beschrijvend / diagnostisch / voorspellend / voorschrijvend

    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Question:
        data = data or {}
        known = {f.name for f in fields(cls)}
        # Unknown keys come from newer files; they are ignored rather than fatal.
        return cls(**{k: v for k, v in data.items() if k in known})
