"""Check, inside the frozen app, that every runtime library works: code, data files, binaries.

The launcher runs this instead of the app when ``STUURWIJZER_BUNDLE_CHECK=1`` is set. The
build scripts do so after freezing, the slow suite in tests/installers/ on the bundle and on
the tree unpacked from the .deb. Each check does a small real job (a parquet round trip, a PDF
from Typst rendered by pdfium, ...): a missing data file or library only shows when the
library is used, and the features load these libraries lazily, long after start-up. Prints
one line per library; exit 1 if any failed.
"""

from __future__ import annotations

import io
import sys
import traceback
from collections.abc import Callable

CHECKS: dict[str, Callable[[], str]] = {}


def check(name: str):
    def register(fn: Callable[[], str]) -> Callable[[], str]:
        CHECKS[name] = fn
        return fn

    return register


@check("pyarrow")
def _parquet() -> str:
    import pandas as pd

    frame = pd.DataFrame({"gemeente": ["Westerdijk", "Oosterdijk"], "clienten": [12, 7]})
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow")
    back = pd.read_parquet(io.BytesIO(buffer.getvalue()), engine="pyarrow")
    assert back.equals(frame), "parquet round trip changed the data"
    return f"parquet round trip, {len(buffer.getvalue())} bytes"


@check("python-calamine")
def _calamine() -> str:
    import pandas as pd

    from core.paths import resource_path

    sheets = pd.read_excel(resource_path("example", "budgetplafonds_2024.xlsx"),
                           engine="calamine", header=None, sheet_name=None)
    rows = sum(len(frame) for frame in sheets.values())
    assert rows > 3, "example workbook read as empty"
    return f"example workbook, {len(sheets)} sheets, {rows} rows"


@check("openpyxl")
def _openpyxl() -> str:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["jaar", 2024])
    buffer = io.BytesIO()
    book.save(buffer)
    return f"xlsx written, {len(buffer.getvalue())} bytes"


@check("charset-normalizer")
def _charset() -> str:
    from charset_normalizer import from_bytes

    best = from_bytes("Zorgaanbieder Café Übergang; bedrag € 12,50\n".encode("cp1252") * 20).best()
    assert best is not None, "no encoding found"
    return f"detected {best.encoding}"


@check("matplotlib")
def _matplotlib() -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(3, 2))
    axes = figure.add_subplot()
    axes.bar(["A", "B"], [3, 5])
    axes.set_title("Wachttijd in weken")
    sizes = []
    for fmt in ("png", "svg", "pdf"):
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt)
        sizes.append(f"{fmt} {len(buffer.getvalue())}")
    import matplotlib.backends.backend_qtagg  # noqa: F401 - the chart canvas in the app

    return ", ".join(sizes)


def _typst_pdf() -> bytes:
    import typst

    source = b'#set text(lang: "nl")\n= Rapport\nDe wachttijd is *6 weken*.'
    pdf = typst.compile(source, format="pdf")
    assert pdf[:5] == b"%PDF-", "typst did not make a PDF"
    return pdf


@check("typst")
def _typst() -> str:
    return f"PDF of {len(_typst_pdf())} bytes"


@check("pypdfium2")
def _pdfium() -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(_typst_pdf())
    image = document[0].render(scale=0.5).to_pil()
    assert image.width > 100, "rendered page is empty"
    return f"page rendered, {image.width}x{image.height}"


@check("python-docx")
def _docx() -> str:
    import docx

    document = docx.Document()
    document.add_heading("Rapport", level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return f"docx written, {len(buffer.getvalue())} bytes"


@check("platformdirs")
def _platformdirs() -> str:
    import platformdirs

    return f"data folder {platformdirs.user_data_dir('Stuurwijzer', appauthor=False)}"


def main() -> int:
    failed = []
    for name, fn in CHECKS.items():
        try:
            print(f"ok   {name}: {fn()}")
        except Exception:  # noqa: BLE001 - every library is reported, not just the first
            failed.append(name)
            print(f"FOUT {name}:\n{traceback.format_exc()}")
    print(f"bundle check: {len(CHECKS) - len(failed)} ok, {len(failed)} failed")
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
