"""What makes the report trustworthy beyond its figures: no template placeholders, one
municipality name, counts that add up, the maturity change in words, and a layout
without large empty areas."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

from core import analysis, charts
from core.house_style import format_number
from core.project import Project
from core.question import PLACEHOLDER, choose_template, municipality_name
from core.report.build import build_report, todos
from core.report.pdf import render_pdf
from core.report.preview import page_texts
from core.report.word import render_docx
from core.templates import templates
from tests.core.report.conftest import docx_text, pdf_text


@pytest.mark.parametrize("template_id", sorted(templates()))
def test_a_report_from_an_unfilled_template_prints_no_placeholder(template_id):
    project = Project(name="Nieuw", municipality="Gemeente Testdorp")
    choose_template(project, template_id)  # every example field left as it came
    document = build_report(project)
    for text in (pdf_text(render_pdf(document)), docx_text(render_docx(document))):
        flat = " ".join(text.split())
        assert not PLACEHOLDER.findall(flat), PLACEHOLDER.findall(flat)
        assert "Gemeente Gemeente" not in flat and "Gemeente Testdorp" in flat
    # What was left out is a to-do in the Rapport step (and a warning of the command).
    open_fields = [t for t in todos(project) if t.startswith("Vul bij de stap Vraag in")]
    assert open_fields and all("[" in t for t in open_fields)


def test_the_municipality_name_is_normalised_once():
    assert municipality_name("Gemeente Testdorp") == "Testdorp"
    assert municipality_name("  gemeente  Súdwest-Fryslân ") == "Súdwest-Fryslân"
    assert municipality_name("Testdorp") == "Testdorp"
    assert municipality_name("Gemeente") == "Gemeente"  # nothing else to show
    project = Project(name="Nieuw", municipality="Gemeente Testdorp")
    choose_template(project, "wachttijd")
    assert project.question.scope_area == "Gemeente Testdorp"
    assert "in Testdorp" in project.question.title


def test_appendix_tables_add_up_to_what_the_charts_say(example):
    document = build_report(example)
    for block in document.charts:
        table = block.table
        total = table.rows[-1]
        assert total[0] == "Totaal"
        records = table.header.index("Toewijzingen")
        shown = [row[records] for row in table.rows[:-1]]
        counted = sum(int(v.replace(".", "")) for v in shown if v.isdigit())
        hidden = [v for v in shown if not v.replace(".", "").isdigit()]
        stated = int(total[records].replace(".", ""))
        assert counted == stated or hidden, block.title  # a hidden row is said below
        assert any("cliënten niet op tot het totaal" in n for n in table.notes)
        if hidden:
            assert any("verborgen" in n for n in table.notes)
    # Every chart's total row names the count its indicator used; where that differs from
    # the key figure's count, a note under the chart says why.
    key_count = document.key_figures[2].value
    for block, spec in zip(document.charts, example.charts.specs, strict=True):
        used = format_number(analysis.compute(example, spec.indicator, spec.params).used)
        assert block.table.rows[-1][2] == used, block.title
        if used != key_count:  # the note is printed under the chart
            notes = charts.build(example, spec).notes
            assert any("Daarom rust dit cijfer op meer toewijzingen" in n for n in notes), \
                block.title


def test_counts_that_differ_between_pages_say_why(example):
    document = build_report(example)
    sentence = " ".join(document.quality["reconcile"])
    assert re.search(r"Bij de controle gaat het om \d+ toewijzingen zonder startbericht, "
                     r"bij de wachttijd om \d+\.", sentence)
    counted = next(a for a in document.quality["assumptions"] if "zijn er" in a)
    assert "alle rijen van Toewijzingen 2023-2024" in counted
    assert "Daarnaast tellen niet mee" in counted  # start messages are no toewijzingen


def test_privacy_promise_and_finding_counts_agree(example):
    document = build_report(example)
    assert "cliënten staan er niet in" in document.data["privacy"]
    assert "rijen en berichten" in document.data["privacy"]
    assert any("rijen en berichten, geen personen" in a for a in document.quality["assumptions"])


def test_maturity_says_what_the_level_means_and_what_changed(example):
    document = build_report(example)
    maturity = document.maturity
    assert maturity["meaning"].startswith("Wat betekent niveau 2 (Kansgericht) in de praktijk?")
    change = " ".join(maturity["change"])
    assert change.startswith("Sinds de nulmeting (12 maart 2024)")
    assert "Hoger dan toen: Visie en strategie (van 1 naar 2)" in change
    names = [row[0] for row in maturity["table"].rows]
    radar = document.maturity_picture.figure.axes[0]
    shown = [" ".join(t.get_text().split("\n")[:-1]) for t in radar.get_xticklabels()]
    assert shown == names  # the same theme names in the chart and the table


def test_decisions_are_on_page_one_and_actions_in_the_users_order(example_pdf, example):
    pages = pdf_text(example_pdf.pdf).split("Pagina 1 van")[0]
    first = " ".join(pages.split())
    assert "Wat vragen wij van u?" in first
    assert " ".join(example.report.decisions[0].split()) in first
    lever = example.report.actions[0].action
    assert " ".join(lever.split()[:6]) in first  # the real lever leads, not a data task


def _empty_below(pdf: bytes) -> list[float]:
    """Per page, the share of the text area left empty below the last content."""
    cm = 72 / 2.54
    document = pdfium.PdfDocument(pdf)
    shares = []
    for page in document:
        top, bottom = page.get_height() - 2.5 * cm, 2.4 * cm
        lows = [b for obj in page.get_objects(max_depth=1)
                for _l, b, _r, t in [obj.get_bounds()] if t <= top + 1 and b >= bottom - 1]
        shares.append((min(lows, default=top) - bottom) / (top - bottom))
    document.close()
    return shares


def test_no_page_is_left_a_third_empty_and_charts_stay_with_their_words(example_pdf):
    pdf = example_pdf.pdf
    texts = [" ".join(t.split()) for t in page_texts(pdf)]
    shares = _empty_below(pdf)
    # Not counted: the cover, the contents, the page before the appendices (they start on
    # a new page) and the last page.
    forced = {0, 1, len(texts) - 1} | {n - 1 for n, t in enumerate(texts)
                                       if "Bijlage A. Begrippen" in t[:200]}
    for number, share in enumerate(shares):
        if number not in forced:
            assert share < 1 / 3, (number, round(share, 2), texts[number][:80])
    # Every chart's "Wat zien we?" is on the page of its chart title.
    for block in example_pdf.document.charts:
        page = next(t for t in texts if block.title[:40] in t)
        after = page[page.index(block.title[:40]):]
        assert "Wat zien we?" in after, block.title
