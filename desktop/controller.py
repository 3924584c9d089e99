"""The open project and its file state, shared by all pages.

Holds no domain logic: it keeps track of which project is open, where it is
saved and whether it has unsaved changes, runs save/open through the task
manager, and autosaves a recovery copy a moment after every change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from core.example import build_example_project
from core.logsetup import get_logger, log_exception
from core.project import (
    EXTENSION,
    Project,
    content_fingerprint,
    open_project,
    snapshot,
    write_snapshot,
)
from core.recovery import RecoverySession
from core.settings import RecentProjects
from desktop.workers import Op, TaskManager

log = get_logger("controller")

AUTOSAVE_DELAY_MS = 2000


class ProjectController(QObject):
    replaced = Signal()  # another project is now open: pages rebuild
    changed = Signal(frozenset)  # tags of what changed inside the project
    state_changed = Signal()  # name, path or unsaved marker changed: title, menus

    def __init__(
        self,
        tasks: TaskManager,
        recent: RecentProjects,
        recovery: RecoverySession | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.recent = recent
        self.recovery = recovery
        self.project: Project = Project()
        self.path: Path | None = None
        self.dirty = False
        self._saved = content_fingerprint(self.project)  # content at the last open or save
        self._revision = 0  # bumped on every change; a save clears dirty only if unchanged
        self._closed = False
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave_now)

    # ---- state
    @property
    def title(self) -> str:
        return self.project.display_name

    def set_project(self, project: Project, path: Path | None = None, dirty: bool = False) -> None:
        old = self.project
        self.project = project
        self.path = Path(path) if path else None
        self.dirty = dirty
        self._saved = None if dirty else content_fingerprint(project)
        self._revision += 1
        if self.recovery is not None and old is not project:
            self.recovery.discard(old.id)
        if path:
            self.recent.add(Path(path))
        self.replaced.emit()
        self.state_changed.emit()
        if dirty:
            self._autosave_timer.start()

    def mark_changed(self, *tags: str) -> None:
        """Pages call this after changing the project through core. The project counts as
        changed only when its content differs from the last open or save: what a page works
        out by itself, or a change undone again, does not ask "Wijzigingen opslaan?"."""
        self._revision += 1
        was_dirty = self.dirty
        self.dirty = content_fingerprint(self.project) != self._saved
        self.changed.emit(frozenset(tags))
        if was_dirty != self.dirty or "name" in tags:
            self.state_changed.emit()
        if self.dirty and not self._closed:
            self._autosave_timer.start()

    @property
    def is_pristine(self) -> bool:
        """A new, untouched project that may be replaced without asking."""
        return self.path is None and not self.dirty

    # ---- actions (each returns the running Op so callers and tests can wait)
    def new_project(self) -> None:
        self.set_project(Project())

    def open(self, path: Path) -> Op:
        path = Path(path)

        def opened(project: Project) -> None:
            self.set_project(project, path)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, FileNotFoundError) or not path.exists():
                self.recent.remove(path)
                self.state_changed.emit()
            self.tasks.error_handler(exc)

        return (
            self.tasks.op(open_project, path)
            .with_progress("Project openen…")
            .on_success(opened)
            .on_failure(failed)
            .run()
        )

    def open_example(self) -> Op:
        return (
            self.tasks.op(build_example_project)
            .with_progress("Voorbeeldproject openen…")
            .on_success(lambda project: self.set_project(project, dirty=False))
            .run()
        )

    def save(self, path: Path | None = None) -> Op | None:
        """Save to ``path`` (or the current file). Returns None when there is no file yet."""
        target = Path(path) if path else self.path
        if target is None:
            return None
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        snap = snapshot(self.project)
        revision = self._revision
        project_id = self.project.id
        content = content_fingerprint(self.project)

        def saved(written: Path) -> None:
            self.path = written
            self.recent.add(written)
            if self._revision == revision:
                self._saved = content
                self.dirty = False
                self._autosave_timer.stop()
                if self.recovery is not None:
                    self.recovery.discard(project_id)
            self.state_changed.emit()

        return (
            self.tasks.op(write_snapshot, snap, target)
            .with_progress("Project opslaan…")
            .on_success(saved)
            .run()
        )

    def close(self) -> None:
        """The window closes: no recovery copy is started any more (the workers stop)."""
        self._closed = True
        self._autosave_timer.stop()

    def autosave_now(self) -> Op | None:
        if self.recovery is None or not self.dirty or self._closed:
            return None
        snap = snapshot(self.project)
        path = str(self.path) if self.path else None
        # Failures of the recovery copy must not interrupt the user; they are logged.
        return (
            self.tasks.op(self.recovery.autosave, snap, path)
            .on_failure(lambda exc: log_exception(log, "autosave failed", exc))
            .run()
        )

    def autosave_blocking(self) -> Path | None:
        """Write the recovery copy right now, on this thread (after an unexpected error)."""
        if self.recovery is None or not self.dirty:
            return None
        return self.recovery.autosave(snapshot(self.project), str(self.path) if self.path else None)
