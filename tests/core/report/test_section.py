"""The report section of the project file: typed, tolerant, validated where the user types."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure

from core.errors import UserError
from core.project import Project, open_project, save_project
from core.report import section as rs
from core.report.section import Action, ReportSection
from core.steps import Status, step_status


def _png() -> bytes:
    figure = Figure(figsize=(1, 1), dpi=20)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def test_report_section_survives_save_and_open(tmp_path):
    project = Project(name="Wmo")
    section = project.report
    rs.set_text(section, "key_message", "Kosten stijgen.\n\nVooral bij HbH.")
    rs.set_text(section, "note:quality", "Let op de dubbele rijen.")
    rs.set_date(section, "3-2-2025")
    rs.set_logo(section, _png())
    section.actions.append(Action("Gesprek", "Contractmanager", "2025-03-31", "hoog", "Analyse"))
    section.dismissed.append("finding:export")
    loaded = open_project(save_project(project, tmp_path / "p.stuurwijzer")).report
    assert loaded == section
    assert loaded.date == "2025-02-03" and loaded.logo.format == "png"


@pytest.mark.parametrize("raw", [None, [], "tekst", {"actions": "x", "notes": [1], "date": "gisteren",
                                                      "logo": {"format": "gif", "data": "AAAA"},
                                                      "dismissed": [1, "a"]}])
def test_odd_or_missing_values_fall_back_to_defaults(raw):
    section = ReportSection.from_dict(raw)
    assert section.actions == [] and section.notes == {} and section.date == ""
    assert section.logo is None
    assert section.dismissed in ([], ["a"])


def test_an_action_with_unknown_priority_becomes_middel_and_keeps_its_text():
    action = Action.from_dict({"action": "Bellen", "priority": "urgent", "extra": 1})
    assert action.priority == "middel" and action.action == "Bellen" and action.id


def test_logo_must_be_a_small_png_or_jpg():
    section = ReportSection()
    with pytest.raises(UserError, match="PNG- of JPG"):
        rs.set_logo(section, b"<svg></svg>")
    with pytest.raises(UserError, match="2 MB"):
        rs.set_logo(section, _png()[:8] + bytes(rs.MAX_LOGO_BYTES))
    rs.set_logo(section, b"\xff\xd8\xff\xe0" + bytes(20))
    assert section.logo.format == "jpg"
    rs.set_logo(section, None)
    assert section.logo is None


def test_dates_and_deadlines_the_way_users_type_them():
    assert rs.parse_date("31-3-2025") == "2025-03-31"
    assert rs.normalise_deadline("1/4/2025") == "2025-04-01"
    assert rs.normalise_deadline("elke maand") == "elke maand"
    assert rs.deadline_for_editing("2025-04-01") == "01-04-2025"
    with pytest.raises(UserError, match="datum"):
        rs.normalise_deadline("31-13-2025")


def test_notes_only_for_known_chapters_and_empty_removes_them():
    section = ReportSection()
    rs.set_text(section, "note:maturity", "Tekst")
    rs.set_text(section, "note:maturity", "  ")
    assert section.notes == {}
    with pytest.raises(ValueError):
        rs.set_text(section, "note:cover", "x")
    with pytest.raises(UserError, match="te lang"):
        rs.set_text(section, "summary", "x" * (rs.MAX_TEXT + 1))


def test_status_follows_what_the_user_decided():
    project = Project(name="P")
    assert step_status("rapport", project).status is Status.NOT_STARTED
    rs.set_text(project.report, "key_message", "Kern.")
    state = step_status("rapport", project)
    assert state.status is Status.IN_PROGRESS and "acties" in state.reason
    project.report.actions.append(Action("Gesprek", owner="", deadline="2025-03-01"))
    assert step_status("rapport", project).status is Status.ATTENTION
    project.report.actions[0].owner = "Contractmanager"
    assert step_status("rapport", project).status is Status.DONE
