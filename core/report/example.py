"""The example project's report section (resources/example/report.json).

The texts match the bundled example data. Deadlines are stored there as weeks
after the day the example is opened, so the example's action table never shows
deadlines in the past.
"""

from __future__ import annotations

from datetime import date, timedelta

from core.paths import load_json_resource
from core.report.section import Action, ReportSection


def example_report(today: date | None = None) -> ReportSection:
    spec = load_json_resource("example", "report.json")
    today = today or date.today()
    section = ReportSection.from_dict({k: v for k, v in spec.items() if k != "actions"})
    for entry in spec.get("actions", []):
        action = Action.from_dict(entry)
        if action is None:
            continue
        if "weeks" in entry:
            action.deadline = (today + timedelta(weeks=int(entry["weeks"]))).isoformat()
        section.actions.append(action)
    return section
