"""The user guide: a page per step, links and pictures that resolve, F1 and the step link open
the page of the step the user is on, search finds and marks a word, every shortcut documented."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QShortcut

from core.paths import load_json_resource, resource_path
from core.steps import STEP_IDS, steps
from desktop.help import HIGHLIGHT, HelpWindow, image_names, link_targets, load_pages

HELP = resource_path("help")


@pytest.fixture
def guide(qtbot):
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def visible_pages(guide: HelpWindow) -> list[str]:
    items = (guide.page_list.item(row) for row in range(guide.page_list.count()))
    return [item.data(Qt.ItemDataRole.UserRole) for item in items if not item.isHidden()]


def test_every_step_has_a_guide_page_and_every_page_file_is_listed():
    listed = load_json_resource("help", "pages.json")["pages"]
    assert set(STEP_IDS) <= set(listed)
    assert listed[:len(STEP_IDS)] == list(STEP_IDS)  # the guide follows the wizard
    assert sorted(p.stem for p in HELP.glob("*.md")) == sorted(listed)
    for page in load_pages():
        assert page.title != page.id, f"{page.id}.md has no '# ' title"


def test_every_link_and_picture_in_the_guide_resolves():
    page_ids = {page.id for page in load_pages()}
    pictures_used = set()
    for page in load_pages():
        for name in image_names(page.markdown):
            path = HELP / name
            assert path.is_file(), f"{page.id}: picture {name} is missing"
            assert not QImage(str(path)).isNull(), f"{page.id}: {name} is not a picture"
            pictures_used.add(path.name)
        for target in link_targets(page.markdown):
            assert "://" not in target, f"{page.id}: the guide is offline, but links to {target}"
            assert target.removesuffix(".md") in page_ids, f"{page.id}: dead link {target}"
    # every step page shows its step, and no picture is shipped that no page shows
    assert {f"{step}.png" for step in STEP_IDS} <= pictures_used
    assert {p.name for p in (HELP / "img").glob("*.png")} == pictures_used


def test_f1_opens_the_guide_at_the_page_of_the_current_step(window, qtbot):
    window.go_to("data")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    qtbot.waitUntil(guide.isVisible)
    assert guide.current_page == "data"
    assert guide.browser.toPlainText().startswith("3. Data")
    assert guide.page_list.currentItem().text() == "3. Data"


def test_the_link_beside_the_step_title_opens_that_steps_page(window, qtbot):
    labels = {info.id: info.label for info in steps()}
    for step in ("controle", "rapport"):
        window.go_to(step)
        qtbot.mouseClick(window.help_link, Qt.MouseButton.LeftButton)
        assert window.help_window.isVisible()
        assert window.help_window.current_page == step
        assert labels[step] in window.help_window.browser.toPlainText().splitlines()[0]
    assert window.help_link.isVisible()
    assert window.help_link.text() == "Wat moet ik hier doen?"


def test_search_lists_the_pages_with_the_word_and_marks_it_on_the_page(guide, qtbot):
    guide.show_page("start")
    qtbot.keyClicks(guide.search, "Peildatum")
    found = visible_pages(guide)
    assert "controle" in found and "start" not in found
    assert guide.current_page == found[0]  # the page shown has the word
    marks = guide.browser.extraSelections()
    assert marks and all(m.cursor.selectedText().casefold() == "peildatum" for m in marks)
    assert all(m.format.background().color() == HIGHLIGHT for m in marks)
    assert "1 pagina" in guide.hits.text() or f"{len(found)} pagina's" in guide.hits.text()

    guide.search.setText("zwembadabonnement")
    assert visible_pages(guide) == []
    assert "Geen pagina" in guide.hits.text()
    assert guide.browser.extraSelections() == []

    guide.search.clear()
    assert len(visible_pages(guide)) == len(load_pages())


def test_a_link_in_a_page_opens_the_linked_page(guide):
    guide.show_page("controle")
    page = next(p for p in guide.pages if p.id == "controle")
    assert "ongedaan-maken.md" in link_targets(page.markdown)
    guide.browser.anchorClicked.emit(QUrl("ongedaan-maken.md"))
    assert guide.current_page == "ongedaan-maken"
    guide.browser.anchorClicked.emit(QUrl("https://example.nl/"))
    assert guide.current_page == "ongedaan-maken"  # nothing leaves the machine


def test_pictures_shrink_to_the_window_width(guide, qtbot):
    guide.resize(700, 600)
    guide.show_page("data")
    qtbot.wait(50)
    widths = []
    block = guide.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                widths.append(fmt.toImageFormat().width())
            it += 1
        block = block.next()
    assert widths and all(0 < w <= guide.browser.viewport().width() for w in widths)


def test_the_keyboard_page_names_every_shortcut_in_the_app(window):
    window.show_help()  # the guide's own shortcuts count too
    list(window.pages.values())  # pages are built when first shown: build every one
    keyboard = next(p for p in load_pages() if p.id == "toetsenbord").plain_text
    keys = [a.shortcut() for a in window.findChildren(QAction)]
    keys += [s.key() for s in window.findChildren(QShortcut)]
    names = {k.toString(QKeySequence.SequenceFormat.PortableText) for k in keys if not k.isEmpty()}
    assert {"F1", "Ctrl+S", "Alt+4", "Ctrl+PgDown", "Ctrl+Z", "Ctrl+F"} <= names
    missing = sorted(name for name in names if name not in keyboard)
    assert not missing, f"shortcuts not in resources/help/toetsenbord.md: {missing}"
