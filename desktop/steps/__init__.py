"""Wizard pages: one module per step. ``PAGES`` maps a step id to its page class.

A page module is imported the first time its class is asked for: the main window builds a
page when it is first shown, so the start does not wait for matplotlib or the report
engine (issue 17).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from desktop.steps.base import PageContext, StepPage

# step id -> (module in desktop.steps, class name)
_PAGE_CLASSES: dict[str, tuple[str, str]] = {
    "start": ("start", "StartPage"),
    "vraag": ("vraag", "VraagPage"),
    "data": ("data", "DataPage"),
    "controle": ("controle", "ControlePage"),
    "volwassenheid": ("volwassenheid", "VolwassenheidPage"),
    "grafieken": ("grafieken", "GrafiekenPage"),
    "rapport": ("rapport", "RapportPage"),
}


class _PageClasses(Mapping[str, type[StepPage]]):
    """The step id -> page class registry; a class's module is imported on first use."""

    def __getitem__(self, step_id: str) -> type[StepPage]:
        module, name = _PAGE_CLASSES[step_id]
        return getattr(import_module(f"{__name__}.{module}"), name)

    def __iter__(self) -> Iterator[str]:
        return iter(_PAGE_CLASSES)

    def __len__(self) -> int:
        return len(_PAGE_CLASSES)


PAGES: Mapping[str, type[StepPage]] = _PageClasses()


def page_class(step_id: str) -> type[StepPage]:
    return PAGES[step_id]


__all__ = ["PAGES", "PageContext", "StepPage", "page_class"]
