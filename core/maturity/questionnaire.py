"""The questionnaire, read from resources/maturity/questionnaire.json.

Content (levels, themes, items, answer options, strengths, next steps) lives
in that file; this module gives it types. Every option of an item belongs to
one level: ``options[0]`` describes level 1, ``options[4]`` level 5.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from core.i18n import _
from core.paths import load_json_resource

RESOURCE = ("maturity", "questionnaire.json")
TEXTS = ("maturity", "texts.json")


@dataclass(frozen=True)
class Level:
    number: int
    label: str  # Dutch label, e.g. "Systematisch"
    gartner: str  # the Gartner name, e.g. "Systematic"
    summary: str
    description: str
    meaning: str  # what this level means for the analyses that fit
    stage: str  # the matching stage of the Dutch staged model ("databeperkend" ... "databedreven")

    @property
    def title(self) -> str:
        return _("Niveau {n}: {label}").format(n=self.number, label=self.label)


@dataclass(frozen=True)
class Item:
    id: str
    number: str  # "3.2": theme 3, item 2 (as shown to users and in the answer form)
    text: str
    options: tuple[str, ...]  # five descriptions, level 1 first
    dimension: str  # "mens", "techniek" or "organisatie" (the nulmeting's three sides)


@dataclass(frozen=True)
class Theme:
    id: str
    number: int
    name: str
    short: str  # for chart axes
    why: str
    items: tuple[Item, ...]
    strengths: dict[int, str]  # level 2-5 -> what already goes well
    next_steps: dict[int, str]  # level 1-4 -> one concrete step to the next level


@dataclass(frozen=True)
class Scoring:
    min_answered_per_theme: int
    min_known_themes: int
    disagreement_levels: int
    few_answers: int  # a theme resting on fewer answers moves a level with one answer
    certainty: tuple[dict[str, Any], ...]  # rules, most certain first


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    minutes: int
    dont_know: str
    levels: tuple[Level, ...]
    themes: tuple[Theme, ...]
    analysis_types: dict[str, dict[str, str]]  # id -> {"label", "question", "verb"}
    analysis_fit: dict[str, Any]  # the rule core.maturity.fit applies
    dimensions: dict[str, str]  # "mens" / "techniek" / "organisatie" -> label
    scoring: Scoring
    fingerprint: str  # changes whenever ids or texts change (answer forms carry it)

    def level(self, number: int) -> Level:
        return self.levels[number - 1]

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    @property
    def items(self) -> list[Item]:
        return [item for theme in self.themes for item in theme.items]

    def theme_of(self, item_id: str) -> Theme:
        for theme in self.themes:
            if any(item.id == item_id for item in theme.items):
                return theme
        raise KeyError(item_id)


def _fingerprint(raw: dict[str, Any]) -> str:
    content = [
        (item["id"], item["text"], item["options"])
        for theme in raw["themes"]
        for item in theme["items"]
    ]
    blob = json.dumps([raw["id"], raw["version"], content], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def load_questionnaire() -> Questionnaire:
    """The questionnaire with its texts translated for display."""
    raw = load_json_resource(*RESOURCE)
    levels = tuple(
        Level(
            number=entry["number"],
            label=_(entry["label"]),
            gartner=entry["gartner"],
            summary=_(entry["summary"]),
            description=_(entry["description"]),
            meaning=_(entry["meaning"]),
            stage=_(entry["stage"]),
        )
        for entry in raw["levels"]
    )
    themes = tuple(
        Theme(
            id=theme["id"],
            number=t_no,
            name=_(theme["name"]),
            short=_(theme["short"]),
            why=_(theme["why"]),
            items=tuple(
                Item(item["id"], f"{t_no}.{i_no}", _(item["text"]),
                     tuple(_(o) for o in item["options"]), item["dimension"])
                for i_no, item in enumerate(theme["items"], start=1)
            ),
            strengths={int(k): _(v) for k, v in theme["strengths"].items()},
            next_steps={int(k): _(v) for k, v in theme["next_steps"].items()},
        )
        for t_no, theme in enumerate(raw["themes"], start=1)
    )
    s = raw["scoring"]
    return Questionnaire(
        id=raw["id"],
        version=raw["version"],
        minutes=raw["minutes"],
        dont_know=_(raw["dont_know"]),
        levels=levels,
        themes=themes,
        analysis_types={
            key: {name: _(v[name]) for name in ("label", "question", "verb")}
            for key, v in raw["analysis_types"].items()
        },
        analysis_fit=raw["analysis_fit"],
        dimensions={key: _(label) for key, label in raw["dimensions"].items()},
        scoring=Scoring(
            min_answered_per_theme=s["min_answered_per_theme"],
            min_known_themes=s["min_known_themes"],
            disagreement_levels=s["disagreement_levels"],
            few_answers=s["few_answers"],
            certainty=tuple(s["certainty"]),
        ),
        fingerprint=_fingerprint(raw),
    )


def texts() -> dict[str, Any]:
    """Explanations shown around the questionnaire and results (translate where shown)."""
    return load_json_resource(*TEXTS)


def text(key: str, **values: Any) -> str:
    """One translated text from resources/maturity/texts.json, with {placeholders} filled."""
    shown = _(texts()[key])
    return shown.format(**values) if values else shown
