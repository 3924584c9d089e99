"""The app's look in one place: Fusion, a light house palette, the house style sheet.

The house style paints inputs white and text dark, so the palette is fixed to light colours
too: under a dark system palette the labels would otherwise be white on the light page.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from core.paths import resource_path, resource_text

INK = "#1c2b3a"
HOUSE_BLUE = "#154273"
PALETTE = {
    QPalette.ColorRole.Window: "#f7f9fc",
    QPalette.ColorRole.WindowText: INK,
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f2f5f9",
    QPalette.ColorRole.Text: INK,
    QPalette.ColorRole.Button: "#ffffff",
    QPalette.ColorRole.ButtonText: INK,
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: HOUSE_BLUE,
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: INK,
    QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#6b7a8c",
    QPalette.ColorRole.Link: "#1f6fb2",
    QPalette.ColorRole.LinkVisited: "#1f6fb2",
}
DISABLED_TEXT = "#8a97a6"


def house_palette() -> QPalette:
    palette = QPalette()
    for role, colour in PALETTE.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def style_sheet() -> str:
    icons = resource_path("icons").as_posix()
    return resource_text("style.qss").replace("@ICONS@", icons)


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(house_palette())
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(style_sheet())
