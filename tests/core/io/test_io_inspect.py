"""``stuurwijzer inspect``: the documented JSON and the Dutch summary."""

from __future__ import annotations

import json

from core.paths import resource_path
from desktop.app import main

KEYS = {"file", "format", "settings", "sheets", "kind", "rows", "columns", "excluded_rows",
        "warnings"}


def test_inspect_json_for_a_csv_export(capsys):
    assert main(["inspect", str(resource_path("example", "declaraties_303.csv")), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == KEYS
    assert report["format"] == "csv" and report["kind"] == "303" and report["sheets"] == []
    assert report["settings"]["encoding"] == "utf-8-sig"
    assert report["settings"]["delimiter"] == ";" and report["settings"]["sheet"] is None
    columns = {c["name"]: c for c in report["columns"]}
    assert columns["Bedrag"] == {"name": "Bedrag", "type": "amount", "format": None,
                                 "role": "amount"}
    assert report["rows"] == 4401


def test_inspect_json_for_a_workbook_with_a_sheet(capsys):
    path = str(resource_path("example", "budgetplafonds_2024.xlsx"))
    assert main(["inspect", path, "--sheet", "Plafonds 2024", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["settings"]["delimiter"] is None
    assert [s["name"] for s in report["sheets"]] == ["Toelichting", "Plafonds 2024"]
    assert report["rows"] == 8 and report["kind"] == "budget"
    assert report["excluded_rows"] == [{"line": 13, "reason": "total"},
                                       {"line": 15, "reason": "footnote"}]


def test_inspect_summary_in_dutch(capsys):
    assert main(["inspect", str(resource_path("example", "cbs_jeugdhulp_regio.csv"))]) == 0
    out = capsys.readouterr().out
    assert "Rijen: 5" in out and "Perioden: date -> period" in out


def test_inspect_unknown_sheet_exits_2(capsys):
    path = str(resource_path("example", "budgetplafonds_2024.xlsx"))
    assert main(["inspect", path, "--sheet", "Bestaat niet"]) == 2
    assert "Bestaat niet" in capsys.readouterr().err
