"""Qt's own texts in Dutch: file dialogs, the right-click menu of text fields, the buttons of
message boxes. The ``qtbase_nl`` catalogue ships with PySide6 and is bundled by the installers
(build_scripts/stuurwijzer.spec keeps the ``*_nl.qm`` files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

CATALOGUES = ("qtbase_nl",)
DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def _folders() -> list[Path]:
    import PySide6

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).parent / "Qt" / "translations"]


def install(app: QApplication) -> list[str]:
    """Load Qt's Dutch catalogues into ``app``; returns the ones that loaded."""
    QLocale.setDefault(DUTCH)
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
