"""The report as an editable Word document (python-docx), with the PDF's structure.

Officers paste parts of it into a council proposal, so everything is real Word:
heading styles (the navigation pane and a table of contents work), tables with a
header row that repeats on every page, bullet lists, and charts as pictures with
their alt text. The document language is Dutch. Text is added as plain runs, so
nothing the user typed is interpreted.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from core import __version__
from core.house_style import PRIMARY
from core.report.document import Picture, ReportDocument, Table

TEXT_WIDTH_CM = 16.0
MUTED = RGBColor(0x5B, 0x6B, 0x7D)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


class _Writer:
    def __init__(self, document: ReportDocument, timestamp: datetime) -> None:
        self.doc = document
        self.word = Document()
        self.labels = document.labels
        self.timestamp = timestamp
        self.chapter = 0
        self.subsection = 0
        self.numbered = True  # the appendices are not numbered, as in the PDF
        self.toc: list[tuple[str, str]] = []  # (bookmark, chapter heading)
        self.toc_anchor: Any = None

    # ------------------------------------------------------------------ basics
    def heading(self, text: str, level: int = 1, numbered: bool = True) -> None:
        """Headings numbered like the PDF's (1, 1.1); chapters get a bookmark for the
        table of contents."""
        if level == 1:
            self.numbered = numbered
            self.subsection = 0
            if numbered:
                self.chapter += 1
                text = f"{self.chapter} {text}"
        elif level == 2 and self.numbered and self.chapter:
            self.subsection += 1
            text = f"{self.chapter}.{self.subsection} {text}"
        paragraph = self.word.add_heading(text, level=level)
        if level == 1:
            name = f"_Toc{len(self.toc) + 1:04d}"
            _bookmark(paragraph, name, len(self.toc) + 1)
            self.toc.append((name, text))

    def para(self, text: str, *, bold: bool = False, muted: bool = False,
             style: str | None = None, size: float | None = None) -> None:
        if not text:
            return
        paragraph = self.word.add_paragraph(style=style)
        run = paragraph.add_run(text)
        run.bold = bold or None
        if muted:
            run.font.color.rgb = MUTED
        if size:
            run.font.size = Pt(size)

    def blocks(self, items: list[dict[str, Any]], style: str | None = None) -> None:
        for block in items:
            if block["kind"] == "list":
                for line in block["lines"]:
                    self.word.add_paragraph(line, style="List Bullet")
            else:
                paragraph = self.word.add_paragraph(style=style)
                for n, line in enumerate(block["lines"]):
                    run = paragraph.add_run(line)
                    if n < len(block["lines"]) - 1:
                        run.add_break()

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.word.add_paragraph(item, style="List Bullet")

    def table(self, table: Table | dict[str, Any] | None) -> None:
        if table is None:
            return
        data = table.to_json() if isinstance(table, Table) else table
        header, rows, widths = data["header"], data["rows"], data["widths"]
        right = [a == "right" for a in data["align"]]
        grid = self.word.add_table(rows=1, cols=len(header))
        grid.style = "Light List Accent 1"
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        total = sum(widths) or 1
        for n, cell in enumerate(grid.rows[0].cells):
            cell.text = ""
            run = cell.paragraphs[0].add_run(header[n])
            run.bold = True
        _repeat_header(grid.rows[0])
        for number, row in enumerate(rows):
            cells = grid.add_row().cells
            is_total = data.get("total") and number == len(rows) - 1
            for n, value in enumerate(row):
                cells[n].text = ""
                cells[n].paragraphs[0].add_run(str(value)).bold = True if is_total else None
                if right[n]:
                    cells[n].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for n, column in enumerate(grid.columns):
            for cell in column.cells:
                cell.width = Cm(TEXT_WIDTH_CM * widths[n] / total)
        for line in data.get("notes", []):
            self.para(line, muted=True, size=8.5)
        self.word.add_paragraph()

    def picture(self, picture: Picture | None, width_cm: float | None = None) -> None:
        if picture is None:
            return
        self.word.add_picture(io.BytesIO(picture.png()),
                              width=Cm(width_cm or min(picture.width_cm, TEXT_WIDTH_CM)))
        paragraph = self.word.paragraphs[-1]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for doc_pr in paragraph._p.iter(qn("wp:docPr")):
            doc_pr.set("descr", picture.alt)  # the alt text Word shows and reads aloud
            if picture.title:
                doc_pr.set("title", picture.title)

    def notes(self, key: str) -> None:
        if key in self.doc.notes:
            self.heading(self.labels["notes"]["title"], level=2)
            self.blocks(self.doc.notes[key])

    # ------------------------------------------------------------------ document
    def setup(self) -> None:
        # The template's properties (dated 2013, "generated by python-docx") are replaced:
        # made now, by the report's author.
        props = self.word.core_properties
        author = self.doc.cover["author"]
        props.title = self.doc.cover["title"]
        props.author = author
        props.last_modified_by = author
        props.subject = self.doc.cover["subtitle"][:250]
        props.comments = ""
        props.category = ""
        props.language = "nl-NL"
        props.keywords = "Stuurwijzer"
        props.created = props.modified = self.timestamp
        props.revision = 1
        _set_language(self.word, "nl-NL")
        section = self.word.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.4)
        for level in (1, 2, 3):
            style = self.word.styles[f"Heading {level}"]
            style.font.color.rgb = _rgb(PRIMARY)

    def cover(self) -> None:
        cover = self.doc.cover
        self.para(cover["municipality"], bold=True, size=13)
        if self.doc.logo is not None:
            self.word.add_picture(io.BytesIO(self.doc.logo[0]), height=Cm(2.2))
            for doc_pr in self.word.paragraphs[-1]._p.iter(qn("wp:docPr")):
                doc_pr.set("descr", cover["municipality"] or "logo")
        for _ in range(4):
            self.word.add_paragraph()
        self.word.add_paragraph(cover["title"], style="Title")
        if cover["subtitle"]:
            self.word.add_paragraph(cover["subtitle"], style="Subtitle")
        labels = self.labels["document"]
        for label, value in ((labels["for"], cover["audiences"]),
                             (labels["author"], cover["author"]),
                             (labels["date"], cover["date"])):
            if value:
                paragraph = self.word.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)
        self.para(labels["made_with"], muted=True, size=8.5)
        # The running pages get their own section: a footer with page numbers.
        body = self.word.add_section(WD_SECTION.NEW_PAGE)
        body.footer.is_linked_to_previous = False
        _page_footer(body.footer.paragraphs[0], labels["page"])
        self.word.sections[0].different_first_page_header_footer = True

    def contents(self) -> None:
        """The heading of the table of contents; its entries are written at the end, when
        every chapter is known (so Word never has to ask to update fields)."""
        self.word.add_paragraph(self.labels["document"]["contents"], style="TOC Heading")
        self.toc_anchor = self.word.add_paragraph()
        hint = self.toc_anchor.add_run(self.labels["document"]["toc_pages"])
        hint.font.size = Pt(8.5)
        hint.font.color.rgb = MUTED

    def write_contents(self) -> None:
        style = _toc_style(self.word)
        entries = []
        for number, (bookmark, text) in enumerate(self.toc):
            paragraph = self.toc_anchor.insert_paragraph_before(style=style)
            if number == 0:
                _field_start(paragraph, 'TOC \\o "1-1" \\h \\z \\u')
            _internal_link(paragraph, bookmark, text)
            entries.append(paragraph)
        if entries:
            _field_end(entries[-1])

    def summary(self) -> None:
        summary, words = self.doc.summary, self.labels["summary"]
        self.heading(self.labels["sections"]["summary"])
        self.heading(words["key_message"], level=2)
        if summary["key_message"]:
            self.blocks(summary["key_message"], style="Intense Quote")
        else:
            self.para(summary["no_key_message"], muted=True)
        self.heading(words["decisions"], level=2)
        for item in summary["decisions"]:
            self.word.add_paragraph(item, style="List Number")
        self.para(summary["decisions_note"], muted=True)
        if self.doc.key_figures:
            self.heading(words["key_figures"], level=2)
            for figure in self.doc.key_figures:
                paragraph = self.word.add_paragraph(style="List Bullet")
                paragraph.add_run(figure.value).bold = True
                paragraph.add_run(f" {figure.label}")
                if figure.note:
                    paragraph.add_run(f" ({figure.note})")
        self.para(summary["periods"], muted=True, size=8.5)
        if summary["top_actions"]:
            self.heading(words["top_actions"], level=2)
            for item in summary["top_actions"]:
                paragraph = self.word.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{item['who']}: ").bold = True
                paragraph.add_run(item["what"])
            self.para(summary["more_actions"], muted=True)
        if summary["limitations"]:
            self.heading(words["limitations"], level=2)
            self.bullets(summary["limitations"])
        if summary["text"]:
            self.heading(words["explanation"], level=2)
            self.blocks(summary["text"])

    def question(self) -> None:
        q = self.doc.question
        self.heading(self.labels["sections"]["question"])
        if "empty" in q:
            self.para(q["empty"], muted=True)
        else:
            self.para(q["title"], style="Intense Quote")
            if q["pyramid"] is not None:
                self.heading(self.labels["question"]["pyramid"], level=2)
                self.table(q["pyramid"])
            for label, value in q["facts"]:
                paragraph = self.word.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)
            if q["action_perspective"]:
                self.heading(self.labels["question"]["action_perspective"], level=2)
                self.blocks(q["action_perspective"])
            self.para(q["fit"], muted=True)
        self.notes("question")

    def data(self) -> None:
        data = self.doc.data
        self.heading(self.labels["sections"]["data"])
        self.para(data["intro"])
        self.table(data["table"])
        self.para(data["until"], muted=True)
        self.para(data["missing"])
        self.para(data["privacy"], style="Intense Quote")
        self.notes("data")

    def quality(self) -> None:
        quality, words = self.doc.quality, self.labels["quality"]
        self.heading(self.labels["sections"]["quality"])
        self.para(" ".join(t for t in (quality["intro"], quality["counts"]) if t))
        self.para(quality["partial"], muted=True)
        if quality["scores"] is not None:
            self.heading(words["scores"], level=2)
            self.table(quality["scores"])
        if quality["findings"] is not None:
            self.heading(words["findings"], level=2)
            self.table(quality["findings"])
        self.para(quality["findings_more"], muted=True)
        for line in quality.get("reconcile", []):
            self.para(line)
        self.heading(words["assumptions"], level=2)
        self.para(words["assumptions_intro"])
        self.bullets(quality["assumptions"])
        self.notes("quality")

    def analyses(self) -> None:
        words = self.labels["analyses"]
        self.heading(self.labels["sections"]["analyses"])
        if not self.doc.charts:
            self.para(words["none"], muted=True)
        else:
            self.para(self.doc.summary["analysis_note"], muted=True)
        for chart in self.doc.charts:
            self.heading(chart.title, level=2)
            self.picture(chart.picture)
            self.para(chart.warning, style="Intense Quote")
            for key in ("seen", "meaning", "action"):
                found = getattr(chart, key)
                if found:
                    self.para(words[key], bold=True)
                    self.blocks(found)
        self.notes("analyses")

    def maturity(self) -> None:
        maturity = self.doc.maturity
        self.heading(self.labels["sections"]["maturity"])
        if "none" in maturity:
            self.para(maturity["none"])
        else:
            for line in maturity["intro"] + maturity["change"]:
                self.para(line)
            self.picture(self.doc.maturity_picture, width_cm=11.5)
            self.para(maturity["meaning"])
            self.para(maturity["fit"], style="Intense Quote")
            self.para(maturity["disagreement"], muted=True)
            self.table(maturity["table"])
        self.notes("maturity")

    def actions(self) -> None:
        actions = self.doc.actions
        self.heading(self.labels["sections"]["actions"])
        self.para(actions["intro"])
        for group in actions["groups"]:
            self.heading(group["title"], level=2)
            self.table(group["table"])
        self.notes("actions")

    def open_points(self) -> None:
        data, words = self.doc.open, self.labels["open"]
        self.heading(self.labels["sections"]["open"])
        self.heading(words["open_points"], level=2)
        self.para(data["none"])
        for point in data["points"]:
            self.para(point["title"], bold=True)
            self.para(point["todo"])
            self.para(point["status"], muted=True)
        self.heading(words["next_question"], level=2)
        self.blocks(data["next"], style="Intense Quote")
        self.para(data["next_intro"])
        if data["later"]:
            self.para(words["later"], bold=True)
            self.bullets(data["later"])

    def appendix(self) -> None:
        appendix, sections, words = self.doc.appendix, self.labels["sections"], \
            self.labels["appendix"]
        self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.heading(sections["definitions"], numbered=False)
        if appendix["definitions"] is not None:
            self.heading(words["definitions"], level=2)
            self.table(appendix["definitions"])
        self.heading(words["glossary"], level=2)
        self.table(appendix["glossary"])
        self.heading(sections["method"], numbered=False)
        for item in appendix["method"]:
            self.heading(item["title"], level=2)
            if item["text"]:
                self.para(item["text"])
            self.bullets(item.get("items", []))
        tables = [c.table for c in self.doc.charts if c.table is not None]
        if tables:
            self.heading(sections["tables"], numbered=False)
            self.para(words["tables_intro"])
            for line in appendix.get("counts", []):
                self.para(line)
            for table in tables:
                self.heading(table.caption, level=2)
                self.table(table)

    def write(self) -> bytes:
        self.setup()
        self.cover()
        self.contents()
        for part in (self.summary, self.question, self.data, self.quality, self.analyses,
                     self.maturity, self.actions, self.open_points, self.appendix):
            part()
        self.write_contents()
        buffer = io.BytesIO()
        self.word.save(buffer)
        return _own_app_properties(buffer.getvalue())


def _set_language(word: Any, language: str) -> None:
    """Dutch spelling check and hyphenation for the whole document."""
    r_pr = word.styles.element.find(qn("w:docDefaults"))
    r_pr = r_pr.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    for key in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(key), language)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _fld_char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _field_start(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    run._r.append(_fld_char("begin"))
    run._r.append(code)
    run._r.append(_fld_char("separate"))


def _field_end(paragraph: Any) -> None:
    paragraph.add_run()._r.append(_fld_char("end"))


def _field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """A field with its current result already written (Word shows it as is)."""
    _field_start(paragraph, instruction)
    paragraph.add_run(shown)
    _field_end(paragraph)


def _page_footer(paragraph: Any, pattern: str) -> None:
    """'Pagina {page} van {total}' with page fields (Word keeps those up to date itself)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    before, _, rest = pattern.partition("{page}")
    middle, _, after = rest.partition("{total}")
    paragraph.add_run(before)
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(after)


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p_pr = paragraph._p.pPr
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _internal_link(paragraph: Any, bookmark: str, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.set(qn("xml:space"), "preserve")
    shown.text = text
    run.append(shown)
    link.append(run)
    paragraph._p.append(link)


def _toc_style(word: Any) -> Any:
    """Word's own 'toc 1' style (the one its table of contents uses)."""
    try:
        return word.styles["toc 1"]
    except KeyError:
        style = word.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles["Normal"]
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.tab_stops.add_tab_stop(
            Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        return style


def _own_app_properties(docx: bytes) -> bytes:
    """docProps/app.xml of python-docx's template names another program; say who made it."""
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
           f'2006/docPropsVTypes"><Application>{escape("Stuurwijzer " + __version__)}'
           '</Application><DocSecurity>0</DocSecurity></Properties>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = app.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def render_docx(document: ReportDocument, *, timestamp: datetime | None = None) -> bytes:
    """The report as .docx bytes; ``timestamp`` (default: now) is when it was made."""
    made = (timestamp or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None,
                                                                   microsecond=0)
    return _Writer(document, made).write()
