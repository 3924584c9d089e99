"""A flattened trajecten export (one row per toewijzing with its start and end of care)
gives exactly what the same data as separate message files give: the same linkage
findings and the same indicator values. Both are read as a user would, through the
Data step's detection (core.io.import_file), from Windows-1252 CSV files."""

from __future__ import annotations

import pandas as pd
import pytest

from core import analysis
from core.checks import run_checks
from core.checks.context import CheckSettings
from core.io import import_file
from core.project import Project
from core.synthetic import SyntheticConfig, generate, write_csv

START, END = "Datum start zorg (305)", "Datum einde zorg (307)"
MESSAGE = ["BSN cliënt", "AGB aanbieder", "Productcategorie", "Productcode", "Beschikkingnummer"]
LINKAGE_CHECKS = ("unmatched-messages", "start-not-reported", "stop-without-start",
                  "stop-not-reported", "end-before-start", "computable-share",
                  "declarations-without-assignment", "declared-above-assigned",
                  "implausible-volume")
EPISODE_INDICATORS = ("wachttijd_dagen", "wachttijd_binnen_norm", "zorgduur_dagen",
                      "clienten_in_zorg", "instroom", "uitstroom", "herhaald_beroep",
                      "marktaandeel")


def split(trajecten: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The same toewijzingen as three message files: the 301 without the care dates, a
    305 per reported start and a 307 per reported end."""
    return {
        "301": trajecten.drop(columns=[START, END]),
        "305": trajecten.loc[trajecten[START] != "", [*MESSAGE, START]],
        "307": trajecten.loc[trajecten[END] != "", [*MESSAGE, END]],
    }


def _project(tmp, files: dict[str, pd.DataFrame]) -> Project:
    project = Project(name="Trajecten")
    for name, frame in files.items():
        path = tmp / f"{name}.csv"
        write_csv(frame, path, "cp1252")
        project.datasets.append(import_file(path).dataset)
    return project


@pytest.fixture(scope="module", params=[SyntheticConfig(n_clients=400, seed=5),
                                        SyntheticConfig(n_clients=700, seed=31)],
                ids=lambda c: f"s{c.seed}")
def pair(request, tmp_path_factory):
    data = generate(request.param)
    tmp = tmp_path_factory.mktemp(f"trajecten{request.param.seed}")
    flat = _project(tmp, {"trajecten": data.frames["trajecten"], "303": data.frames["303"]})
    separate = _project(tmp, {**split(data.frames["trajecten"]), "303": data.frames["303"]})
    return data, flat, separate


def test_a_trajecten_export_is_detected_with_its_roles(pair):
    _data, flat, separate = pair
    assert [ds.kind for ds in flat.datasets] == ["trajecten", "303"]
    assert [ds.kind for ds in separate.datasets] == ["301", "305", "307", "303"]
    roles = {c.name: c.role for c in flat.datasets[0].columns}
    assert roles == {
        "Beschikkingnummer": "decision_number", "BSN cliënt": "client",
        "Naam aanbieder": "provider_name", "AGB aanbieder": "provider",
        "Productcategorie": "product_category", "Productcode": "product_code",
        "Ingangsdatum toewijzing": "assignment_start",
        "Einddatum toewijzing": "assignment_end", START: "care_start", END: "care_end",
        "Volume": "volume", "Eenheid": "unit", "Frequentie": "frequency", "Bedrag": "amount",
        "Wijk": "district"}


def _counts(project: Project) -> dict[tuple[str, str], int]:
    settings = CheckSettings(reference_date=None)
    report = run_checks(project, LINKAGE_CHECKS, settings)
    assert not report.of("check-error")
    out: dict[tuple[str, str], int] = {}
    for f in report.findings:
        out[(f.check, f.type)] = out.get((f.check, f.type), 0) + f.count
    return out


def test_same_findings_as_the_message_files_and_the_planted_counts(pair):
    data, flat, separate = pair
    found = _counts(flat)
    assert found == _counts(separate)
    d = data.defects
    assert found[("start-not-reported", "start-not-reported")] == d[
        "301_without_305_after_30_days"]
    assert found[("stop-without-start", "stop-without-start")] == d["307_without_305"]
    assert found[("end-before-start", "stop-before-start")] == d["307_before_305"]
    assert found[("stop-not-reported", "stop-not-reported")] == d["307_never_reported"]
    assert found[("implausible-volume", "implausible-assigned-volume")] == d[
        "301_implausible_volume"]
    assert found[("declarations-without-assignment", "declared-without-assignment")] == d[
        "303_without_assignment"]
    assert found[("declarations-without-assignment", "declared-outside-period")] == d[
        "303_outside_period"]
    assert found[("declared-above-assigned", "declared-above-assigned")] == d[
        "303_above_assigned"]
    assert ("unmatched-messages", "unmatched-start") not in found  # none in such an export


@pytest.mark.parametrize("indicator", EPISODE_INDICATORS)
def test_same_indicator_values_as_the_message_files(pair, indicator):
    _data, flat, separate = pair
    a, b = (analysis.compute(p, indicator) for p in (flat, separate))
    assert (a.used, a.record_noun) == (b.used, b.record_noun) and a.used > 0
    assert a.excluded == b.excluded
    assert a.reference == b.reference and a.data_until == b.data_until

    def ordered(records: pd.DataFrame) -> pd.DataFrame:
        return records.sort_values(list(records.columns)).reset_index(drop=True)

    pd.testing.assert_frame_equal(ordered(a.records), ordered(b.records))


def test_a_trajecten_export_supplies_what_the_templates_need(pair):
    from core.io.datasets import template_checklist
    from core.question import Question

    _data, flat, _separate = pair
    for template in ("wachttijd", "zorgduur", "clienten_in_zorg"):
        flat.question = Question(template=template)
        checklist = template_checklist(flat)
        assert checklist.missing == [], (template, checklist.missing)
        assert checklist.sources["305"] == [flat.datasets[0].name]
