"""``stuurwijzer check``: the same findings as the app, as JSON; bad input exits 2."""

from __future__ import annotations

import json

import pytest

from core.paths import resource_path
from core.synthetic import combined_messages, write_csv
from desktop.app import main

ROLES_305 = {"kind": "305", "columns": {
    "Berichtcode": "message_type", "BSN": "client", "AGB-code aanbieder": "provider",
    "Productcode": "product_code", "Toewijzingnummer": "assignment_number",
    "Begindatum zorg": "care_start"}}


def _main(argv):
    """The exit code: argument errors end in SystemExit(2) with one Dutch line."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def _run(capsys, *argv):
    code = _main(["check", *map(str, argv)])
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
    assert {"check", "check_title", "reason"} <= set(data["skipped"][0])
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


EXAMPLE_FILES = ("toewijzingen_301.csv", "start_zorg_305.csv", "stop_zorg_307.csv",
                 "declaraties_303.csv")
LINKAGE = {"unmatched-messages", "start-not-reported", "stop-without-start",
           "stop-not-reported", "end-before-start", "computable-share",
           "declarations-without-assignment", "declared-above-assigned", "implausible-volume"}


def test_a_message_set_in_one_call_gives_what_the_controle_step_gives(
        capsys, example_project_factory):
    """The four example exports, read by detection only (no roles file), give the
    planted counts and the Controle step's linkage findings for the same files."""
    from core.checks import run_checks

    defects = json.loads(resource_path("example", "defects.json").read_text(encoding="utf-8"))
    code, out, _err = _run(capsys, *(resource_path("example", f) for f in EXAMPLE_FILES),
                           "--json")
    assert code == 0
    data = json.loads(out)
    assert [f["kind"] for f in data["files"]] == ["301", "305", "307", "303"]
    assert "file" not in data  # several files: see "files"
    found = {}
    for f in data["findings"]:
        if f["check"] in LINKAGE:
            found[(f["check"], f["type"], f["dataset"])] = f["count"]
    assert found[("unmatched-messages", "unmatched-start", "start_zorg_305.csv")] == defects[
        "305_unmatched"]
    assert found[("start-not-reported", "start-not-reported", "toewijzingen_301.csv")] == defects[
        "301_without_305_after_30_days"]
    assert found[("stop-not-reported", "stop-not-reported", "toewijzingen_301.csv")] == defects[
        "307_never_reported"]
    assert found[("declarations-without-assignment", "declared-without-assignment",
                  "declaraties_303.csv")] == defects["303_without_assignment"]
    assert found[("declared-above-assigned", "declared-above-assigned",
                  "declaraties_303.csv")] == defects["303_above_assigned"]
    assert "toewijzingnummer" in data["linkage_rule"]
    # the same counts as the Controle step on the example project (its own names)
    project = example_project_factory()
    report = run_checks(project)
    file_of = {"voorbeeld-301": "toewijzingen_301.csv", "voorbeeld-305": "start_zorg_305.csv",
               "voorbeeld-307": "stop_zorg_307.csv", "voorbeeld-303": "declaraties_303.csv"}
    app = {(f.check, f.type, file_of[f.dataset]): f.count for f in report.findings
           if f.check in LINKAGE and f.dataset in file_of}
    assert found == app


def test_a_windows_1252_trajecten_export_keeps_every_column_name(capsys, tmp_path):
    from core.synthetic import SyntheticConfig, generate

    data = generate(SyntheticConfig(n_clients=150, seed=3))
    path = tmp_path / "trajecten.csv"
    write_csv(data.frames["trajecten"], path, "cp1252")
    assert "cliënt".encode("cp1252") in path.read_bytes()
    code, out, _err = _run(capsys, path, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["kind"] == "trajecten"
    assert result["columns"] == list(data.frames["trajecten"].columns)
    assert not result["files"][0]["warnings"]
    counts = {(f["check"], f["type"]): f["count"] for f in result["findings"]}
    assert counts[("start-not-reported", "start-not-reported")] == data.defects[
        "301_without_305_after_30_days"]
    assert not any(f["type"] == "check-error" for f in result["findings"])


def test_skipped_checks_say_why(capsys):
    code, out, _err = _run(capsys, resource_path("example", "start_zorg_305.csv"), "--json")
    assert code == 0
    skipped = {s["check"]: s["reason"] for s in json.loads(out)["skipped"]}
    assert "toewijzingen" in skipped["unmatched-messages"]
    assert "volume" in skipped["implausible-volume"]


@pytest.mark.parametrize("argv, fragment", [
    (["--start-days", "999999999"], "geef een getal van 0 tot en met"),
    (["--start-days", "-1"], "geef een getal van 0 tot en met"),
    (["extra.csv", "--kind", "305"], "één bestand"),
])
def test_bounds_give_one_dutch_line_and_exit_2(capsys, tmp_path, argv, fragment):
    extra = tmp_path / "extra.csv"
    extra.write_text("a;b\n1;2\n", encoding="utf-8")
    argv = [str(extra) if a == "extra.csv" else a for a in argv]
    code, out, err = _run(capsys, resource_path("example", "start_zorg_305.csv"), *argv)
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1 and not out


def _indicator(capsys, *argv):
    code = _main(["indicator", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_indicator_prints_the_value_what_was_counted_and_what_was_not(
        capsys, example_project_factory):
    from core import analysis

    files = [resource_path("example", f) for f in EXAMPLE_FILES[:2]]
    code, out, err = _indicator(capsys, "wachttijd_binnen_norm", *files, "--json")
    assert code == 0, err
    data = json.loads(out)
    expected = analysis.compute(example_project_factory(), "wachttijd_binnen_norm")
    assert data["used"] == expected.used and data["record_noun"] == "toewijzingen"
    waiting = [r for r in data["not_used"] if "wacht nog" in r["reason"]]
    assert waiting and waiting[0]["count"] == expected.reference["waiting"] > 0
    assert data["reference"]["overdue"] == expected.reference["overdue"]
    assert abs(data["value"] - analysis.aggregate(expected, x=None).table["value"][0]) < 1e-9
    assert data["shown"].endswith("%") and data["per"]["dimension"] == "provider"
    assert data["peildatum"] == expected.reference["peildatum"]
    stricter = json.loads(_indicator(capsys, "wachttijd_binnen_norm", *files, "--json",
                                     "--norm-days", "14", "--reference-date", "01-12-2024")[1])
    assert stricter["value"] < data["value"] and stricter["peildatum"] == "2024-12-01"


@pytest.mark.parametrize("argv, fragment", [
    (["bestaat_niet"], "kent de indicator"),
    (["zorgduur_dagen", "--norm-days", "14"], "alleen bij de wachttijd"),
    (["wachttijd_dagen", "--norm-days", "0"], "geef een getal van 1 tot en met"),
    (["kosten_per_aanbieder"], "Declaraties"),
])
def test_indicator_bad_input_gives_one_dutch_line_and_exit_2(capsys, argv, fragment):
    files = [str(resource_path("example", f)) for f in EXAMPLE_FILES[:2]]
    code, out, err = _indicator(capsys, argv[0], *files, *argv[1:])
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1 and not out


def test_an_excel_file_with_title_rows_is_read_from_its_header(capsys):
    code, out, _err = _run(capsys, resource_path("example", "budgetplafonds_2024.xlsx"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "budget"
    assert data["columns"][:2] == ["Aanbieder", "AGB-code"]
    assert data["rows"] == 8  # the Totaal row and the footnote are not data


def test_roles_per_file_override_detection(capsys, tmp_path):
    """A roles file may speak per file: here the 307's Beschikkingnummer is declared not to
    take part (no role), and its kind is stated."""
    roles = tmp_path / "rollen.json"
    roles.write_text(json.dumps({"files": {"stop_zorg_307.csv": {
        "kind": "307", "columns": {"Beschikkingnummer": {"role": None, "type": "code"}}}}}),
        encoding="utf-8")
    files = [resource_path("example", f) for f in EXAMPLE_FILES[:3]]
    code, out, err = _run(capsys, *files, "--roles", roles, "--json")
    assert code == 0, err
    by_file = {f["file"]: f for f in json.loads(out)["files"]}
    assert "Beschikkingnummer" not in by_file["stop_zorg_307.csv"]["roles"]
    assert by_file["toewijzingen_301.csv"]["roles"]["Beschikkingnummer"] == "decision_number"
    roles.write_text(json.dumps({"files": {"weg.csv": {"columns": {}}}}), encoding="utf-8")
    code, _out, err = _run(capsys, *files, "--roles", roles)
    assert code == 2 and "weg.csv" in err
