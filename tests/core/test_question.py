"""The question model: round trip, tolerant reading, validated edits, templates, priorities."""

from __future__ import annotations

import pytest

from core.errors import UserError
from core.project import Project, open_project, project_from_document, save_project
from core.question import (
    AUDIENCES,
    ChecklistItem,
    Question,
    accept_point,
    activate_question,
    add_checklist_item,
    add_later_question,
    choose_template,
    essentials_missing,
    format_target_date,
    is_untouched,
    move_later_question,
    park_question,
    parse_target_date,
    question_from_template,
    remove_checklist_item,
    remove_later_question,
    set_audience,
    update_checklist_item,
    update_question,
)
from core.templates import get_template


def _project_with_questions() -> Project:
    p = Project(name="Vragen", municipality="Westerdijk")
    update_question(p.question, title="Hoe lang wachten jeugdigen?", audiences=["wethouder"],
                    output_indicators="Mediane wachttijd\n\nAantal zonder start\n")
    add_checklist_item(p.question, ChecklistItem(insight="Wachttijd", kind="301",
                                                 status="aangevraagd"))
    accept_point(p.question, "goal-not-smart", "Nulmeting loopt nog")
    add_later_question(p, "Wat kost de jeugdhulp per aanbieder?")
    return p


def test_question_round_trip_through_the_project_file(tmp_path):
    project = _project_with_questions()
    loaded = open_project(save_project(project, tmp_path / "v.stuurwijzer"))
    assert loaded.question == project.question
    assert loaded.question.checklist[0].status == "aangevraagd"
    assert loaded.question.accepted_points == {"goal-not-smart": "Nulmeting loopt nog"}
    assert [q.title for q in loaded.later_questions] == ["Wat kost de jeugdhulp per aanbieder?"]


def test_a_single_question_document_from_before_still_opens():
    doc = {"name": "Oud", "question": {"title": "Hoe lang wachten jeugdigen?",
                                       "audiences": ["wethouder"], "unknown_future_key": 1}}
    project = project_from_document(doc, {})
    assert project.question.title == "Hoe lang wachten jeugdigen?"
    assert project.question.checklist == [] and project.question.accepted_points == {}
    assert project.later_questions == []


def test_reading_is_tolerant_of_odd_checklist_entries():
    q = Question.from_dict({"checklist": [{"insight": "x", "status": "weet ik veel", "extra": 1}],
                            "audiences": None, "output_indicators": None})
    assert q.checklist[0].status == "uitzoeken"
    assert q.audiences == [] and q.output_indicators == []


def test_edits_are_cleaned_and_checked():
    q = Question()
    update_question(q, title="  Hoe lang wachten jeugdigen?  ", output_indicators=["a", " ", "b "])
    assert q.title == "Hoe lang wachten jeugdigen?"
    assert q.output_indicators == ["a", "b"]
    set_audience(q, "wethouder", True)
    set_audience(q, "gemeenteraad", True)
    assert q.audiences == ["gemeenteraad", "wethouder"]  # fixed order, as in the report
    set_audience(q, "wethouder", False)
    assert q.audiences == ["gemeenteraad"]
    with pytest.raises(UserError):
        update_question(q, audiences=["burgemeester"])
    with pytest.raises(UserError):
        update_question(q, analysis_type="magisch")
    with pytest.raises(ValueError):
        update_question(q, template="kosten")  # templates are chosen with choose_template
    update_question(q, analysis_type="diagnostisch")
    assert q.analysis_type == "diagnostisch"


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("31-12-2025", "2025-12-31"), ("1-7-2025", "2025-07-01"), ("2025-06-30", "2025-06-30"),
     ("2025", "2025-12-31"), ("31/12/2025", "2025-12-31"), ("", "")],
)
def test_target_dates_as_people_type_them(typed, iso):
    assert parse_target_date(typed) == iso
    assert parse_target_date(format_target_date(iso)) == iso


@pytest.mark.parametrize("typed", ["31-02-2025", "volgend jaar", "12-2025"])
def test_an_unreadable_date_gets_a_dutch_message(typed):
    with pytest.raises(UserError) as info:
        parse_target_date(typed)
    assert "31-12-2025" in info.value.hint


def test_checklist_items_are_edited_through_the_model():
    q = Question()
    add_checklist_item(q)
    update_checklist_item(q, 0, insight=" Wachttijd ", status="binnen")
    assert q.checklist[0].insight == "Wachttijd" and q.checklist[0].status == "binnen"
    with pytest.raises(UserError):
        update_checklist_item(q, 0, status="misschien")
    remove_checklist_item(q, 0)
    assert q.checklist == []


def test_a_template_prefills_an_editable_example_for_the_municipality():
    q = question_from_template(get_template("wachttijd"), "Westerdijk")
    assert q.template == "wachttijd"
    assert "Westerdijk" in q.title and "[gemeente]" not in q.title
    assert q.ambition and q.result and q.result_indicator and q.output and q.output_indicators
    assert q.audiences and q.action_perspective and q.analysis_type == "beschrijvend"
    assert {item.kind for item in q.checklist} >= {"301", "305"}
    assert all(item.status == "uitzoeken" for item in q.checklist)


def test_switching_templates_keeps_the_users_own_work():
    p = Project(municipality="Westerdijk")
    assert choose_template(p, "wachttijd").parked is False
    # Browsing the examples loses nothing: an untouched example is simply replaced.
    assert choose_template(p, "kosten").parked is False
    assert p.question.template == "kosten" and p.later_questions == []
    update_question(p.question, baseline="4,1 miljoen euro in 2024")
    assert not is_untouched(p.question, p.municipality)
    choice = choose_template(p, "marktaandeel")
    assert choice.parked is True
    assert p.later_questions[0].baseline == "4,1 miljoen euro in 2024"
    assert p.question.template == "marktaandeel"
    choose_template(p, None)  # a free question
    assert p.question.is_empty() and len(p.later_questions) == 1
    with pytest.raises(UserError):
        choose_template(p, "bestaat-niet")


def test_an_example_stays_untouched_when_the_municipality_is_filled_in_later():
    p = Project()
    choose_template(p, "wachttijd")
    p.municipality = "Westerdijk"  # typed on the Start page afterwards
    assert is_untouched(p.question, p.municipality)
    assert choose_template(p, "kosten").parked is False


def test_one_active_question_and_the_others_in_order_of_priority():
    p = Project()
    update_question(p.question, title="Vraag A")
    add_later_question(p, "Vraag B")
    add_later_question(p, "Vraag C")
    with pytest.raises(UserError):
        add_later_question(p, "   ")
    assert move_later_question(p, 1, -1) == 0
    assert [q.title for q in p.later_questions] == ["Vraag C", "Vraag B"]
    activate_question(p, 1)
    assert p.question.title == "Vraag B"
    assert [q.title for q in p.later_questions] == ["Vraag C", "Vraag A"]
    park_question(p)
    assert p.question.is_empty()
    assert [q.title for q in p.later_questions] == ["Vraag B", "Vraag C", "Vraag A"]
    remove_later_question(p, 2)
    assert [q.title for q in p.later_questions] == ["Vraag B", "Vraag C"]


def test_a_later_question_with_a_template_starts_from_its_example():
    p = Project(municipality="Westerdijk")
    p.later_questions.append(Question(template="budgetuitputting", title="Mijn eigen titel"))
    activate_question(p, 0)
    assert p.question.title == "Mijn eigen titel"  # the user's words stay
    assert p.question.ambition and p.question.checklist  # the rest comes from the template


def test_what_is_still_missing_before_the_step_is_done():
    q = Question(title="Hoe lang wachten jeugdigen?")
    assert essentials_missing(q) == ["het resultaat", "de resultaatindicator",
                                      "voor wie het antwoord is", "wat u met het antwoord doet"]
    assert set(AUDIENCES) >= {"gemeenteraad", "wethouder", "toegang", "aanbieders"}
