"""Scoring of the maturity questionnaire: the documented rule and its properties."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from core.maturity import (
    ANALYSIS_TYPES,
    DONT_KNOW,
    MaturityState,
    Measurement,
    Respondent,
    advise,
    analysis_fit,
    compare,
    current_fit,
    judge,
    load_questionnaire,
    score_measurement,
    supported_analysis_types,
)
from core.maturity.fit import summary as fit_summary
from core.maturity.model import new_measurement
from core.maturity.scoring import round_level, score_person_theme
from core.project import Project

Q = load_questionnaire()
ITEMS = [item.id for item in Q.items]


def person(name: str = "A", **answers: int) -> Respondent:
    return Respondent(name=name, answers=dict(answers))


def everyone_at(level: int, name: str = "A") -> Respondent:
    return Respondent(name=name, answers={item: level for item in ITEMS})


def measured(*people: Respondent, day: str = "2025-01-01") -> Measurement:
    return Measurement(name="Meting", date=day, respondents=list(people))


def theme_answers(theme_id: str, levels: list[int | None]) -> dict[str, int]:
    items = Q.theme(theme_id).items
    return {item.id: v for item, v in zip(items, levels, strict=False) if v is not None}


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_all_answers_at_level_n_give_level_n(level):
    for people in ([everyone_at(level)], [everyone_at(level, n) for n in "ABC"]):
        result = score_measurement(measured(*people), Q)
        assert result.level == level
        assert {t.level for t in result.themes} == {level}
        assert all(not t.disagreement for t in result.themes)


def test_half_a_level_rounds_down_and_more_than_half_rounds_up():
    assert round_level(Fraction(5, 2)) == 2
    assert round_level(Fraction(8, 3)) == 3
    assert round_level(Fraction(7, 3)) == 2
    theme = Q.theme("data")
    assert score_person_theme(theme, person(**theme_answers("data", [2, 3])), 2).level == 2
    assert score_person_theme(theme, person(**theme_answers("data", [2, 3, 3])), 2).level == 3


def test_dont_know_is_left_out_of_the_level():
    answers = theme_answers("data", [4, DONT_KNOW, 4])
    result = score_person_theme(Q.theme("data"), person(**answers), 2)
    assert (result.level, result.answered, result.dont_know, result.unanswered) == (4, 2, 1, 0)
    # Replacing "weet ik niet" by a low answer does change the level: it was not counted as 1.
    lower = score_person_theme(Q.theme("data"), person(**theme_answers("data", [4, 1, 4])), 2)
    assert lower.level == 3


def test_a_theme_needs_the_minimum_number_of_answered_items():
    assert Q.scoring.min_answered_per_theme == 2
    theme = Q.theme("visie")
    one = score_person_theme(theme, person(**theme_answers("visie", [3])), 2)
    assert one.level is None and one.score is None
    only_dont_know = theme_answers("visie", [3, DONT_KNOW, DONT_KNOW])
    assert score_person_theme(theme, person(**only_dont_know), 2).level is None
    two = score_person_theme(theme, person(**theme_answers("visie", [3, 5])), 2)
    assert two.level == 4


def test_unknown_theme_and_unknown_overall():
    answers = {i.id: 3 for t in Q.themes[:4] for i in t.items}  # four of eight themes
    result = score_measurement(measured(person(**answers)), Q)
    assert [t.known for t in result.themes] == [True] * 4 + [False] * 4
    assert result.themes[5].certainty == "onbekend"
    assert result.level is None and result.certainty == "onbekend"
    answers.update({i.id: 3 for i in Q.themes[4].items})  # the fifth theme
    assert score_measurement(measured(person(**answers)), Q).level == 3


def test_overall_is_the_mean_of_the_known_themes():
    answers = {}
    for theme, level in zip(Q.themes, [1, 1, 1, 1, 5, 5, 5, 5], strict=True):
        answers.update({i.id: level for i in theme.items})
    result = score_measurement(measured(person(**answers)), Q)
    assert result.score == 3 and result.level == 3


def test_several_colleagues_show_spread_and_flag_two_levels_apart():
    low = everyone_at(1, "Beleid")
    high = everyone_at(3, "Teamleider")
    middle = everyone_at(2, "Contract")
    result = score_measurement(measured(low, high, middle), Q)
    data = result.theme("data")
    assert (data.low, data.high, data.spread, data.level) == (1, 3, 2, 2)
    assert data.disagreement and data.certainty == "klein"
    assert [s.number for s in data.item_spreads] == ["5.1", "5.2", "5.3"]
    assert len(result.disagreements) == len(Q.themes)
    close = score_measurement(measured(everyone_at(2, "A"), everyone_at(3, "B")), Q)
    assert not close.disagreements
    assert all(not t.item_spreads for t in close.themes)


def test_colleagues_without_answers_do_not_count():
    result = score_measurement(measured(everyone_at(4), Respondent(name="Nog niet")), Q)
    assert result.participants == 1 and result.share_answered == 1.0


def test_certainty_grows_with_answers_agreement_and_colleagues():
    three = score_measurement(measured(*[everyone_at(3, n) for n in "ABC"]), Q)
    assert three.certainty == "groot"
    one = score_measurement(measured(everyone_at(3)), Q)
    assert one.certainty == "redelijk"  # one person's view is never "groot"
    dont_know = {item: DONT_KNOW for item in ITEMS}
    unsure = score_measurement(
        measured(everyone_at(3), person("B", **dont_know), person("C", **dont_know)), Q)
    assert unsure.level == 3 and unsure.participants == 3
    assert unsure.certainty == "klein" and unsure.share_answered == pytest.approx(1 / 3)
    assert all(t.share_dont_know == pytest.approx(2 / 3) for t in unsure.themes)


# --------------------------------------------------------------------------- monotonicity


def _levels(result):
    return [t.level for t in result.themes] + [result.level]


def _fit_rank(result):
    fit = analysis_fit(result, Q)
    return None if fit is None else len(fit.types)


def _assert_not_lower(before, after):
    for a, b in zip(_levels(before), _levels(after), strict=True):
        assert (a is None) == (b is None)  # raising an answer never changes what is known
        assert a is None or b >= a
    assert before.score is None or after.score >= before.score
    a, b = _fit_rank(before), _fit_rank(after)
    assert a is None or b >= a


def test_raising_one_answer_never_lowers_a_theme_exhaustive_for_one_theme():
    """Every combination of one colleague's answers to a three-item theme (including
    "weet ik niet" and unanswered), every item raised by one level."""
    theme = Q.theme("data")
    states = [None, DONT_KNOW, 1, 2, 3, 4, 5]
    checked = 0
    for combo in itertools.product(states, repeat=len(theme.items)):
        answers = theme_answers("data", list(combo))
        base = score_person_theme(theme, person(**answers), 2)
        for item in theme.items:
            value = answers.get(item.id)
            if value in (None, DONT_KNOW) or value == 5:
                continue
            raised = score_person_theme(theme, person(**{**answers, item.id: value + 1}), 2)
            assert (base.level is None) == (raised.level is None)
            assert base.level is None or raised.level >= base.level
            checked += 1
    assert checked == 3 * 4 * 7**2  # three items, four raisable values, 7 states for the rest


def test_raising_one_answer_never_lowers_any_level_random_answer_sets():
    rng = random.Random(20250318)
    states = [None, DONT_KNOW, 1, 2, 3, 4, 5]
    weights = [1, 1, 3, 3, 3, 3, 3]
    for _round in range(600):
        people = []
        for n in range(rng.randint(1, 4)):
            answers = {}
            for item in ITEMS:
                value = rng.choices(states, weights)[0]
                if value is not None:
                    answers[item] = value
            people.append(Respondent(name=f"P{n}", answers=answers))
        before = score_measurement(measured(*people), Q)
        raisable = [(p, i) for p in people for i, v in p.answers.items() if 1 <= v < 5]
        if not raisable:
            continue
        target, item = rng.choice(raisable)
        target.answers[item] += rng.randint(1, 5 - target.answers[item])
        _assert_not_lower(before, score_measurement(measured(*people), Q))


# --------------------------------------------------------------------------- analysis fit


def _project(*measurements: Measurement) -> Project:
    project = Project()
    project.maturity = MaturityState(measurements=list(measurements))
    return project


def test_supported_analysis_types_is_none_until_something_is_measured():
    assert supported_analysis_types(Project()) is None
    state = MaturityState()
    new_measurement(state)  # started, nobody answered
    project = Project()
    project.maturity = state
    assert supported_analysis_types(project) is None
    too_few = {i.id: 3 for i in Q.themes[0].items}
    assert supported_analysis_types(_project(measured(person(**too_few)))) is None


def _at(level: int, **themes: int) -> Respondent:
    return person(**{i.id: themes.get(t.id, level) for t in Q.themes for i in t.items})


@pytest.mark.parametrize(
    ("level", "types"),
    [
        (1, ["beschrijvend", "diagnostisch"]),
        (2, ["beschrijvend", "diagnostisch"]),
        (3, ["beschrijvend", "diagnostisch", "voorspellend"]),
        (4, list(ANALYSIS_TYPES)),
        (5, list(ANALYSIS_TYPES)),
    ],
)
def test_describing_and_explaining_always_fit_the_rest_follows_the_themes(level, types):
    assert supported_analysis_types(_project(measured(everyone_at(level)))) == types


@pytest.mark.parametrize("weak", ["data", "mensen", "beleidscyclus"])
def test_one_weak_theme_of_data_skills_or_use_holds_prediction_back(weak):
    result = score_measurement(measured(_at(4, **{weak: 2})), Q)
    fit = analysis_fit(result, Q)
    assert result.level == 4
    assert fit.types == ("beschrijvend", "diagnostisch")
    verdict = fit.of("voorspellend")
    assert verdict.fits is False and verdict.short_of == (weak,)
    assert Q.theme(weak).name in verdict.reason and "niveau 3" in verdict.reason
    assert fit.holding_back == (weak,)


def test_other_weak_themes_do_not_hold_prediction_back():
    result = score_measurement(measured(_at(3, visie=1, techniek=1)), Q)
    assert analysis_fit(result, Q).types == ("beschrijvend", "diagnostisch", "voorspellend")


def test_weak_data_is_advice_for_explaining_not_a_block():
    """The example municipality (level 2, data at level 1 or 2) may ask why."""
    result = score_measurement(measured(_at(2, data=1)), Q)
    fit = analysis_fit(result, Q)
    assert fit.of("diagnostisch").fits is True
    assert [c.theme_id for c in fit.conditions] == ["data", "data"]
    assert "stap Controle" in fit.conditions[0].text and "niveau 1" in fit.conditions[0].text
    assert analysis_fit(score_measurement(measured(everyone_at(3)), Q), Q).conditions == ()


def test_nothing_measured_leaves_prediction_unknown_but_explaining_open():
    assert judge("diagnostisch", None, Q).fits is True
    unknown = judge("voorspellend", None, Q)
    assert unknown.fits is None and "Volwassenheid" in unknown.reason


def test_the_question_step_and_the_report_share_one_sentence(example_project_factory):
    """The example municipality (level 2) with the diagnostic cost template: no block,
    and Vraag and the report say the same; the report's maturity section uses the
    summary the Volwassenheid step shows."""
    from core.maturity import fit_for
    from core.question import choose_template
    from core.question_feedback import question_feedback
    from core.report.build import _maturity, _question

    project = example_project_factory()
    choose_template(project, "kosten")
    assert project.question.analysis_type == "diagnostisch"
    assert score_measurement(project.maturity.chronological()[-1], Q).level == 2
    verdict = fit_for(project, "diagnostisch")
    assert verdict.fits is True
    assert not [f for f in question_feedback(project) if f.rule == "analysis-type-maturity"]
    assert _question(project)["fit"] == verdict.reason
    assert _maturity(project)[0]["fit"] == " ".join(fit_summary(current_fit(project), Q))


def test_the_latest_measurement_with_a_result_decides():
    early = measured(everyone_at(1), day="2024-01-10")
    late = measured(everyone_at(4), day="2025-02-01")
    unfinished = measured(person(**{ITEMS[0]: 5}), day="2025-06-01")
    project = _project(late, unfinished, early)  # order of creation does not matter
    assert supported_analysis_types(project) == list(ANALYSIS_TYPES)  # the level-4 one


# --------------------------------------------------------------------------- advice, comparison


def test_next_step_per_theme_comes_from_the_theme_and_level():
    answers = {}
    for theme, level in zip(Q.themes, [1, 2, 3, 4, 5, 1, 2, 3], strict=True):
        answers.update({i.id: level for i in theme.items})
    advice = advise(score_measurement(measured(person(**answers)), Q), Q)
    steps = {a.theme_id: a.text for a in advice.next_steps}
    assert steps["visie"] == Q.theme("visie").next_steps[1]
    assert steps["mensen"] == Q.theme("mensen").next_steps[4]
    assert "hoogste niveau" in steps["data"]
    assert len(advice.next_steps) == len(Q.themes)


def test_strengths_are_the_strongest_themes_at_level_two_or_more():
    answers = {}
    for theme, level in zip(Q.themes, [1, 1, 2, 1, 4, 3, 1, 1], strict=True):
        answers.update({i.id: level for i in theme.items})
    advice = advise(score_measurement(measured(person(**answers)), Q), Q)
    assert [s.theme_id for s in advice.strengths] == ["data", "techniek", "organisatie"]
    assert advice.strengths[0].text == Q.theme("data").strengths[4]
    basic = advise(score_measurement(measured(everyone_at(1)), Q), Q)
    assert basic.strengths == ()


def test_unknown_theme_gets_the_ask_colleagues_step():
    answers = {item: 2 for item in ITEMS}
    for item in Q.theme("privacy").items:
        answers[item.id] = DONT_KNOW
    advice = advise(score_measurement(measured(person(**answers)), Q), Q)
    privacy = next(a for a in advice.next_steps if a.theme_id == "privacy")
    assert privacy.level is None and "te weinig antwoorden" in privacy.text


def test_compare_a_vervolgmeting_with_the_nulmeting_per_theme():
    before = {item: 2 for item in ITEMS}
    after = dict(before)
    for item in Q.theme("data").items:
        after[item.id] = 3
    for item in Q.theme("visie").items:
        after[item.id] = 1
    for item in Q.theme("privacy").items:
        after[item.id] = DONT_KNOW
    earlier = score_measurement(measured(person(**before), day="2024-03-01"), Q)
    later = score_measurement(measured(person(**after), day="2025-03-01"), Q)
    comparison = compare(earlier, later)
    directions = {c.theme_id: c.direction for c in comparison.themes}
    assert directions["data"] == "hoger" and directions["visie"] == "lager"
    assert directions["privacy"] == "onbekend" and directions["mensen"] == "gelijk"
    assert comparison.theme("data").score_change == 1
    assert comparison.overall.before_level == 2


def test_result_to_dict_is_plain_json():
    import json

    result = score_measurement(measured(everyone_at(2), everyone_at(4, "B")), Q)
    doc = json.loads(json.dumps(result.to_dict()))
    assert doc["level"] == 3 and doc["themes"][0]["disagreement"] is True


# --------------------------------------------------------------------------- summary


def test_the_weakest_themes_stand_beside_the_overall_level():
    from core.maturity import summarise
    from core.maturity.scoring import summary_lines

    m = measured(_at(2, data=1, visie=1, privacy=3), _at(2, data=1, visie=1, privacy=3, name="B"),
                 _at(2, data=1, visie=1, privacy=3, name="C"))
    result = score_measurement(m, Q)
    assert result.level == 2
    summary = summarise(result, m, Q)
    assert [t.theme_id for t in summary.weakest] == ["visie", "data"]
    lines = summary_lines(result, summary, Q)
    assert lines["weakest"] == ("Niveau 2, met Visie en strategie op niveau 1 en "
                                "Data en datakwaliteit op niveau 1.")
    assert lines["few_answers"] == ""  # three colleagues: nine answers per theme
    assert lines["stage"] == ""  # the sources do not name the middle stages


def test_a_theme_on_few_answers_is_named():
    from core.maturity import summarise
    from core.maturity.scoring import summary_lines

    m = measured(everyone_at(3), person("B", **theme_answers("data", [3, 3, 3])))
    result = score_measurement(m, Q)
    summary = summarise(result, m, Q)
    few = {t.theme_id for t in summary.few_answers}
    assert "data" not in few and few == {t.id for t in Q.themes} - {"data"}
    text = summary_lines(result, summary, Q)["few_answers"]
    assert "Visie en strategie" in text and "rusten op weinig antwoorden" in text


def test_mens_techniek_and_organisatie_are_scored_like_themes():
    from core.maturity import summarise

    answers = {i.id: (1 if i.dimension == "techniek" else 4) for i in Q.items}
    m = measured(person(**answers))
    dims = {d.theme_id: d.level for d in summarise(score_measurement(m, Q), m, Q).dimensions}
    assert dims == {"mens": 4, "techniek": 1, "organisatie": 4}


def test_the_summary_names_the_themes_once_when_they_hold_back_both():
    from core.maturity.fit import summary

    fit = analysis_fit(score_measurement(measured(everyone_at(2)), Q), Q)
    lines = summary(fit, Q)
    assert lines[1] == fit.of("voorspellend").reason
    assert "Data en datakwaliteit" not in lines[2] and "niveau 4" in lines[2]
