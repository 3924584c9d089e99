"""After "Vervang BSN door een pseudoniem" no real BSN may stay visible anywhere in the app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from tests.desktop.conftest import wait_op

TEXT_GETTERS = ("text", "toPlainText", "toolTip", "currentText", "placeholderText",
                "accessibleName", "accessibleDescription")


def shown_texts(root: QWidget) -> str:
    """Every text a widget under ``root`` can show: labels, fields, tooltips, table cells."""
    parts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        for getter in TEXT_GETTERS:
            value = getattr(widget, getter, None)
            if callable(value):
                try:
                    text = value()
                except TypeError:
                    continue
                if isinstance(text, str):
                    parts.append(text)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root_index = widget.rootIndex()
            try:
                rows, columns = model.rowCount(root_index), model.columnCount(root_index)
            except TypeError:  # a Qt-internal model (e.g. a completer's) hides its size
                continue
            for row in range(min(rows, 500)):
                for column in range(columns):
                    index = model.index(row, column, root_index)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value is not None:
                            parts.append(str(value))
    return "\n".join(parts)


def _select(tree, finding) -> None:
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            if tree.shown_at(group.child(j)).finding is finding:
                tree.setCurrentItem(group.child(j))
                return
    raise AssertionError("finding not shown")


def test_no_original_bsn_is_shown_after_pseudonymising(window, qtbot, monkeypatch):
    wait_op(qtbot, window.open_example())
    project = window.controller.project
    originals = {str(v) for ds in project.datasets if "BSN" in ds.original.columns
                 for v in ds.original["BSN"].dropna().unique()}
    assert len(originals) > 100
    data = window.page("data")
    window.go_to("data")
    data.dataset_list.setCurrentRow(0)  # the 301 file with its BSN column on screen
    assert originals & set(shown_texts(window).split())

    window.go_to("controle")
    page = window.page("controle")
    qtbot.waitUntil(lambda: page.report is not None and not page._busy, timeout=60_000)
    monkeypatch.setattr(type(page), "_confirm_irreversible", lambda self, fix: True)
    while bsn := [f for f in page.report.of("personal-data") if f.column == "BSN"]:
        _select(page.tree, bsn[0])
        before = page.report
        page.detail.fix_rows[0].button.click()
        qtbot.waitUntil(lambda b=before: page.report is not b and not page._busy,
                        timeout=60_000)

    for info in window.step_infos:  # every page, also the one that did not get the focus
        window.go_to(info.id)
        qtbot.wait(200)
    window.go_to("data")
    texts = shown_texts(window)
    assert "BSN" in texts  # the column is still there, with pseudonyms in it
    leaked = originals & set(texts.replace(",", " ").split())
    assert not leaked, f"{len(leaked)} original BSNs still shown"
