"""Autosave and crash recovery.

While a project is open, the app writes a recovery copy of it to the user data
folder after changes (``RecoverySession.autosave``). Each running app holds an
OS-level lock on its own session file; when the app crashes the OS releases the
lock. At the next start, ``find_orphans`` lists recovery copies whose session
lock can be taken, i.e. whose app is gone, and the user is offered to restore
them. A clean close removes the session's copies.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.logsetup import get_logger
from core.project import EXTENSION, Project, Snapshot, open_project, write_snapshot

log = get_logger("recovery")


class _FileLock:
    """An exclusive, non-blocking lock on a file, released by the OS when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = None

    def acquire(self) -> bool:
        fh = open(self.path, "a+b")
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        self._fh = fh
        return True

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                self._fh.seek(0)
                msvcrt.locking(self._fh.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
        finally:
            self._fh.close()
            self._fh = None


@dataclass(frozen=True)
class RecoveryCopy:
    """A recovery copy left behind by an app that did not close cleanly."""

    session: str
    copy_path: Path
    project_name: str
    project_path: str | None  # where the user had saved it, if anywhere
    saved_at: str

    def load(self) -> Project:
        return open_project(self.copy_path)


class RecoverySession:
    """The recovery area of one running app."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.id = f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._lock = _FileLock(self._lock_path(self.id))
        if not self._lock.acquire():  # pragma: no cover - ids are unique per process
            raise RuntimeError("recovery session lock taken")

    def _lock_path(self, session: str) -> Path:
        return self.folder / f"{session}.lock"

    def _copy_path(self, project_id: str) -> Path:
        return self.folder / f"{self.id}--{project_id}{EXTENSION}"

    def autosave(self, snap: Snapshot, project_path: str | None) -> Path:
        """Write the recovery copy of one project (atomically) with its note."""
        target = self._copy_path(snap.document["id"])
        write_snapshot(snap, target)
        note = {
            "session": self.id,
            "project_name": snap.document.get("name", ""),
            "project_path": project_path,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
        }
        target.with_suffix(".json").write_text(json.dumps(note), encoding="utf-8")
        return target

    def discard(self, project_id: str) -> None:
        """Forget the recovery copy of a project (after a save or when it is closed)."""
        target = self._copy_path(project_id)
        target.unlink(missing_ok=True)
        target.with_suffix(".json").unlink(missing_ok=True)

    def close(self) -> None:
        """A clean exit: remove this session's copies and lock."""
        for path in self.folder.glob(f"{self.id}--*"):
            path.unlink(missing_ok=True)
        self._lock.release()
        self._lock_path(self.id).unlink(missing_ok=True)

    def abandon(self) -> None:
        """Release the lock without cleaning up, as a crash would (tests)."""
        self._lock.release()


def find_orphans(folder: Path, own_session: str | None = None) -> list[RecoveryCopy]:
    """Recovery copies of apps that are no longer running, newest first."""
    if not folder.is_dir():
        return []
    found: list[RecoveryCopy] = []
    for note_path in folder.glob("*.json"):
        session = note_path.name.split("--", 1)[0]
        if session == own_session:
            continue
        copy_path = note_path.with_suffix(EXTENSION)
        if not copy_path.is_file():
            continue
        probe = _FileLock(folder / f"{session}.lock")
        if not probe.acquire():
            continue  # that app is still running
        probe.release()
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            note = {}
        found.append(
            RecoveryCopy(
                session=session,
                copy_path=copy_path,
                project_name=note.get("project_name", ""),
                project_path=note.get("project_path"),
                saved_at=note.get("saved_at", ""),
            )
        )
    found.sort(key=lambda c: c.saved_at, reverse=True)
    return found


def dismiss(copy: RecoveryCopy) -> None:
    """The user chose not to restore: delete the copy and its dead session's lock."""
    copy.copy_path.unlink(missing_ok=True)
    copy.copy_path.with_suffix(".json").unlink(missing_ok=True)
    lock = copy.copy_path.parent / f"{copy.session}.lock"
    if not any(copy.copy_path.parent.glob(f"{copy.session}--*")):
        lock.unlink(missing_ok=True)
