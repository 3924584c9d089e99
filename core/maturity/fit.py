"""Which analysis types fit the organisation now: one rule for every step.

The Vraag step, the Volwassenheid step and the report all ask this module, so
they say the same thing in the same words (resources/maturity/texts.json,
"analysis_fit"). The rule, from resources/maturity/questionnaire.json
("analysis_fit"), follows the sources in DOMAIN.md:

1. Describing and explaining (``always``) fit at every level: most public value
   is there, and a user may always ask why. When a theme they lean on is weak,
   a practical condition is shown as advice, never as a block.
2. Predicting and prescribing (``requires``) fit only when every named theme
   (data, skills, use in the policy cycle) has reached the named level; a theme
   with too few answers has not. Otherwise they are advised against, with the
   reason in one sentence.
3. Nothing measured yet: describing and explaining still fit; for the others
   the fit is unknown, and the sentence says why they come later.

Theme levels only rise when an answer rises, so the types that fit do too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.i18n import _
from core.maturity.questionnaire import Questionnaire, load_questionnaire, texts

if TYPE_CHECKING:
    from core.maturity.scoring import MaturityResult

ANALYSIS_TYPES = ("beschrijvend", "diagnostisch", "voorspellend", "voorschrijvend")


@dataclass(frozen=True)
class TypeFit:
    type_id: str
    fits: bool | None  # None: nothing measured yet, so unknown
    reason: str  # one sentence, the same in every step
    short_of: tuple[str, ...] = ()  # theme ids below the level this type needs


@dataclass(frozen=True)
class Condition:
    """Practical advice for describing and explaining (not a block)."""

    theme_id: str
    text: str


@dataclass(frozen=True)
class AnalysisFit:
    per_type: tuple[TypeFit, ...]  # in the order of ANALYSIS_TYPES
    conditions: tuple[Condition, ...]

    @property
    def types(self) -> tuple[str, ...]:
        """The types that fit now, in the order of ANALYSIS_TYPES."""
        return tuple(t.type_id for t in self.per_type if t.fits)

    def of(self, type_id: str) -> TypeFit:
        for item in self.per_type:
            if item.type_id == type_id:
                return item
        raise KeyError(type_id)

    @property
    def holding_back(self) -> tuple[str, ...]:
        """Themes that keep the next analysis type out of reach (weakest need first)."""
        for item in self.per_type:
            if item.fits is False:
                return item.short_of
        return ()


def _texts() -> dict[str, Any]:
    return texts()["analysis_fit"]


def _say(key: str, **values: Any) -> str:
    return _(_texts()[key]).format(**values)


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " " + _("en") + " " + parts[-1]


def _verb(q: Questionnaire, type_id: str) -> str:
    return q.analysis_types[type_id]["verb"]


def _verbs(q: Questionnaire, type_ids: list[str]) -> str:
    """'Beschrijven en verklaren': one phrase, so only its first word has a capital."""
    verbs = [_verb(q, t) for t in type_ids]
    return _join(verbs[:1] + [v[:1].lower() + v[1:] for v in verbs[1:]])


def _names(q: Questionnaire, theme_ids: list[str] | tuple[str, ...]) -> str:
    return _join([q.theme(t).name for t in theme_ids])


def rule(q: Questionnaire) -> dict[str, Any]:
    return q.analysis_fit


def rule_text(questionnaire: Questionnaire | None = None) -> str:
    """How the fit is decided, in words (shown beside the result)."""
    q = questionnaire or load_questionnaire()
    r = rule(q)
    parts = [_say("rule_always", verbs=_verbs(q, r["always"]))]
    for type_id, need in r["requires"].items():
        parts.append(_say("rule_requires", verb=_verb(q, type_id),
                          themes=_names(q, need["themes"]), level=need["level"]))
    return " ".join(parts)


def _always(q: Questionnaire, type_id: str) -> TypeFit:
    return TypeFit(type_id, True, _say("always", verb=_verb(q, type_id)))


def judge(type_id: str, fit: AnalysisFit | None,
          questionnaire: Questionnaire | None = None) -> TypeFit:
    """The verdict for one type; ``fit`` None means nothing is measured yet."""
    q = questionnaire or load_questionnaire()
    if fit is not None:
        return fit.of(type_id)
    if type_id in rule(q)["always"]:
        return _always(q, type_id)
    return TypeFit(type_id, None, _say("unmeasured", verb=_verb(q, type_id)))


def analysis_fit(result: MaturityResult,
                 questionnaire: Questionnaire | None = None) -> AnalysisFit | None:
    """The fit for a measured result (None while its overall level is unknown)."""
    if result.level is None:
        return None
    q = questionnaire or load_questionnaire()
    r = rule(q)
    per_type = []
    for type_id in ANALYSIS_TYPES:
        if type_id in r["always"]:
            per_type.append(_always(q, type_id))
            continue
        need = r["requires"][type_id]
        short = [t for t in need["themes"]
                 if result.theme(t).level is None or result.theme(t).level < need["level"]]
        verb = _verb(q, type_id)
        if not short:
            per_type.append(TypeFit(type_id, True, _say(
                "reached", verb=verb, themes=_names(q, need["themes"]), level=need["level"])))
            continue
        short.sort(key=lambda t: (result.theme(t).score is not None, result.theme(t).score or 0))
        key = "against_one" if len(short) == 1 else "against_many"
        per_type.append(TypeFit(type_id, False, _say(
            key, verb=verb, themes=_names(q, short), level=need["level"]), tuple(short)))
    conditions = []
    for condition in r["conditions"]:
        theme = result.theme(condition["theme"])
        if theme.level is None or theme.level < condition["below"]:
            level = theme.level if theme.level is not None else _("onbekend")
            conditions.append(Condition(theme.theme_id, _say(
                condition["text"], theme=theme.name, level=level)))
    return AnalysisFit(tuple(per_type), tuple(conditions))


def summary(fit: AnalysisFit | None, questionnaire: Questionnaire | None = None) -> list[str]:
    """The fit in sentences: what always fits, then each other type, then the conditions."""
    q = questionnaire or load_questionnaire()
    always = list(rule(q)["always"])
    verbs = _verbs(q, always)
    lines = [_say("always_many" if len(always) > 1 else "always", verbs=verbs, verb=verbs)]
    advised_against = False
    for type_id in (t for t in ANALYSIS_TYPES if t not in always):
        verdict = judge(type_id, fit, q)
        if advised_against and verdict.fits is False:
            # The same themes hold the next type back too: say only where it starts.
            need = rule(q)["requires"][type_id]["level"]
            lines.append(_say("later", verb=_verb(q, type_id), level=need))
            continue
        lines.append(verdict.reason)
        advised_against = verdict.fits is False
    if fit is not None:
        lines += [c.text for c in fit.conditions]
    return lines
