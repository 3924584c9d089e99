"""Make the platform icons and the start-up splash from resources/icons/stuurwijzer.svg.

    .venv/bin/python build_scripts/make_icons.py

Writes, next to the SVG:
  stuurwijzer.ico          Windows: executable, installer, shortcuts, .stuurwijzer files
  stuurwijzer.icns         macOS: the .app bundle and the .dmg
  splash.png, splash@2x.png  the first window at start-up (desktop/startup.py), drawn here so
                           the app shows it without starting the font system first

The SVG is drawn by Qt (QtSvg), the text with the DejaVu Sans font that matplotlib ships, so
the result does not depend on the fonts of the machine; Pillow writes .ico and .icns. Run it
again after changing the SVG or the splash text, and commit the results.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPainter,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
sys.path.insert(0, str(ROOT))
from desktop.startup import SPLASH_SIZE, SPLASH_TEXT  # noqa: E402

ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]  # what Explorer and the taskbar ask for
NAVY, GREY, BACKGROUND, BORDER = "#154273", "#4a5a6e", "#f7f9fc", "#d5dde8"


def render_svg(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def to_pillow(image: QImage) -> Image.Image:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def dejavu_family(bold: bool) -> str:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    font_file = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    if font_id < 0:
        raise SystemExit(f"cannot load {font_file}")
    return QFontDatabase.applicationFontFamilies(font_id)[0]


def render_splash(renderer: QSvgRenderer, scale: int) -> QImage:
    width, height = SPLASH_SIZE
    image = QImage(width * scale, height * scale, QImage.Format.Format_ARGB32)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    painter.setPen(QPen(QColor(BORDER), 1))
    painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
    renderer.render(painter, QRectF(32, (height - 96) / 2, 96, 96))
    title, subtitle = SPLASH_TEXT
    font = QFont(dejavu_family(bold=True))
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(28)
    painter.setFont(font)
    painter.setPen(QColor(NAVY))
    painter.drawText(QRectF(152, 48, width - 170, 40), Qt.AlignmentFlag.AlignVCenter, title)
    font = QFont(dejavu_family(bold=False))
    font.setPixelSize(16)
    painter.setFont(font)
    painter.setPen(QColor(GREY))
    painter.drawText(QRectF(152, 92, width - 170, 32), Qt.AlignmentFlag.AlignVCenter, subtitle)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "stuurwijzer.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/stuurwijzer.svg cannot be read")
    big = to_pillow(render_svg(renderer, 1024))
    # Each .ico size drawn from the SVG, not scaled down from one bitmap: sharper small icons.
    frames = [to_pillow(render_svg(renderer, size)) for size in ICO_SIZES]
    frames[-1].save(ICONS / "stuurwijzer.ico", format="ICO",
                    sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])
    big.save(ICONS / "stuurwijzer.icns", format="ICNS")
    render_splash(renderer, 1).save(str(ICONS / "splash.png"))
    render_splash(renderer, 2).save(str(ICONS / "splash@2x.png"))
    for name in ("stuurwijzer.ico", "stuurwijzer.icns", "splash.png", "splash@2x.png"):
        print(f"wrote resources/icons/{name} ({(ICONS / name).stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
