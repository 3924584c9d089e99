"""The ``report`` section of the project file: what the user writes for the report.

Everything the data can tell is computed when the report is built; this section
keeps only what the user adds or decides: the cover (title, date, logo), the key
message, the summary, a note per chapter, the next question, and the action table
with the proposals the user turned down. Reading is tolerant: a missing or odd key
falls back to its default, so an older or hand-edited file still opens.

A plain model without dependencies on the rest of the engine, so ``core.project``
can import it. Editing goes through ``core.report.actions`` and ``set_text`` here,
which validate.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.errors import UserError
from core.house_style import read_typed_date
from core.i18n import _

# Chapters the user may add a note to, in report order (resources/report/texts.json
# holds their titles).
NOTE_SECTIONS = ("question", "data", "quality", "analyses", "maturity", "actions")
TEXT_FIELDS = ("title", "subtitle", "author", "key_message", "summary", "next_question")
PRIORITIES = ("hoog", "middel", "laag")
# Policy actions (what the municipality does about the answer) come first in the report;
# internal data tasks (better exports, privacy, maturity) are grouped below them.
GROUPS = ("beleid", "data")
MAX_DECISIONS = 8
LOGO_FORMATS = ("png", "jpg")
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_TEXT = 20_000  # characters per text field: a report is short


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _new_id() -> str:
    return uuid.uuid4().hex[:10]


@dataclass
class Action:
    """One line of the action table: what, who, when, how urgent, and why (the source)."""

    action: str = ""
    owner: str = ""  # eigenaar
    deadline: str = ""  # termijn: an ISO date, or free text such as "doorlopend"
    priority: str = "middel"  # one of PRIORITIES
    source: str = ""  # bron: the finding, advice or chart it comes from
    origin: str = ""  # id of the proposal it was accepted from; "" for the user's own
    id: str = field(default_factory=_new_id)
    group: str = ""  # one of GROUPS; "" = from the origin (see ``kind``)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "action": self.action, "owner": self.owner,
            "deadline": self.deadline, "priority": self.priority, "source": self.source,
            "origin": self.origin, "group": self.group,
        }

    @property
    def kind(self) -> str:
        """'beleid' or 'data': as the user set it, else from where the action came from
        (check findings and maturity advice are internal data tasks)."""
        if self.group in GROUPS:
            return self.group
        return "data" if self.origin.startswith(("finding:", "maturity:")) else "beleid"

    @classmethod
    def from_dict(cls, data: Any) -> Action | None:
        if not isinstance(data, dict):
            return None
        priority = data.get("priority")
        return cls(
            action=_text(data.get("action")),
            owner=_text(data.get("owner")),
            deadline=_text(data.get("deadline")),
            priority=priority if priority in PRIORITIES else "middel",
            source=_text(data.get("source")),
            origin=_text(data.get("origin")),
            id=_text(data.get("id")) or _new_id(),
            group=data.get("group") if data.get("group") in GROUPS else "",
        )

    @property
    def complete(self) -> bool:
        """An action an alderman can hold someone to: what, who and when."""
        return bool(self.action.strip() and self.owner.strip() and self.deadline.strip())


@dataclass
class Logo:
    """The municipality's logo for the cover, kept in the project file."""

    data: bytes
    format: str  # one of LOGO_FORMATS

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "data": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_dict(cls, data: Any) -> Logo | None:
        if not isinstance(data, dict) or data.get("format") not in LOGO_FORMATS:
            return None
        try:
            raw = base64.b64decode(_text(data.get("data")), validate=True)
        except (binascii.Error, ValueError):
            return None
        return cls(raw, data["format"]) if raw and sniff_image(raw) == data["format"] else None


def sniff_image(raw: bytes) -> str | None:
    """'png' or 'jpg' from the file's first bytes; None for anything else."""
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if raw.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


@dataclass
class ReportSection:
    """``Project.report``."""

    title: str = ""  # "" = the project's name
    subtitle: str = ""  # "" = the question
    author: str = ""  # "" = the project's author
    date: str = ""  # ISO date; "" = the day the report is made
    logo: Logo | None = None
    key_message: str = ""  # kernboodschap; "" = the suggestion from the charts
    summary: str = ""
    notes: dict[str, str] = field(default_factory=dict)  # NOTE_SECTIONS id -> text
    next_question: str = ""  # "" = the first question for later
    decisions: list[str] = field(default_factory=list)  # "Wat vragen wij van u?", in order
    actions: list[Action] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)  # proposal ids the user turned down

    def note(self, section_id: str) -> str:
        return self.notes.get(section_id, "")

    def accepted_origins(self) -> set[str]:
        return {a.origin for a in self.actions if a.origin}

    def action(self, action_id: str) -> Action:
        for item in self.actions:
            if item.id == action_id:
                return item
        raise KeyError(action_id)

    def is_empty(self) -> bool:
        return self == ReportSection()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "author": self.author,
            "date": self.date,
            "logo": self.logo.to_dict() if self.logo else None,
            "key_message": self.key_message,
            "summary": self.summary,
            "notes": {k: v for k, v in self.notes.items() if v},
            "next_question": self.next_question,
            "decisions": list(self.decisions),
            "actions": [a.to_dict() for a in self.actions],
            "dismissed": list(self.dismissed),
        }

    @classmethod
    def from_dict(cls, data: Any) -> ReportSection:
        if not isinstance(data, dict):
            return cls()
        notes = data.get("notes") if isinstance(data.get("notes"), dict) else {}
        actions = [a for a in (Action.from_dict(x) for x in data.get("actions") or []) if a]
        dismissed = [d for d in data.get("dismissed") or [] if isinstance(d, str)]
        report_date = _text(data.get("date"))
        try:
            date.fromisoformat(report_date)
        except ValueError:
            report_date = ""
        return cls(
            title=_text(data.get("title")),
            subtitle=_text(data.get("subtitle")),
            author=_text(data.get("author")),
            date=report_date,
            logo=Logo.from_dict(data.get("logo")),
            key_message=_text(data.get("key_message")),
            summary=_text(data.get("summary")),
            notes={k: v for k, v in notes.items() if k in NOTE_SECTIONS and isinstance(v, str)},
            next_question=_text(data.get("next_question")),
            decisions=[d.strip() for d in data.get("decisions") or []
                       if isinstance(d, str) and d.strip()][:MAX_DECISIONS],
            actions=actions,
            dismissed=dismissed,
        )


# --------------------------------------------------------------------------- editing


def _too_long() -> UserError:
    return UserError(
        _("Deze tekst is te lang voor het rapport."),
        _("Houd het kort: een wethouder leest liever een halve pagina dan vijf. "
          "Zet details in een bijlage bij uw eigen stukken."),
    )


def set_text(section: ReportSection, name: str, value: str) -> None:
    """Set one of the free texts (TEXT_FIELDS) or a chapter note ("note:<section>")."""
    value = str(value or "")
    if len(value) > MAX_TEXT:
        raise _too_long()
    if name.startswith("note:"):
        key = name.removeprefix("note:")
        if key not in NOTE_SECTIONS:
            raise ValueError(f"unknown report section {key!r}")
        if value.strip():
            section.notes[key] = value
        else:
            section.notes.pop(key, None)
    elif name in TEXT_FIELDS:
        setattr(section, name, value)
    else:
        raise ValueError(f"set_text cannot set {name!r}")


def set_decisions(section: ReportSection, text: str | list[str]) -> None:
    """The decision points for the alderman: one per line (a leading '-' or number is
    dropped), at most MAX_DECISIONS."""
    lines = text.splitlines() if isinstance(text, str) else list(text or [])
    found = [re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])\s*", "", str(line)).strip() for line in lines]
    found = [line for line in found if line]
    if sum(len(line) for line in found) > MAX_TEXT:
        raise _too_long()
    if len(found) > MAX_DECISIONS:
        raise UserError(
            _("Dit zijn te veel besluitpunten."),
            _("Vraag de wethouder om hooguit {n} besluiten; zet de rest bij de acties.").format(
                n=MAX_DECISIONS),
        )
    section.decisions = found


def parse_date(text: str | date) -> str:
    """A typed date (31-3-2025, 2025-03-31) as ISO text; "" stays "". Else a UserError."""
    if isinstance(text, date):
        return text.isoformat()
    text = (text or "").strip()
    if not text:
        return ""
    typed = read_typed_date(text)
    if typed is not None:
        return typed.isoformat()
    raise UserError(
        _("Deze datum kan Stuurwijzer niet lezen."),
        _("Schrijf de datum als dag-maand-jaar, bijvoorbeeld 31-3-2025."),
    )


def set_date(section: ReportSection, text: str | date) -> None:
    section.date = parse_date(text)


_LOOKS_LIKE_DATE = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\s*$")


def normalise_deadline(text: str) -> str:
    """A deadline that looks like a date is stored as an ISO date (shown the Dutch way);
    anything else ("doorlopend", "voor de begroting") stays as written."""
    text = (text or "").strip()
    if _LOOKS_LIKE_DATE.match(text):
        return parse_date(text)
    return text


def deadline_for_editing(deadline: str) -> str:
    """An ISO deadline as the user types dates (31-03-2025); other text as it is."""
    try:
        return date.fromisoformat(deadline).strftime("%d-%m-%Y") if len(deadline) == 10 else \
            deadline
    except ValueError:
        return deadline


def set_logo(section: ReportSection, raw: bytes | None) -> None:
    """Put a logo on the cover (PNG or JPG, at most 2 MB); None removes it."""
    if raw is None:
        section.logo = None
        return
    kind = sniff_image(raw)
    if kind is None:
        raise UserError(
            _("Dit bestand is geen PNG- of JPG-afbeelding."),
            _("Kies het logo van uw gemeente als PNG of JPG. Een SVG kunt u eerst als PNG "
              "opslaan."),
        )
    if len(raw) > MAX_LOGO_BYTES:
        raise UserError(
            _("Dit logo is groter dan 2 MB."),
            _("Kies een kleinere versie van het logo; voor een voorkant is 500 pixels breed "
              "genoeg."),
        )
    section.logo = Logo(raw, kind)
