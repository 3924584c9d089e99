"""Autosave to the user data folder and the offer to restore after a crash."""

from __future__ import annotations

from core.project import Project, snapshot
from core.recovery import RecoverySession, dismiss, find_orphans


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
