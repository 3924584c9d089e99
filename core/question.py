"""The policy question: ambition down to indicators, audience, scope, data checklist.

This module owns the ``question`` section of the project. ``Project.question``
is the *active* question: the one the wizard works on now ("think big, start
small"). Other questions the user wants to answer later wait in
``Project.later_questions``, in order of priority (first = next).

Pages change a question only through the functions here, so every edit is
validated in one place. Feedback on a question lives in
``core.question_feedback``; templates come from ``core.templates``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from core.errors import UserError
from core.house_style import read_typed_date
from core.i18n import _
from core.paths import load_json_resource
from core.templates import Template, get_template

if TYPE_CHECKING:
    from core.project import Project

# Ids are stored in project files; labels and help live in resources/texts/question.json.
AUDIENCES = (
    "gemeenteraad",
    "wethouder",
    "contractmanager",
    "beleidsadviseur",
    "inkoper",
    "toegang",
    "aanbieders",
)
CHECKLIST_STATUSES = ("uitzoeken", "aangevraagd", "binnen", "niet_beschikbaar")
# Free-text fields a page may set with ``update_question``.
TEXT_FIELDS = (
    "title",
    "ambition",
    "result",
    "result_indicator",
    "output",
    "baseline",
    "target",
    "action_perspective",
    "scope_period",
    "scope_area",
    "scope_group",
)
# The pyramid from abstract to measurable (DOMAIN.md), top to bottom.
PYRAMID_LEVELS = ("ambition", "result", "result_indicator", "output", "output_indicators")
CHECKLIST_FIELDS = ("insight", "data", "source", "owner", "structural")
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")


def question_texts() -> dict[str, Any]:
    """Labels, help and pitfalls for the Vraag step (resources/texts/question.json)."""
    return load_json_resource("texts", "question.json")


@dataclass
class ChecklistItem:
    """One line of the data checklist: what data an insight needs and how to get it."""

    insight: str = ""  # the insight or indicator this data is for
    data: str = ""  # which data
    source: str = ""  # where it lives
    owner: str = ""  # who owns it
    structural: str = ""  # how to get it every time, not once
    status: str = "uitzoeken"  # one of CHECKLIST_STATUSES
    kind: str | None = None  # dataset kind (resources/texts/dataset_kinds.json), if known

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChecklistItem:
        known = {f.name for f in fields(cls)}
        item = cls(**{k: v for k, v in (data or {}).items() if k in known})
        if item.status not in CHECKLIST_STATUSES:
            item.status = "uitzoeken"
        return item


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
    checklist: list[ChecklistItem] = field(default_factory=list)
    # Feedback the user leaves open on purpose: rule id -> reason (may be empty).
    accepted_points: dict[str, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["checklist"] = [item.to_dict() for item in self.checklist]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Question:
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        # Unknown keys come from newer files; they are ignored rather than fatal.
        values = {k: v for k, v in data.items() if k in known}
        values["checklist"] = [ChecklistItem.from_dict(i) for i in values.get("checklist") or []]
        values["accepted_points"] = dict(values.get("accepted_points") or {})
        for name in ("output_indicators", "audiences"):
            values[name] = [str(v) for v in values.get(name) or []]
        return cls(**values)


def essentials_missing(question: Question) -> list[str]:
    """What a question needs before the step counts as done, as short Dutch phrases."""
    names = question_texts()["essentials"]
    return [_(label) for name, label in names.items() if not getattr(question, name)]


# --------------------------------------------------------------------------- editing


def _invalid(what: str) -> UserError:
    return UserError(
        _("Stuurwijzer kent deze keuze niet: {what}.").format(what=what),
        _("Kies een van de mogelijkheden op het scherm."),
    )


def update_question(question: Question, **changes: Any) -> None:
    """Set fields of a question after checking them. Text is stored without outer spaces."""
    for name, value in changes.items():
        if name in TEXT_FIELDS:
            setattr(question, name, str(value or "").strip())
        elif name == "output_indicators":
            lines = value.splitlines() if isinstance(value, str) else list(value or [])
            question.output_indicators = [s.strip() for s in map(str, lines) if s.strip()]
        elif name == "audiences":
            chosen = set(value or [])
            unknown = chosen.difference(AUDIENCES)
            if unknown:
                raise _invalid(", ".join(sorted(unknown)))
            # Stored in the fixed order of AUDIENCES so the report lists them consistently.
            question.audiences = [a for a in AUDIENCES if a in chosen]
        elif name == "analysis_type":
            # Imported here: core.maturity imports the project model, which imports this module.
            from core.maturity import ANALYSIS_TYPES

            if value and value not in ANALYSIS_TYPES:
                raise _invalid(str(value))
            question.analysis_type = value or ""
        elif name == "target_date":
            question.target_date = parse_target_date(value)
        else:
            raise ValueError(f"update_question cannot set {name!r}")


def set_audience(question: Question, audience: str, chosen: bool) -> None:
    current = set(question.audiences)
    if chosen:
        current.add(audience)
    else:
        current.discard(audience)
    update_question(question, audiences=current)


_YEAR_ONLY = re.compile(r"^(19|20)\d\d$")


def parse_target_date(text: str | date | None) -> str:
    """A date as the user types it (31-12-2025, 2025-12-31, or just 2025) -> ISO text.

    A year on its own means the end of that year, as in "in 2025". Empty means no date.
    """
    if isinstance(text, date):
        return text.isoformat()
    text = (text or "").strip()
    if not text:
        return ""
    if _YEAR_ONLY.match(text):
        return f"{text}-12-31"
    typed = read_typed_date(text)
    if typed is not None:
        return typed.isoformat()
    raise UserError(
        _("Deze datum kan Stuurwijzer niet lezen."),
        _("Schrijf de datum als dag-maand-jaar, bijvoorbeeld 31-12-2025, of alleen een jaar."),
    )


def format_target_date(iso: str) -> str:
    """ISO date -> how the user writes it (31-12-2025); empty stays empty."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso).strftime("%d-%m-%Y")
    except ValueError:
        return iso


def placeholders(text: str) -> list[str]:
    """The [to fill in] spots a template example left in a text."""
    return PLACEHOLDER.findall(text or "")


# --------------------------------------------------------------------------- checklist


def add_checklist_item(question: Question, item: ChecklistItem | None = None) -> ChecklistItem:
    item = item or ChecklistItem()
    question.checklist.append(item)
    return item


def update_checklist_item(question: Question, index: int, **changes: Any) -> None:
    item = question.checklist[index]
    for name, value in changes.items():
        if name in CHECKLIST_FIELDS:
            setattr(item, name, str(value or "").strip())
        elif name == "status":
            if value not in CHECKLIST_STATUSES:
                raise _invalid(str(value))
            item.status = value
        else:
            raise ValueError(f"checklist items have no field {name!r}")


def remove_checklist_item(question: Question, index: int) -> ChecklistItem:
    return question.checklist.pop(index)


# --------------------------------------------------------------------------- feedback left open


def accept_point(question: Question, rule_id: str, reason: str = "") -> None:
    """The user leaves a feedback point open on purpose; the report still lists it."""
    question.accepted_points[rule_id] = (reason or "").strip()


def reopen_point(question: Question, rule_id: str) -> None:
    question.accepted_points.pop(rule_id, None)


# --------------------------------------------------------------------------- templates


_MUNICIPALITY_WORD = re.compile(r"^\s*(?:de\s+)?gemeente\s+", re.IGNORECASE)


def municipality_name(text: str) -> str:
    """The municipality's name without the word 'gemeente': what the user typed on the Start
    page may be 'Westerdijk' or 'Gemeente Westerdijk'; texts add 'Gemeente' themselves
    ('Gemeente [gemeente]'), so the word must not be there twice."""
    name = " ".join((text or "").split())
    stripped = _MUNICIPALITY_WORD.sub("", name)
    return stripped or name


def fill_municipality(text: str, municipality: str) -> str:
    """[gemeente] in a template text becomes the municipality's name (once 'Gemeente')."""
    name = municipality_name(municipality)
    return text.replace("[gemeente]", name) if name else text


def _fill(text: str, municipality: str) -> str:
    return fill_municipality(text, municipality)


def question_from_template(template: Template, municipality: str = "") -> Question:
    """The template's example as an editable question. [gemeente] becomes the project's."""
    example = template.question
    pyramid = template.pyramid
    return Question(
        template=template.id,
        title=_fill(_(example.get("title", "")), municipality),
        ambition=_fill(_(pyramid.get("ambition", "")), municipality),
        result=_fill(_(pyramid.get("result", "")), municipality),
        result_indicator=_(pyramid.get("result_indicator", "")),
        output=_(pyramid.get("output", "")),
        output_indicators=[_(s) for s in pyramid.get("output_indicators", [])],
        baseline=_(example.get("baseline", "")),
        target=_(example.get("target", "")),
        audiences=[a for a in AUDIENCES if a in example.get("audiences", [])],
        action_perspective=_(example.get("action_perspective", "")),
        scope_period=_(example.get("scope_period", "")),
        scope_area=_fill(_(example.get("scope_area", "")), municipality),
        scope_group=_(example.get("scope_group", "")),
        analysis_type=example.get("analysis_type", ""),
        checklist=[ChecklistItem.from_dict(item) for item in template.checklist],
    )


def is_untouched(question: Question, municipality: str = "") -> bool:
    """Empty, or exactly a template's example: replacing it loses nothing the user wrote."""
    if question.is_empty():
        return True
    template = get_template(question.template)
    if template is None:
        return False
    # The municipality may have been filled in on the Start page after the choice.
    return any(question == question_from_template(template, m) for m in {municipality, ""})


@dataclass(frozen=True)
class TemplateChoice:
    template: str | None
    parked: bool  # the previous question had the user's own work and went to later_questions


def choose_template(project: Project, template_id: str | None) -> TemplateChoice:
    """Start the active question from a template (None: a free, empty question).

    Nothing the user wrote is lost: a question they worked on moves to the front of
    the questions for later instead of being overwritten.
    """
    if template_id is None:
        fresh = Question()
    else:
        template = get_template(template_id)
        if template is None:
            raise _invalid(template_id)
        fresh = question_from_template(template, project.municipality)
    parked = not is_untouched(project.question, project.municipality)
    if parked:
        project.later_questions.insert(0, project.question)
    project.question = fresh
    return TemplateChoice(template_id, parked)


# --------------------------------------------------------------------------- several questions


def add_later_question(project: Project, title: str) -> Question:
    """Write down a question for later; it joins the end of the list."""
    title = (title or "").strip()
    if not title:
        raise UserError(
            _("Er is geen vraag ingevuld."),
            _("Typ eerst de vraag die u later wilt beantwoorden."),
        )
    later = Question(title=title)
    project.later_questions.append(later)
    return later


def park_question(project: Project) -> None:
    """Put the active question aside (first in line) and start an empty one."""
    if not project.question.is_empty():
        project.later_questions.insert(0, project.question)
    project.question = Question()


def activate_question(project: Project, index: int) -> None:
    """Work on a later question now; the active one takes its place in the list.

    A question noted with a template but not worked out yet gets the template's
    example in its empty fields, so the user does not start from a blank page.
    """
    chosen = project.later_questions.pop(index)
    if not project.question.is_empty():
        project.later_questions.insert(index, project.question)
    template = get_template(chosen.template)
    if template is not None:
        complete_from_template(chosen, template, project.municipality)
    project.question = chosen


def complete_from_template(question: Question, template: Template, municipality: str = "") -> None:
    """Fill the empty fields of a question from a template's example; keep what is there."""
    example = question_from_template(template, municipality)
    for f in fields(Question):
        if f.name == "accepted_points":
            continue
        if not getattr(question, f.name):
            setattr(question, f.name, getattr(example, f.name))


def move_later_question(project: Project, index: int, delta: int) -> int:
    """Change the priority of a later question. Returns its new position."""
    items = project.later_questions
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
    return target


def remove_later_question(project: Project, index: int) -> Question:
    return project.later_questions.pop(index)
