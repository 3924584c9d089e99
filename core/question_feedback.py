"""Feedback on the policy question: small rules, each explained in plain Dutch.

Every rule looks at the project's active question and returns a ``Hit`` (which
text variant, which values to fill in, which field it is about) or None. The
texts live in resources/texts/question_feedback.json. Feedback is advice, never
a block: whatever stays open is an *open point* that the report lists
(``open_points``); the user may leave a point open on purpose, with a reason.

Rules stay quiet on an empty question: a blank page needs an invitation, not a
list of shortcomings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core import maturity
from core.i18n import _
from core.paths import load_json_resource
from core.project import Project
from core.question import Question, placeholders

MAX_OUTPUT_INDICATORS = 3


@dataclass(frozen=True)
class Hit:
    variant: str
    field: str  # the question field the advice is about (for the UI to point at)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Feedback:
    rule: str
    variant: str
    field: str
    title: str  # what is the matter, one line
    why: str  # why it matters
    todo: str  # what the user can do
    accepted: bool = False  # the user leaves this open on purpose
    reason: str = ""  # ... and says why (shown in the report)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


Rule = Callable[[Project], Hit | None]
_RULES: dict[str, Rule] = {}


def feedback_rule(rule_id: str) -> Callable[[Rule], Rule]:
    """Register a rule. Rules run in registration order, which is the order of the step."""

    def register(fn: Rule) -> Rule:
        if rule_id in _RULES:
            raise ValueError(f"feedback rule {rule_id!r} registered twice")
        if rule_id not in _texts()["rules"]:
            raise ValueError(f"feedback rule {rule_id!r} has no texts")
        _RULES[rule_id] = fn
        return fn

    return register


def rule_ids() -> tuple[str, ...]:
    return tuple(_RULES)


def _texts() -> dict[str, Any]:
    return load_json_resource("texts", "question_feedback.json")


def _lexicon(name: str) -> list[str]:
    return _texts()["lexicon"][name]


def _find_phrase(text: str, phrases: list[str]) -> str | None:
    lowered = text.lower()
    for phrase in phrases:
        if re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", lowered):
            return phrase
    return None


def _join(parts: list[str]) -> str:
    """Dutch enumeration: 'a', 'a en b', 'a, b en c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {_(_texts()['lexicon']['and'])} " + parts[-1]


def _render(rule_id: str, hit: Hit, question: Question) -> Feedback:
    text = _texts()["rules"][rule_id][hit.variant]
    values = dict(hit.values)
    accepted = rule_id in question.accepted_points
    return Feedback(
        rule=rule_id,
        variant=hit.variant,
        field=hit.field,
        title=_(text["title"]).format(**values),
        why=_(text["why"]).format(**values),
        todo=_(text["todo"]).format(**values),
        accepted=accepted,
        reason=question.accepted_points.get(rule_id, "") if accepted else "",
    )


def question_feedback(project: Project) -> list[Feedback]:
    """All feedback on the active question, in the order of the step."""
    question = project.question
    if question.is_empty():
        return []
    found = []
    for rule_id, rule in _RULES.items():
        hit = rule(project)
        if hit is not None:
            found.append(_render(rule_id, hit, question))
    return found


def open_points(project: Project) -> list[Feedback]:
    """What the report lists under open points: every piece of feedback that still
    applies, including the ones the user left open on purpose (``accepted``)."""
    return question_feedback(project)


def unresolved(project: Project) -> list[Feedback]:
    """Open points the user has not yet looked at (not left open on purpose)."""
    return [f for f in question_feedback(project) if not f.accepted]


# --------------------------------------------------------------------------- the rules


@feedback_rule("knowing-not-achieving")
def _knowing_not_achieving(project: Project) -> Hit | None:
    q = project.question
    if not q.ambition and not q.result:
        if q.title or q.result_indicator or q.output or q.output_indicators:
            return Hit("no_goal", "ambition")
        return None
    for name in ("result", "ambition"):
        phrase = _find_phrase(getattr(q, name), _lexicon("knowing"))
        if phrase:
            return Hit("phrase", name, {"phrase": phrase})
    phrase = _find_phrase(q.title, _lexicon("data_first"))
    if phrase:
        return Hit("data_first", "title", {"phrase": phrase})
    return None


_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


@feedback_rule("goal-not-smart")
def _goal_not_smart(project: Project) -> Hit | None:
    q = project.question
    if not q.result:
        return Hit("no_result", "result") if q.ambition else None
    goal = f"{q.result} {q.target}"
    parts = _texts()["lexicon"]["parts"]
    missing = []
    if not (_DIGIT.search(goal) or _find_phrase(goal, _lexicon("number_words"))):
        missing.append(_(parts["number"]))
    if not (q.target_date or _YEAR.search(goal)):
        missing.append(_(parts["date"]))
    if not (q.baseline or _find_phrase(q.result, _lexicon("baseline"))):
        missing.append(_(parts["baseline"]))
    if not missing:
        return None
    return Hit("missing", "result", {"missing": _join(missing)})


_PLACEHOLDER_FIELDS = (
    "title", "ambition", "result", "result_indicator", "output", "baseline", "target",
    "action_perspective", "scope_period", "scope_area", "scope_group",
)


@feedback_rule("placeholders-left")
def _placeholders_left(project: Project) -> Hit | None:
    q = project.question
    first_field = None
    found: list[str] = []
    texts = [(name, getattr(q, name)) for name in _PLACEHOLDER_FIELDS]
    texts += [("output_indicators", line) for line in q.output_indicators]
    for name, text in texts:
        spots = placeholders(text)
        if spots and first_field is None:
            first_field = name
        found += [s for s in spots if s not in found]
    if not found:
        return None
    return Hit("left", first_field, {"examples": _join(found[:3])})


_WORD = re.compile(r"[\w'-]+")
_SENTENCE_END = re.compile(r"[?!.]+")


def _starts_with(words: list[str], phrases: list[str]) -> bool:
    """Whether the words begin with one of the (possibly multi-word) phrases."""
    text = " ".join(words)
    return any(text == p or text.startswith(p + " ") for p in phrases)


def _joined_questions(sentence: str) -> int:
    """Questions hidden in one sentence: a part after 'en'/'of' with a subject or verb
    of its own. It starts with a question word and has a verb ("... en wat kost het"),
    or it starts with a verb followed by its subject ("... of ligt het aan ...").
    "Welke aanbieders en welke producten ...", "starten en stoppen" and "..., en bij
    welke aanbieders het langst" share the first part's verb: one question."""
    lex = _texts()["lexicon"]
    verbs = {w.lower() for w in lex["question_verbs"]}
    subjects = {w.lower() for w in lex["subjects"]}
    asking = [w.lower() for w in lex["question_words"]]
    joiners, least = set(lex["joiners"]), lex["min_clause_words"]
    parts: list[list[str]] = [[]]
    for word in _WORD.findall(sentence.lower()):
        if word in joiners:
            parts.append([])
        else:
            parts[-1].append(word)
    extra, clause = 0, parts[0]
    for part in parts[1:]:
        asks = _starts_with(part, asking) and any(word in verbs for word in part[1:])
        inverted = len(part) >= 2 and part[0] in verbs and part[1] in subjects
        if len(clause) >= least and (asks or inverted):
            extra += 1
            clause = part
        else:
            clause = clause + part
    return extra


def count_questions(title: str) -> int:
    """How many questions a title asks: its question marks (at least one), plus the
    questions joined inside a sentence."""
    if not title.strip():
        return 0
    sentences = [s for s in _SENTENCE_END.split(title) if s.strip()]
    return max(title.count("?"), 1) + sum(_joined_questions(s) for s in sentences)


@feedback_rule("too-many-questions")
def _too_many_questions(project: Project) -> Hit | None:
    q = project.question
    count = count_questions(q.title)
    if count > 1:
        return Hit("several", "title", {"count": count})
    if len(q.output_indicators) > MAX_OUTPUT_INDICATORS:
        return Hit("indicators", "output_indicators", {"count": len(q.output_indicators)})
    return None


@feedback_rule("no-audience")
def _no_audience(project: Project) -> Hit | None:
    return None if project.question.audiences else Hit("missing", "audiences")


@feedback_rule("no-action-perspective")
def _no_action_perspective(project: Project) -> Hit | None:
    text = project.question.action_perspective
    if not text:
        return Hit("missing", "action_perspective")
    if not _find_phrase(text, _lexicon("conditional")):
        return Hit("vague", "action_perspective")
    return None


@feedback_rule("analysis-type-maturity")
def _analysis_type_maturity(project: Project) -> Hit | None:
    """Only a type the shared rule advises against (or cannot judge yet) is a point;
    describing and explaining always fit (core.maturity.fit)."""
    chosen = project.question.analysis_type
    if not chosen:
        return None
    verdict = maturity.fit_for(project, chosen)
    if verdict.fits:
        return None
    variant = "order" if verdict.fits is None else "above"
    return Hit(variant, "analysis_type", {"reason": verdict.reason})


@feedback_rule("data-not-available")
def _data_not_available(project: Project) -> Hit | None:
    missing = []
    for item in project.question.checklist:
        if item.status == "niet_beschikbaar":
            name = item.insight or item.data or _("een inzicht zonder naam")
            if name not in missing:
                missing.append(name)
    return Hit("missing", "checklist", {"insights": _join(missing)}) if missing else None
