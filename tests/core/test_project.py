"""The project file: round trip, atomic save, clear messages for bad files, migrations."""

from __future__ import annotations

import errno
import json
import zipfile

import pandas as pd
import pytest

from core import project as project_module
from core.chart_spec import ChartBook, ChartSpec
from core.cleaning import CleaningLog, Operation
from core.errors import ProjectFileError
from core.maturity.model import MaturityState
from core.project import (
    ColumnSpec,
    Dataset,
    Project,
    SourceInfo,
    open_project,
    project_to_document,
    save_project,
)
from core.report.section import ReportSection


def _small_project() -> Project:
    frame = pd.DataFrame(
        {"BSN": ["012345672", None], "Bedrag": ["€ 1.234,56", "12,00"]}, dtype="string"
    )
    p = Project(name="Wachttijden", municipality="Westerdijk")
    p.question.title = "Hoe lang wachten jeugdigen?"
    p.question.audiences = ["wethouder"]
    p.datasets.append(
        Dataset("d1", "Toewijzingen", frame,
                [ColumnSpec("BSN", "code", "client"), ColumnSpec("Bedrag", "amount", "amount")])
    )
    p.cleaning = CleaningLog(operations=[Operation("trim", "d1", {"column": "BSN"}, "spaties")])
    p.maturity = MaturityState.from_dict(
        {"measurements": [{"date": "2025-01-01", "respondents": [{"answers": {"v1": 2}}]}]}
    )
    p.charts = ChartBook([ChartSpec("wachttijd_dagen", kind="lijn", id="c1")])
    p.report = ReportSection(key_message="Wachttijd <b>daalt</b> #niet")
    return p


def test_round_trip_keeps_everything(tmp_path):
    original = _small_project()
    path = save_project(original, tmp_path / "p.stuurwijzer")
    loaded = open_project(path)
    assert project_to_document(loaded) == project_to_document(original)
    pd.testing.assert_frame_equal(loaded.datasets[0].original, original.datasets[0].original)
    # codes keep their leading zero and stay text
    assert loaded.datasets[0].original["BSN"].iloc[0] == "012345672"


def test_round_trip_of_the_example_project(tmp_path, example_project_factory):
    example = example_project_factory()
    loaded = open_project(save_project(example, tmp_path / "voorbeeld.stuurwijzer"))
    assert loaded.question == example.question
    assert [d.name for d in loaded.datasets] == [d.name for d in example.datasets]
    for a, b in zip(loaded.datasets, example.datasets, strict=True):
        pd.testing.assert_frame_equal(a.original, b.original)
        assert a.columns == b.columns
        # Charts built before saving stay current after opening: same content id.
        assert a.source.content_id and a.source.content_id == b.source.content_id


def test_a_project_saved_with_file_hashes_keeps_them_as_content_ids():
    old = SourceInfo.from_dict({"filename": "a.csv", "size": 3, "sha256": "ab12"})
    assert old.content_id == "ab12"
    assert SourceInfo.from_dict(old.to_dict()) == old


def test_save_failure_leaves_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "p.stuurwijzer"
    first = _small_project()
    save_project(first, path)
    before = path.read_bytes()

    changed = _small_project()
    changed.name = "Iets anders"
    real_writestr = zipfile.ZipFile.writestr
    calls = {"n": 0}

    def failing_writestr(self, name, data, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # halfway through the archive
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_writestr(self, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing_writestr)
    with pytest.raises(ProjectFileError) as info:
        save_project(changed, path)
    assert "schijf is vol" in info.value.message
    assert "niet veranderd" in info.value.hint
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.stuurwijzer"]  # no temp files left
    monkeypatch.undo()
    assert open_project(path).name == "Wachttijden"


def test_crash_between_write_and_rename_keeps_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "p.stuurwijzer"
    save_project(_small_project(), path)
    before = path.read_bytes()

    def crash(*_args):
        raise KeyboardInterrupt  # the process is torn down mid-save

    monkeypatch.setattr(project_module.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        save_project(_small_project(), path)
    assert path.read_bytes() == before
    assert len(list(tmp_path.iterdir())) == 1


def _write_zip(path, members: dict[str, bytes | str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b""), "is leeg"),
        (lambda p: p.write_bytes(b"BSN;Naam\n123;Jansen\n"), "geen Stuurwijzer-project"),
        (lambda p: _write_zip(p, {"[Content_Types].xml": "<xml/>"}), "geen Stuurwijzer-project"),
        (lambda p: _write_zip(p, {"stuurwijzer.json": '{"format": "iets-anders"}'}),
         "geen Stuurwijzer-project"),
        (lambda p: _write_zip(p, {"stuurwijzer.json": "{kapot"}), "beschadigd"),
        (lambda p: _write_zip(p, {"stuurwijzer.json": json.dumps(
            {"format": "stuurwijzer-project", "schema_version": 1})}), "beschadigd"),
    ],
    ids=["empty", "csv", "foreign-zip", "foreign-manifest", "bad-manifest", "no-document"],
)
def test_bad_files_give_a_dutch_message(tmp_path, make, expected):
    path = tmp_path / "slecht.stuurwijzer"
    make(path)
    before = path.read_bytes()
    with pytest.raises(ProjectFileError) as info:
        open_project(path)
    assert expected in str(info.value)
    assert path.read_bytes() == before  # opening never changes the file


def test_truncated_file_is_reported_as_damaged(tmp_path):
    path = save_project(_small_project(), tmp_path / "p.stuurwijzer")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ProjectFileError, match="beschadigd"):
        open_project(path)


def test_damaged_data_member_is_reported_as_damaged(tmp_path):
    path = save_project(_small_project(), tmp_path / "p.stuurwijzer")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("data/d1.parquet")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start:start + 20] = b"\x00" * 20  # flip bytes inside the stored parquet
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectFileError, match="beschadigd"):
        open_project(path)


def test_newer_schema_asks_to_update(tmp_path, monkeypatch):
    path = save_project(_small_project(), tmp_path / "p.stuurwijzer")
    monkeypatch.setattr(project_module, "SCHEMA_VERSION", 0)
    with pytest.raises(ProjectFileError) as info:
        open_project(path)
    assert "nieuwere versie" in info.value.message
    assert "Installeer de nieuwste versie" in info.value.hint


def test_missing_file_message(tmp_path):
    with pytest.raises(ProjectFileError, match="niet gevonden"):
        open_project(tmp_path / "weg.stuurwijzer")


def test_migration_hook_upgrades_old_files(tmp_path, monkeypatch):
    path = save_project(_small_project(), tmp_path / "p.stuurwijzer")
    # Rewrite it as a schema-1 file whose document uses an old key...
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    doc = json.loads(members["project.json"])
    doc["titel"] = doc.pop("name")
    members["project.json"] = json.dumps(doc).encode()
    _write_zip(path, members)
    # ...and pretend the current schema is 2, with a migration 1 -> 2 that renames it.
    monkeypatch.setattr(project_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(project_module.MIGRATIONS, 1, lambda d: {**d, "name": d.pop("titel")})
    assert open_project(path).name == "Wachttijden"
