"""Writing a file so that a failed write leaves what was there intact.

Every export (report, spreadsheets, answer forms) goes through ``write_replacing``;
the project file has its own variant with fsync in ``core.project``. Both share the
rules here:

- the new content goes to a hidden temporary file beside the target (its name holds
  the writer's process id), which is renamed over the target in one step;
- a target that is a symbolic link is followed: the file it points to is replaced and
  the link stays;
- the target keeps its permissions; a new file gets ``new_mode`` (the project file and
  recovery copies 0600 on POSIX: they hold personal data);
- removing the temporary file after a failure never hides the failure itself;
- temporary files left by a process that died mid-save are removed at the next start
  (``remove_stale_temp_files``).
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from core.logsetup import get_logger

log = get_logger("files")

PRIVATE_MODE = 0o600
# The temporary file's name is '.' + the target's name + '.tmp-<pid>-<random>'; the
# target's name is shortened so the whole stays within the 255 bytes file systems allow.
_TEMP_SUFFIX = re.compile(r"\.tmp-(\d+)(?:-[0-9a-f]+)?$")
_MAX_TEMP_STEM_BYTES = 200
# A temporary file whose writer cannot be asked whether it still runs (Windows) is
# stale after this long; on POSIX one of a dead process is stale at once, and any one
# after a day (the process id may have been reused).
STALE_SECONDS = 600
STALE_ANYWAY_SECONDS = 24 * 3600


def real_target(path: str | os.PathLike[str]) -> Path:
    """``path``, or the file a symbolic link at ``path`` points to."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def temp_path(target: Path) -> Path:
    name = target.name
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) > _MAX_TEMP_STEM_BYTES:
        name = encoded[:_MAX_TEMP_STEM_BYTES].decode("utf-8", "ignore")
    return target.with_name(f".{name}.tmp-{os.getpid()}-{secrets.token_hex(3)}")


def discard(path: Path) -> None:
    """Remove a temporary file if it is there; a failure is logged, never raised, so it
    cannot hide the error that made us clean up."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove a temporary file: %s (errno %s)",
                    type(exc).__name__, exc.errno)


def existing_mode(target: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return None


def open_new(tmp: Path, mode: int = PRIVATE_MODE):
    """A new file opened for binary writing, created with ``mode`` (POSIX)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(tmp, flags, mode), "wb")


def set_mode(path: Path, mode: int | None) -> None:
    if mode is not None and os.name == "posix":
        os.chmod(path, mode)


def write_replacing(path: str | os.PathLike[str], write: Callable[[Path], object], *,
                    new_mode: int | None = None) -> Path:
    """Call ``write(tmp)`` for a temporary file next to ``path``, then put it in place in
    one step. If anything fails the temporary file is removed, the error is raised again
    and a file already at ``path`` is untouched. Returns ``path``."""
    path = Path(path)
    target = real_target(path)
    tmp = temp_path(target)
    mode = existing_mode(target)
    try:
        write(tmp)
        set_mode(tmp, mode if mode is not None else new_mode)
        os.replace(tmp, target)
    except BaseException:
        discard(tmp)
        raise
    return path


def _writer_gone(pid: int, age: float) -> bool:
    if pid == os.getpid():
        return False
    if age > STALE_ANYWAY_SECONDS:
        return True
    if os.name != "posix":
        return age > STALE_SECONDS
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists (another user's process)
    return False


def remove_stale_temp_files(folders: Iterable[Path]) -> int:
    """Remove the temporary files of saves that never finished (their process died).
    Returns how many were removed; folders that cannot be read are skipped."""
    removed = 0
    now = time.time()
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _TEMP_SUFFIX.search(entry.name)
            if not entry.name.startswith(".") or match is None:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    continue
                if _writer_gone(int(match.group(1)), now - info.st_mtime):
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
    if removed:
        log.info("removed %d stale temporary file(s)", removed)
    return removed
