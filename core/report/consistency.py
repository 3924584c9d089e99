"""Does what the user wrote still match the figures and the dates? (one place for the rules)

The report's own texts take every number from the model (core.analysis via
core.charts), so they cannot disagree with the charts. What the user writes (the
key message, the summary, the decision points, the words under a chart, the
actions, the question) is free text, written on the data of that day. When the
data, the definitions or the calendar move on, such a text can start to say
something the report no longer supports. This module finds that:

- a figure (a percentage, a number of days or weeks, an amount, a count of
  toewijzingen, cliënten...) that no chart, table or key figure shows;
- a date or year used as a plan or a target ("het doel voor 2025", "in juni 2025
  kijken we") that lies before the data's end (so the data already cover it) or
  before the report's date (so it is in the past);
- an action whose deadline has passed;
- a template's ``[placeholder]`` the user has not filled in.

Findings are ``Issue``s with a Dutch B1 sentence; the Rapport step shows them
before export and ``stuurwijzer report`` lists them on stderr. Nothing here reads
data: the builder passes the figures it showed (``Figures``) and the dates.

The readers of Dutch dates and numbers (``find_dates``, ``find_numbers``,
``parse_period``) are also what the report uses to read the question's period.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.house_style import MONTHS_LONG, MONTHS_SHORT, format_date
from core.i18n import _
from core.paths import load_json_resource
from core.question import PLACEHOLDER

# --------------------------------------------------------------------------- dates

_MONTHS = {name: n for n, name in enumerate(MONTHS_LONG, start=1)}
_MONTHS.update({name: n for n, name in enumerate(MONTHS_SHORT, start=1)})
_MONTHS.update({"sept": 9, "febr": 2, "aug.": 8})
_MONTH_WORD = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_QUARTERS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4}

_DATE_PATTERNS = [
    # 31 maart 2025, 1 jan 2024
    ("day", re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_WORD})\.?\s+(?P<y>(?:19|20)\d\d)\b",
                       re.IGNORECASE)),
    # 31-3-2025, 31/03/2025, 2025-03-31
    ("numeric", re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d\d)\b")),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    # eerste kwartaal van 2025, K1 2025, Q1 2025
    ("quarter", re.compile(rf"\b(?P<q>{'|'.join(_QUARTERS)})\s+kwartaal\s+(?:van\s+)?"
                           r"(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)),
    ("quarter_code", re.compile(r"\b[KQ](?P<q>[1-4])[\s-]*(?P<y>(?:19|20)\d\d)\b")),
    # juni 2025
    ("month", re.compile(rf"\b(?P<m>{_MONTH_WORD})\.?\s+(?P<y>(?:19|20)\d\d)\b",
                         re.IGNORECASE)),
    # 2025 (not a part of a longer number, an amount or a code)
    ("year", re.compile(r"(?<![\d.,€/-])\b(?P<y>(?:19|20)\d\d)\b(?![.,]\d|-\d{2}-)")),
]


@dataclass(frozen=True)
class DateMention:
    start: date  # first day of what is named (a year: 1 january)
    end: date  # last day (a year: 31 december)
    text: str  # as written
    position: int  # where in the text


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find_dates(text: str) -> list[DateMention]:
    """Dates, months, quarters and years in Dutch text, in the order they appear.
    Inside a longer match (the 2025 of '31 maart 2025') nothing is read twice."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text or ""):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            groups = match.groupdict()
            year = int(groups["y"])
            try:
                if kind in ("day", "numeric", "iso"):
                    month = (_MONTHS[groups["m"].lower()] if kind == "day"
                             else int(groups["m"]))
                    start = end = date(year, month, int(groups["d"]))
                elif kind == "month":
                    month = _MONTHS[groups["m"].lower().rstrip(".")]
                    start, end = date(year, month, 1), _month_end(year, month)
                elif kind in ("quarter", "quarter_code"):
                    q = groups["q"]
                    quarter = _QUARTERS[q.lower()] if not q.isdigit() else int(q)
                    start = date(year, 3 * quarter - 2, 1)
                    end = _month_end(year, 3 * quarter)
                else:
                    start, end = date(year, 1, 1), date(year, 12, 31)
            except (ValueError, KeyError):
                continue
            taken.append(span)
            found.append(DateMention(start, end, match.group(0), span[0]))
    return sorted(found, key=lambda m: m.position)


def parse_period(text: str) -> tuple[date, date] | None:
    """The period a text names ('1 januari 2023 tot en met 31 december 2024', '2023-2024',
    'jan 2023 - okt 2024'): from the first date's start to the last one's end; None when
    it names no date (or the dates run backwards)."""
    mentions = find_dates(re.sub(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b", r"\1 en \2",
                                 text or ""))
    if not mentions:
        return None
    start, end = mentions[0].start, mentions[-1].end
    return (start, end) if start <= end else None


# --------------------------------------------------------------------------- numbers

UNITS = ("procent", "dagen", "euro", "aantal")
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_COUNT_NOUNS = ("toewijzingen", "toewijzing", "cliënten", "clienten", "cliënt", "jeugdigen",
                "jongeren", "kinderen", "trajecten", "traject", "declaraties",
                "startberichten", "stopberichten", "berichten", "aanbieders", "rijen",
                "personen", "inwoners")
_NUMBER_PATTERNS = [
    ("procent", re.compile(rf"(?P<n>{_NUMBER})\s?(?:%|procent\b)", re.IGNORECASE)),
    ("euro", re.compile(rf"€\s?(?P<n>{_NUMBER})(?:\s?(?P<mln>mln|miljoen)\b)?", re.IGNORECASE)),
    ("dagen", re.compile(rf"\b(?P<n>{_NUMBER})\s+(?P<w>dagen|dag|weken|week)\b", re.IGNORECASE)),
    ("aantal", re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:(?:\w+\s+){{0,2}}?)"
                          rf"(?:{'|'.join(_COUNT_NOUNS)})\b", re.IGNORECASE)),
]


@dataclass(frozen=True)
class NumberMention:
    value: float  # in the unit of the figures: a fraction for procent, days for weeks
    unit: str  # one of UNITS
    decimals: int  # as written
    text: str
    position: int


def _read_number(raw: str) -> tuple[float, int]:
    raw = raw.replace(".", "")
    decimals = len(raw.split(",")[1]) if "," in raw else 0
    return float(raw.replace(",", ".")), decimals


def find_numbers(text: str) -> list[NumberMention]:
    """Figures with a unit in Dutch text: 80%, 20,5 dagen, 6 weken (42 days), € 1,2 mln,
    27 toewijzingen. Bare numbers (message codes 305, '5 werkdagen') are no figures."""
    found: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for unit, pattern in _NUMBER_PATTERNS:
        for match in pattern.finditer(text or ""):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            value, decimals = _read_number(match.group("n"))
            if unit == "procent":
                value /= 100
            elif unit == "dagen" and match.group("w").lower().startswith("we"):
                value *= 7
            elif unit == "euro" and match.groupdict().get("mln"):
                value *= 1_000_000
                decimals = max(0, decimals - 6)
            taken.append(span)
            found.append(NumberMention(value, unit, decimals, match.group(0), span[0]))
    return sorted(found, key=lambda m: m.position)


@dataclass
class Figures:
    """Every figure the report shows, by unit: what user text may quote."""

    values: dict[str, set[float]] = field(default_factory=lambda: {u: set() for u in UNITS})

    def add(self, unit: str, *values: Any) -> None:
        target = self.values.setdefault(unit, set())
        for value in values:
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if math.isfinite(number):
                target.add(number)

    def add_text(self, *texts: str) -> None:
        """Figures that generated text (built from the model) states, e.g. a title."""
        for text in texts:
            for mention in find_numbers(text):
                self.add(mention.unit, mention.value)

    def shows(self, mention: NumberMention) -> bool:
        known = self.values.get(mention.unit, set())
        if mention.unit == "procent":
            scale, decimals = 100, mention.decimals
        elif mention.unit == "euro" and mention.value >= 1_000_000:
            scale, decimals = 1e-6, max(1, mention.decimals)
        else:
            scale, decimals = 1, mention.decimals
        wanted = round(mention.value * scale, decimals)
        # Dutch rounding (halves up) and float noise: compare within half a unit of the
        # last written digit.
        tolerance = 0.5 * 10 ** -decimals + 1e-9
        return any(abs(v * scale - wanted) <= tolerance for v in known)


# --------------------------------------------------------------------------- issues


def texts() -> dict[str, Any]:
    return load_json_resource("report", "texts.json")["consistency"]


def _t(key: str, **values: Any) -> str:
    return _(texts()[key]).format(**values)


@dataclass(frozen=True)
class Issue:
    """Something a text says that the report no longer supports."""

    kind: str  # "number", "covered", "past", "deadline", "placeholder", "doubled"
    where: str  # which text, in the words of the Rapport step
    message: str  # one B1 sentence: what, and what to do

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class UserText:
    """One text the user wrote, with how the checks read it."""

    where: str
    text: str
    future: bool = False  # a plan or target by nature (an action, a decision, the goal)
    figures: bool = True  # check the figures it quotes (not the question's own norms)
    template: bool = False  # may hold a template's [placeholders] (the question's fields)


_FUTURE_WORDS = re.compile(
    r"\b(doel|doelen|streef\w*|ambitie|uiterlijk|deadline|willen|wil|wij willen|gaan|gaat|"
    r"zullen|zal|kijken we|bekijken we|evalueren|evaluatie|eind|einde|vóór|plan|plannen|"
    r"gepland|halen|bereiken|moet|moeten|nemen we|starten we|voeren we|komt|komen|"
    r"spreken we af|volgend\w*|vanaf|tegen)\b", re.IGNORECASE)
_PAST_WORDS = re.compile(r"\b(sinds|van|vanaf|tussen|over|in de periode|tot en met|t/m|tot)\s*$",
                         re.IGNORECASE)
_CLAUSE = re.compile(r"[^.;:!?()\n,]+")
_DOUBLED = re.compile(r"\b(\w{3,})\s+\1\b", re.IGNORECASE)


def _clause_at(text: str, position: int) -> str:
    """The part of the sentence a date is in (up to a comma, colon or bracket): in 'gemiddeld
    82% in mrt 2022 (doel: 90%)' the goal is not about march 2022."""
    for match in _CLAUSE.finditer(text):
        if match.start() <= position < match.end():
            return match.group(0)
    return text


def _as_future(text: str, mention: DateMention, future_field: bool) -> bool:
    before = text[max(0, mention.position - 24):mention.position]
    if _PAST_WORDS.search(before) and not re.search(r"uiterlijk|vóór|eind\w*\s*$", before,
                                                     re.IGNORECASE):
        return False  # "van januari 2023 tot en met oktober 2024" describes data
    return future_field or bool(_FUTURE_WORDS.search(_clause_at(text, mention.position)))


def check_texts(items: Iterable[UserText], figures: Figures, *, today: date,
                data_until: date | None) -> list[Issue]:
    """The issues in what the user wrote, in the order of the texts."""
    issues: list[Issue] = []
    for item in items:
        text = item.text or ""
        if not text.strip():
            continue
        if item.template:
            for name in placeholders_in(text):
                issues.append(Issue("placeholder", item.where,
                                    _t("placeholder", placeholder=name)))
        for match in _DOUBLED.finditer(text):
            if match.group(1)[:1].isupper():  # "Gemeente Gemeente"; "dat dat" is Dutch
                issues.append(Issue("doubled", item.where, _t("doubled", words=match.group(0))))
        if item.figures:
            for number in find_numbers(text):
                if not figures.shows(number):
                    issues.append(Issue("number", item.where, _t("number", number=number.text)))
        for mention in find_dates(text):
            if not _as_future(text, mention, item.future):
                continue
            if data_until is not None and mention.end < data_until:
                issues.append(Issue("covered", item.where, _t(
                    "covered", date=mention.text, until=format_date(data_until, long=True))))
            elif mention.end < today:
                issues.append(Issue("past", item.where, _t(
                    "past", date=mention.text, today=format_date(today, long=True))))
    return issues


def target_date_issue(where: str, target_date: str, today: date) -> Issue | None:
    """The question's goal date (ISO) that lies before the report's date."""
    try:
        when = date.fromisoformat(target_date)
    except ValueError:
        return None
    if when >= today:
        return None
    return Issue("past", where, _t("target_date", date=format_date(when, long=True),
                                   today=format_date(today, long=True)))


def deadline_issue(where: str, deadline: str, today: date) -> Issue | None:
    """An action's deadline (ISO) that lies before the report's date."""
    try:
        when = date.fromisoformat(deadline)
    except ValueError:
        return None
    if len(deadline) != 10 or when >= today:
        return None
    return Issue("deadline", where, _t("deadline", date=format_date(when, long=True),
                                       today=format_date(today, long=True)))


def placeholders_in(text: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))
