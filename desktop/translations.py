"""Qt's own texts in Dutch: file dialogs, the right-click menu of text fields, the buttons of
message boxes. The ``qtbase_nl`` catalogue ships with PySide6 and is bundled by the installers
(build_scripts/stuurwijzer.spec keeps the ``*_nl.qm`` files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from core.paths import load_json_resource

CATALOGUES = ("qtbase_nl",)
DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def _folders() -> list[Path]:
    import PySide6

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).parent / "Qt" / "translations"]


class Supplement(QTranslator):
    """The few Qt texts qtbase_nl lacks (the file dialog's "&Look in:"), from resources."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        texts = load_json_resource("texts", "qt_nl.json")
        self.texts = {context: table for context, table in texts.items()
                      if not context.startswith("_")}

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt API
        return self.texts.get(context, {}).get(source, "")

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def install(app: QApplication) -> list[str]:
    """Load Qt's Dutch catalogues into ``app``; returns the ones that loaded."""
    QLocale.setDefault(DUTCH)
    app.installTranslator(Supplement(app))  # installed first: asked last
    loaded = []
    for name in CATALOGUES:
        for folder in _folders():
            translator = QTranslator(app)  # parented: lives as long as the app
            if translator.load(DUTCH, name.removesuffix("_nl"), "_", str(folder)):
                app.installTranslator(translator)
                loaded.append(name)
                break
            translator.deleteLater()
    return loaded
