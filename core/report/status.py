"""How far the report is, for the Rapport step's status (core/steps.py). Cheap: it reads
only the report section, never the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.i18n import _
from core.paths import load_json_resource

if TYPE_CHECKING:
    from core.project import Project


def _t(key: str, **values: object) -> str:
    return _(load_json_resource("report", "texts.json")["status"][key]).format(**values)


def report_status(project: Project | None) -> tuple[str, str]:
    """(status value of core.steps.Status, one B1 sentence why)."""
    if project is None:
        return "not_started", _t("none")
    section = project.report
    has_message = bool(section.key_message.strip())
    if not has_message and not section.actions:
        return "not_started", _t("not_started")
    missing = []
    if not has_message:
        missing.append(_t("item_key_message"))
    if not section.actions:
        missing.append(_t("item_actions"))
    if missing:
        return "in_progress", _t("missing", items=" en ".join(missing))
    if not all(action.complete for action in section.actions):
        return "attention", _t("incomplete")
    return "done", _t("done", n=len(section.actions))
