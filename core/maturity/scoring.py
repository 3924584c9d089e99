"""Scoring: from answers to a level per theme and overall, with spread and certainty.

The rule (also shown to users, from resources/maturity/texts.json "scoring_rule"):

1. Every answer option belongs to a level 1-5. "Weet ik niet" and unanswered
   items are left out.
2. Per colleague and theme the *score* is the mean of the answered items. A
   colleague who answered fewer than ``min_answered_per_theme`` items of a
   theme does not count for that theme.
3. The theme score is the mean of the scores of the colleagues who count. The
   theme *level* is that score rounded to a whole level, a half rounded down
   (2.5 -> 2: a level counts as reached only when the answers are more than
   halfway there). No colleague counts: the theme is unknown.
4. The overall score is the mean of the known theme scores (every theme weighs
   the same); its level is rounded the same way. Fewer than
   ``min_known_themes`` known themes: the overall level is unknown.
5. Spread: the lowest and highest level of the colleagues for a theme. A
   difference of ``disagreement_levels`` or more is flagged as a conversation
   starter, and items with such a difference are listed.
6. Certainty per theme: the first rule in ``scoring.certainty`` whose share of
   answered items, maximum spread and number of counting colleagues are met
   ("groot", "redelijk"); otherwise "klein". Overall certainty is the
   certainty most themes have (the lower median; unknown themes count as
   "klein").

Every step is a mean or a monotone rounding, so raising one answer never
lowers a theme level or the overall level (tests check this broadly). Scores
are exact fractions, so no rounding error can break that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from core.maturity.fit import AnalysisFit, analysis_fit
from core.maturity.model import DONT_KNOW, MaturityState, Measurement, Respondent
from core.maturity.questionnaire import Questionnaire, Theme, load_questionnaire

CERTAINTY_ORDER = ("onbekend", "klein", "redelijk", "groot")  # least certain first


def round_level(score: Fraction) -> int:
    """Round to a whole level, a half downwards (2.5 -> 2, 2.51 -> 3)."""
    return max(1, min(5, math.ceil(score - Fraction(1, 2))))


def _mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


@dataclass(frozen=True)
class PersonTheme:
    """One colleague's result for one theme."""

    respondent_id: str
    name: str
    answered: int
    dont_know: int
    unanswered: int
    score: Fraction | None  # None: too few answered items, does not count
    level: int | None


@dataclass(frozen=True)
class ItemSpread:
    """An item on which colleagues differ by ``disagreement_levels`` or more."""

    item_id: str
    number: str
    text: str
    low: int
    high: int


@dataclass(frozen=True)
class ThemeResult:
    theme_id: str
    name: str
    score: Fraction | None
    level: int | None
    people: tuple[PersonTheme, ...]  # every colleague who took part in the measurement
    low: int | None  # lowest level of the colleagues who count
    high: int | None
    disagreement: bool
    share_answered: float  # answered items / (items x colleagues who took part)
    share_dont_know: float
    certainty: str
    item_spreads: tuple[ItemSpread, ...]

    @property
    def known(self) -> bool:
        return self.level is not None

    @property
    def spread(self) -> int:
        return 0 if self.low is None or self.high is None else self.high - self.low

    @property
    def counting(self) -> int:
        """Colleagues who count for this theme."""
        return sum(1 for p in self.people if p.score is not None)


@dataclass(frozen=True)
class MaturityResult:
    measurement_id: str
    name: str
    date: str
    themes: tuple[ThemeResult, ...]
    score: Fraction | None
    level: int | None
    participants: int  # colleagues with at least one answer ("weet ik niet" included)
    share_answered: float
    certainty: str

    def theme(self, theme_id: str) -> ThemeResult:
        for theme in self.themes:
            if theme.theme_id == theme_id:
                return theme
        raise KeyError(theme_id)

    @property
    def known_themes(self) -> int:
        return sum(1 for t in self.themes if t.known)

    @property
    def disagreements(self) -> list[ThemeResult]:
        return [t for t in self.themes if t.disagreement]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (for the report and the command line)."""

        def num(value: Fraction | None) -> float | None:
            return None if value is None else round(float(value), 2)

        return {
            "measurement": self.measurement_id,
            "name": self.name,
            "date": self.date,
            "level": self.level,
            "score": num(self.score),
            "participants": self.participants,
            "share_answered": round(self.share_answered, 3),
            "certainty": self.certainty,
            "themes": [
                {
                    "id": t.theme_id,
                    "level": t.level,
                    "score": num(t.score),
                    "low": t.low,
                    "high": t.high,
                    "disagreement": t.disagreement,
                    "share_answered": round(t.share_answered, 3),
                    "certainty": t.certainty,
                    "disagreeing_items": [s.item_id for s in t.item_spreads],
                }
                for t in self.themes
            ],
        }


def score_person_theme(theme: Theme, person: Respondent, min_answered: int) -> PersonTheme:
    levels = [person.answers[i.id] for i in theme.items if person.answers.get(i.id, DONT_KNOW)]
    dont_know = sum(1 for i in theme.items if person.answers.get(i.id) == DONT_KNOW)
    score = _mean([Fraction(v) for v in levels]) if len(levels) >= min_answered else None
    return PersonTheme(
        respondent_id=person.id,
        name=person.name,
        answered=len(levels),
        dont_know=dont_know,
        unanswered=len(theme.items) - len(levels) - dont_know,
        score=score,
        level=None if score is None else round_level(score),
    )


def _certainty(q: Questionnaire, share: float, spread: int, counting: int) -> str:
    for rule in q.scoring.certainty:
        if (
            share >= rule["min_share_answered"]
            and spread <= rule["max_spread"]
            and counting >= rule["min_respondents"]
        ):
            return rule["id"]
    return "klein"


def _score_theme(q: Questionnaire, theme: Theme, people: list[Respondent]) -> ThemeResult:
    s = q.scoring
    results = tuple(score_person_theme(theme, p, s.min_answered_per_theme) for p in people)
    counted = [r for r in results if r.score is not None]
    slots = len(theme.items) * len(people)
    share = sum(r.answered for r in results) / slots if slots else 0.0
    share_dk = sum(r.dont_know for r in results) / slots if slots else 0.0
    spreads = []
    for item in theme.items:
        given = [p.answers[item.id] for p in people if p.answers.get(item.id, DONT_KNOW)]
        if given and max(given) - min(given) >= s.disagreement_levels:
            spreads.append(ItemSpread(item.id, item.number, item.text, min(given), max(given)))
    if not counted:
        return ThemeResult(theme.id, theme.name, None, None, results, None, None, False,
                           share, share_dk, "onbekend", tuple(spreads))
    score = _mean([r.score for r in counted])
    low = min(r.level for r in counted)
    high = max(r.level for r in counted)
    return ThemeResult(
        theme_id=theme.id,
        name=theme.name,
        score=score,
        level=round_level(score),
        people=results,
        low=low,
        high=high,
        disagreement=high - low >= s.disagreement_levels,
        share_answered=share,
        share_dont_know=share_dk,
        certainty=_certainty(q, share, high - low, len(counted)),
        item_spreads=tuple(spreads),
    )


def score_measurement(
    measurement: Measurement, questionnaire: Questionnaire | None = None
) -> MaturityResult:
    q = questionnaire or load_questionnaire()
    people = [p for p in measurement.respondents if p.answers]
    themes = tuple(_score_theme(q, theme, people) for theme in q.themes)
    known = [t for t in themes if t.known]
    score = _mean([t.score for t in known]) if len(known) >= q.scoring.min_known_themes else None
    slots = len(q.items) * len(people)
    answered = sum(r.answered for t in themes for r in t.people)
    if score is None:
        certainty = "onbekend"
    else:
        ranks = sorted(CERTAINTY_ORDER.index(t.certainty if t.known else "klein") for t in themes)
        certainty = CERTAINTY_ORDER[ranks[(len(ranks) - 1) // 2]]
    return MaturityResult(
        measurement_id=measurement.id,
        name=measurement.name,
        date=measurement.date,
        themes=themes,
        score=score,
        level=None if score is None else round_level(score),
        participants=len(people),
        share_answered=answered / slots if slots else 0.0,
        certainty=certainty,
    )


def latest_result(
    state: MaturityState, questionnaire: Questionnaire | None = None
) -> MaturityResult | None:
    """The most recent measurement that has an overall level (None: nothing measured yet)."""
    q = questionnaire or load_questionnaire()
    for measurement in reversed(state.chronological()):
        result = score_measurement(measurement, q)
        if result.level is not None:
            return result
    return None


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class Summary:
    """What the overall level hides: the weakest themes, the themes resting on few
    answers, and mens, techniek and organisatie beside the eight themes."""

    weakest: tuple[ThemeResult, ...]  # known themes below the overall level, lowest first
    few_answers: tuple[ThemeResult, ...]  # known themes with fewer answers than the rule wants
    dimensions: tuple[ThemeResult, ...]  # mens, techniek, organisatie, scored like themes


MAX_WEAKEST = 3


def summarise(result: MaturityResult, measurement: Measurement,
              questionnaire: Questionnaire | None = None) -> Summary:
    """A mean hides a weak theme behind a strong one, so the weakest are named apart."""
    q = questionnaire or load_questionnaire()
    weakest: tuple[ThemeResult, ...] = ()
    if result.level is not None:
        below = [t for t in result.themes if t.known and t.level < result.level]
        below.sort(key=lambda t: (t.level, t.score))
        weakest = tuple(below[:MAX_WEAKEST])
    few = tuple(t for t in result.themes
                if t.known and sum(p.answered for p in t.people) < q.scoring.few_answers)
    people = [p for p in measurement.respondents if p.answers]
    dimensions = tuple(
        _score_theme(q, Theme(key, 0, label, label, "",
                              tuple(i for i in q.items if i.dimension == key), {}, {}), people)
        for key, label in q.dimensions.items()
    )
    return Summary(weakest, few, dimensions)


# --------------------------------------------------------------------------- advice


@dataclass(frozen=True)
class ThemeAdvice:
    theme_id: str
    name: str
    level: int | None
    text: str


@dataclass(frozen=True)
class Advice:
    strengths: tuple[ThemeAdvice, ...]  # at most three relatively strong themes
    next_steps: tuple[ThemeAdvice, ...]  # one per theme, in questionnaire order
    fit: AnalysisFit | None  # None: no overall level, so the fit is unknown


MAX_STRENGTHS = 3


def advise(result: MaturityResult, questionnaire: Questionnaire | None = None) -> Advice:
    """Strengths: known themes at level 2 or higher that score at least the overall score,
    strongest first. Next step: the theme's step for its level; a fixed text at level 5
    or when the theme is unknown."""
    from core.maturity.questionnaire import text

    q = questionnaire or load_questionnaire()
    candidates = [
        t for t in result.themes
        if t.known and t.level >= 2 and (result.score is None or t.score >= result.score)
    ]
    candidates.sort(key=lambda t: t.score, reverse=True)
    strengths = tuple(
        ThemeAdvice(t.theme_id, t.name, t.level, q.theme(t.theme_id).strengths[t.level])
        for t in candidates[:MAX_STRENGTHS]
    )
    steps = []
    for t in result.themes:
        theme = q.theme(t.theme_id)
        if t.level is None:
            step = text("unknown_theme_step")
        elif t.level >= 5:
            step = text("top_level_step")
        else:
            step = theme.next_steps[t.level]
        steps.append(ThemeAdvice(t.theme_id, t.name, t.level, step))
    return Advice(strengths, tuple(steps), analysis_fit(result, q))


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Change:
    """One theme (or the total, ``theme_id`` None) in an earlier and a later measurement."""

    theme_id: str | None
    name: str
    before_level: int | None
    after_level: int | None
    before_score: Fraction | None
    after_score: Fraction | None

    @property
    def direction(self) -> str:
        """"hoger", "lager", "gelijk" (same level) or "onbekend" (one side unknown)."""
        if self.before_level is None or self.after_level is None:
            return "onbekend"
        if self.after_level != self.before_level:
            return "hoger" if self.after_level > self.before_level else "lager"
        return "gelijk"

    @property
    def score_change(self) -> Fraction | None:
        if self.before_score is None or self.after_score is None:
            return None
        return self.after_score - self.before_score


@dataclass(frozen=True)
class Comparison:
    earlier: MaturityResult
    later: MaturityResult
    themes: tuple[Change, ...]
    overall: Change

    def theme(self, theme_id: str) -> Change:
        for change in self.themes:
            if change.theme_id == theme_id:
                return change
        raise KeyError(theme_id)


def compare(earlier: MaturityResult, later: MaturityResult) -> Comparison:
    """Nulmeting versus vervolgmeting, per theme and overall."""
    from core.i18n import _

    changes = tuple(
        Change(a.theme_id, b.name, a.level, b.level, a.score, b.score)
        for a, b in zip(earlier.themes, later.themes, strict=True)
    )
    overall = Change(None, _("Totaal"), earlier.level, later.level, earlier.score, later.score)
    return Comparison(earlier, later, changes, overall)


# --------------------------------------------------------------------------- summary in words


def _join_words(parts: list[str]) -> str:
    from core.i18n import _

    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " " + _("en") + " " + parts[-1]


def summary_lines(result: MaturityResult, summary: Summary,
                  questionnaire: Questionnaire | None = None) -> dict[str, str]:
    """The summary in the words every step uses: ``weakest`` (the overall level with the
    themes below it; empty when none is below), ``few_answers`` (may be empty),
    ``dimensions`` and ``stage``."""
    from core.i18n import _
    from core.maturity.questionnaire import texts

    q = questionnaire or load_questionnaire()
    words = texts()["summary"]

    def say(key: str, **values: Any) -> str:
        return _(words[key]).format(**values)

    lines = {"weakest": "", "few_answers": "", "dimensions": "", "stage": ""}
    if result.level is not None:
        stage = q.level(result.level).stage  # only the stages the sources name
        lines["stage"] = say("stage", stage=stage) if stage else ""
        if summary.weakest:
            themes = [say("weakest_theme", theme=t.name, level=t.level) for t in summary.weakest]
            lines["weakest"] = say("weakest", level=result.level, themes=_join_words(themes))
    if summary.few_answers:
        key = "few_answers_one" if len(summary.few_answers) == 1 else "few_answers_many"
        lines["few_answers"] = say(key, themes=_join_words([t.name for t in summary.few_answers]),
                                   n=q.scoring.few_answers)
    parts = [say("dimension", label=d.name, level=d.level) if d.known
             else say("dimension_unknown", label=d.name) for d in summary.dimensions]
    lines["dimensions"] = say("dimensions", parts=", ".join(parts))
    return lines
