"""Import settings in plain Dutch: the choices a user can make and a one-line summary.

Labels live in resources/texts/import_settings.json; the Data step and the CLI show
the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from core.i18n import _
from core.io.settings import ImportSettings
from core.paths import load_json_resource


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@cache
def _texts() -> dict:
    return load_json_resource("texts", "import_settings.json")


def choices(kind: str) -> list[Choice]:
    """kind: "encodings", "delimiters", "decimals" or "date_formats"."""
    return [Choice(c["id"], _(c["label"])) for c in _texts()[kind]]


def choice_label(kind: str, value: str) -> str:
    for c in choices(kind):
        if c.id == value:
            return c.label
    return value


def column_format_label(fmt: str | None) -> str:
    if not fmt:
        return ""
    special = _texts()["column_formats"]
    if fmt in special:
        return _(special[fmt])
    return choice_label("date_formats", fmt)


def reason_label(kind: str) -> str:
    return _(_texts()["reasons"].get(kind, kind))


def _rows(first: int, count: int, unit: str) -> str:
    if count <= 1:
        return _("{unit} {n}").format(unit=unit, n=first)
    if count == 2:
        return _("{unit} {a} en {b}").format(unit=unit, a=first, b=first + 1)
    return _("{unit} {a} tot en met {b}").format(unit=unit, a=first, b=first + count - 1)


def summary(settings: ImportSettings, header_lines: list[int] | None = None) -> str:
    """'Tekst in Windows (West-Europees), gescheiden door puntkomma's, ...' in one or two
    sentences."""
    decimal = _("decimale komma") if settings.decimal == "," else _("decimale punt")
    dates = choice_label("date_formats", settings.date_format).split(",")[-1].strip()
    dates = dates.removeprefix("zoals ").strip()
    if settings.format == "excel":
        first = _("Werkblad '{sheet}', getallen met {decimal}.").format(
            sheet=settings.sheet or "", decimal=decimal)
        unit = _("rij")
    else:
        first = _("Tekst in {encoding}, gescheiden door {delimiter}, getallen met {decimal}, "
                  "datums zoals {dates}.").format(
            encoding=choice_label("encodings", settings.encoding),
            delimiter=choice_label("delimiters", settings.delimiter).split("(")[0].strip(),
            decimal=decimal, dates=dates)
        unit = _("regel")
    if settings.header_rows == 0:
        second = _("Het bestand heeft geen kolomnamen.")
    else:
        start = header_lines[0] if header_lines else settings.header_row + 1
        second = _("De kolomnamen staan in {rows}.").format(
            rows=_rows(start, settings.header_rows, unit))
    return f"{first} {second}"
