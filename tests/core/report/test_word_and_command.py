"""The Word version (same structure, editable) and ``stuurwijzer report``."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC

import docx
import pytest

from core.project import save_project
from core.report.build import build_report
from core.report.word import render_docx
from desktop.app import main
from tests.core.report.conftest import pdf_facts


def test_word_report_has_real_headings_tables_and_described_pictures(example):
    document = build_report(example)
    word = docx.Document(io.BytesIO(render_docx(document)))
    headings = [(p.style.name, p.text) for p in word.paragraphs
                if p.style.name.startswith("Heading")]
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one[:3] == ["1 Samenvatting", "2 De vraag", "3 Gegevens en bronnen"]
    assert "7 Acties" in level_one and level_one[-1] == "Bijlage C. Cijfers bij de grafieken"
    # Numbered like the PDF: chapters 1, 2, ... and their sections 1.1, 1.2, ...
    assert ("Heading 2", f"5.1 {document.charts[0].title}") in headings
    assert ("Heading 2", "1.1 Kernboodschap") in headings
    appendix = [text for style, text in headings if style == "Heading 2"
                and text == "Begrippenlijst"]
    assert appendix  # the appendices are not numbered, as in the PDF
    tables = [t for t in word.tables if t.rows[0].cells[0].text == "Actie"]
    assert len(tables) == 2  # policy actions, then the internal data tasks
    for actions in tables:
        assert [c.text for c in actions.rows[0].cells] == [
            "Actie", "Eigenaar", "Termijn", "Prioriteit", "Bron"]
        assert actions.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeats on every page
    assert sum(len(t.rows) - 1 for t in tables) == len(example.report.actions)
    pictures = word.inline_shapes
    assert len(pictures) == len(example.charts.specs) + 1  # the charts and the radar
    alts = [p._inline.docPr.get("descr") for p in pictures]
    assert alts == [p.alt for p in document.pictures()]
    titles = [p._inline.docPr.get("title") for p in pictures]
    assert titles == [p.title for p in document.pictures()] and all(titles)  # whole titles
    assert word.core_properties.title == "Wachttijden jeugdhulp 2023-2024"
    assert word.core_properties.language == "nl-NL"
    styles = word.styles.element.xpath("//w:docDefaults//w:lang")
    assert styles and styles[0].get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "nl-NL"


def test_report_command_writes_pdf_and_word(tmp_path, example, capsys):
    path = save_project(example, tmp_path / "voorbeeld.stuurwijzer")
    pdf, word = tmp_path / "rapport.pdf", tmp_path / "rapport.docx"
    assert main(["report", str(path), "-o", str(pdf), "--docx", str(word), "--strict"]) == 0
    captured = capsys.readouterr()
    assert "rapport.pdf" in captured.out and "pagina's" in captured.out
    assert captured.err == ""  # the example's texts match its figures and dates
    assert pdf_facts(pdf.read_bytes())["pdfua"] == "1"
    assert docx.Document(str(word)).paragraphs


@pytest.mark.parametrize("args, expected", [
    (["{missing}", "-o", "{out}.pdf"], "niet gevonden"),
    (["{project}", "-o", "{out}.txt"], "eindigt op .pdf"),
    (["{project}", "-o", "{out}.pdf", "--docx", "{out}.doc"], "eindigt op .docx"),
    (["{project}", "-o", "{missing}/x/rapport.pdf"], "kon niet worden opgeslagen"),
])
def test_report_command_bad_input_exits_2_with_one_dutch_line(tmp_path, capsys, args, expected):
    project = tmp_path / "kapot.stuurwijzer"
    project.write_bytes(b"")  # never opened: the targets are checked first
    values = {"missing": tmp_path / "nergens.stuurwijzer", "out": tmp_path / "uit",
              "project": project}
    assert main(["report", *[a.format(**values) for a in args]]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and "\n" not in err


def test_word_report_is_dated_now_by_its_author_and_opens_without_questions(example):
    from datetime import datetime

    document = build_report(example)
    made = datetime(2026, 3, 4, 10, 30)
    raw = render_docx(document, timestamp=made.replace(tzinfo=UTC))
    word = docx.Document(io.BytesIO(raw))
    props = word.core_properties
    assert props.created.replace(tzinfo=None) == made == props.modified.replace(tzinfo=None)
    assert props.author == example.author and props.last_modified_by == example.author
    assert "python-docx" not in (props.comments or "")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        settings = archive.read("word/settings.xml").decode()
        app = archive.read("docProps/app.xml").decode()
    assert "updateFields" not in settings  # Word does not ask to update fields on opening
    assert "Stuurwijzer" in app and "Microsoft" not in app
    # The table of contents is written out: every chapter, as a link to its heading.
    toc = [p.text for p in word.paragraphs if p.style.name == "toc 1"]
    chapters = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert toc == chapters and toc[0] == "1 Samenvatting"
    anchors = word.element.body.xpath(".//w:hyperlink/@w:anchor")
    bookmarks = word.element.body.xpath(".//w:bookmarkStart/@w:name")
    assert len(anchors) == len(chapters) and set(anchors) <= set(bookmarks)
