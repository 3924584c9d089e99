"""Wizard pages: one module per step. ``PAGES`` maps a step id to its page class;
steps without their own page yet get the placeholder that explains them."""

from __future__ import annotations

from desktop.steps.base import PageContext, PlaceholderPage, StepPage
from desktop.steps.data import DataPage
from desktop.steps.start import StartPage

PAGES: dict[str, type[StepPage]] = {
    "start": StartPage,
    "data": DataPage,
}


def page_class(step_id: str) -> type[StepPage]:
    return PAGES.get(step_id, PlaceholderPage)


__all__ = ["PAGES", "PageContext", "StepPage", "page_class"]
