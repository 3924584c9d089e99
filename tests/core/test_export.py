"""Exports: spreadsheets cannot run formulas; the logbook holds findings, log and
assumptions, but no cell values."""

from __future__ import annotations

import openpyxl
import pandas as pd

from core.checks import run_checks
from core.checks.fixes import apply_fix
from core.export.logbook import write_logbook
from core.export.spreadsheet import Sheet, neutralise, write_csv, write_workbook

NASTY = ["=HYPERLINK(\"http://x\",\"klik\")", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "gewoon"]


def test_cells_that_could_be_formulas_are_stored_as_text(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", [Sheet("=blad", ["=kop"], [[v, 3] for v in NASTY])])
    ws = openpyxl.load_workbook(path).worksheets[0]
    values = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert values == ["'" + v for v in NASTY[:-1]] + ["gewoon"]
    assert all(row[0].data_type == "s" for row in ws.iter_rows())
    assert ws.cell(2, 2).value == 3 and ws.cell(1, 1).value == "'=kop"
    assert neutralise(-5) == -5


def test_csv_export_neutralises_text_too(tmp_path):
    frame = pd.DataFrame({"a": NASTY, "b": range(len(NASTY))})
    import csv

    path = write_csv(tmp_path / "x.csv", frame)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        cells = [row[0] for row in csv.reader(fh, delimiter=";")][1:]
    assert cells == ["'" + v for v in NASTY[:-1]] + ["gewoon"]


def test_logbook_lists_findings_log_and_assumptions_without_cell_values(
        example_project_factory, tmp_path):
    project = example_project_factory()
    report = run_checks(project)
    spelling = report.of("spelling-variants")[0]
    apply_fix(project, spelling.fixes[0], "Het is dezelfde aanbieder.", check=spelling.check)
    report = run_checks(project)
    path = write_logbook(project, report, tmp_path / "logboek.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Samenvatting", "Kwaliteit", "Bevindingen", "Opschoonlog",
                             "Aannames", "Niet uitgevoerd"]
    findings = list(wb["Bevindingen"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == len(report.findings)
    assert wb["Opschoonlog"].max_row == 2 and wb["Aannames"].cell(2, 3).value == (
        "Het is dezelfde aanbieder.")
    everything = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True)
                          for c in row if c is not None)
    for value in ("jeugdzorg de hoop bv", "Horizon Ambulante Begeleidng"):
        assert value not in everything
    bsns = set(project.dataset("voorbeeld-301").original["BSN"].dropna())
    assert not [b for b in bsns if b in everything]
