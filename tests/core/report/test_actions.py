"""Action proposals from findings, maturity, template and charts; accepting and editing."""

from __future__ import annotations

import pytest

from core.checks.engine import run_checks
from core.errors import UserError
from core.maturity import latest_result
from core.report import actions as at
from core.report.section import ReportSection
from core.templates import get_template


@pytest.fixture(scope="module")
def found(example):
    checks = run_checks(example)
    section = ReportSection(date="2025-02-03")
    return section, at.proposals(example, section, checks, latest_result(example.maturity))


def test_planted_message_defects_give_an_action_for_the_contract_manager(found):
    section, proposals = found
    berichten = next(p for p in proposals if p.id == "finding:berichten")
    assert berichten.priority == "hoog" and berichten.owner == "Contractmanager"
    assert "start van de zorg niet gemeld" in berichten.source
    assert berichten.deadline == "2025-03-17"  # six weeks after the report date
    privacy = next(p for p in proposals if p.id == "finding:persoonsgegevens")
    assert privacy.priority == "hoog"


def test_maturity_advice_proposes_the_weakest_themes(found, example):
    _section, proposals = found
    mine = [p for p in proposals if p.kind == "maturity"]
    result = latest_result(example.maturity)
    weakest = min((t for t in result.themes if t.known), key=lambda t: t.score)
    assert mine and mine[0].id == f"maturity:{weakest.theme_id}"
    assert all(p.source.startswith("Volwassenheid:") and p.action.endswith(".") for p in mine)


def test_template_and_chart_words_become_proposals(example, found):
    _section, proposals = found
    assert [p.id for p in proposals if p.kind == "template"] == [
        "template:wachttijd:0", "template:wachttijd:1", "template:wachttijd:2"]
    spec = example.charts.specs[0]
    spec.interpretation.action = "Gesprek met De Hoop in maart."
    try:
        chart = at.proposals(example, ReportSection(), None, None, {spec.id: "Titel"})[0]
    finally:
        spec.interpretation.action = ""
    assert chart.id == f"chart:{spec.id}" and chart.action == "Gesprek met De Hoop in maart."
    assert chart.source == "Grafiek: Titel"


def test_accept_dismiss_remove_and_restore(found):
    _section, proposals = found
    section = ReportSection()
    first, second = proposals[0], proposals[1]
    action = at.accept(section, first)
    assert action.origin == first.id and at.accept(section, first) is action  # once
    at.dismiss(section, second.id)
    pending = at.pending(section, proposals)
    assert first not in pending and second not in pending and len(pending) == len(proposals) - 2
    at.update_action(section, action.id, owner="  Wethouder  ", deadline="31-3-2025")
    assert action.owner == "Wethouder" and action.deadline == "2025-03-31"
    with pytest.raises(UserError):
        at.update_action(section, action.id, priority="dringend")
    at.remove_action(section, action.id)  # a removed proposal does not come back
    assert first.id in section.dismissed and first not in at.pending(section, proposals)
    assert at.restore_dismissed(section) == 2
    assert at.pending(section, proposals) == proposals


def test_report_keeps_the_users_order_with_data_tasks_below_policy_actions(found):
    _section, proposals = found
    section = ReportSection()
    privacy = at.accept(section, next(p for p in proposals if p.id == "finding:persoonsgegevens"))
    lever = at.accept(section, next(p for p in proposals if p.id == "template:wachttijd:0"))
    own = at.add_action(section, "Wethouder informeren", deadline="doorlopend", priority="laag")
    maturity = at.accept(section, next(p for p in proposals if p.kind == "maturity"))
    assert [a.kind for a in (privacy, lever, own, maturity)] == ["data", "beleid", "beleid",
                                                                 "data"]
    # The internal privacy task was accepted first, yet the lever leads the report.
    assert at.ordered(section.actions) == [lever, own, privacy, maturity]
    assert at.move_action(section, own.id, -10) == 0  # the user decides the order
    assert at.ordered(section.actions) == [own, lever, privacy, maturity]
    at.update_action(section, privacy.id, group="beleid")  # the user may regroup
    assert at.ordered(section.actions) == [own, privacy, lever, maturity]
    with pytest.raises(ValueError):
        at.update_action(section, own.id, group="overig")
    assert at.grouped(section.actions) == {"beleid": [own, privacy, lever], "data": [maturity]}


def test_decision_points_are_proposed_from_the_template_and_the_actions(example, found):
    _section, proposals = found
    section = ReportSection()
    offered = at.decision_proposals(example, section, proposals)
    assert offered[:2] == get_template(example.question.template).report["decisions"]
    # Then the policy actions with high priority (the officer's own words first).
    policy = [p for p in proposals if p.kind in ("chart", "template") and p.priority == "hoog"]
    assert offered[2].startswith("Instemmen met: ") and policy[0].action[1:].rstrip(".") in \
        offered[2]
    assert not any("[" in d for d in offered)
