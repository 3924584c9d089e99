"""The base of every wizard page.

A page reads the open project from the controller, calls core to do things,
and reports changes with ``controller.mark_changed(tag)``. It holds no project
state of its own. ``self_check`` lets ``selftest`` ask a page whether it is
healthy (e.g. its example content rendered).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from PySide6.QtWidgets import QWidget

from core.steps import StepInfo

if TYPE_CHECKING:
    from desktop.controller import ProjectController
    from desktop.workers import TaskManager


class ProjectActions(Protocol):
    """The project menu's actions (they ask about unsaved changes first)."""

    def new_project(self) -> None: ...
    def open_project(self, path: Path | None = None) -> None: ...
    def open_example(self) -> None: ...


@dataclass
class PageContext:
    controller: ProjectController
    tasks: TaskManager
    actions: ProjectActions
    go_to: Callable[[str], None]  # move the wizard to another step


class StepPage(QWidget):
    step_id: ClassVar[str] = ""

    def __init__(self, ctx: PageContext, info: StepInfo) -> None:
        super().__init__()
        self.ctx = ctx
        self.info = info
        self.setAccessibleName(info.label)
        ctx.controller.replaced.connect(self.on_project_replaced)
        ctx.controller.changed.connect(self.on_project_changed)

    @property
    def project(self):
        return self.ctx.controller.project

    def on_project_replaced(self) -> None:
        """Another project was opened: show its content."""

    def on_project_changed(self, tags: frozenset) -> None:
        """Something inside the project changed (tags say what)."""

    def on_shown(self) -> None:
        """The user navigated to this page."""

    def may_leave(self) -> bool:
        """Asked before the user moves to another step; False keeps them here."""
        return True

    def self_check(self) -> list[str]:
        """Problems this page can see in itself (for selftest). Empty when all is well."""
        return []
