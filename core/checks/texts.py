"""The Dutch texts of checks and findings, from resources/checks/<check-id>.json.

Each file holds the check's title, per finding type a title and the three
parts of the explanation (what is going on, why it matters for your question,
what you can do), optional per-template versions of "why" (``why_for``), the
labels and default assumptions of its fixes, and its skip reasons. Templates
use named placeholders ({count}, {share}, {column}, {dataset}, ...), never
cell values.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from core.house_style import format_number, format_share
from core.i18n import _
from core.paths import load_json_resource

if TYPE_CHECKING:
    from core.checks.model import Finding, FindingTexts


def check_texts(check_id: str) -> dict[str, Any]:
    return load_json_resource("checks", f"{check_id}.json")


def severity_text(severity: str) -> dict[str, str]:
    return load_json_resource("checks", "_severity.json")[severity]


class _Fields(dict):
    """Leaves an unknown placeholder visible instead of failing (a test guards it)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def fill(text: str, fields: dict[str, Any]) -> str:
    return _(text).format_map(_Fields(fields))


def display_fields(finding: Finding, dataset_name: str | None) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in finding.fields.items():
        if isinstance(value, bool):
            fields[key] = value
        elif isinstance(value, int):
            fields[key] = format_number(value)
        elif isinstance(value, float):
            fields[key] = format_number(value, 1)
        else:
            fields[key] = value
    fields.update(
        count=format_number(finding.count),
        total=format_number(finding.total),
        share=format_share(finding.share),
        column=finding.column or "",
        dataset=dataset_name or finding.dataset or "",
    )
    return fields


def render_finding(
    finding: Finding, template_id: str | None = None, dataset_name: str | None = None
) -> FindingTexts:
    from core.checks.model import FindingTexts

    if finding.type == "check-error":
        spec = load_json_resource("checks", "_common.json")["check-error"]
    else:
        spec = check_texts(finding.check)["types"][finding.type]
    fields = display_fields(finding, dataset_name)
    why = spec.get("why_for", {}).get(template_id or "", spec["why"])
    title = spec["title_one"] if finding.count == 1 and "title_one" in spec else spec["title"]
    return FindingTexts(
        title=fill(title, fields),
        what=fill(spec["what"], fields),
        why=fill(why, fields),
        action=fill(spec["action"], fields),
        rule=str(finding.fields.get("rule") or ""),
    )


def fix_text(check_id: str, fix_id: str, fields: dict[str, Any]) -> tuple[str, str]:
    spec = check_texts(check_id)["fixes"][fix_id]
    return fill(spec["label"], fields), fill(spec["assumption"], fields)


def skip_text(check_id: str, reason_id: str, fields: dict[str, Any] | None = None) -> str:
    return fill(check_texts(check_id)["skip"][reason_id], fields or {})
