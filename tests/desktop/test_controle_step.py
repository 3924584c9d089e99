"""The Controle step on the example project: findings by severity, a finding opens its
explanation and example rows, fixes are one click, counts follow, undo/redo, export,
personal data, and the warning before saving identifiers."""

from __future__ import annotations

import openpyxl
import pytest

from core.checks import Report, Severity
from desktop import dialogs
from tests.desktop.conftest import wait_op


@pytest.fixture
def page(window, qtbot):
    wait_op(qtbot, window.open_example())
    window.go_to("controle")
    page = window.page("controle")
    qtbot.waitUntil(lambda: page.report is not None and not page._busy, timeout=60_000)
    return page


def _select(page, check, dataset=None):
    tree = page.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            shown = tree.shown_at(group.child(j))
            if shown.finding.check == check and dataset in (None, shown.finding.dataset):
                tree.setCurrentItem(group.child(j))
                return shown
    raise AssertionError(f"{check} not shown")


def _wait_rerun(page, qtbot, before):
    qtbot.waitUntil(lambda: page.report is not before and not page._busy, timeout=60_000)


def test_findings_are_grouped_by_severity_with_counts(page):
    counts = page.report.counts()
    assert counts[Severity.WARNING] > 0
    for severity, tile in page.tiles.items():
        assert tile.number.text() == str(counts[severity])
    groups = [page.tree.topLevelItem(i).text(0) for i in range(3)]
    assert groups[0].startswith("Blokkerend") and groups[1].startswith(
        f"Waarschuwing ({counts[Severity.WARNING]})")
    assert page.tree.finding_count() == len(page.report.findings)
    assert page.self_check() == []
    assert page.privacy_box.isVisibleTo(page)


def test_a_finding_opens_its_explanation_and_example_rows(page):
    _select(page, "duplicate-rows", "voorbeeld-301")
    detail = page.detail
    assert "twee keer" in detail.title.text()
    for part in ("what", "why", "action"):
        assert detail.sections[part].text()
    assert detail.model.rowCount() == 4
    assert detail.model.headerData(0, page.detail.examples.verticalHeader().orientation()) \
        .startswith("rij ")
    _select(page, "start-not-reported")
    # The linkage rule stands apart from the finding's own text (issue 19).
    assert "toewijzingnummer" in detail.rule.text() and not detail.rule.isHidden()
    assert "toewijzingnummer" not in detail.sections["what"].text()
    assert detail.model.rowCount() == 13


def test_a_fix_is_one_click_counts_follow_and_undo_redo_work(page, qtbot):
    before_warnings = page.report.counts()[Severity.WARNING]
    _select(page, "duplicate-rows", "voorbeeld-301")
    [fix_row] = page.detail.fix_rows
    fix_row.assumption.setPlainText("Dubbel geleverd door het systeem.")
    report = page.report
    fix_row.button.click()
    _wait_rerun(page, qtbot, report)
    assert not page.report.of("duplicate-rows", dataset="voorbeeld-301")
    assert page.tiles[Severity.WARNING].number.text() == str(before_warnings - 1)
    assert "Dubbel geleverd" in page.log_list.item(0).text()
    assert page.ctx.controller.dirty
    report = page.report
    page.undo_button.click()
    _wait_rerun(page, qtbot, report)
    assert page.report.of("duplicate-rows", dataset="voorbeeld-301")[0].count == 4
    report = page.report
    page.redo_button.click()
    _wait_rerun(page, qtbot, report)
    assert not page.report.of("duplicate-rows", dataset="voorbeeld-301")


def test_merging_spelling_variants_shows_what_becomes_what(page, qtbot):
    _select(page, "spelling-variants")
    model = page.detail.model
    cells = {model.index(r, 0).data(): model.index(r, 2).data() for r in range(model.rowCount())}
    assert cells["jeugdzorg de hoop bv"] == "Jeugdzorg De Hoop B.V."
    report = page.report
    page.detail.fix_rows[0].button.click()
    _wait_rerun(page, qtbot, report)
    assert not page.report.of("spelling-variants")


def test_filter_by_dataset_and_column(page):
    index = page.dataset_filter.findData("voorbeeld-303")
    page.dataset_filter.setCurrentIndex(index)
    shown = page.visible_findings()
    assert shown and {s.finding.dataset for s in shown} == {"voorbeeld-303"}
    page.column_filter.setCurrentIndex(page.column_filter.findData("Bedrag"))
    assert {s.finding.check for s in page.visible_findings()} == {"outliers"}


def test_pseudonymising_bsn_keeps_linkage(page, qtbot, monkeypatch):
    monkeypatch.setattr(type(page), "_confirm_irreversible", lambda self, fix: True)
    unmatched = page.report.of("unmatched-messages", type="unmatched-start")[0].count
    _select(page, "personal-data", "voorbeeld-305")
    assert page.detail.fix_rows[0].fix.irreversible
    report = page.report
    page.detail.fix_rows[0].button.click()
    _wait_rerun(page, qtbot, report)
    assert not [f for f in page.report.of("personal-data") if f.column == "BSN"]
    assert page.report.of("unmatched-messages", type="unmatched-start")[0].count == unmatched
    assert not page.undo_button.isEnabled()
    assert "namen" in page.privacy_notice.text()


def test_logbook_export(page, qtbot, tmp_path):
    target = tmp_path / "logboek.xlsx"
    page.export_logbook(target)
    qtbot.waitUntil(lambda: not page._busy, timeout=30_000)
    assert openpyxl.load_workbook(target).sheetnames[2] == "Bevindingen"


def test_a_stopped_run_says_so(page):
    stopped = Report(findings=page.report.findings[:3], partial=True,
                     warnings=("Gestopt na 3 van de 59 controles. De uitkomst is niet compleet.",))
    page._checked(page.project, stopped)
    assert page.partial_notice.isVisibleTo(page) and "Gestopt" in page.partial_notice.text()


def test_the_first_check_run_after_an_import_says_it_is_checking(window, qtbot, tmp_path,
                                                                  monkeypatch):
    import threading

    from desktop.steps import controle
    from tests.desktop.test_data_step import CSV

    release = threading.Event()
    real = controle.run_checks

    def slow_checks(project, checks=None, settings=None, *, progress=None, cancel=None):
        progress(3, 10, "Lege cellen")
        release.wait(30)
        return real(project, checks, settings)

    monkeypatch.setattr(controle, "run_checks", slow_checks)
    page = window.page("controle")
    window.go_to("controle")
    assert page.empty.isVisible()  # a new project: nothing to check yet
    path = tmp_path / "toewijzingen.csv"
    path.write_bytes(CSV.encode("cp1252"))
    window.go_to("data")
    data = window.page("data")
    data.open_files([path])
    qtbot.waitUntil(lambda: data._review is not None, timeout=20_000)
    wait_op(qtbot, data.start_import())
    window.go_to("controle")
    try:
        qtbot.waitUntil(lambda: page.checking_bar.maximum() == 10, timeout=10_000)
        assert page.checking.isVisible() and page.checking_bar.value() == 3
        assert "Lege cellen" in page.checking_step.text()
        assert not page.empty.isVisible() and not page.to_data.isVisible()
        assert not page.body.isVisible()  # no empty tiles or list pretending there is nothing
    finally:
        release.set()
    qtbot.waitUntil(lambda: page.report is not None and not page._busy, timeout=60_000)
    assert page.body.isVisible() and not page.checking.isVisible()
    assert page.tree.finding_count() > 0


def test_at_1366_by_768_the_findings_and_their_explanation_are_in_view(page, window, qtbot):
    from tests.desktop.layout_checks import inner_scroll_areas, shown_without_scrolling

    window.resize(1366, 768)
    qtbot.waitUntil(lambda: shown_without_scrolling(page.detail.title), timeout=5_000)
    assert shown_without_scrolling(page.tiles[Severity.BLOCKING])
    assert shown_without_scrolling(page.rerun_button)
    assert shown_without_scrolling(page.tree.header())  # the list starts in view
    assert inner_scroll_areas(page) == []


def test_saving_identifiers_is_warned_about(window, page, qtbot, tmp_path, monkeypatch):
    answers = iter(["review", "save"])
    monkeypatch.setattr(dialogs, "ask_personal_data", lambda *a: next(answers))
    monkeypatch.setattr(dialogs, "choose_save_path",
                        lambda *a, **k: tmp_path / "p.stuurwijzer")
    window.go_to("start")
    assert window.save() is None and window.current_step == "controle"
    wait_op(qtbot, window.save())
    assert (tmp_path / "p.stuurwijzer").exists()


def test_checks_that_could_not_run_are_listed_folded_with_what_they_need(page):
    toggle, text = page.skipped_toggle, page.skipped_text
    assert toggle.isVisible() and not text.isVisible()  # folded away at the bottom
    assert "Niet uitgevoerde controles" in toggle.text()
    toggle.click()
    assert text.isVisible()
    lines = text.text().splitlines()
    outliers = next(line for line in lines if line.startswith("• Uitschieters"))
    # one line per check and reason, naming the files it concerns
    assert "Start zorg 2023-2024" in outliers and "bedrag" in outliers
    assert len(lines) == len({line for line in lines})
    toggle.click()
    assert not text.isVisible()


def test_undo_and_redo_survive_saving_and_reopening(window, page, qtbot, tmp_path, monkeypatch):
    _select(page, "duplicate-rows", "voorbeeld-301")
    report = page.report
    page.detail.fix_rows[0].button.click()
    _wait_rerun(page, qtbot, report)
    monkeypatch.setattr(dialogs, "ask_personal_data", lambda *a: "save")
    target = tmp_path / "met-fix.stuurwijzer"
    monkeypatch.setattr(dialogs, "choose_save_path", lambda *a, **k: target)
    wait_op(qtbot, window.save())
    wait_op(qtbot, window.open_project(target))
    window.go_to("controle")
    qtbot.waitUntil(lambda: page.report is not None and not page._busy, timeout=60_000)
    assert page.undo_button.isEnabled() and "Dubbele rijen" in page.undo_button.toolTip()
    report = page.report
    page.undo_button.click()
    _wait_rerun(page, qtbot, report)
    assert page.report.of("duplicate-rows", dataset="voorbeeld-301")[0].count == 4
    assert page.redo_button.isEnabled()
