"""Analysis templates: resources/templates/<id>.json, one file per template.

A template names the roles it needs per dataset kind, the indicators it uses
(ids from resources/indicators.json), the charts it proposes, the checks that
matter for it, an example question pyramid and report scaffolding. The Vraag
step (issue 5) owns the content and validation; other steps read it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from core.paths import resource_path


@dataclass(frozen=True)
class Template:
    id: str
    label: str
    summary: str
    required_roles: dict[str, list[str]]
    optional_roles: dict[str, list[str]] = field(default_factory=dict)
    indicators: list[str] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    pyramid: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Template:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@cache
def templates() -> dict[str, Template]:
    folder = resource_path("templates")
    found = {}
    for path in sorted(folder.glob("*.json")):
        template = Template.from_dict(json.loads(path.read_text(encoding="utf-8")))
        found[template.id] = template
    return found


def get_template(template_id: str | None) -> Template | None:
    if not template_id:
        return None
    return templates().get(template_id)
