"""One source of truth for figures and dates: the report's own texts take every number from
the model; what the user wrote is checked against the figures and the dates."""

from __future__ import annotations

import re
from datetime import date

import pytest

from core.report import consistency as cs
from core.report.build import build_report
from core.report.consistency import Figures, UserText
from core.report.section import ReportSection, set_text
from tests.core.report.conftest import pdf_text

TODAY = date(2026, 12, 7)
UNTIL = date(2025, 1, 12)


def _issues(text: str, *, future: bool = False, figures: Figures | None = None,
            today: date = TODAY, until: date | None = UNTIL) -> list[cs.Issue]:
    return cs.check_texts([UserText("Tekst", text, future=future, figures=figures is not None)],
                          figures or Figures(), today=today, data_until=until)


def test_dutch_dates_periods_and_figures_are_read():
    found = [(m.text, m.start, m.end) for m in cs.find_dates(
        "Uiterlijk 31 maart 2025, in juni 2025, in het eerste kwartaal van 2026 en in 2027.")]
    assert found == [("31 maart 2025", date(2025, 3, 31), date(2025, 3, 31)),
                     ("juni 2025", date(2025, 6, 1), date(2025, 6, 30)),
                     ("eerste kwartaal van 2026", date(2026, 1, 1), date(2026, 3, 31)),
                     ("2027", date(2027, 1, 1), date(2027, 12, 31))]
    assert cs.parse_period("1 januari 2023 tot en met 31 december 2024") == (
        date(2023, 1, 1), date(2024, 12, 31))
    assert cs.parse_period("2023-2024") == (date(2023, 1, 1), date(2024, 12, 31))
    assert cs.parse_period("[begindatum] tot en met [einddatum]") is None
    numbers = [(n.value, n.unit) for n in cs.find_numbers(
        "80% binnen 6 weken; 20,5 dagen; € 1,2 mln; 27 toewijzingen; bericht 305 binnen "
        "5 werkdagen")]
    assert numbers == [(0.8, "procent"), (42.0, "dagen"), (20.5, "dagen"),
                       (1_200_000.0, "euro"), (27.0, "aantal")]  # codes are no figures


def test_a_figure_the_report_does_not_show_is_flagged_and_one_it_shows_is_not():
    shown = Figures()
    shown.add("procent", 0.7956, 0.9)
    shown.add("dagen", 42, 20.5)
    shown.add("aantal", 27)
    fine = "Vier op de vijf (80%) start binnen 6 weken; doel 90%; 20,5 dagen; 27 toewijzingen."
    assert _issues(fine, figures=shown) == []
    flagged = _issues("Bij 85% start de zorg binnen 51 dagen.", figures=shown)
    assert [(i.kind, i.message.split(" ")[0]) for i in flagged] == [("number", "85%"),
                                                                  ("number", "51")]


def test_past_dates_used_as_plans_are_flagged_and_descriptions_of_the_data_are_not():
    plans = ["Het doel voor 2025 is 90%.", "In juni 2025 kijken we of het percentage stijgt.",
             "Uiterlijk 31 maart 2026 is het klaar."]
    for text in plans:
        assert [i.kind for i in _issues(text)] == ["past"], text
    # A year the data already cover, used as a target: the data can say what happened.
    assert [i.kind for i in _issues("Het doel voor 2023 is 90%.", today=date(2024, 3, 1),
                                    until=date(2024, 1, 31))] == ["covered"]
    descriptions = ["We hebben de gegevens van januari 2023 tot en met oktober 2024 gekoppeld.",
                    "In 2023 wachtten jeugdigen gemiddeld langer.",
                    "Gemiddeld 82% in jan–mrt 2023 en 81% in jul–sep 2024 (doel: 90%).",
                    "Sinds de nulmeting in maart 2024 is er weinig veranderd."]
    for text in descriptions:
        assert _issues(text) == [], text
    # Actions, decisions and "wat gaan we doen?" are plans by nature, also without a marker.
    assert [i.kind for i in _issues("Gesprek met De Hoop in maart 2026.", future=True)] == [
        "past"]
    assert _issues("Gesprek met De Hoop in maart 2027.", future=True) == []


def test_doubled_names_and_past_deadlines_are_flagged():
    assert [i.kind for i in _issues("Gemeente Gemeente Testdorp")] == ["doubled"]
    assert _issues("Hij zei dat dat klopt.") == []  # Dutch, not a doubled word
    assert cs.deadline_issue("Actie 1", "2026-01-31", TODAY).kind == "deadline"
    assert cs.deadline_issue("Actie 1", "2027-01-31", TODAY) is None
    assert cs.deadline_issue("Actie 1", "elke maand", TODAY) is None
    assert cs.target_date_issue("Vraag", "2025-12-31", TODAY).kind == "past"
    assert cs.target_date_issue("Vraag", "2027-12-31", TODAY) is None


def test_the_examples_texts_match_its_figures_and_dates(example):
    # Regenerated example data or changed definitions (issue 14) must not leave the
    # officer's words behind: every figure they quote is shown, no plan lies in the past.
    document = build_report(example)
    assert document.issues == [], "\n".join(map(str, document.issues))
    assert document.summary["decisions"] == example.report.decisions


def test_a_key_message_that_no_longer_matches_is_listed_not_printed_differently(example):
    section = ReportSection.from_dict(example.report.to_dict())
    set_text(section, "key_message", "Het doel voor 2025 is 90%. Nu start 61% op tijd.")
    section.actions[0].deadline = "2025-01-31"
    document = build_report(example, section)
    found = {(i.where, i.kind) for i in document.issues}
    assert ("Kernboodschap", "number") in found and ("Kernboodschap", "past") in found
    assert ("Actie 1", "deadline") in found
    assert all(i.message and "\n" not in i.message for i in document.issues)


def _summary_texts(document) -> tuple[list[str], list[str]]:
    """(generated, written by the user) texts of the summary page."""
    summary = document.summary
    generated = [summary["periods"], *summary["limitations"]]
    generated += [f"{f.value} {f.label} {f.note}" for f in document.key_figures
                  if not f.value.startswith("Niveau")]  # a level on a 1-5 scale, no data
    user = [line for block in summary["key_message"] + summary["text"]
            for line in block["lines"]]
    user += summary["decisions"] + [a["what"] for a in summary["top_actions"]]
    return generated, user


def _without_dates(text: str) -> str:
    for mention in cs.find_dates(text):
        text = text.replace(mention.text, " ")
    return text


def _shown_in_any_unit(shown: Figures, raw: str) -> bool:
    """A bare number ('823', '80', '20,5') that some figure of the report has."""
    value = float(raw.replace(".", "").replace(",", "."))
    decimals = len(raw.split(",")[1]) if "," in raw else 0
    return any(shown.shows(cs.NumberMention(value / 100 if unit == "procent" else value, unit,
                                            decimals, raw, 0)) for unit in cs.UNITS)


def _all_strings(document) -> list[tuple[str, str]]:
    """Every printed text of the report, with the part it is in."""
    from core.report.build import _strings

    parts = {"cover": document.cover, "summary": document.summary,
             "key figures": [[f.value, f.label, f.note] for f in document.key_figures],
             "question": document.question, "data": document.data,
             "quality": document.quality, "maturity": document.maturity,
             "actions": document.actions, "open": document.open,
             "appendix": document.appendix,
             "charts": [[c.title, c.seen, c.meaning, c.action, c.warning, c.table]
                        for c in document.charts]}
    return [(where, text) for where, value in parts.items() for text in _strings(value)]


@pytest.fixture(scope="module")
def shifted(tmp_path_factory):
    """The example's texts on generated data that end a year earlier (other figures: another
    seed), in a report made years later."""
    from core.example import build_example_project
    from core.synthetic import EXAMPLE_SEED, SyntheticConfig, generate, write_example

    folder = tmp_path_factory.mktemp("shifted")
    write_example(folder, generate(SyntheticConfig(
        seed=EXAMPLE_SEED + 1, export_date=date(2024, 1, 15), first_day=date(2022, 1, 3))))
    today = date(2027, 9, 1)
    project = build_example_project(folder=folder, today=today)
    return project, today, build_report(project)


def test_a_report_on_older_data_made_later_never_presents_a_past_date_as_future(shifted):
    project, today, document = shifted
    assert document.cover["date"] == "1 september 2027"
    # What the report says about its periods: the data end before the question's period.
    assert "Peildatum:" in document.summary["periods"]
    limits = " ".join(document.summary["limitations"])
    assert "de vraag tot en met 31 december 2024" in limits and "44 maanden" in limits
    for where, text in _all_strings(document):
        for issue in cs.check_texts([UserText(where, text)], Figures(), today=today,
                                    data_until=None):
            assert issue.kind not in ("past", "covered"), (where, text)
    for action in project.report.actions:  # deadlines follow the day the report is made
        assert cs.deadline_issue("actie", action.deadline, today) is None
    assert date.fromisoformat(project.question.target_date) > today
    assert not [i for i in document.issues if i.kind in ("past", "covered", "deadline")]


def test_every_number_quoted_in_the_summary_appears_in_the_figures(shifted):
    _project, _today, document = shifted
    shown = document.figures
    generated, user = _summary_texts(document)
    assert generated and user
    for text in generated:  # every number, also the bare ones ("van de 823")
        for raw in re.findall(r"\d[\d.]*(?:,\d+)?", _without_dates(text)):
            assert _shown_in_any_unit(shown, raw.rstrip(".")), (raw, text)
    for text in user:  # figures with a unit: the officer's words quote what is shown
        for number in cs.find_numbers(text):
            assert shown.shows(number), (number.text, text)


def test_words_under_a_chart_that_quote_other_data_are_listed(shifted):
    project, _today, document = shifted
    numbers = [i for i in document.issues if i.kind == "number"]
    assert numbers  # another seed: other figures than the officer saw
    for n, spec in enumerate(project.charts.specs, start=1):
        for key in ("seen", "meaning"):
            for number in cs.find_numbers(getattr(spec.interpretation, key)):
                assert document.figures.shows(number) or any(
                    i.where.startswith(f"Grafiek {n} (") and i.message.startswith(number.text)
                    for i in numbers), number.text


def test_the_pdf_says_the_same_as_the_document(shifted):
    from core.report.pdf import render_pdf

    _project, _today, document = shifted
    text = " ".join(pdf_text(render_pdf(document)).split())
    assert document.summary["periods"] in text
    assert all(" ".join(line.split()) in text for line in document.summary["limitations"])
