"""The wizard's steps and how far the user is with each.

The order and texts of the steps come from resources/texts/steps.json. Each
step's status is computed from the project by one small rule; the steps' own
issues refine their rules. The desktop only shows what these functions return.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from core.i18n import _
from core.paths import load_json_resource
from core.project import Project

STEP_IDS: tuple[str, ...] = (
    "start",
    "vraag",
    "data",
    "controle",
    "volwassenheid",
    "grafieken",
    "rapport",
)


class Status(Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ATTENTION = "attention"

    @property
    def label(self) -> str:
        return _(load_json_resource("texts", "status.json")[self.value]["label"])

    @property
    def color(self) -> str:
        return load_json_resource("texts", "status.json")[self.value]["color"]


@dataclass(frozen=True)
class StepInfo:
    id: str
    label: str
    title: str
    purpose: str


@dataclass(frozen=True)
class StepStatus:
    status: Status
    reason: str = ""  # one B1 sentence shown as tooltip: why this status


def steps() -> list[StepInfo]:
    texts = load_json_resource("texts", "steps.json")
    return [
        StepInfo(sid, _(texts[sid]["label"]), _(texts[sid]["title"]), _(texts[sid]["purpose"]))
        for sid in STEP_IDS
    ]


StatusRule = Callable[[Project | None], StepStatus]
_RULES: dict[str, StatusRule] = {}


def status_rule(step_id: str) -> Callable[[StatusRule], StatusRule]:
    """Register the status rule of one step; a step has exactly one."""
    if step_id not in STEP_IDS:
        raise ValueError(f"unknown step {step_id!r}")

    def register(fn: StatusRule) -> StatusRule:
        if step_id in _RULES:
            raise ValueError(f"status rule for {step_id!r} registered twice")
        _RULES[step_id] = fn
        return fn

    return register


def step_status(step_id: str, project: Project | None) -> StepStatus:
    rule = _RULES.get(step_id)
    if rule is None:
        return StepStatus(Status.NOT_STARTED)
    return rule(project)


@status_rule("start")
def _start_status(project: Project | None) -> StepStatus:
    if project is None:
        return StepStatus(Status.NOT_STARTED, _("Er is nog geen project geopend."))
    if not project.name:
        return StepStatus(Status.IN_PROGRESS, _("Geef het project een naam."))
    return StepStatus(Status.DONE, _("Het project is geopend."))


@status_rule("vraag")
def _question_status(project: Project | None) -> StepStatus:
    if project is None or project.question.is_empty():
        return StepStatus(Status.NOT_STARTED, _("Er is nog geen vraag ingevuld."))
    q = project.question
    if q.title and q.result and q.result_indicator and q.audiences and q.action_perspective:
        return StepStatus(Status.DONE, _("De vraag, het doel en de doelgroep zijn ingevuld."))
    return StepStatus(Status.IN_PROGRESS, _("Een deel van de vraag is ingevuld."))


@status_rule("data")
def _data_status(project: Project | None) -> StepStatus:
    if project is None or not project.datasets:
        return StepStatus(Status.NOT_STARTED, _("Er zijn nog geen gegevens ingelezen."))
    from core.io.datasets import missing_summary, template_checklist

    checklist = template_checklist(project)
    if checklist is not None and checklist.missing:
        return StepStatus(
            Status.ATTENTION,
            _("Voor de analyse {template} ontbreekt nog: {missing}.").format(
                template=checklist.template_label, missing=missing_summary(checklist)),
        )
    return StepStatus(
        Status.DONE,
        _("{n} bestand(en) ingelezen.").format(n=len(project.datasets)),
    )
