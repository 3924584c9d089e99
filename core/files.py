"""Writing a file so that a failed write leaves what was there intact.

Every export (report, spreadsheets, answer forms) goes through ``write_replacing``;
the project file has its own variant with fsync in ``core.project``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_replacing(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` for a temporary file next to ``path``, then put it in place in
    one step. If anything fails the temporary file is removed, the error is raised again
    and a file already at ``path`` is untouched."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
