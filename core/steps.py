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
from core.question import essentials_missing
from core.question_feedback import unresolved

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
    missing = essentials_missing(project.question)
    if missing:
        return StepStatus(
            Status.IN_PROGRESS,
            _("Nog in te vullen: {fields}.").format(fields=", ".join(missing)),
        )
    open_count = len(unresolved(project))
    if open_count:
        return StepStatus(
            Status.ATTENTION,
            _("De vraag is ingevuld. Er staan nog {n} tip(s) open.").format(n=open_count),
        )
    return StepStatus(Status.DONE, _("De vraag, het doel en de doelgroep zijn ingevuld."))


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


@status_rule("volwassenheid")
def _maturity_status(project: Project | None) -> StepStatus:
    from core.maturity import load_questionnaire, score_measurement

    answered = [m for m in project.maturity.chronological() if m.has_answers()] if project else []
    if not answered:
        return StepStatus(Status.NOT_STARTED, _("Nog niemand heeft de vragenlijst ingevuld."))
    result = score_measurement(answered[-1])
    if result.level is None:
        return StepStatus(
            Status.IN_PROGRESS,
            _("De {name} heeft nog te weinig antwoorden voor een uitkomst.").format(
                name=result.name),
        )
    return StepStatus(
        Status.DONE,
        _("{name}: niveau {n} ({label}), ingevuld door {k} collega('s).").format(
            name=result.name, n=result.level,
            label=load_questionnaire().level(result.level).label, k=result.participants),
    )


@status_rule("controle")
def _controle_status(project: Project | None) -> StepStatus:
    if project is None or not project.datasets:
        return StepStatus(Status.NOT_STARTED, _("Lees eerst gegevens in bij de stap Data."))
    run = project.cleaning.last_run
    if not run or run.get("datasets") != sorted(ds.id for ds in project.datasets):
        return StepStatus(Status.NOT_STARTED, _("De gegevens zijn nog niet gecontroleerd."))
    if run.get("partial"):
        return StepStatus(Status.IN_PROGRESS, _("De controle is gestopt voordat hij klaar was."))
    if run.get("blocking"):
        return StepStatus(Status.ATTENTION, _("{n} blokkerende bevinding(en): los die eerst op.")
                          .format(n=run["blocking"]))
    if run.get("privacy"):
        return StepStatus(Status.ATTENTION, _("Er staan nog persoonsgegevens in uw bestanden."))
    return StepStatus(Status.DONE, _("Gecontroleerd: {w} waarschuwing(en), {i} ter info.")
                      .format(w=run.get("warning", 0), i=run.get("info", 0)))


@status_rule("grafieken")
def _charts_status(project: Project | None) -> StepStatus:
    if project is None or not project.datasets:
        return StepStatus(Status.NOT_STARTED, _("Lees eerst gegevens in bij stap Data."))
    specs = project.charts.specs
    if not specs:
        return StepStatus(Status.NOT_STARTED, _("Er zijn nog geen grafieken."))
    from core.charts import chart_state  # matplotlib loads only when there are charts

    stale = sum(chart_state(project, spec) == "stale" for spec in specs)
    if stale:
        return StepStatus(
            Status.ATTENTION,
            _("{n} van de {total} grafieken zijn verouderd: de gegevens of de opschoning zijn "
              "veranderd.").format(n=stale, total=len(specs)),
        )
    if all(spec.interpretation.is_complete() for spec in specs):
        return StepStatus(Status.DONE, _("Bij elke grafiek staat wat u ziet, wat het betekent "
                                         "en wat u gaat doen."))
    return StepStatus(Status.IN_PROGRESS, _("Schrijf bij elke grafiek wat u ziet, wat het "
                                            "betekent en wat u gaat doen."))


@status_rule("rapport")
def _report_status(project: Project | None) -> StepStatus:
    from core.report.status import report_status  # the report's texts load when it matters

    if project is None:
        return StepStatus(Status.NOT_STARTED, report_status(None)[1])
    state, reason = report_status(project)
    return StepStatus(Status(state), reason)
