"""House style in one place: colours and Dutch formatting of numbers and dates.

Used by charts, tables, the app and the report alike. The Grafieken step
(issue 7) owns and extends it.
"""

from __future__ import annotations

from datetime import date, datetime

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
PRIMARY = "#154273"
MONTHS_SHORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTHS_LONG = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]


def format_number(value: float | int, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (decimals=1)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_euro(value: float, decimals: int = 0) -> str:
    return f"€ {format_number(value, decimals)}"


def format_percent(fraction: float, decimals: int = 0) -> str:
    """0.423 -> '42%' ; Dutch style without a space."""
    return f"{format_number(fraction * 100, decimals)}%"


def format_date(value: date | datetime, long: bool = False) -> str:
    """3 mrt 2024 (short) or 3 maart 2024 (long)."""
    months = MONTHS_LONG if long else MONTHS_SHORT
    return f"{value.day} {months[value.month - 1]} {value.year}"
