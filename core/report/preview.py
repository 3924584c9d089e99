"""PDF pages as pixels, for the app's live preview and for printing.

PDFium is not safe to call from two threads at once, so every call goes through
one lock. Pixels come back as RGBX rows (4 bytes per pixel), which the desktop
wraps in a QImage without converting.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium

from core.errors import Cancelled
from core.jobs import CancelToken, ProgressFn, report

_lock = threading.Lock()


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    stride: int  # bytes per row
    pixels: bytes  # RGBX, 4 bytes per pixel


def page_count(pdf: bytes) -> int:
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def render_pages(pdf: bytes, *, dpi: float = 72, pages: Iterable[int] | None = None,
                 progress: ProgressFn | None = None, cancel: CancelToken | None = None
                 ) -> list[PageImage]:
    """Render (some) pages at ``dpi``. Cancelling raises ``Cancelled`` between pages."""
    out = []
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            wanted = list(range(len(document))) if pages is None else list(pages)
            for done, index in enumerate(wanted):
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                report(progress, done, len(wanted))
                page = document[index]
                bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, rev_byteorder=True)
                out.append(PageImage(bitmap.width, bitmap.height, bitmap.stride,
                                     bytes(bitmap.buffer)))
                bitmap.close()
                page.close()
        finally:
            document.close()
    report(progress, len(out), len(out))
    return out


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page (for tests and the self-check)."""
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            found = []
            for page in document:
                text = page.get_textpage()
                found.append(text.get_text_range())
                text.close()
                page.close()
            return found
        finally:
            document.close()


def outline(pdf: bytes) -> list[str]:
    """The titles of the PDF's bookmarks, in order (chapters and their sections)."""
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            return [item.get_title() for item in document.get_toc()]
        finally:
            document.close()
