"""A live matplotlib canvas (QtAgg) that shows a chart built by core.charts.

The figure is drawn by ``core.charts.draw``, the same function that makes the
files and the report, so what the user sees is what gets exported. The chart is
redrawn (not rebuilt) when the widget is resized, so titles and labels keep
fitting.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSizePolicy

from core import charts
from core.house_style import CHART
from core.i18n import _
from desktop.widgets.figure_canvas import FocusableCanvas


class ChartCanvas(FocusableCanvas):
    def __init__(self, parent=None) -> None:
        super().__init__(Figure(figsize=(CHART.width_in, CHART.height_in), dpi=CHART.dpi,
                                facecolor=CHART.background))
        self.setParent(parent)
        self.setMinimumSize(560, 500)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("Grafiek"))
        self.data: charts.ChartData | None = None
        self.title: str | None = None
        self.message = ""
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(120)
        self._redraw.timeout.connect(self._paint)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return int(width * CHART.height_in / CHART.width_in)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def show_chart(self, data: charts.ChartData, title: str | None = None) -> None:
        self.data, self.title, self.message = data, title, ""
        self.setAccessibleDescription(data.alt_text)
        self._paint()

    def show_message(self, text: str) -> None:
        self.data, self.message = None, text
        self.setAccessibleDescription(text)
        self._paint()

    def _paint(self) -> None:
        figure = self.figure
        if self.data is not None:
            charts.draw(figure, self.data, title=self.title)
        else:
            figure.clear()
            figure.text(0.5, 0.5, self.message, ha="center", va="center", wrap=True,
                        fontsize=CHART.label_size, color=CHART.muted)
        self.draw_idle()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._redraw.start()
