"""``stuurwijzer check``: the same findings as the app, as JSON; bad input exits 2."""

from __future__ import annotations

import json

import pytest

from core.paths import resource_path
from core.synthetic import combined_messages, write_csv
from desktop.app import main

ROLES_305 = {"kind": "305", "columns": {
    "Berichtcode": "message_type", "BSN": "client", "AGB-code aanbieder": "provider",
    "Productcode": "product_code", "Beschikkingnummer": "decision_number",
    "Begindatum zorg": "care_start"}}


def _run(capsys, *argv):
    code = main(["check", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_findings_for_a_start_file(capsys, tmp_path, example_project_factory):
    roles = tmp_path / "rollen.json"
    roles.write_text(json.dumps(ROLES_305), encoding="utf-8")
    defects = json.loads(resource_path("example", "defects.json").read_text(encoding="utf-8"))
    code, out, _err = _run(capsys, resource_path("example", "start_zorg_305.csv"),
                           "--roles", roles, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "305" and data["rows"] == defects["305_rows"]
    by_check = {(f["check"], f["column"]): f for f in data["findings"]}
    assert by_check[("duplicate-rows", None)]["count"] == defects["305_duplicate_rows"]
    assert by_check[("unparseable-values", "Begindatum zorg")]["count"] == 2
    dup = by_check[("duplicate-rows", None)]
    assert dup["rows"] == [804, 805]  # data rows counted from 1
    assert dup["severity"] == "warning" and dup["what"] and dup["fixes"]
    assert {"check", "reason"} <= set(data["skipped"][0])
    assert set(data["quality"][0]["scores"]) == {"completeness", "validity", "consistency",
                                                 "uniqueness"}


def test_a_mixed_export_is_split_by_message_type_and_linked(capsys, tmp_path):
    path = tmp_path / "berichten.csv"
    write_csv(combined_messages(4000), path, "cp1252")
    roles = tmp_path / "rollen.json"
    roles.write_text(json.dumps({
        "Berichtcode": "message_type", "BSN": "client", "AGB-code aanbieder": "provider",
        "Productcode": "product_code", "Beschikkingnummer": "decision_number",
        "Volume": "volume", "Eenheid": "unit", "Bedrag": "amount", "Wijk": "district"}),
        encoding="utf-8")
    code, out, _err = _run(capsys, path, "--roles", roles, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "mixed"
    checks = {f["check"] for f in data["findings"]}
    assert "unmatched-messages" in checks and "check-error" not in {f["type"] for f in data["findings"]}
    assert "beschikking" in data["linkage_rule"]


@pytest.mark.parametrize("roles_text, fragment", [
    ("{niet json", "geen geldige JSON"),
    ('{"BSN": "bestaat_niet"}', "De rol 'bestaat_niet' bestaat niet"),
    ('{"Onbekend": "client"}', "Kolom 'Onbekend'"),
])
def test_bad_roles_give_one_dutch_line_and_exit_2(capsys, tmp_path, roles_text, fragment):
    roles = tmp_path / "rollen.json"
    roles.write_text(roles_text, encoding="utf-8")
    code, out, err = _run(capsys, resource_path("example", "start_zorg_305.csv"), "--roles", roles)
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1 and not out


def test_missing_file_and_bad_date_exit_2(capsys, tmp_path):
    code, _out, err = _run(capsys, tmp_path / "weg.csv", "--json")
    assert code == 2 and "niet gevonden" in err
    code, _out, err = _run(capsys, resource_path("example", "start_zorg_305.csv"),
                           "--reference-date", "2025-13-45")
    assert code == 2 and "DD-MM-JJJJ" in err
