"""Shared fixtures for the report tests: the example project with its proposed charts,
built and rendered once per module (the example takes a few seconds to build)."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from core import charts


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    from core import paths
    from core.example import build_example_project

    paths.init_paths(tmp_path_factory.mktemp("home"))
    project = build_example_project()
    charts.add_proposals(project)
    return project


@pytest.fixture(scope="module")
def example_pdf(example):
    from core.report.export import render_report

    return render_report(example)


def pdf_text(pdf: bytes) -> str:
    from core.report.preview import page_texts

    return "\n".join(page_texts(pdf))


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [shape._inline.docPr.get("descr") or "" for shape in document.inline_shapes]
    return "\n".join(parts)


def _utf16(fn, *args) -> str:
    """Call a PDFium getter that fills a UTF-16 buffer (size first, then the text)."""
    import ctypes

    size = fn(*args, None, 0)
    if not size:
        return ""
    raw = ctypes.create_string_buffer(size)
    pointer_type = fn.argtypes[-2] if getattr(fn, "argtypes", None) else ctypes.c_void_p
    fn(*args, ctypes.cast(raw, pointer_type), size)
    return raw.raw[: size - 2].decode("utf-16-le", "replace")


def _struct_alts(element, found: list[tuple[str, str]]) -> None:
    kind = _utf16(pdfium_c.FPDF_StructElement_GetType, element)
    alt = _utf16(pdfium_c.FPDF_StructElement_GetAltText, element)
    found.append((kind, alt))
    for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
        child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
        if child:
            _struct_alts(child, found)


def pdf_facts(pdf: bytes) -> dict:
    """What a PDF says about itself: tags, language, title, standards, fonts, outline,
    structure elements with their alt text."""
    import ctypes

    document = pdfium.PdfDocument(pdf)
    facts: dict = {"pages": len(document)}
    facts["tagged"] = bool(pdfium_c.FPDFCatalog_IsTagged(document.raw))
    facts["language"] = _utf16(pdfium_c.FPDFCatalog_GetLanguage, document.raw)
    facts["title"] = document.get_metadata_value("Title")
    xmp = pdf.decode("latin-1")
    facts["pdfa"] = (re.search(r"pdfaid:part>(\d)<", xmp) or [None, None])[1], \
        (re.search(r"pdfaid:conformance>(\w)<", xmp) or [None, None])[1]
    facts["pdfua"] = (re.search(r"pdfuaid:part>(\d)<", xmp) or [None, None])[1]
    toc = list(document.get_toc())
    facts["outline"] = [item.get_title() for item in toc]
    facts["chapters"] = [item.get_title() for item in toc if item.level == 0]
    fonts: dict[str, bool] = {}
    elements: list[tuple[str, str]] = []
    for page in document:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            raw = ctypes.create_string_buffer(256)
            n = pdfium_c.FPDFFont_GetBaseFontName(font, raw, 256)
            name = raw.raw[: max(0, n - 1)].decode("latin-1")
            fonts[name] = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        for index in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            _struct_alts(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, index), elements)
        pdfium_c.FPDF_StructTree_Close(tree)
    facts["fonts"] = fonts
    facts["elements"] = elements
    document.close()
    return facts
