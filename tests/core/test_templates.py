"""The seven analysis templates load and agree with roles, dataset kinds, indicators and checks."""

from __future__ import annotations

import dataclasses
import json

import pytest

from core.checks.base import registered as registered_checks
from core.paths import load_json_resource, resource_path
from core.question import placeholders
from core.templates import CHART_KINDS, get_template, templates, validate_template

TEMPLATE_IDS = ["wachttijd", "zorgduur", "clienten_in_zorg", "kosten", "marktaandeel",
                "budgetuitputting", "instroom_uitstroom"]
# The check ids of the Controle step (pinned in tests/core/checks/test_registry.py).
CHECK_IDS = frozenset(registered_checks())


def test_all_seven_templates_are_there():
    assert sorted(templates()) == sorted(TEMPLATE_IDS)
    assert get_template(None) is None and get_template("bestaat-niet") is None


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_is_valid(template_id):
    template = get_template(template_id)
    assert validate_template(template, CHECK_IDS) == []
    path = resource_path("templates", f"{template_id}.json")
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == template_id


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_roles_exist_in_the_data_step(template_id):
    roles = load_json_resource("roles.json")
    kinds = load_json_resource("texts", "dataset_kinds.json")
    template = get_template(template_id)
    for section in (template.required_roles, template.optional_roles):
        for kind, role_ids in section.items():
            assert kind in kinds
            assert set(role_ids) <= set(roles)


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_blank_to_fill_in_is_well_formed(template_id):
    """Each '[' opens a placeholder that the feedback can find (no typos, no stray brackets)."""
    template = get_template(template_id)
    texts = [v for v in template.question.values() if isinstance(v, str)]
    texts += [v for v in template.pyramid.values() if isinstance(v, str)]
    texts += template.pyramid["output_indicators"]
    for text in texts:
        assert text.count("[") == text.count("]") == len(placeholders(text)), text


def test_indicators_used_by_templates_have_exact_definitions():
    indicators = load_json_resource("indicators.json")
    used = {i for t in templates().values() for i in t.indicators}
    for ind in used:
        assert len(indicators[ind]["definition"]) > 60 and indicators[ind]["roles"]


def test_charts_follow_the_house_rules():
    for template in templates().values():
        for chart in template.charts:
            assert chart["kind"] in CHART_KINDS  # no pie charts exist in the list
            if "period" in chart and "group" not in chart:
                assert chart["kind"] in ("lijn", "staaf", "tabel")


def _broken(**changes):
    return dataclasses.replace(get_template("wachttijd"), **changes)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"required_roles": {"301": ["client", "favourite_colour"]}}, "unknown role"),
        ({"required_roles": {"999": ["client"]}}, "unknown dataset kind"),
        ({"indicators": ["wachttijd_dagen", "geluk"]}, "unknown indicator"),
        ({"charts": [{"indicator": "wachttijd_dagen", "kind": "taart"}]}, "kind 'taart'"),
        ({"charts": [{"indicator": "wachttijd_dagen", "kind": "lijn"}]}, "needs a period"),
        ({"checks": ["mood-check"]}, "unknown check"),
        ({"optional_roles": {}, "required_roles": {"301": ["client"]}}, "needs roles"),
        ({"pyramid": {"ambition": "x"}}, "pyramid.result is empty"),
        ({"question": {"title": "x", "analysis_type": "magie", "audiences": ["wethouder"]}},
         "analysis_type"),
    ],
)
def test_the_validator_catches_broken_templates(changes, expected):
    problems = validate_template(_broken(**changes), CHECK_IDS)
    assert any(expected in p for p in problems), problems
