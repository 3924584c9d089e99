"""The house font (Lato, bundled in resources/report/fonts) for every matplotlib figure.

Charts, the maturity radar and the report body use one font family. Matplotlib
gets the bundled files registered once, so a figure looks the same on every
machine, and SVG output keeps text as text (``svg.fonttype = none``): Typst
then sets it with the same embedded Lato, and the chart's words can be found
and copied in the PDF.
"""

from __future__ import annotations

import threading

import matplotlib
from matplotlib import font_manager

from core.house_style import CHART
from core.paths import resource_path

_lock = threading.Lock()
_done = False


def use_house_font() -> None:
    """Register the bundled Lato with matplotlib and make it the default (idempotent)."""
    global _done
    with _lock:
        if _done:
            return
        for path in sorted(resource_path("report", "fonts").glob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
        matplotlib.rcParams["font.family"] = [CHART.font_family, "DejaVu Sans"]
        matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in SVG
        matplotlib.rcParams["pdf.fonttype"] = 42
        _done = True
