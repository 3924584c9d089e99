"""House style in one place: colours, fonts and sizes, Dutch formatting of numbers,
amounts, percentages, dates and periods, and the source line under a chart.

Used by charts, tables, the app and the report alike, so a number looks the same
everywhere (1.234,5; € 1,2 mln; 42%; 3 mrt 2024; K1 2024). No matplotlib here:
``core.charts`` applies the style to figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from core.i18n import _

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
PRIMARY = "#154273"
MONTHS_SHORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTHS_LONG = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]


@dataclass(frozen=True)
class ChartStyle:
    """Sizes in points, colours as hex. One instance, ``CHART``, is the house style."""

    font_family: str = "Lato"  # bundled (resources/report/fonts): charts and report alike
    title_size: float = 14.0
    subtitle_size: float = 10.5
    label_size: float = 10.5
    tick_size: float = 10.0
    value_size: float = 9.5
    note_size: float = 8.5
    text: str = "#1c2b3a"
    muted: str = "#5b6b7d"
    grid: str = "#dde3ea"
    axis: str = "#8a97a6"
    series: tuple[str, ...] = tuple(PALETTE[:7])  # black is kept for reference lines
    single: str = PALETTE[0]  # one series: blue
    highlight: str = PALETTE[3]  # bars beyond a norm or warning level: vermillion
    reference: str = "#1c2b3a"  # target and norm lines
    warning: str = PALETTE[1]
    other: str = "#a7b1bc"  # the "Overig" group
    background: str = "#ffffff"
    width_in: float = 9.0
    height_in: float = 5.2
    dpi: int = 100
    export_dpi: int = 200
    max_series: int = 6  # more groups than this are combined into "Overig"


CHART = ChartStyle()


def format_number(value: float | int, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (decimals=1). Halves round up, as people expect (2,5 -> 3)."""
    if not math.isfinite(value):
        return ""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{exact:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return "0" if text in ("-0", "-0,0") else text


def format_euro(value: float, decimals: int = 0) -> str:
    return f"€ {format_number(value, decimals)}"


def format_euro_compact(value: float) -> str:
    """For axes and labels: € 850.000, € 1,2 mln."""
    if abs(value) >= 1_000_000:
        millions = value / 1_000_000
        decimals = 0 if millions == round(millions) else 1
        return f"€ {format_number(millions, decimals)} mln"
    return format_euro(value)


def format_percent(fraction: float, decimals: int = 0) -> str:
    """0.423 -> '42%' ; Dutch style without a space. A share that is there but rounds to
    nothing reads '< 0,1%' (or '< 1%'): '0,0%' for 4 rows would say there are none."""
    text = format_number(fraction * 100, decimals)
    if fraction > 0 and text.strip("0,") == "":
        return f"< {format_number(10.0 ** -decimals, decimals)}%"
    return f"{text}%"


def format_share(fraction: float) -> str:
    """A part of a whole in a sentence or list: whole percents, one decimal below 10%."""
    return format_percent(fraction, 1 if 0 < fraction < 0.1 else 0)


def _percent_tick(fraction: float) -> str:
    """An axis tick is a place on the scale, not a share of something: 0% stays 0%."""
    return f"{format_number(fraction * 100)}%"


# How people type a date in the app: Dutch order first, ISO for those who paste it.
TYPED_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%y")


def read_typed_date(text: str) -> date | None:
    """A date as typed in a field (31-3-2025, 31/03/2025, 2025-03-31); None if unreadable."""
    for fmt in TYPED_DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def format_date(value: date | datetime, long: bool = False) -> str:
    """3 mrt 2024 (short) or 3 maart 2024 (long)."""
    months = MONTHS_LONG if long else MONTHS_SHORT
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_period(start: date | datetime, period: str) -> str:
    """The label of a month, quarter or year that begins on ``start``: 'jan 2024',
    'K1 2024' (kwartaal), '2024'."""
    if period == "jaar":
        return str(start.year)
    if period == "kwartaal":
        return f"K{(start.month - 1) // 3 + 1} {start.year}"
    return f"{MONTHS_SHORT[start.month - 1]} {start.year}"


def _days(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


def _count(value: float) -> str:
    return format_number(round(value))


# unit (resources/indicators.json) -> (value label, axis tick label)
_UNIT_FORMATS: dict[str, tuple[Callable[[float], str], Callable[[float], str]]] = {
    "dagen": (_days, _days),
    "procent": (format_percent, _percent_tick),
    "euro": (format_euro, format_euro_compact),
    "cliënten": (_count, _count),
}


def value_formatter(unit: str) -> Callable[[float], str]:
    """How one figure of this unit is written in a label or table cell."""
    return _UNIT_FORMATS.get(unit, (lambda v: format_number(v, 1), None))[0]


def axis_formatter(unit: str) -> Callable[[float], str]:
    """How axis ticks of this unit are written (compact for large amounts)."""
    found = _UNIT_FORMATS.get(unit)
    return found[1] if found else (lambda v: format_number(v, 0 if float(v).is_integer() else 1))


def source_line(sources: Sequence[str], made_on: date, data_until: date | None = None) -> str:
    """'Bron: Toewijzingen 2023-2024, Start zorg 2023-2024 · gegevens t/m 15 jan 2025 ·
    gemaakt op 3 mrt 2025 met Stuurwijzer'."""
    parts = [_("Bron: {sources}").format(sources=", ".join(sources))] if sources else []
    if data_until is not None:
        parts.append(_("gegevens t/m {date}").format(date=format_date(data_until)))
    parts.append(_("gemaakt op {date} met Stuurwijzer").format(date=format_date(made_on)))
    return " · ".join(parts)
