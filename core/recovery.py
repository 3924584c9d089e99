"""Autosave and crash recovery.

While a project is open, the app writes a recovery copy of it to the user data
folder after changes (``RecoverySession.autosave``). Each running app holds an
OS-level lock on its own session file; when the app crashes the OS releases the
lock. At the next start, ``find_orphans`` lists recovery copies whose session
lock can be taken, i.e. whose app is gone, and the user is offered to restore
them. A clean close removes the session's copies.

Everything in the folder is read defensively: a note that is not a small JSON object
with the expected texts is logged once, moved to ``beschadigd/`` and the copy is
offered with what is known (its file date); ``tidy`` removes at start-up what dead
sessions left behind (lock files without copies, temporary files of a save that
never finished). Copies and notes are readable by the user only (POSIX 0600).
"""

from __future__ import annotations

import glob
import json
import os
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core import files, safejson
from core.limits import MAX_NOTE_BYTES, is_safe_id
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
        if not is_safe_id(project_id):  # opening and saving check ids; a path never escapes
            raise ValueError("unsafe project id")
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
        files.write_replacing(
            target.with_suffix(".json"),
            lambda tmp: tmp.write_text(json.dumps(note), encoding="utf-8"),
            new_mode=files.PRIVATE_MODE)
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


DAMAGED_FOLDER = "beschadigd"
# A lock file younger than this may belong to an app that is starting right now.
LOCK_GRACE_SECONDS = 60
_NOTE_TEXT_CHARS = 4096


def _read_note(note_path: Path) -> dict[str, str | None] | None:
    """The note's fields, or None when it is missing. A damaged note is logged once and
    moved aside, so it is never read (or reported) again."""
    if not note_path.exists():
        return None
    try:
        note = safejson.read(note_path, max_bytes=MAX_NOTE_BYTES)
        fields = {key: note.get(key) for key in ("project_name", "project_path", "saved_at")}
        for key, value in fields.items():
            if value is not None and (not isinstance(value, str) or "\x00" in value
                                      or len(value) > _NOTE_TEXT_CHARS):
                raise ValueError(key)
        return fields
    except (OSError, ValueError, AttributeError):
        log.warning("damaged recovery note set aside: %s", note_path.name)
        _set_aside(note_path)
        return {}


def _set_aside(path: Path) -> None:
    try:
        folder = path.parent / DAMAGED_FOLDER
        folder.mkdir(exist_ok=True)
        os.replace(path, folder / path.name)
    except OSError as exc:
        log.warning("could not set the note aside (%s); removing it", type(exc).__name__)
        files.discard(path)


def find_orphans(folder: Path, own_session: str | None = None) -> list[RecoveryCopy]:
    """Recovery copies of apps that are no longer running, newest first."""
    if not folder.is_dir():
        return []
    found: list[RecoveryCopy] = []
    for copy_path in folder.glob(f"*--*{EXTENSION}"):
        session = copy_path.name.split("--", 1)[0]
        if session == own_session or not copy_path.is_file():
            continue
        probe = _FileLock(folder / f"{session}.lock")
        try:
            if not probe.acquire():
                continue  # that app is still running
        except OSError:
            continue
        probe.release()
        note = _read_note(copy_path.with_suffix(".json")) or {}
        saved_at = note.get("saved_at") or ""
        if not saved_at:
            try:
                saved_at = datetime.fromtimestamp(copy_path.stat().st_mtime).isoformat(
                    timespec="seconds")
            except OSError:
                continue
        found.append(
            RecoveryCopy(
                session=session,
                copy_path=copy_path,
                project_name=note.get("project_name") or "",
                project_path=note.get("project_path"),
                saved_at=saved_at,
            )
        )
    found.sort(key=lambda c: c.saved_at, reverse=True)
    return found


def tidy(folder: Path, own_session: str | None = None) -> None:
    """At start-up: remove the lock files of dead sessions that left no copy, and the
    temporary files of saves that never finished. Never raises."""
    files.remove_stale_temp_files([folder])
    try:
        locks = list(folder.glob("*.lock"))
    except OSError:
        return
    now = time.time()
    for lock in locks:
        session = lock.stem
        try:
            if session == own_session or now - lock.stat().st_mtime < LOCK_GRACE_SECONDS:
                continue
            if any(folder.glob(f"{glob.escape(session)}--*")):
                continue  # its copies are offered; dismiss() removes the lock
            probe = _FileLock(lock)
            if not probe.acquire():
                continue
            probe.release()
            lock.unlink()
        except OSError:
            continue


def dismiss(copy: RecoveryCopy) -> None:
    """The user chose not to restore (or restored it): delete the copy and its dead
    session's lock. Never raises: a copy that cannot be removed is offered again."""
    files.discard(copy.copy_path)
    files.discard(copy.copy_path.with_suffix(".json"))
    folder = copy.copy_path.parent
    try:
        if not any(folder.glob(f"{glob.escape(copy.session)}--*")):
            files.discard(folder / f"{copy.session}.lock")
    except OSError:
        pass
