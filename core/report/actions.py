"""The action table: proposals from the analysis, and the user's edits.

Proposals come from four places, each with a stable id so a decision sticks:

- ``finding:<group>``   a group of check findings (resources/report/actions.json): an
                        organisational action that prevents the problem next time
- ``maturity:<theme>``  the next step of one of the weakest maturity themes
- ``template:<id>:<n>`` the question template's suggested actions
- ``chart:<spec id>``   what the user wrote under "wat gaat u doen?" for a chart

The user accepts a proposal (it becomes an editable ``Action`` that remembers its
origin), turns it down (its id goes to ``dismissed``), or adds an action of their
own. Only accepted and own actions are the report's action table; while there are
none, the report shows the proposals as proposals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from core.errors import UserError
from core.i18n import _
from core.paths import load_json_resource
from core.report.section import (
    GROUPS,
    PRIORITIES,
    Action,
    ReportSection,
    normalise_deadline,
)
from core.templates import get_template

if TYPE_CHECKING:
    from core.checks.model import Report
    from core.maturity.scoring import MaturityResult
    from core.project import Project

PRIORITY_RANK = {p: n for n, p in enumerate(PRIORITIES)}
MAX_SOURCE_CHECKS = 3


def spec() -> dict[str, Any]:
    return load_json_resource("report", "actions.json")


@dataclass(frozen=True)
class Proposal:
    id: str
    action: str
    owner: str
    deadline: str  # ISO date
    priority: str
    source: str
    kind: str  # "finding", "maturity", "template", "chart"

    def to_action(self) -> Action:
        return Action(action=self.action, owner=self.owner, deadline=self.deadline,
                      priority=self.priority, source=self.source, origin=self.id)


def report_date(section: ReportSection) -> date:
    return date.fromisoformat(section.date) if section.date else date.today()


def _deadline(section: ReportSection, priority: str) -> str:
    weeks = spec()["deadline_weeks"][priority]
    return (report_date(section) + timedelta(weeks=weeks)).isoformat()


def _source(key: str, **values: Any) -> str:
    return _(spec()["sources"][key]).format(**values)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def first_sentence(text: str) -> str:
    """Advice texts explain after their first sentence; the action table wants the deed."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _from_findings(section: ReportSection, checks: Report | None) -> list[Proposal]:
    if checks is None:
        return []
    from core.checks.base import get_check
    from core.checks.model import Severity, severity_order

    relevant = [f for f in checks.findings if f.type != "check-error"]
    found = []
    for group in spec()["findings"]:
        mine = [f for f in relevant if f.check in group["checks"]]
        # Info findings (e.g. a constant column) rarely need an organisational action.
        if not any(f.severity is not Severity.INFO for f in mine):
            continue
        mine = severity_order(mine, group["checks"])
        titles = [get_check(f.check).title() for f in mine if f.severity is not Severity.INFO]
        titles = [t[:1].lower() + t[1:] for t in dict.fromkeys(titles)]
        shown = ", ".join(titles[:MAX_SOURCE_CHECKS])
        if len(titles) > MAX_SOURCE_CHECKS:
            shown = _source("finding_more", titles=shown, n=len(titles) - MAX_SOURCE_CHECKS)
        priority = group["priority"]
        if any(f.severity is Severity.BLOCKING for f in mine):
            priority = "hoog"
        found.append(Proposal(
            id=f"finding:{group['id']}",
            action=_(group["action"]),
            owner=_(group["owner"]),
            deadline=_deadline(section, priority),
            priority=priority,
            source=_source("finding", titles=shown),
            kind="finding",
        ))
    return found


def _from_maturity(section: ReportSection, result: MaturityResult | None) -> list[Proposal]:
    if result is None:
        return []
    from core.maturity import advise, load_questionnaire

    q = load_questionnaire()
    advice = advise(result, q)
    steps = {s.theme_id: s for s in advice.next_steps}
    known = sorted((t for t in result.themes if t.known and t.level < 5),
                   key=lambda t: (t.score, q.themes.index(q.theme(t.theme_id))))
    chosen = [t.theme_id for t in known[: spec()["maturity_max"]]]
    # A theme that describing and explaining lean on (data) comes first when it also
    # stands below the overall level: then it is what most holds the analyses back.
    conditions = advice.fit.conditions if advice.fit else ()
    limiting = next((c.theme_id for c in conditions
                     if (result.theme(c.theme_id).level or 0) < (result.level or 0)), None)
    if limiting and limiting not in chosen:
        chosen.insert(0, limiting)
    owners = spec()["maturity_owners"]
    found = []
    for theme_id in chosen:
        theme = result.theme(theme_id)
        priority = "hoog" if theme_id == limiting else "middel"
        source = (_source("maturity", theme=theme.name, level=theme.level) if theme.known
                  else _source("maturity_unknown", theme=theme.name))
        found.append(Proposal(
            id=f"maturity:{theme_id}",
            action=first_sentence(steps[theme_id].text),
            owner=_(owners.get(theme_id, spec()["default_owner"])),
            deadline=_deadline(section, priority),
            priority=priority,
            source=source,
            kind="maturity",
        ))
    return found


def _from_template(project: Project, section: ReportSection) -> list[Proposal]:
    template = get_template(project.question.template)
    if template is None:
        return []
    owners = spec()["template_owners"].get(template.id, [])
    found = []
    for number, text in enumerate(template.report.get("actions", [])):
        priority = "hoog" if number == 0 else "middel"
        owner = owners[number] if number < len(owners) else spec()["default_owner"]
        found.append(Proposal(
            id=f"template:{template.id}:{number}",
            action=_(text),
            owner=_(owner),
            deadline=_deadline(section, priority),
            priority=priority,
            source=_source("template", template=_(template.label)),
            kind="template",
        ))
    return found


def _from_charts(project: Project, section: ReportSection, titles: dict[str, str]
                 ) -> list[Proposal]:
    found = []
    for chart in project.charts.specs:
        words = chart.interpretation.action.strip()
        if not words:
            continue
        title = titles.get(chart.id) or chart.title
        found.append(Proposal(
            id=f"chart:{chart.id}",
            action=words,
            owner=_(spec()["default_owner"]),
            deadline=_deadline(section, "hoog"),
            priority="hoog",
            source=_source("chart", title=title),
            kind="chart",
        ))
    return found


def proposals(project: Project, section: ReportSection, checks: Report | None,
              maturity: MaturityResult | None, chart_titles: dict[str, str] | None = None
              ) -> list[Proposal]:
    """Every proposal the analysis gives, accepted or not; the user's own words first
    (charts), then the template, the findings and the maturity advice."""
    return [
        *_from_charts(project, section, chart_titles or {}),
        *_from_template(project, section),
        *_from_findings(section, checks),
        *_from_maturity(section, maturity),
    ]


def pending(section: ReportSection, found: list[Proposal]) -> list[Proposal]:
    """Proposals the user has neither accepted nor turned down."""
    decided = section.accepted_origins() | set(section.dismissed)
    return [p for p in found if p.id not in decided]


# --------------------------------------------------------------------------- editing


def accept(section: ReportSection, proposal: Proposal) -> Action:
    if proposal.id in section.accepted_origins():
        return next(a for a in section.actions if a.origin == proposal.id)
    if proposal.id in section.dismissed:
        section.dismissed.remove(proposal.id)
    action = proposal.to_action()
    section.actions.append(action)
    return action


def dismiss(section: ReportSection, proposal_id: str) -> None:
    if proposal_id not in section.dismissed:
        section.dismissed.append(proposal_id)


def restore_dismissed(section: ReportSection) -> int:
    """Bring back every proposal the user turned down; returns how many."""
    count = len(section.dismissed)
    section.dismissed.clear()
    return count


def add_action(section: ReportSection, action: str = "", owner: str = "", deadline: str = "",
               priority: str = "middel") -> Action:
    item = Action()
    section.actions.append(item)
    try:
        update_action(section, item.id, action=action, owner=owner, deadline=deadline,
                      priority=priority)
    except UserError:
        section.actions.remove(item)
        raise
    return item


EDITABLE = ("action", "owner", "deadline", "priority", "source", "group")


def update_action(section: ReportSection, action_id: str, **changes: Any) -> Action:
    """Change fields of an action. A deadline that looks like a date is stored as one."""
    item = section.action(action_id)
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValueError(f"update_action cannot set {name!r}")
        if name == "priority":
            if value not in PRIORITIES:
                raise UserError(
                    _("Stuurwijzer kent deze prioriteit niet."),
                    _("Kies hoog, middel of laag."),
                )
            item.priority = value
        elif name == "deadline":
            item.deadline = normalise_deadline(str(value or ""))
        elif name == "group":
            if value not in GROUPS:
                raise ValueError(f"unknown action group {value!r}")
            item.group = value
        else:
            setattr(item, name, str(value or "").strip())
    return item


def remove_action(section: ReportSection, action_id: str) -> Action:
    """Remove an action. One that came from a proposal stays turned down, so it does not
    come back as a proposal."""
    item = section.action(action_id)
    section.actions.remove(item)
    if item.origin:
        dismiss(section, item.origin)
    return item


def move_action(section: ReportSection, action_id: str, delta: int) -> int:
    items = section.actions
    index = items.index(section.action(action_id))
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
    return target


def ordered(actions: list[Action]) -> list[Action]:
    """For the report: in the user's order, policy actions first and the internal data
    tasks grouped below them (``Action.kind``)."""
    return [a for a in actions if a.kind != "data"] + [a for a in actions if a.kind == "data"]


def grouped(actions: list[Action]) -> dict[str, list[Action]]:
    """The actions per group (GROUPS order), each in the user's order."""
    return {group: [a for a in actions if a.kind == group] for group in GROUPS}


# --------------------------------------------------------------------------- decisions


def decision_proposals(project: Project, section: ReportSection,
                       found: list[Proposal] | None = None) -> list[str]:
    """Decision points to offer for "Wat vragen wij van u?": the template's, then one per
    policy action with high priority (agreed ones, else the proposals)."""
    proposals: list[str] = []
    template = get_template(project.question.template)
    if template is not None:
        proposals += [_(text) for text in template.report.get("decisions", [])]
    policy = [a for a in section.actions if a.kind == "beleid" and a.priority == "hoog"]
    if not policy and found:
        policy = [p.to_action() for p in found
                  if p.kind in ("template", "chart") and p.priority == "hoog"]
    words = spec()["decisions"]
    for action in policy[:3]:
        owner = action.owner or _(spec()["default_owner"])
        text = action.action.strip().rstrip(".")
        if text[1:2].islower():  # 'Gesprek met ...' inside a sentence; 'GGD ...' stays
            text = text[:1].lower() + text[1:]
        proposals.append(_(words["from_action"]).format(action=text, owner=owner))
    return list(dict.fromkeys(p for p in proposals if p.strip()))
