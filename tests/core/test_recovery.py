"""Autosave to the user data folder and the offer to restore after a crash."""

from __future__ import annotations

import json
import os
import stat
import time

import pytest

from core.project import Project, snapshot
from core.recovery import DAMAGED_FOLDER, RecoverySession, dismiss, find_orphans, tidy


def _project(name="Herstel mij") -> Project:
    p = Project(name=name)
    p.question.title = "Hoeveel jeugdigen wachten langer dan 6 weken?"
    return p


def test_running_app_copies_are_not_offered(fresh_home):
    session = RecoverySession(fresh_home.recovery)
    session.autosave(snapshot(_project()), None)
    assert find_orphans(fresh_home.recovery) == []
    session.close()


def test_copy_of_a_crashed_app_is_offered_and_restores(fresh_home):
    crashed = RecoverySession(fresh_home.recovery)
    project = _project()
    crashed.autosave(snapshot(project), "/ergens/wachttijd.stuurwijzer")
    crashed.abandon()  # the OS releases the lock when a process dies

    new = RecoverySession(fresh_home.recovery)
    orphans = find_orphans(fresh_home.recovery, own_session=new.id)
    assert len(orphans) == 1
    copy = orphans[0]
    assert copy.project_name == "Herstel mij"
    assert copy.project_path == "/ergens/wachttijd.stuurwijzer"
    restored = copy.load()
    assert restored.question.title == project.question.title
    assert restored.id == project.id

    dismiss(copy)
    assert find_orphans(fresh_home.recovery, own_session=new.id) == []
    new.close()


def test_clean_close_leaves_nothing_to_restore(fresh_home):
    session = RecoverySession(fresh_home.recovery)
    session.autosave(snapshot(_project()), None)
    session.close()
    assert find_orphans(fresh_home.recovery) == []
    assert list(fresh_home.recovery.iterdir()) == []


def test_saving_discards_the_copy(fresh_home):
    session = RecoverySession(fresh_home.recovery)
    project = _project()
    session.autosave(snapshot(project), None)
    session.discard(project.id)
    session.abandon()
    assert find_orphans(fresh_home.recovery) == []


# --------------------------------------------------------------------------- issue 16



def _crashed_copy(home, note: bytes | None):
    crashed = RecoverySession(home.recovery)
    target = crashed.autosave(snapshot(_project()), "/ergens/p.stuurwijzer")
    crashed.abandon()
    if note is not None:
        target.with_suffix(".json").write_bytes(note)
    return target


@pytest.mark.parametrize("note", [b"[]", b"null", b'"tekst"', b"{kapot",
                                  b'{"project_name": 5}', b'{"project_path": ["a"]}',
                                  b'{"project_path": "a\\u0000b"}', b"[" * 100_000,
                                  b" " * 200_000])
def test_a_damaged_note_is_reported_once_and_the_copy_still_offered(fresh_home, caplog, note):
    target = _crashed_copy(fresh_home, note)
    orphans = find_orphans(fresh_home.recovery)
    assert [o.copy_path for o in orphans] == [target]
    assert orphans[0].project_name == "" and orphans[0].saved_at  # the file's date
    assert (fresh_home.recovery / DAMAGED_FOLDER / target.with_suffix(".json").name).exists()
    assert sum("damaged recovery note" in r.message for r in caplog.records) == 1
    caplog.clear()
    assert len(find_orphans(fresh_home.recovery)) == 1
    assert not any("damaged recovery note" in r.message for r in caplog.records)
    assert orphans[0].load().name == "Herstel mij"


def test_a_copy_without_a_note_is_offered(fresh_home):
    target = _crashed_copy(fresh_home, None)
    target.with_suffix(".json").unlink()
    assert [o.copy_path for o in find_orphans(fresh_home.recovery)] == [target]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_recovery_copies_and_notes_are_private(fresh_home):
    session = RecoverySession(fresh_home.recovery)
    target = session.autosave(snapshot(_project()), None)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.with_suffix(".json").stat().st_mode) == 0o600
    session.close()


def test_tidy_removes_locks_of_dead_sessions_without_copies(fresh_home):
    folder = fresh_home.recovery
    running = RecoverySession(folder)
    dead = RecoverySession(folder)
    dead.abandon()
    with_copy = RecoverySession(folder)
    with_copy.autosave(snapshot(_project()), None)
    with_copy.abandon()
    fresh = folder / "20990101-000000-1-abcdef.lock"
    fresh.write_bytes(b"")
    old = time.time() - 3600
    for session in (running, dead, with_copy):
        os.utime(folder / f"{session.id}.lock", (old, old))
    stale_tmp = folder / ".x.stuurwijzer.tmp-999999999-abc"
    stale_tmp.write_bytes(b"")
    os.utime(stale_tmp, (0, 0))
    tidy(folder)
    locks = {p.name for p in folder.glob("*.lock")}
    assert f"{running.id}.lock" in locks  # still running
    assert f"{dead.id}.lock" not in locks  # dead, nothing to offer
    assert f"{with_copy.id}.lock" in locks  # its copy is offered; dismiss() removes it
    assert fresh.name in locks  # may be an app that is starting right now
    assert not stale_tmp.exists()
    running.close()


def test_a_note_is_written_as_json_with_the_copy(fresh_home):
    session = RecoverySession(fresh_home.recovery)
    target = session.autosave(snapshot(_project()), "/ergens/p.stuurwijzer")
    note = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
    assert note["project_path"] == "/ergens/p.stuurwijzer"
    session.close()
