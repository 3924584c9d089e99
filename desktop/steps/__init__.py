"""Wizard pages: one module per step. ``PAGES`` maps a step id to its page class."""

from __future__ import annotations

from desktop.steps.base import PageContext, StepPage
from desktop.steps.controle import ControlePage
from desktop.steps.data import DataPage
from desktop.steps.grafieken import GrafiekenPage
from desktop.steps.rapport import RapportPage
from desktop.steps.start import StartPage
from desktop.steps.volwassenheid import VolwassenheidPage
from desktop.steps.vraag import VraagPage

PAGES: dict[str, type[StepPage]] = {
    "start": StartPage,
    "vraag": VraagPage,
    "data": DataPage,
    "controle": ControlePage,
    "volwassenheid": VolwassenheidPage,
    "grafieken": GrafiekenPage,
    "rapport": RapportPage,
}


def page_class(step_id: str) -> type[StepPage]:
    return PAGES[step_id]


__all__ = ["PAGES", "PageContext", "StepPage", "page_class"]
