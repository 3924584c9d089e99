"""Issue 16: a project file is untrusted input. Each failure the issue lists, reproduced.

Ids and the key path, project.json of the wrong shape, the zip (duplicates, encryption,
other compression), the data (columns, rows, decoded size), the save edge cases and
the difference between "kan niet worden geopend" and "beschadigd".
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from core import files, limits, privacy
from core import project as project_module
from core.errors import ProjectFileError, UserError
from core.project import ColumnSpec, Dataset, Project, open_project, save_project
from tests.fuzz.hostile import PROJECT_CASES, members_of, write_members


def _project(project_id: str | None = None) -> Project:
    frame = pd.DataFrame({"BSN": ["012345672", "111222333"], "Wijk": ["Noord", None]},
                         dtype="string")
    p = Project(name="Hardening") if project_id is None else Project(id=project_id, name="H")
    p.datasets.append(Dataset("d1", "Toewijzingen", frame,
                              [ColumnSpec("BSN", "code", "client"), ColumnSpec("Wijk")]))
    return p


def _with_document(tmp_path: Path, change) -> Path:
    path = save_project(_project(), tmp_path / "p.stuurwijzer")
    members = members_of(path.read_bytes())
    doc = json.loads(dict(members)["project.json"])
    change(doc)
    write_members(path, [(n, json.dumps(doc).encode() if n == "project.json" else d)
                         for n, d in members])
    return path


def _refused(path: Path) -> ProjectFileError:
    before = path.read_bytes()
    with pytest.raises(ProjectFileError) as info:
        open_project(path)
    assert path.read_bytes() == before  # opening never changes the file
    return info.value


# --------------------------------------------------------------------------- ids and the key


@pytest.mark.parametrize("bad_id", ["../../../../elders/x", "/tmp/sleutel", "..\\..\\x",
                                    "NUL", "com1", "", "a" * 65, "x.y", "a/b"])
def test_a_project_id_that_is_not_a_safe_name_is_refused(tmp_path, bad_id):
    path = _with_document(tmp_path, lambda d: d.update(id=bad_id))
    error = _refused(path)
    assert "de code is geen geldige code" in error.message


@pytest.mark.parametrize("bad_id", [{"x": 1}, "../../x", "/abs", 7])
def test_a_dataset_id_that_is_not_a_safe_name_is_refused(tmp_path, bad_id):
    path = _with_document(tmp_path, lambda d: d["datasets"][0].update(id=bad_id))
    assert "gegevensset 1 > de code" in _refused(path).message


def test_duplicate_dataset_ids_are_refused(tmp_path):
    path = _with_document(tmp_path, lambda d: d["datasets"].append(dict(d["datasets"][0])))
    assert "komt twee keer voor" in _refused(path).message


def test_the_key_path_never_leaves_the_key_folder(fresh_home, tmp_path):
    folder = fresh_home.config / "sleutels"
    good = _project("abc123")
    assert privacy.key_path(good) == folder / "abc123.key"
    key = privacy.project_key(good)
    assert len(key) == 32 and privacy.key_path(good).is_file()
    if os.name == "posix":
        assert stat.S_IMODE(privacy.key_path(good).stat().st_mode) == 0o600
    for bad in ("../../../../elders/x", str(tmp_path / "plant"), "..", "NUL"):
        project = _project()
        project.id = bad  # as a hostile file would have it, had opening let it through
        with pytest.raises(UserError):
            privacy.key_path(project)
        with pytest.raises(UserError):
            privacy.project_key(project)
        assert not Path(os.path.abspath(folder / f"{bad}.key")).exists()  # nothing written
    assert [p.name for p in folder.iterdir()] == ["abc123.key"]


def test_a_key_planted_through_a_link_or_with_zeros_is_not_used(fresh_home, tmp_path):
    folder = fresh_home.config / "sleutels"
    folder.mkdir(parents=True, exist_ok=True)
    planted = tmp_path / "planted.key"
    planted.write_text("00" * 32, encoding="ascii")
    (folder / "linked.key").symlink_to(planted)
    with pytest.raises(UserError):
        privacy.project_key(_project("linked"))
    (folder / "zeros.key").write_text("00" * 32, encoding="ascii")
    with pytest.raises(UserError):
        privacy.project_key(_project("zeros"))


# --------------------------------------------------------------------------- project.json


@pytest.mark.parametrize(("case", "part"), [
    ("document-list", "het hele projectbestand"),
    ("document-null", "het hele projectbestand"),
    ("document-string", "het hele projectbestand"),
    ("document-nested-100k", "te diep genest"),
    ("cleaning-number", "het opschoonlogboek"),
    ("cleaning-operations-string", "het opschoonlogboek > de bewerkingen"),
    ("cleaning-operation-unknown", "het opschoonlogboek > bewerking 4 > de soort"),
    ("source-string", "gegevensset 1 > de herkomst"),
    ("source-size-text", "gegevensset 1 > de herkomst > 'size'"),
    ("column-unknown-type", "gegevensset 1 > kolom 1 > het soort is onbekend"),
    ("dataset-id-dict", "gegevensset 1 > de code"),
    ("datasets-duplicate", "gegevensset 6 komt twee keer voor"),
    ("question-title-number", "de vraag > de titel is geen tekst"),
    ("charts-filters-number", "de grafieken > grafiek 1 > 'filters'"),
    ("title-5mb", "het rapport > de titel is te lang"),
])
def test_project_json_of_the_wrong_shape_is_refused_naming_the_part(tmp_path, case, part):
    path = tmp_path / f"{case}.stuurwijzer"
    PROJECT_CASES[case](path)
    error = _refused(path)
    assert "beschadigd" in error.message
    assert part in error.message


def test_what_the_app_writes_it_can_always_open(tmp_path):
    project = _project()
    project.name = "N" * (limits.MAX_TEXT_CHARS + 1)
    with pytest.raises(ProjectFileError, match="Opslaan is niet gelukt: de naam is te lang"):
        save_project(project, tmp_path / "te-lang.stuurwijzer")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- the zip


@pytest.mark.parametrize(("case", "expected"), [
    ("duplicate-members", "meer dan één keer"),
    ("encrypted-member", "versleuteld met een wachtwoord"),
    ("deflate64-member", "opnieuw ingepakt"),
    ("lzma-member", "opnieuw ingepakt"),
    ("many-members", "meer dan 1.000 onderdelen"),
])
def test_zip_problems_are_refused_with_their_own_message(tmp_path, case, expected):
    path = tmp_path / f"{case}.stuurwijzer"
    PROJECT_CASES[case](path)
    assert expected in str(_refused(path))


def test_a_member_bigger_than_its_limit_is_refused_before_unpacking(tmp_path, monkeypatch):
    path = save_project(_project(), tmp_path / "p.stuurwijzer")
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 100)
    error = _refused(path)
    assert "te groot om te openen" in error.message
    assert "project.json" in error.message


def test_the_total_unpacked_size_is_checked_first(tmp_path, monkeypatch):
    path = save_project(_project(), tmp_path / "p.stuurwijzer")
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 1000)
    assert "uitgepakt groter dan" in _refused(path).message


# --------------------------------------------------------------------------- the data


def test_parquet_columns_must_be_the_datasets_columns(tmp_path):
    path = tmp_path / "p.stuurwijzer"
    PROJECT_CASES["parquet-other-columns"](path)
    assert "past niet bij de kolommen" in _refused(path).message
    PROJECT_CASES["parquet-other-rows"](path)
    assert "past niet bij het aantal rijen" in _refused(path).message


def test_decoded_text_is_counted_before_it_is_made(tmp_path, monkeypatch):
    # 200,000 rows of one 3,000-character value: 600 MB once decoded, a few kB stored.
    path = tmp_path / "bom.stuurwijzer"
    PROJECT_CASES["parquet-dictionary-small-bomb"](path)
    assert path.stat().st_size < 200_000
    error = _refused(path)
    assert "te groot om te openen" in error.message
    assert "tekst in de gegevens" in error.message


def test_cells_are_counted_from_the_metadata(tmp_path, monkeypatch):
    path = save_project(_project(), tmp_path / "p.stuurwijzer")
    monkeypatch.setattr(limits, "MAX_CELLS", 3)
    assert "cellen" in _refused(path).message


def test_a_nested_parquet_column_is_refused(tmp_path):
    path = tmp_path / "p.stuurwijzer"
    PROJECT_CASES["parquet-nested-type"](path)
    assert "soort kolom" in _refused(path).message


# --------------------------------------------------------------------------- cannot open vs damaged


def test_an_unreadable_file_is_not_called_damaged(tmp_path, monkeypatch):
    path = save_project(_project(), tmp_path / "p.stuurwijzer")
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(ProjectFileError) as info:
        open_project(path)
    error = info.value
    assert "kan niet worden geopend" in error.message
    assert "beschadigd" not in str(error)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_a_project():
    with pytest.raises(ProjectFileError, match="geen Stuurwijzer-project"):
        open_project("/dev/zero")


def test_a_folder_and_a_too_long_name_get_their_own_message(tmp_path):
    folder = tmp_path / "map.stuurwijzer"
    folder.mkdir()
    with pytest.raises(ProjectFileError, match="is een map"):
        open_project(folder)
    with pytest.raises(ProjectFileError) as info:
        open_project(tmp_path / ("x" * 300 + ".stuurwijzer"))
    assert "beschadigd" not in str(info.value)


# --------------------------------------------------------------------------- saving


def test_cleanup_errors_never_mask_the_real_error(tmp_path, monkeypatch):
    path = tmp_path / "p.stuurwijzer"

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files, "open_new", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)  # the clean-up fails the same way
    with pytest.raises(ProjectFileError, match="u mag niet schrijven"):
        save_project(_project(), path)


def test_a_long_file_name_saves_or_says_so(tmp_path):
    name = "p" * (255 - len(".stuurwijzer")) + ".stuurwijzer"  # the longest name allowed
    path = save_project(_project(), tmp_path / name)
    assert open_project(path).name == "Hardening"
    with pytest.raises(ProjectFileError, match="te lang"):
        save_project(_project(), tmp_path / ("p" * 300 + ".stuurwijzer"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_saving_keeps_the_mode_and_new_files_are_private(tmp_path):
    new = save_project(_project(), tmp_path / "nieuw.stuurwijzer")
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    shared = tmp_path / "gedeeld.stuurwijzer"
    save_project(_project(), shared)
    shared.chmod(0o640)
    save_project(_project(), shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_saving_onto_a_symlink_writes_its_target(tmp_path):
    target = save_project(_project(), tmp_path / "echt.stuurwijzer")
    link = tmp_path / "link.stuurwijzer"
    link.symlink_to(target)
    changed = _project()
    changed.name = "Via de link"
    save_project(changed, link)
    assert link.is_symlink()
    assert open_project(target).name == "Via de link"


def test_temp_files_of_dead_processes_are_removed(tmp_path):
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = int(child.stdout)
    stale = tmp_path / f".p.stuurwijzer.tmp-{dead}-abc123"
    stale.write_bytes(b"half")
    mine = tmp_path / f".p.stuurwijzer.tmp-{os.getpid()}-abc123"
    mine.write_bytes(b"busy")
    other = tmp_path / ".verborgen.tmp-notanumber"
    other.write_bytes(b"")
    if os.name != "posix":  # no process check: only old files count as stale
        os.utime(stale, (0, 0))
    assert files.remove_stale_temp_files([tmp_path]) == 1
    assert not stale.exists() and mine.exists() and other.exists()


def test_save_project_reports_a_missing_folder(tmp_path):
    with pytest.raises(ProjectFileError, match="bestaat niet"):
        save_project(_project(), tmp_path / "weg" / "p.stuurwijzer")


def test_a_save_leaves_no_temp_file_when_the_process_is_interrupted(tmp_path, monkeypatch):
    path = save_project(_project(), tmp_path / "p.stuurwijzer")

    def crash(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(project_module.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        save_project(_project(), path)
    assert [p.name for p in tmp_path.iterdir()] == ["p.stuurwijzer"]


def test_the_zip_member_of_a_dataset_is_never_a_path(tmp_path):
    project = _project()
    project.datasets[0].id = "../../uit"
    with pytest.raises(ProjectFileError, match="Opslaan is niet gelukt"):
        save_project(project, tmp_path / "p.stuurwijzer")
    assert list(tmp_path.iterdir()) == []
    with zipfile.ZipFile(save_project(_project(), tmp_path / "p.stuurwijzer")) as archive:
        assert "data/d1.parquet" in archive.namelist()


def test_a_parquet_index_does_not_change_the_row_labels(tmp_path):
    import io

    path = save_project(_project(), tmp_path / "p.stuurwijzer")
    members = members_of(path.read_bytes())
    buffer = io.BytesIO()
    frame = pd.DataFrame({"BSN": ["1", "2"], "Wijk": ["a", None]}, dtype="string",
                         index=pd.Index(["x", "y"], name="rij"))
    frame.to_parquet(buffer)
    write_members(path, [(n, buffer.getvalue() if n == "data/d1.parquet" else d)
                         for n, d in members])
    original = open_project(path).datasets[0].original
    assert list(original.index) == [0, 1] and list(original.columns) == ["BSN", "Wijk"]


def test_report_texts_keep_the_limit_the_app_types_them_with(tmp_path):
    from core.report.section import MAX_TEXT

    path = _with_document(tmp_path, lambda d: d.update(report={"summary": "s" * MAX_TEXT}))
    assert len(open_project(path).report.summary) == MAX_TEXT
    path = _with_document(tmp_path, lambda d: d.update(report={"title": "t" * (MAX_TEXT + 1)}))
    assert "het rapport > de titel is te lang (meer dan 20.000 tekens)" in _refused(path).message
