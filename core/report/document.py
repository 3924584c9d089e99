"""The report as data: what the PDF and the Word renderer both draw.

Every text is final Dutch, every number already formatted the Dutch way
(core.house_style) and every figure from data already passed the small-number
rule (core.suppression, via core.charts). The renderers only lay it out, so the
PDF and the Word document cannot disagree. ``to_json`` is what the Typst template
receives through ``sys.inputs``.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure

from core.report.actions import Proposal
from core.report.consistency import Figures, Issue

# Matplotlib figures are not safe to save from two threads at once; a cached figure
# may be asked for its PNG by an export while a preview reads the SVG.
_figure_lock = threading.Lock()

_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


def blocks(text: str) -> list[dict[str, Any]]:
    """User text as blocks: paragraphs (split on blank lines, lines kept) and bullet
    lists (lines that start with '-', '*', '•' or '1.'). Nothing is interpreted as markup."""
    found: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            if _LIST_ITEM.match(line):
                if paragraph:
                    found.append({"kind": "p", "lines": paragraph})
                    paragraph = []
                items.append(_LIST_ITEM.sub("", line, count=1))
            elif items and line.startswith((" ", "\t")):
                items[-1] += " " + line.strip()  # a wrapped list item
            else:
                if items:
                    found.append({"kind": "list", "lines": items})
                    items = []
                paragraph.append(line.strip())
        if paragraph:
            found.append({"kind": "p", "lines": paragraph})
        if items:
            found.append({"kind": "list", "lines": items})
    return found


@dataclass(frozen=True)
class Picture:
    """A chart in the report: SVG for the PDF, PNG for Word, always with alt text."""

    alt: str
    svg: str
    figure: Figure = field(repr=False, compare=False)
    width_cm: float = 16.0
    title: str = ""  # short name of the picture (Word shows it beside the alt text)

    def png(self, dpi: int = 200) -> bytes:
        buffer = io.BytesIO()
        with _figure_lock:
            self.figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight",
                                pad_inches=0.04, facecolor=self.figure.get_facecolor())
        return buffer.getvalue()


def figure_svg(figure: Figure, title: str = "") -> str:
    """The figure as SVG text, cropped to what is drawn (text stays vector paths)."""
    buffer = io.BytesIO()
    with _figure_lock:
        figure.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.04,
                       facecolor=figure.get_facecolor(),
                       metadata={"Title": title, "Creator": "Stuurwijzer", "Date": None})
    return buffer.getvalue().decode("utf-8")


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    widths: list[float] = field(default_factory=list)  # relative column widths; [] = even
    numeric: list[int] = field(default_factory=list)  # columns of figures: right-aligned
    notes: list[str] = field(default_factory=list)  # under the table: what it leaves out
    total: bool = False  # the last row adds up the others (printed bold)

    def to_json(self) -> dict[str, Any]:
        return {"header": self.header, "rows": self.rows, "caption": self.caption,
                "widths": self.widths or [1] * len(self.header),
                "align": ["right" if n in self.numeric else "left"
                          for n in range(len(self.header))],
                "notes": self.notes, "total": self.total}


def _plain(value: Any) -> Any:
    """Tables inside sections become plain JSON, at any depth."""
    if isinstance(value, Table):
        return value.to_json()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class KeyFigure:
    value: str  # '24 dagen', '81%'
    label: str  # 'Mediane wachttijd'
    note: str = ""  # 'Norm: 42 dagen'


@dataclass(frozen=True)
class ChartBlock:
    id: str
    title: str
    picture: Picture | None
    seen: list[dict[str, Any]]  # blocks of the user's "wat ziet u?"
    meaning: list[dict[str, Any]]
    action: list[dict[str, Any]]
    warning: str = ""  # stale words, or why the chart could not be made
    table: Table | None = None  # the same figures as text (appendix C)


@dataclass(frozen=True)
class ReportDocument:
    """The whole report. ``labels`` are the fixed texts (resources/report/texts.json)."""

    labels: dict[str, Any]
    cover: dict[str, Any]
    logo: tuple[bytes, str] | None  # (data, "png"/"jpg")
    summary: dict[str, Any]
    key_figures: list[KeyFigure]
    question: dict[str, Any]
    data: dict[str, Any]
    quality: dict[str, Any]
    charts: list[ChartBlock]
    maturity: dict[str, Any]
    maturity_picture: Picture | None
    actions: dict[str, Any]
    open: dict[str, Any]
    appendix: dict[str, Any]
    notes: dict[str, list[dict[str, Any]]]
    # For the app, not printed:
    todos: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)  # every proposal
    pending: list[Proposal] = field(default_factory=list)  # not yet accepted or turned down
    key_message_suggested: bool = False
    decision_proposals: list[str] = field(default_factory=list)  # for "Wat vragen wij van u?"
    open_fields: list[str] = field(default_factory=list)  # to-dos: template fields not filled
    # What the user wrote that the figures or dates no longer support (core.report.consistency)
    issues: list[Issue] = field(default_factory=list)
    figures: Figures | None = None  # every figure the report shows

    @property
    def title(self) -> str:
        return self.cover["title"]

    def pictures(self) -> list[Picture]:
        found = [c.picture for c in self.charts if c.picture is not None]
        return found + ([self.maturity_picture] if self.maturity_picture else [])

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for the Typst template: pictures as SVG text, the logo as bytes."""
        def chart(block: ChartBlock) -> dict[str, Any]:
            return {
                "id": block.id, "title": block.title,
                "image": ({"svg": block.picture.svg, "alt": block.picture.alt}
                          if block.picture else None),
                "seen": block.seen, "meaning": block.meaning, "action": block.action,
                "warning": block.warning,
                "table": block.table.to_json() if block.table else None,
            }

        maturity = _plain(self.maturity)
        if self.maturity_picture is not None:
            maturity["image"] = {"svg": self.maturity_picture.svg,
                                 "alt": self.maturity_picture.alt}
        return {
            "labels": self.labels,
            "cover": self.cover,
            # Typst has no base64: bytes travel as a list of numbers (a logo is small).
            "logo": list(self.logo[0]) if self.logo else None,
            "summary": self.summary,
            "key_figures": [f.__dict__ for f in self.key_figures],
            "question": _plain(self.question),
            "data": _plain(self.data),
            "quality": _plain(self.quality),
            "charts": [chart(c) for c in self.charts],
            "maturity": maturity,
            "actions": _plain(self.actions),
            "open": _plain(self.open),
            "appendix": _plain(self.appendix),
            "notes": self.notes,
        }
