"""Feedback on the question: every rule fires where it should and stays quiet elsewhere."""

from __future__ import annotations

import pytest

from core import maturity
from core.paths import load_json_resource
from core.project import Project
from core.question import Question, accept_point, choose_template, reopen_point, update_question
from core.question_feedback import open_points, question_feedback, rule_ids, unresolved
from core.steps import Status, step_status


def _good() -> Project:
    """A complete, sharp question (the example's) on which no rule fires."""
    spec = load_json_resource("example", "project.json")
    return Project(question=Question.from_dict(spec["question"]))


def _fired(project: Project) -> dict[str, str]:
    return {f.rule: f.variant for f in question_feedback(project)}


def test_the_good_question_and_the_example_project_have_no_open_points(example_project_factory):
    assert question_feedback(_good()) == []
    example = example_project_factory()
    assert open_points(example) == []
    assert step_status("vraag", example).status is Status.DONE


def test_an_empty_question_gets_no_tips():
    assert question_feedback(Project()) == []


def test_every_rule_has_dutch_texts_for_each_variant():
    texts = load_json_resource("texts", "question_feedback.json")["rules"]
    assert set(rule_ids()) == set(texts)
    for variants in texts.values():
        for text in variants.values():
            assert text["title"] and text["why"] and text["todo"]


# (what the user wrote, which rule fires, which variant, a word the explanation must contain)
CASES = [
    ({"ambition": "", "result": ""}, "knowing-not-achieving", "no_goal", "bereiken"),
    ({"result": "Inzicht in de wachttijden per aanbieder in 2025, vanaf 70% in 2024."},
     "knowing-not-achieving", "phrase", "inzicht"),
    ({"ambition": "We willen de wachttijden beter in kaart brengen."},
     "knowing-not-achieving", "phrase", "in kaart"),
    ({"title": "Welke gegevens hebben we over de wachttijd in de jeugdhulp?"},
     "knowing-not-achieving", "data_first", "beginnen bij de data"),
    ({"result": ""}, "goal-not-smart", "no_result", "meetbaar"),
    ({"result": "De wachttijd gaat omlaag.", "target": "korter", "target_date": "",
      "baseline": ""}, "goal-not-smart", "missing", "een getal, een datum en een beginwaarde"),
    ({"target_date": "", "result": "90% start binnen 42 dagen.", "target": "90%"},
     "goal-not-smart", "missing", "een datum"),
    ({"baseline": ""}, "goal-not-smart", "missing", "een beginwaarde"),
    ({"output": "Gesprekken met [aantal] aanbieders."}, "placeholders-left", "left", "[aantal]"),
    ({"title": "Hoe lang wachten jeugdigen? En wat kost dat? En waarom?"},
     "too-many-questions", "several", "3 vragen"),
    # Several questions in one sentence, joined by "en"/"of" (issue 17): one question mark.
    ({"title": "Hoe gaat het met de jeugdzorg en wat kost het en waarom stijgen de kosten?"},
     "too-many-questions", "several", "3 vragen"),
    ({"title": "Is de wachttijd te lang of ligt het aan de registratie?"},
     "too-many-questions", "several", "2 vragen"),
    ({"output_indicators": "a\nb\nc\nd"}, "too-many-questions", "indicators", "4"),
    ({"audiences": []}, "no-audience", "missing", "wethouder"),
    ({"action_perspective": ""}, "no-action-perspective", "missing", "handelingsperspectief"),
    ({"action_perspective": "We gaan in gesprek met aanbieders over hun capaciteit."},
     "no-action-perspective", "vague", "als"),
    ({"analysis_type": "voorspellend"}, "analysis-type-maturity", "order", "beschrijven"),
]


@pytest.mark.parametrize(("changes", "rule", "variant", "word"), CASES,
                         ids=[f"{c[1]}:{c[2]}:{n}" for n, c in enumerate(CASES)])
def test_each_rule_fires_on_its_own_problem_only(changes, rule, variant, word):
    project = _good()
    update_question(project.question, **changes)
    fired = _fired(project)
    assert fired == {rule: variant}
    item = question_feedback(project)[0]
    text = f"{item.title} {item.why} {item.todo}"
    assert word.lower() in text.lower()
    assert "{" not in text  # every placeholder was filled


@pytest.mark.parametrize(
    "changes",
    [
        {"result": "Maatschappelijke deelname stijgt in 2025 met 5% ten opzichte van 2024.",
         "baseline": "", "target_date": ""},  # year and baseline inside the sentence
        {"result": "De wachttijd halveert.", "target_date": "2026", "baseline": "60 dagen"},
        {"title": "Hoe lang wachten jeugdigen, en bij welke aanbieders het langst?"},
        {"title": "Welke aanbieders en welke producten kosten het meest?"},  # one verb
        {"title": "Hoeveel jeugdigen starten en stoppen per kwartaal met jeugdhulp?"},
        {"title": "Stijgen de kosten door meer cliënten of door hogere prijzen?"},
        {"output_indicators": "a\nb\nc"},
        {"action_perspective": "Zodra de wachttijd boven de norm komt, bellen we de aanbieder."},
        {"analysis_type": "diagnostisch"},
        {"analysis_type": ""},
        {"scope_area": "Wijk Noord"},
    ],
)
def test_rules_stay_quiet_on_good_variations(changes):
    project = _good()
    update_question(project.question, **changes)
    assert _fired(project) == {}


def _measured(project: Project, level: int, **themes: int) -> Project:
    """One colleague answered every item at ``level``, the named themes at their own."""
    q = maturity.load_questionnaire()
    answers = {i.id: themes.get(t.id, level) for t in q.themes for i in t.items}
    person = maturity.Respondent(name="A", answers=answers)
    project.maturity = maturity.MaturityState(
        measurements=[maturity.Measurement(name="Nulmeting", respondents=[person])])
    return project


def test_describing_and_explaining_are_never_a_point_even_at_level_one():
    for chosen in ("beschrijvend", "diagnostisch"):
        project = _measured(_good(), 1)
        update_question(project.question, analysis_type=chosen)
        assert _fired(project) == {}


def test_prediction_is_advised_against_until_data_skills_and_use_reach_level_three():
    project = _measured(_good(), 4, data=2)
    update_question(project.question, analysis_type="voorspellend")
    item = question_feedback(project)[0]
    assert (item.rule, item.variant) == ("analysis-type-maturity", "above")
    assert item.why.startswith(maturity.fit_for(project, "voorspellend").reason)
    assert "Data en datakwaliteit" in item.why and "niveau 3" in item.why
    assert "{" not in item.why
    _measured(project, 3)
    assert _fired(project) == {}
    update_question(project.question, analysis_type="voorschrijvend")
    assert _fired(project) == {"analysis-type-maturity": "above"}  # needs level 4
    _measured(project, 4)
    assert _fired(project) == {}


def test_placeholder_tip_follows_the_current_text():
    """Words already replaced are no longer listed, and the tip points at the field
    that still has one (issue 17)."""
    project = _good()
    update_question(project.question, title="Hoe lang wachten jeugdigen in [gemeente]?",
                    output="Gesprekken met [aantal] aanbieders.")
    item = question_feedback(project)[0]
    assert item.field == "title" and "[gemeente]" in item.why and "[aantal]" in item.why
    update_question(project.question, title="Hoe lang wachten jeugdigen in Westerdijk?")
    item = question_feedback(project)[0]
    assert item.field == "output" and "[gemeente]" not in item.why and "[aantal]" in item.why


def test_data_that_does_not_exist_calls_for_a_baseline_measurement():
    project = _good()
    project.question.checklist[1].status = "niet_beschikbaar"
    item = question_feedback(project)[0]
    assert item.rule == "data-not-available" and item.field == "checklist"
    assert "Wachttijd per aanbieder en product" in item.title and "nulmeting" in item.todo
    project.question.checklist[1].status = "aangevraagd"
    assert _fired(project) == {}


def test_points_left_open_on_purpose_stay_in_the_report_but_not_in_the_status():
    project = _good()
    update_question(project.question, baseline="", target_date="")
    assert step_status("vraag", project).status is Status.ATTENTION
    accept_point(project.question, "goal-not-smart", "De nulmeting volgt in maart.")
    points = open_points(project)
    assert [(p.rule, p.accepted, p.reason) for p in points] == [
        ("goal-not-smart", True, "De nulmeting volgt in maart.")]
    assert unresolved(project) == []
    assert step_status("vraag", project).status is Status.DONE
    reopen_point(project.question, "goal-not-smart")
    assert step_status("vraag", project).status is Status.ATTENTION


def test_step_status_follows_the_question():
    project = Project()
    assert step_status("vraag", project).status is Status.NOT_STARTED
    update_question(project.question, title="Hoe lang wachten jeugdigen?")
    state = step_status("vraag", project)
    assert state.status is Status.IN_PROGRESS and "het resultaat" in state.reason
    assert step_status("vraag", _good()).status is Status.DONE


@pytest.mark.parametrize("template_id", ["wachttijd", "zorgduur", "clienten_in_zorg", "kosten",
                                         "marktaandeel", "budgetuitputting", "instroom_uitstroom"])
def test_a_fresh_template_example_only_asks_to_fill_in_its_blanks(template_id):
    project = Project(municipality="Westerdijk")
    choose_template(project, template_id)
    fired = _fired(project)
    assert "placeholders-left" in fired
    # The examples show good practice: audience, action perspective, a goal, one question.
    assert set(fired) <= {"placeholders-left", "goal-not-smart"}
