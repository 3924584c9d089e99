"""The user guide (Help > Handleiding, F1): a page list, the page, and a search box.

The guide is Markdown in resources/help/, in the order of resources/help/pages.json; a step's
page is named after the step (``data.md``), so the main window can open the page of the step
the user is on. Everything is read from disk: nothing goes over the network, and a link that
does not point at another page of the guide is not followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QImage,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.i18n import _
from core.paths import load_json_resource, resource_path

HIGHLIGHT = QColor("#ffe08a")  # the search word on the page, readable on white
HEADING_COLOR = QColor("#154273")  # the app's own title colour (resources/style.qss)
# Qt's Markdown headings are very large (h1 = xx-large); these keep a page calm at B1.
HEADING_SCALE = {1: 1.6, 2: 1.3, 3: 1.1}
IMAGE_MARGIN = 24  # room for the page margin and the scroll bar beside a fitted picture


@dataclass(frozen=True)
class GuidePage:
    id: str
    title: str
    path: Path
    markdown: str

    @property
    def plain_text(self) -> str:
        return _plain_text(self.markdown)


@cache
def _plain_text(markdown: str) -> str:
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    return doc.toPlainText()


def help_dir() -> Path:
    return resource_path("help")


def load_pages() -> list[GuidePage]:
    """The guide's pages in reading order; the title is the page's first heading."""
    pages = []
    for page_id in load_json_resource("help", "pages.json")["pages"]:
        path = help_dir() / f"{page_id}.md"
        markdown = path.read_text(encoding="utf-8")
        title = next((line.lstrip("#").strip() for line in markdown.splitlines()
                      if line.startswith("# ")), page_id)
        pages.append(GuidePage(page_id, title, path, markdown))
    return pages


def pages_containing(pages: list[GuidePage], word: str) -> list[GuidePage]:
    needle = word.strip().casefold()
    return [p for p in pages if needle and needle in p.plain_text.casefold()]


class GuideBrowser(QTextBrowser):
    """Shows one page; pictures shrink to the width of the window, never grow."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_images()

    def style_headings(self) -> None:
        base = QFontInfo(self.font()).pointSizeF()  # the font may be set in pixels
        block = self.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                # Replaced, not merged: the reader's size adjustment would win over a size.
                fmt = QTextCharFormat(block.charFormat())
                fmt.clearProperty(QTextFormat.Property.FontSizeAdjustment)
                fmt.setFontWeight(QFont.Weight.DemiBold)
                fmt.setFontPointSize(base * HEADING_SCALE.get(level, 1.0))
                fmt.setForeground(HEADING_COLOR)
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                    QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(fmt)
                if level > 1:  # air above a section, so the page reads as parts
                    spaced = block.blockFormat()
                    spaced.setTopMargin(base)
                    cursor.setBlockFormat(spaced)
            block = block.next()

    def fit_images(self) -> None:
        room = max(120, self.viewport().width() - IMAGE_MARGIN)
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image = fmt.toImageFormat()
                    natural = _image_size(image.name())
                    if natural.width() > 0:
                        width = min(natural.width(), room)
                        if abs(image.width() - width) > 0.5:
                            image.setWidth(width)
                            image.setHeight(natural.height() * width / natural.width())
                            cursor = QTextCursor(self.document())
                            cursor.setPosition(fragment.position())
                            cursor.setPosition(fragment.position() + fragment.length(),
                                               QTextCursor.MoveMode.KeepAnchor)
                            cursor.setCharFormat(image)
                it += 1
            block = block.next()


@cache
def _image_size(name: str) -> QSize:
    return QImage(str(help_dir() / name)).size()


class HelpWindow(QDialog):
    """A window beside the app (not modal): the user can read and work at the same time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Handleiding — Stuurwijzer"))
        self.setModal(False)
        self.pages = load_pages()
        self._by_id = {page.id: page for page in self.pages}
        self.current_page = ""

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Zoek een woord in de handleiding"))
        self.search.setAccessibleName(_("Zoeken in de handleiding"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.next_hit)
        self.hits = QLabel()
        self.hits.setObjectName("muted")
        self.hits.setWordWrap(True)
        self.hits.hide()
        self.page_list = QListWidget()
        self.page_list.setAccessibleName(_("Pagina's van de handleiding"))
        self.page_list.setSpacing(2)
        for page in self.pages:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            self.page_list.addItem(item)
        self.page_list.currentItemChanged.connect(self._item_changed)

        self.browser = GuideBrowser()
        self.browser.setAccessibleName(_("Pagina van de handleiding"))
        self.browser.document().setDocumentMargin(12)
        self.browser.setOpenLinks(False)  # we follow links ourselves: only to our own pages
        self.browser.setSearchPaths([str(help_dir())])
        self.browser.anchorClicked.connect(self._link_clicked)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.hits)
        left_layout.addWidget(self.page_list, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 700])
        split.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.addWidget(split)

        for keys, slot in ((QKeySequence.StandardKey.Find, self.focus_search),
                           (QKeySequence.StandardKey.FindNext, self.next_hit)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.resize(self.size_for(QSize(1366, 768)))
        self.show_page(self.pages[0].id)

    @staticmethod
    def size_for(screen: QSize | tuple[int, int]) -> QSize:
        """Large enough to read a page with its picture, small enough to see the app beside it."""
        width, height = (screen.width(), screen.height()) if isinstance(screen, QSize) else screen
        return QSize(min(1100, int(width * 0.75)), min(820, int(height * 0.9)))

    # ------------------------------------------------------------------ pages
    def has_page(self, page_id: str) -> bool:
        return page_id in self._by_id

    def show_page(self, page_id: str) -> None:
        page = self._by_id[page_id]
        self.current_page = page_id
        self.browser.setMarkdown(page.markdown)
        self.browser.style_headings()
        self.browser.fit_images()
        self.browser.verticalScrollBar().setValue(0)
        for row in range(self.page_list.count()):
            item = self.page_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == page_id:
                self.page_list.blockSignals(True)
                self.page_list.setCurrentItem(item)
                self.page_list.blockSignals(False)
        self._highlight()

    def open_at(self, page_id: str) -> None:
        """Show the window at this page (a step without its own page opens the first page)."""
        self.show_page(page_id if self.has_page(page_id) else self.pages[0].id)
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.setFocus()

    def _item_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.show_page(item.data(Qt.ItemDataRole.UserRole))

    def _link_clicked(self, url: QUrl) -> None:
        target = Path(url.path()).stem if url.scheme() in ("", "file") else ""
        if self.has_page(target):
            self.show_page(target)

    # ------------------------------------------------------------------ search
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        word = text.strip()
        found = {page.id for page in pages_containing(self.pages, word)}
        for row in range(self.page_list.count()):
            item = self.page_list.item(row)
            item.setHidden(bool(word) and item.data(Qt.ItemDataRole.UserRole) not in found)
        self.hits.setVisible(bool(word))
        if not word:
            self.hits.setText("")
        elif not found:
            self.hits.setText(_("Geen pagina met dit woord. Probeer een ander woord."))
        elif len(found) == 1:
            self.hits.setText(_("1 pagina met dit woord."))
        else:
            self.hits.setText(_("{n} pagina's met dit woord.").format(n=len(found)))
        if word and found and self.current_page not in found:
            self.show_page(next(p.id for p in self.pages if p.id in found))
        else:
            self._highlight()

    def _matches(self) -> list[QTextCursor]:
        word = self.search.text().strip()
        doc = self.browser.document()
        found: list[QTextCursor] = []
        if not word:
            return found
        cursor = doc.find(word, 0)
        while not cursor.isNull():
            found.append(cursor)
            cursor = doc.find(word, cursor)
        return found

    def _highlight(self) -> None:
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        for cursor in self._matches():
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        if selections:
            self.browser.setTextCursor(QTextCursor(selections[0].cursor.block()))
            self.browser.ensureCursorVisible()

    def next_hit(self) -> None:
        """Move to the next place on the page with the search word (Enter, F3)."""
        matches = self._matches()
        if not matches:
            return
        position = self.browser.textCursor().position()
        following = [c for c in matches if c.selectionStart() > position]
        target = (following or matches)[0]
        cursor = QTextCursor(target)
        cursor.setPosition(target.selectionStart())
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()

    # ------------------------------------------------------------------ selftest
    def self_check(self, page_id: str) -> list[str]:
        problems = []
        if self.current_page != page_id:
            problems.append(f"opende op '{self.current_page}' in plaats van '{page_id}'")
        if not self.browser.toPlainText().strip():
            problems.append("de pagina is leeg")
        for name in image_names(self._by_id[self.current_page].markdown):
            if _image_size(name).isEmpty():
                problems.append(f"afbeelding {name} ontbreekt")
        return problems


def image_names(markdown: str) -> list[str]:
    return [name for name, is_image in _targets(markdown) if is_image]


def link_targets(markdown: str) -> list[str]:
    return [name for name, is_image in _targets(markdown) if not is_image]


def _targets(markdown: str) -> list[tuple[str, bool]]:
    """Images and links as Qt's Markdown reader sees them (not a regex of our own)."""
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                found.append((fmt.toImageFormat().name(), True))
            elif fmt.isAnchor():
                found.append((fmt.anchorHref(), False))
            it += 1
        block = block.next()
    return found



