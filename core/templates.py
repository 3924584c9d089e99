"""Analysis templates: resources/templates/<id>.json, one file per template.

A template is content, not code. Its keys (other steps read them):

- ``id``, ``label``, ``summary`` (one line for the gallery)
- ``required_roles`` / ``optional_roles``: dataset kind (resources/texts/dataset_kinds.json)
  -> role ids (resources/roles.json)
- ``indicators``: ids from resources/indicators.json
- ``charts``: proposals ``{"indicator", "kind", "group"?, "period"?, "aggregation"?}`` with
  ``kind`` in CHART_KINDS, ``group`` a role id, ``period`` in PERIODS and ``aggregation`` in
  AGGREGATIONS. Lines for trends, bars for comparisons, never a pie.
- ``checks``: check ids (core/checks, Controle step)
- ``pyramid``: example ambition, result, result_indicator, output, output_indicators, with
  ``[placeholders]`` the user fills in
- ``question``: the rest of the example question (title, audiences, action_perspective,
  scope_*, baseline, target, analysis_type)
- ``checklist``: data checklist items (insight, kind, data, source, owner, structural)
- ``report``: scaffolding texts: ``intro``, ``method``, ``assumptions`` (list), ``actions`` (list),
  ``decisions`` (list: decision points proposed for "Wat vragen wij van u?"). These are
  printed as they are, so they hold no ``[placeholders]``.

``validate_template`` says what is wrong with one template; the tests run it on all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from core.paths import load_json_resource, resource_path

CHART_KINDS = ("lijn", "staaf", "liggende_staaf", "gestapelde_staaf", "tabel")
PERIODS = ("maand", "kwartaal", "jaar")
AGGREGATIONS = ("som", "gemiddelde", "mediaan", "aantal")
PYRAMID_KEYS = ("ambition", "result", "result_indicator", "output", "output_indicators")
REPORT_KEYS = ("intro", "method", "assumptions", "actions", "decisions")


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
    question: dict[str, Any] = field(default_factory=dict)
    checklist: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Template:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def roles_for(self, kind: str) -> list[str]:
        """Every role the template can use in a dataset of this kind, required first."""
        required = self.required_roles.get(kind, [])
        optional = [r for r in self.optional_roles.get(kind, []) if r not in required]
        return [*required, *optional]


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


def validate_template(template: Template, check_ids: set[str] | frozenset[str]) -> list[str]:
    """Problems in one template, as developer-facing English lines (empty when valid).

    ``check_ids`` are the known check ids; they are passed in because the check
    registry belongs to the Controle step.
    """
    roles = load_json_resource("roles.json")
    kinds = load_json_resource("texts", "dataset_kinds.json")
    indicators = load_json_resource("indicators.json")
    problems: list[str] = []
    add = problems.append

    if not template.label or not template.summary or "\n" in template.summary:
        add("label and a one-line summary are required")
    if not template.required_roles:
        add("required_roles is empty")
    for section in ("required_roles", "optional_roles"):
        for kind, role_ids in getattr(template, section).items():
            if kind not in kinds:
                add(f"{section}: unknown dataset kind {kind!r}")
            for role in role_ids:
                if role not in roles:
                    add(f"{section}[{kind}]: unknown role {role!r}")

    used_roles = {r for k in {*template.required_roles, *template.optional_roles}
                  for r in template.roles_for(k)}
    if not template.indicators:
        add("no indicators")
    for ind in template.indicators:
        if ind not in indicators:
            add(f"unknown indicator {ind!r}")
            continue
        for kind, needed in indicators[ind].get("roles", {}).items():
            missing = set(needed).difference(template.roles_for(kind))
            if missing:
                add(f"indicator {ind!r} needs roles {sorted(missing)} in {kind!r}")

    if not template.charts:
        add("no chart proposals")
    for n, chart in enumerate(template.charts):
        where = f"charts[{n}]"
        if set(chart).difference({"indicator", "kind", "group", "period", "aggregation"}):
            add(f"{where}: unknown keys")
        if chart.get("indicator") not in template.indicators:
            add(f"{where}: indicator {chart.get('indicator')!r} is not among the indicators")
        if chart.get("kind") not in CHART_KINDS:
            add(f"{where}: kind {chart.get('kind')!r} is not one of {CHART_KINDS}")
        if "group" in chart and chart["group"] not in used_roles:
            add(f"{where}: group {chart['group']!r} is not a role of this template")
        if "period" in chart and chart["period"] not in PERIODS:
            add(f"{where}: period {chart['period']!r} is not one of {PERIODS}")
        if "aggregation" in chart and chart["aggregation"] not in AGGREGATIONS:
            add(f"{where}: aggregation {chart['aggregation']!r} is not one of {AGGREGATIONS}")
        if chart.get("kind") == "lijn" and "period" not in chart:
            add(f"{where}: a line shows a trend and needs a period")

    if not template.checks:
        add("no checks")
    for check in template.checks:
        if check not in check_ids:
            add(f"unknown check {check!r}")

    for key in PYRAMID_KEYS:
        if not template.pyramid.get(key):
            add(f"pyramid.{key} is empty")
    if not isinstance(template.pyramid.get("output_indicators", []), list):
        add("pyramid.output_indicators must be a list")
    for key in REPORT_KEYS:
        if not template.report.get(key):
            add(f"report.{key} is empty")
    for key in (*REPORT_KEYS, "decisions"):
        value = template.report.get(key)
        for text in value if isinstance(value, list) else [value or ""]:
            if "[" in str(text):
                add(f"report.{key} holds a [placeholder]; report texts are printed as they are")

    example = template.question
    if not example.get("title"):
        add("question.title is empty")
    from core.maturity import ANALYSIS_TYPES
    from core.question import AUDIENCES

    if example.get("analysis_type") not in ANALYSIS_TYPES:
        add(f"question.analysis_type {example.get('analysis_type')!r} is unknown")
    unknown_audiences = set(example.get("audiences", [])).difference(AUDIENCES)
    if not example.get("audiences") or unknown_audiences:
        add(f"question.audiences must be known ids (unknown: {sorted(unknown_audiences)})")

    if not template.checklist:
        add("no checklist items")
    for n, item in enumerate(template.checklist):
        if item.get("kind") is not None and item["kind"] not in kinds:
            add(f"checklist[{n}]: unknown kind {item['kind']!r}")
        for key in ("insight", "data", "source", "owner", "structural"):
            if not item.get(key):
                add(f"checklist[{n}].{key} is empty")
    return problems
