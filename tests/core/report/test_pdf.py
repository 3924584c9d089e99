"""The PDF an alderman gets: every chapter, archival and accessible, fonts embedded,
user text printed literally, and no number the small-number rule hid."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from core import analysis, charts, suppression
from core.chart_spec import ChartSpec
from core.cleaning import Operation, add_operation
from core.paths import load_json_resource
from core.report import section as report_section
from core.report.build import build_report
from core.report.export import render_report
from core.report.pdf import render_pdf
from core.report.preview import page_texts
from core.report.word import render_docx
from tests.core.care_fixture import build_project
from tests.core.report.conftest import docx_text, pdf_facts, pdf_text

SECTIONS = load_json_resource("report", "texts.json")["sections"]


def test_example_report_has_every_chapter_in_order(example_pdf):
    chapters = pdf_facts(example_pdf.pdf)["chapters"]  # the bookmarks, top level
    shown = [title.split(" ", 1)[1] if title[0].isdigit() else title for title in chapters]
    assert shown == list(SECTIONS.values())  # summary first, appendices last
    text = pdf_text(example_pdf.pdf)
    assert all(title in text for title in SECTIONS.values())
    assert 6 <= example_pdf.pages <= 16


def test_example_report_leads_with_the_key_message_and_concrete_actions(example_pdf, example):
    from core import analysis
    from core.house_style import format_percent

    first_pages = "\n".join(pdf_text(example_pdf.pdf).split("Pagina 2 van")[:1])
    share = analysis.aggregate(analysis.compute(example, "wachttijd_binnen_norm"), x=None)
    assert "Kernboodschap" in first_pages
    assert format_percent(share.table["value"].iloc[0]) in first_pages  # the key figure
    assert "Kerncijfers" in first_pages and "Niveau 2 van 5" in first_pages
    owner = example.report.actions[0].owner
    assert "Wat er nu moet gebeuren" in first_pages and owner in first_pages
    assert "uiterlijk" in first_pages  # a date, not "soon"


def test_pdf_is_pdfa2a_and_pdfua1_tagged_dutch_with_embedded_fonts(example_pdf):
    facts = pdf_facts(example_pdf.pdf)
    assert facts["tagged"]
    assert facts["pdfa"] == ("2", "A") and facts["pdfua"] == "1"
    assert facts["language"].startswith("nl")
    assert facts["title"] == "Wachttijden jeugdhulp 2023-2024"
    assert facts["fonts"] and all(facts["fonts"].values()), facts["fonts"]
    assert all("Lato" in name for name in facts["fonts"])  # only the bundled font
    kinds = [kind for kind, _alt in facts["elements"]]
    assert {"H1", "H2", "Table", "TH", "TD", "Figure"} <= set(kinds)
    figures = [alt for kind, alt in facts["elements"] if kind == "Figure"]
    assert len(figures) == 4 + 1  # four charts and the maturity radar
    assert all(len(alt) > 30 for alt in figures), figures
    assert "1 Samenvatting" in facts["outline"] and "7 Acties" in facts["outline"]


def test_user_text_with_markup_characters_prints_literally(example):
    section = report_section.ReportSection.from_dict(example.report.to_dict())
    tricky = r"Kosten #stijgen *sterk* _echt_ <b>ja</b> $5 @wethouder [zie] \n en \ eind = 100%"
    report_section.set_text(section, "key_message", tricky)
    report_section.set_text(section, "note:data", "#set page(width: 1cm)\n#pagebreak()")
    section.actions[0].owner = "Team [A] & #B"
    rendered = render_report(example, section)
    text = pdf_text(rendered.pdf)
    flat = " ".join(text.split())
    assert tricky in flat
    assert "#set page(width: 1cm)" in flat and "#pagebreak()" in flat
    assert "Team [A] & #B" in flat
    # Nothing was evaluated: every page is still A4, and the extra text adds at most a page.
    document = pdfium.PdfDocument(rendered.pdf)
    assert all(round(page.get_width()) == 595 for page in document)
    assert rendered.pages <= render_report(example).pages + 1


def test_assumptions_of_the_cleaning_log_are_in_the_report(example):
    # DOMAIN.md: an analyst replaced impossible dates; the report must say so.
    project = example
    assumption = ("Startdatums die niet bestaan zijn vervangen door de laatste dag van de "
                  "maand. De wachttijd kan daardoor een paar dagen te kort zijn.")
    op = add_operation(project, Operation("date_rule", "voorbeeld-305", {
        "column": "Begindatum zorg", "rule": "end_of_month"}, assumption))
    try:
        document = build_report(project)
        text = " ".join(pdf_text(render_pdf(document)).split())
        assert assumption in text
        assert "Kolom Begindatum zorg: datums vervangen volgens de regel" in text
        assert assumption in docx_text(render_docx(document))
    finally:
        project.cleaning.operations.remove(op)


def _small_group_project():
    project = build_project()  # P1 has 2 clients (median wait 37 days), P2 has 3 (40 days)
    suppression.set_threshold(project, 3)
    spec = ChartSpec("wachttijd_dagen", "liggende_staaf", x="provider", aggregation="mediaan")
    project.charts.specs.append(spec)
    return project, spec


def test_no_suppressed_number_leaks_into_pdf_or_word():
    project, spec = _small_group_project()
    raw = analysis.aggregate(analysis.compute(project, spec.indicator), x="provider",
                             aggregation="mediaan").table
    hidden = raw.loc[raw["clients"] < 3, "value"]
    assert list(hidden) == [37.0]  # the figure the rule must hide
    data = charts.build(project, spec)
    assert data.hidden_count == 1
    document = build_report(project)
    pdf = pdf_text(render_pdf(document))
    word = docx_text(render_docx(document))
    alts = " ".join(p.alt for p in document.pictures())
    for text in (pdf, word, alts):
        assert "37" not in text
    assert "<3" in pdf and "<3" in word  # the count shows as "fewer than", never itself
    assert "verborgen" in pdf


def test_a_chart_whose_data_changed_is_rebuilt_and_its_words_flagged(example):
    spec = example.charts.specs[0]
    before = (spec.fingerprint, spec.interpretation.seen)
    spec.fingerprint = "0000000000000000"  # built on other data than now
    spec.interpretation.seen = "De Hoop wacht het langst."
    try:
        document = build_report(example)
        block = document.charts[0]
        assert block.picture is not None  # drawn from today's data
        assert "veranderd" in block.warning
        assert "De Hoop wacht het langst." in " ".join(pdf_text(render_pdf(document)).split())
    finally:
        spec.fingerprint, spec.interpretation.seen = before


@pytest.mark.parametrize("empty", ["project", "question"])
def test_an_almost_empty_project_still_gives_a_readable_report(empty):
    from core.project import Project

    project = Project(name="Nieuw") if empty == "project" else build_project()
    rendered = render_report(project)
    text = pdf_text(rendered.pdf)
    assert "Er zijn nog geen grafieken gemaakt" in text
    assert "De datavolwassenheid is nog niet gemeten" in text
    assert pdf_facts(rendered.pdf)["pdfua"] == "1"


def test_chart_words_are_searchable_text_in_lato_and_page_labels_match_the_footer(
        example_pdf):
    pdf = example_pdf.pdf
    facts = pdf_facts(pdf)
    assert facts["fonts"] and all("Lato" in name for name in facts["fonts"])
    pages = page_texts(pdf)
    # The subtitle drawn inside the first chart is text the reader can find and copy.
    subtitle = example_pdf.document.charts[0].picture.figure.texts[1].get_text()
    assert subtitle.split(" · ")[0] in " ".join(" ".join(pages).split())
    document = pdfium.PdfDocument(pdf)
    labels = [document.get_page_label(i) for i in range(len(document))]
    assert labels[:2] == ["i", "ii"]  # the cover and the contents
    assert labels[2] == "1" and "Samenvatting" in pages[2]
    for label, text in zip(labels[2:], pages[2:], strict=True):
        assert f"Pagina {label} van" in text
