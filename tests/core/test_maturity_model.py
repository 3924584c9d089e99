"""The project's maturity section: measurements kept with their date, tolerant loading."""

from __future__ import annotations

from datetime import date

from core.maturity import DONT_KNOW, MaturityState, example_state, score_measurement
from core.maturity.model import (
    Measurement,
    Respondent,
    add_or_replace,
    add_respondent,
    new_measurement,
    remove_respondent,
)
from core.project import Project, open_project, project_to_document, save_project


def test_measurements_survive_saving_and_opening(tmp_path):
    project = Project(name="Volwassenheid")
    project.maturity = example_state()
    project.maturity.measurements[0].respondents[0].last_theme = "data"
    loaded = open_project(save_project(project, tmp_path / "p.stuurwijzer"))
    assert loaded.maturity == project.maturity
    assert [m.date for m in loaded.maturity.chronological()] == ["2024-03-12", "2025-03-18"]
    assert loaded.maturity.measurements[0].respondents[0].last_theme == "data"


def test_missing_or_odd_values_load_with_defaults():
    assert MaturityState.from_dict(None) == MaturityState()
    assert MaturityState.from_dict({"measurements": "kapot"}).measurements == []
    state = MaturityState.from_dict({
        "measurements": [{"name": "Oud", "date": "geen datum",
                          "respondents": [{"name": "A",
                                           "answers": {"x": 3, "y": 9, "z": True, "w": "2",
                                                       "v": DONT_KNOW}}]}],
        "active_measurement": "bestaat-niet",
    })
    measurement = state.measurements[0]
    assert measurement.respondents[0].answers == {"x": 3, "v": DONT_KNOW}
    assert date.fromisoformat(measurement.date) == date.today()
    assert measurement.id and measurement.respondents[0].id
    assert state.active_measurement is None


def test_an_old_project_document_without_maturity_opens():
    from core.project import project_from_document

    project = project_from_document({"name": "Oud"}, {})
    assert project.maturity == MaturityState()
    assert project_to_document(project)["maturity"]["measurements"] == []


def test_a_vervolgmeting_invites_the_same_colleagues_without_their_answers():
    state = MaturityState()
    first = new_measurement(state, on=date(2024, 3, 1))
    assert first.name == "Nulmeting" and [p.name for p in first.respondents] == ["Collega 1"]
    first.respondents[0].name = "Teamleider"
    first.respondents[0].set_answer("data.kwaliteit", 2)
    add_respondent(first, "Beleid")
    second = new_measurement(state, on=date(2025, 3, 1))
    assert second.name == "Vervolgmeting 1"
    assert [p.name for p in second.respondents] == ["Teamleider", "Beleid"]
    assert all(not p.answers for p in second.respondents)
    assert state.active_measurement == second.id
    assert state.earlier_than(second) == [first]


def test_measurements_are_ordered_by_date_not_by_creation():
    state = MaturityState()
    late = new_measurement(state, "Later", on=date(2025, 1, 1))
    early = new_measurement(state, "Eerder", on=date(2024, 1, 1))
    assert state.chronological() == [early, late]
    assert state.earlier_than(late) == [early] and state.earlier_than(early) == []


def test_imported_answers_replace_a_colleague_with_the_same_name():
    measurement = Measurement(name="Nulmeting")
    add_respondent(measurement, "Teamleider Jeugd")
    replaced = add_or_replace(
        measurement, Respondent(name="teamleider jeugd ", answers={"data.kwaliteit": 4}))
    assert replaced and len(measurement.respondents) == 1
    assert measurement.respondents[0].answers == {"data.kwaliteit": 4}
    assert not add_or_replace(measurement, Respondent(name="Contractmanager"))
    remove_respondent(measurement, measurement.respondents[0].id)
    assert [p.name for p in measurement.respondents] == ["Contractmanager"]


def test_the_example_has_a_nulmeting_and_a_vervolgmeting_with_colleagues():
    state = example_state()
    earlier, later = (score_measurement(m) for m in state.chronological())
    assert earlier.participants == 3 and later.participants == 4
    assert earlier.level is not None and later.level is not None
    assert earlier.disagreements and later.disagreements
    assert later.score > earlier.score
