"""The step pages of the main window, each built the first time it is shown or asked for.

Building every page at the start imported matplotlib and the report engine before the
window could appear (1.9–2.8 s after the splash, issue 17). Each step gets an empty scroll
area in the stack at once; its page is made when the stack turns to it or when someone
asks for it (``pages[step_id]``, ``MainWindow.page``). A page built late shows the open
project like one built at the start: every page loads the project in its constructor.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget

from core.steps import StepInfo
from desktop.steps import PageContext, StepPage, page_class


class PageStack(Mapping[str, StepPage]):
    """step id -> page. Lists every step; looking a page up builds it if needed."""

    def __init__(self, stack: QStackedWidget, infos: Sequence[StepInfo],
                 ctx: PageContext) -> None:
        self._stack = stack
        self._ctx = ctx
        self._infos = {info.id: info for info in infos}
        self._holders: dict[str, QScrollArea] = {}
        self._built: dict[str, StepPage] = {}
        for info in infos:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed Tab stop before the page
            self._holders[info.id] = scroll
            stack.addWidget(scroll)
        # Build before the step appears, so the page is visible when it is told it is shown.
        stack.currentChanged.connect(self._turned_to)

    def __getitem__(self, step_id: str) -> StepPage:
        page = self._built.get(step_id)
        if page is None:
            page = page_class(step_id)(self._ctx, self._infos[step_id])
            self._built[step_id] = page
            self._holders[step_id].setWidget(page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def built(self) -> list[StepPage]:
        """The pages made so far (the others show nothing yet)."""
        return list(self._built.values())

    def _turned_to(self, index: int) -> None:
        holder = self._stack.widget(index)
        for step_id, scroll in self._holders.items():
            if scroll is holder:
                self[step_id]
                return
