"""The Grafieken step on the example project: proposals, live canvas, builder, texts,
stale state and export."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from core import charts
from core.cleaning import Operation, add_operation
from core.steps import Status, step_status
from core.templates import templates
from tests.desktop.conftest import wait_op

pytestmark = pytest.mark.gui


def settle(qtbot, page):
    """Wait until the page has no pending or running render."""
    qtbot.waitUntil(lambda: not page._render_timer.isActive() and page._op is not None
                    and page._op.done, timeout=30_000)


@pytest.fixture
def page(window, qtbot):
    wait_op(qtbot, window.controller.open_example())
    window.go_to("grafieken")
    page = window.page("grafieken")
    settle(qtbot, page)
    return page


def figure_texts(page) -> list[str]:
    return [t.get_text() for t in page.canvas.figure.texts]


def test_example_question_gets_its_proposed_charts_drawn(page, window):
    specs = window.controller.project.charts.specs
    assert len(specs) == len(templates()["wachttijd"].charts) == page.chart_list.count()
    assert [s.indicator for s in specs[:2]] == ["wachttijd_dagen", "wachttijd_binnen_norm"]
    assert page.self_check() == []
    title = page.title_edit.text()
    assert title.startswith("Mediane wachttijd boven 42 dagen bij")
    assert title.replace(" ", "") in "".join(figure_texts(page)).replace("\n", "").replace(" ", "")
    assert "Koppeling" in page.about.text() and "toewijzingnummer" in page.about.text()
    assert specs[0].alt_text.startswith("Liggende staafgrafiek")
    # The example already holds its proposals: drawing them and filling in their suggested
    # titles and descriptions is looking, not changing.
    assert not window.controller.dirty


def test_builder_changes_the_stored_spec_and_the_canvas(page, window, qtbot):
    spec = window.controller.project.charts.specs[0]
    page.kind.setCurrentIndex(page.kind.findData("staaf"))
    settle(qtbot, page)
    assert spec.kind == "staaf"
    assert page.canvas.figure.axes[0].patches  # vertical bars drawn
    page.x.setCurrentIndex(page.x.findData("district"))
    settle(qtbot, page)
    assert spec.x == "district"
    assert "per wijk" in page._data.subtitle


def test_period_and_filter_limit_what_the_chart_counts(page, window, qtbot):
    spec = window.controller.project.charts.specs[0]
    page.range_on.setChecked(True)
    page.date_from.setDate(QDate(2024, 1, 1))
    settle(qtbot, page)
    assert spec.date_from == "2024-01-01" and spec.date_to
    assert page._data.first_date >= date(2024, 1, 1)
    page.filter_dim.setCurrentIndex(page.filter_dim.findData("district"))
    page.filter_value.setCurrentIndex(page.filter_value.findText("Noord"))
    settle(qtbot, page)
    assert [(f.dimension, f.values) for f in spec.filters] == [("district", ["Noord"])]
    assert any("Alleen: wijk Noord" in n for n in page._data.notes)


def test_own_title_and_interpretation_are_kept_for_the_report(page, window, qtbot):
    project = window.controller.project
    qtbot.keyClick(page.title_edit, Qt.Key.Key_End)
    qtbot.keyClicks(page.title_edit, " (eerste meting)")
    spec = project.charts.specs[0]
    assert spec.title_edited and spec.title.endswith("(eerste meting)")
    assert any(t.endswith("(eerste meting)") for t in figure_texts(page))
    for spec_row in range(page.chart_list.count()):
        page.chart_list.setCurrentRow(spec_row)
        settle(qtbot, page)
        for key, text in (("seen", "Eén aanbieder zit boven de norm."),
                          ("meaning", "Gezinnen wachten daar te lang."),
                          ("action", "Gesprek met de aanbieder in Q1.")):
            page.words[key].setPlainText(text)
    assert project.charts.specs[-1].interpretation.action == "Gesprek met de aanbieder in Q1."
    assert step_status("grafieken", project).status is Status.DONE
    assert project.charts.specs[0].title.endswith("(eerste meting)")


def test_changed_cleaning_makes_the_chart_stale_until_rebuilt(page, window, qtbot):
    project = window.controller.project
    add_operation(project, Operation("drop_duplicates", "voorbeeld-305", {}, "dubbele rijen"))
    window.controller.mark_changed("cleaning")
    settle(qtbot, page)
    assert not page.stale_box.isHidden()
    assert "verouderd" in page.chart_list.item(0).text()
    assert step_status("grafieken", project).status is Status.ATTENTION
    page.refresh_button.click()
    settle(qtbot, page)
    assert page.stale_box.isHidden()
    assert charts.chart_state(project, project.charts.specs[0]) == "current"


def test_small_groups_are_explained_and_the_threshold_is_stored(page, window, qtbot):
    specs = window.controller.project.charts.specs
    # The share per month: its last month rests on fewer than 10 clients.
    page.chart_list.setCurrentRow(next(n for n, s in enumerate(specs) if s.kind == "lijn"))
    settle(qtbot, page)
    assert "minder dan 10 cliënten" in page.privacy_note.text()
    page.threshold.setValue(40)
    settle(qtbot, page)
    assert window.controller.project.charts.suppression_threshold == 40
    assert "minder dan 40 cliënten" in page.privacy_note.text()


def test_export_png_and_svg(page, qtbot, tmp_path, monkeypatch):
    for fmt in ("png", "svg"):
        target = tmp_path / f"grafiek.{fmt}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, t=target, **k: (str(t), "")))
        (page.png_button if fmt == "png" else page.svg_button).click()
        wait_op(qtbot, page._op)
        assert target.exists() and target.stat().st_size > 1000
    assert (tmp_path / "grafiek.png").read_bytes()[:4] == b"\x89PNG"


def test_missing_data_is_said_on_the_canvas_not_in_a_dialog(page, window, qtbot):
    project = window.controller.project
    project.datasets = [ds for ds in project.datasets if ds.kind != "budget"]
    window.controller.mark_changed("datasets")
    page.new_button.click()
    page.indicator.setCurrentIndex(page.indicator.findData("budgetuitputting"))
    settle(qtbot, page)
    assert window.errors == []
    assert "Budget" in page.canvas.message
    assert not page.png_button.isEnabled()
    count = len(window.controller.project.charts.specs)
    page.delete_button.click()
    assert len(window.controller.project.charts.specs) == count - 1


def test_screenshot_of_the_page(page, tmp_path):
    path = tmp_path / "grafieken.png"
    assert page.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_market_share_is_on_clients_in_care_or_on_the_declared_amount(page, window, qtbot):
    spec = window.controller.project.charts.specs[0]
    page.builder_fold.button.click()  # "Grafiek aanpassen" starts folded
    assert page.builder_fold.opened
    assert not page.choice.isVisibleTo(page)  # waiting time has no such choice
    page.indicator.setCurrentIndex(page.indicator.findData("marktaandeel"))
    settle(qtbot, page)
    assert page.choice.isVisibleTo(page) and page.choice_label.text() == "Marktaandeel in"
    assert page.choice.currentData() == "clienten"
    assert page._data.result.record_noun == "trajecten"
    page.choice.setCurrentIndex(page.choice.findData("bedrag"))
    settle(qtbot, page)
    assert spec.params["basis"] == "bedrag"
    assert page._data.result.record_noun == "declaraties"
    assert any("gedeclareerde bedrag" in note for note in page._data.result.notes)


def test_no_empty_notice_under_the_title_before_a_chart_is_drawn(window, qtbot):
    wait_op(qtbot, window.controller.open_example())
    window.go_to("grafieken")
    page = window.page("grafieken")
    assert page._data is None  # the first chart is still being made
    assert not page.privacy_note.isVisible()
    settle(qtbot, page)
    specs = window.controller.project.charts.specs
    assert page.privacy_note.isVisible() == bool(page._data.suppression_note)
    # Another chart: the notes of the one before do not stay while it is made.
    page.chart_list.setCurrentRow(next(n for n, s in enumerate(specs) if s.kind == "lijn"))
    assert page._data is None and not page.privacy_note.isVisible()
    settle(qtbot, page)
    assert page.privacy_note.isVisible() and page.privacy_note.text()


def test_the_words_for_the_report_grow_with_what_is_written(page):
    box = page.words["seen"]
    empty = box.height()
    box.setPlainText("Een zin over wat de grafiek laat zien. " * 12)
    assert box.height() > empty
    assert box.verticalScrollBar().maximum() == 0  # all text in view, nothing to scroll


def test_at_1366_by_768_the_chart_and_its_title_are_in_view(page, window, qtbot):
    from tests.desktop.layout_checks import inner_scroll_areas, shown_without_scrolling

    window.resize(1366, 768)
    qtbot.waitUntil(lambda: shown_without_scrolling(page.title_edit), timeout=5_000)
    assert shown_without_scrolling(page.canvas)
    assert inner_scroll_areas(page) == []


def test_chart_figures_are_a_table_like_the_report_appendix(page, window, qtbot):
    """Whoever cannot see the chart gets its figures as a real table, the same one the
    report's appendix prints (with the total row and the notes on what it leaves out)."""
    from core.report.build import figures_table

    fold = page.figures_fold
    assert fold.isVisibleTo(page) and not fold.is_open()
    fold.button.click()
    assert page.figures_table.isVisibleTo(page)
    expected = figures_table(page._data, window.controller.project.charts.specs[0].title)
    table = page.figures_table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] \
        == expected.header
    assert table.cell_texts() == expected.rows
    assert expected.rows[-1][0] == "Totaal" and table.item(table.rowCount() - 1, 0).font().bold()
    assert page.figures_notes.text() == " ".join(expected.notes)
    # All rows in sight: the table has no scroll bar of its own.
    assert table.verticalScrollBar().maximum() == 0
    assert table.accessibleName() == "De cijfers achter deze grafiek"
    assert fold.button.accessibleDescription() == "uitgeklapt"
