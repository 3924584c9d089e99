"""A matplotlib canvas that the keyboard and a screen reader can reach (no core.charts import:
the maturity step uses it too)."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette, QPen


class FocusableCanvas(FigureCanvasQTAgg):
    """A figure that Tab reaches, so a screen reader reads its name and description (the
    chart in words); framed in the focus blue while it has the focus, like a button."""

    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            # The palette's link colour is the focus blue of style.qss.
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Link), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
            painter.end()

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.update()
