"""Walk Stuurwijzer's steps the way a screen reader sees them: through the AT-SPI tree.

Run by the system Python (which has pyatspi; the project's environment does not) from
test_accessibility_atspi.py, on the D-Bus session and screen the test started. Presses
"Volgende" through its accessible action, like Orca's users do, and prints one JSON
object: per step what is said of it and the problems found.
"""

from __future__ import annotations

import json
import re
import sys
import time

import pyatspi
from gi.repository import GLib

APP_NAME = "Stuurwijzer"
INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_LIST, pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE,
    pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_SCROLL_PANE, pyatspi.ROLE_TEXT,
}
# Their children are cells: thousands of them in a data preview, read with the arrow keys.
CONTAINERS_OF_CELLS = {pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE,
                       pyatspi.ROLE_LIST, pyatspi.ROLE_COMBO_BOX}
GRAPHIC = {pyatspi.ROLE_PANEL, pyatspi.ROLE_FILLER, pyatspi.ROLE_CANVAS, pyatspi.ROLE_IMAGE,
           pyatspi.ROLE_UNKNOWN, pyatspi.ROLE_CHART}


ANNOUNCED: list[str] = []  # what the app said without moving the focus (live announcements)


def heard(event) -> None:
    ANNOUNCED.append(str(event.any_data))


def pump(seconds: float) -> None:
    """Let AT-SPI deliver its events (announcements) for ``seconds``."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.iteration(False):
            pass
        time.sleep(0.05)


def wait_for(find, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            found = find()
        except Exception:  # the tree changes while we look: look again
            found = None
        if found is not None:
            return found
        time.sleep(0.3)
    raise SystemExit(f"AT-SPI: {what} not found within {seconds:.0f} s")


def application():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name == APP_NAME and app.childCount:
            return app
    return None


def showing(acc) -> bool:
    states = acc.getState()
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def walk(acc, depth=0):
    """Every showing object under ``acc``; not into lists and tables (their cells)."""
    for child in acc:
        if child is None or not showing(child):
            continue
        yield child
        if child.getRole() not in CONTAINERS_OF_CELLS and depth < 60:
            yield from walk(child, depth + 1)


def label_objects(acc) -> list:
    return [relation.getTarget(i) for relation in acc.getRelationSet()
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
            for i in range(relation.getNTargets())]


def labels_of(acc) -> list[str]:
    return [label.name.strip() for label in label_objects(acc)]


def value_of(acc) -> str:
    if acc.getRole() == pyatspi.ROLE_COMBO_BOX:
        return acc.name.strip()  # Qt on Linux: a combo box is named by its value
    return ""


def spoken(acc) -> str:
    """Roughly what Orca says on focus: label, name, role, description."""
    role = acc.getRoleName()
    labels = [t for t in labels_of(acc) if t]
    name = acc.name.strip()
    parts = [", ".join(labels)] if labels else []
    if name and name not in labels:
        parts.append(name)
    parts.append(role)
    if acc.description.strip():
        parts.append(acc.description.strip())
    return " · ".join(parts)


def find_button(frame, prefix: str):
    for acc in walk(frame):
        if acc.getRole() == pyatspi.ROLE_PUSH_BUTTON and acc.name.startswith(prefix):
            return acc
    return None


def is_heading(acc) -> bool:
    """The heading role, or Stuurwijzer's equivalent: a label described as "kop"."""
    return acc.getRole() == pyatspi.ROLE_HEADING or (
        acc.getRole() == pyatspi.ROLE_LABEL and acc.description.strip() == "kop")


def heading_of(frame, number: int):
    for acc in walk(frame):
        if is_heading(acc) and acc.name.startswith(f"{number}. "):
            return acc
    return None


def check_step(frame, number: int) -> dict:
    problems, said, charts, headings = [], [], [], []
    heading = heading_of(frame, number)
    if heading is None:
        problems.append("no heading with the step title")
    for acc in walk(frame):
        role = acc.getRole()
        name = acc.name.strip()
        labels = [t for t in labels_of(acc) if t]
        if role == pyatspi.ROLE_MENU_BAR:
            continue
        if role in INTERACTIVE:
            what = f"{acc.getRoleName()} {name!r}"
            if any(is_heading(label) for label in label_objects(acc)):
                problems.append(f"{what}: its label is exposed as a heading")
            if not name and not labels:
                problems.append(f"{what} has no name")
            if role == pyatspi.ROLE_COMBO_BOX and not [t for t in labels if t != value_of(acc)]:
                problems.append(f"{what} is named by its value alone")
            said.append(spoken(acc))
        elif acc.getState().contains(pyatspi.STATE_FOCUSABLE) and not name and not labels:
            problems.append(f"a {acc.getRoleName()} that takes the focus has no name")
        elif is_heading(acc):
            said.append(spoken(acc))
            headings.append(name)
        elif role in GRAPHIC and re.search(r"grafiek\b", name, re.IGNORECASE):
            charts.append(spoken(acc))
            if not acc.description.strip():
                problems.append(f"chart {name!r} has no description")
    return {"heading": heading.name if heading else None, "headings": headings, "said": said,
            "charts": charts, "problems": problems}


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    pyatspi.Registry.registerEventListener(heard, "object:announcement")
    app = wait_for(application, 60, "the Stuurwijzer application")
    frame = wait_for(lambda: next((c for c in app if c.getRole() == pyatspi.ROLE_FRAME), None),
                     30, "the main window")
    report = {}
    for number in range(1, steps + 1):
        wait_for(lambda n=number: heading_of(frame, n), 30, f"the heading of step {number}")
        pump(2)  # the step's own work (checks, charts) settles
        report[number] = check_step(frame, number)
        report[number]["announced"] = [text for text in ANNOUNCED
                                       if text.startswith(f"Stap {number} van ")]
        if number < steps:
            button = wait_for(lambda: find_button(frame, "Volgende"), 10, "Volgende")
            button.queryAction().doAction(0)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
