"""Personal data: found per column, pseudonymised so linkage still works, really gone
from what is saved, and a warning as long as direct identifiers remain."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from core.checks import run_checks
from core.cleaning import undo
from core.privacy import (
    detect,
    elfproef,
    identifier_warning,
    key_path,
    project_key,
    pseudonymise_kind,
    pseudonyms,
    remove_column,
    scan_project,
)
from core.project import save_project


def test_example_personal_data_is_found_per_column(example_project_factory):
    project = example_project_factory()
    found = {(hit.dataset.split("-")[1], hit.column, hit.kind) for hit in scan_project(project)}
    assert found == {
        ("301", "BSN", "bsn"), ("301", "Naam cliënt", "name"),
        ("301", "Geboortedatum", "birth_date"), ("301", "Postcode", "postcode"),
        ("301", "Huisnummer", "house_number"), ("303", "BSN", "bsn"), ("305", "BSN", "bsn"),
        ("307", "BSN", "bsn"),
    }


def test_elfproef_accepts_valid_bsns_with_and_without_the_leading_zero():
    values = pd.Series(["111222333", "012345672", "12345672", "123456789", "000000000", "12ab"])
    assert elfproef(values).tolist() == [True, True, True, False, False, False]


def test_value_rules_find_contact_details_whatever_the_header():
    frame = pd.DataFrame({
        "kolom1": ["jan@example.nl", "piet.de.vries@gemeente.nl"] * 5,
        "kolom2": ["06-12345678", "+31 6 87654321"] * 5,
        "kolom3": ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"] * 5,
        "kolom4": ["Dorpsstraat 12", "Kerkweg 3a"] * 5,
        "kolom5": ["8831 AB", "8832CD"] * 5,
        "Naam aanbieder": ["Stichting Kompas", "Horizon B.V."] * 5,
        "AGB": ["03010512", "98123401"] * 5,
        "aantal": ["3", "12"] * 5,
    }, dtype="string")
    assert dict(detect(frame)) == {"kolom1": "email", "kolom2": "phone", "kolom3": "iban",
                                   "kolom4": "address", "kolom5": "postcode"}


def test_pseudonymising_keeps_linkage_and_takes_the_bsn_out_of_the_saved_file(
        example_project_factory, tmp_path, example_defects):
    project = example_project_factory()
    originals = set(project.dataset("voorbeeld-301").original["BSN"].dropna())
    ops = pseudonymise_kind(project, "bsn", assumption="BSN vervangen")
    assert len(ops) == 4 and not project.cleaning.can_undo
    assert undo(project) is None
    report = run_checks(project)
    kinds = {(f.dataset, f.column) for f in report.of("personal-data")}
    assert not {c for _d, c in kinds} & {"BSN"}
    assert report.of("unmatched-messages", type="unmatched-start")[0].count == example_defects[
        "305_unmatched"]
    assert report.of("start-not-reported")[0].count == example_defects[
        "301_without_305_after_30_days"]
    assert report.of("end-before-start", type="stop-before-start")[0].count == example_defects[
        "307_before_305"]
    path = save_project(project, tmp_path / "p.stuurwijzer")
    with zipfile.ZipFile(path) as archive:
        text = archive.read("project.json").decode("utf-8")
        for name in archive.namelist():
            if name.endswith(".parquet"):
                frame = pd.read_parquet(io.BytesIO(archive.read(name)))
                if "BSN" in frame.columns:
                    assert not set(frame["BSN"].dropna()) & originals
                    assert frame["BSN"].str.startswith("PS-").all()
    assert not [bsn for bsn in originals if bsn in text]
    key = key_path(project).read_text(encoding="ascii").strip()
    assert key not in text


def test_same_person_same_pseudonym_and_another_key_gives_another(tmp_path):
    values = pd.Series(["012345672", "12345672", " 012345672", None], dtype="string")
    out = pseudonyms(values, b"k" * 32, "bsn")
    assert out[0] == out[1] == out[2] and pd.isna(out[3])
    assert pseudonyms(values, b"x" * 32, "bsn")[0] != out[0]


def test_warning_stays_until_every_direct_identifier_is_gone(example_project_factory):
    project = example_project_factory()
    warning = identifier_warning(project)
    assert warning and "BSN" in warning and "namen" in warning
    pseudonymise_kind(project, "bsn")
    assert "BSN" not in identifier_warning(project)
    remove_column(project, "voorbeeld-301", "Naam cliënt")
    assert identifier_warning(project) is None
    assert "Naam cliënt" not in [c.name for c in project.dataset("voorbeeld-301").columns]


@pytest.mark.parametrize("header", ["Naam aanbieder", "Product", "Gemeente"])
def test_organisation_names_are_not_personal(header):
    frame = pd.DataFrame({header: ["Jeugdzorg De Hoop B.V.", "Stichting Kompas"] * 3},
                         dtype="string")
    assert detect(frame) == []


def test_a_file_added_after_pseudonymising_gets_the_same_pseudonyms(
        example_project_factory, example_defects):
    """A 305 read in after the BSNs were replaced must not bring real BSNs back, and must
    still link to the 301 (with real BSNs it matched no toewijzing at all)."""
    from core.io.datasets import add_dataset, remove_dataset

    project = example_project_factory()
    later = remove_dataset(project, "voorbeeld-305")
    real = set(later.original["BSN"].dropna())
    pseudonymise_kind(project, "bsn", assumption="BSN vervangen")
    added = add_dataset(project, later)
    assert not real & set(added.original["BSN"].dropna())
    assert set(added.original["BSN"].dropna()) == set(
        pseudonyms(pd.Series(sorted(real)), project_key(project), "bsn"))
    op = project.cleaning.operations[-1]
    assert (op.kind, op.dataset, op.assumption) == ("pseudonymise", added.id, "BSN vervangen")
    report = run_checks(project)
    assert report.of("unmatched-messages", type="unmatched-start")[0].count == example_defects[
        "305_unmatched"]
