"""Guess number and date conventions and each column's type from sample values.

Everything here looks at a few thousand values at most, in plain Python: the full
columns are typed later, vectorised, by ``core.io.coerce``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from core.io.layout import vocabulary
from core.io.settings import CBS_PERIOD, EXCEL_SERIAL, ImportSettings
from core.io.statline import is_period_code

DAY_FIRST_FORMATS = (
    "%d-%m-%Y", "%d-%m-%y", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%y",
    "%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%d %B %Y",
)
ISO_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")
MONTH_FIRST_FORMATS = ("%m/%d/%Y", "%m/%d/%y")
TIME_SUFFIXES = ("", " %H:%M:%S", " %H:%M", "T%H:%M:%S")
SHARE = 0.95  # share of sample values that must fit a type
HINTED_SHARE = 0.8  # ... when the header already says so ("Begindatum", "Bedrag")

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NL_NUMBER = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d{1,2}|\d+,\d{4,})$")
_EN_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d{1,2}|\d+\.\d{4,})$")
_DIGITS = re.compile(r"^\d+$")
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9\-_/.]*$")
_POSTCODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$")
_DATE_SHAPE = re.compile(
    r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}[-/ ]+[A-Za-z]{3,9}\.?[-/ ]+\d{2,4})"
    r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
_CURRENCY = re.compile(r"(€|\beur\b|euro)", re.IGNORECASE)


def _strip_money(text: str) -> str:
    text = _CURRENCY.sub("", text)
    return _SPACES.sub("", text)


def number_convention(values: Sequence[str], delimiter: str | None) -> tuple[str, str]:
    """(decimal, thousands) from the numbers seen; Dutch when nothing tells."""
    nl = en = 0
    for value, n in Counter(values).items():  # each distinct value once, weighed
        text = _strip_money(value.strip())
        if not text or not text[-1].isdigit():
            continue
        nl += n * bool(_NL_NUMBER.match(text))
        en += n * bool(_EN_NUMBER.match(text))
    if en > nl:
        return ".", ","
    if nl > en:
        return ",", "."
    return ("." , ",") if delimiter == "," else (",", ".")


def to_number(text: str, decimal: str, thousands: str) -> float | None:
    s = _strip_money(text.strip())
    if s.endswith("%"):
        s = s[:-1]
    if thousands and thousands in s:
        grouped = re.escape(thousands)
        point = re.escape(decimal)
        if not re.match(rf"^[-+]?\d{{1,3}}({grouped}\d{{3}})+({point}\d*)?$", s):
            return None
        s = s.replace(thousands, "")
    if decimal != ".":
        if "." in s:
            return None
        s = s.replace(decimal, ".")
    try:
        return float(s)
    except ValueError:
        return None


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(" ".join(value.split()), fmt)
    except ValueError:
        return False
    return True


def date_format_of(values: Sequence[str], preferred: str | None = None,
                   share: float = SHARE) -> str | None:
    """The first format (preferred first, day before month) that reads nearly all values."""
    sample = [v.strip() for v in values if v.strip()][:300]
    need = max(1, math.ceil(share * len(sample)))
    if not sample or sum(bool(_DATE_SHAPE.match(v)) for v in sample) < need:
        return None
    bases = [preferred] if preferred else []
    bases += [f for f in (*DAY_FIRST_FORMATS, *ISO_FORMATS, *MONTH_FIRST_FORMATS)
              if f not in bases]
    for base in bases:
        for suffix in TIME_SUFFIXES:
            if suffix == "T%H:%M:%S" and not base.startswith("%Y"):
                continue
            fmt = base + suffix
            ok = 0
            for i, value in enumerate(sample):
                ok += _parses(value, fmt)
                if ok + (len(sample) - i - 1) < need:
                    break
            if ok >= need:
                return fmt
    # Exports glued together from several systems mix ways of writing a date
    # ('01/11/2010' and '03-NOV-2010'): fine when every value is day-first.
    family = [b + t for b in DAY_FIRST_FORMATS for t in TIME_SUFFIXES if t != "T%H:%M:%S"]
    fits = {f: sum(_parses(v, f) for v in sample) for f in family}
    best = max(fits, key=lambda f: fits[f])
    if fits[best] and sum(any(_parses(v, f) for f in family) for v in sample) >= need:
        return best
    return None


def _header_has(name: str, key: str) -> bool:
    """A header word is a hint, also at the end or start of a Dutch compound
    ('Berichtcode', 'Declaratiebedrag'); short hints ('id', 'nr') only as a word."""
    words = re.sub(r"[^0-9a-zà-ÿ]+", " ", name.lower()).split()
    return any(
        w == h or (len(h) >= 4 and (w.endswith(h) or w.startswith(h)))
        for w in words for h in vocabulary()[key]
    )


def elfproef(text: str) -> bool:
    if len(text) != 9 or not text.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(text[:8], range(9, 1, -1), strict=True))
    return (total - int(text[8])) % 11 == 0


def infer_type(name: str, values: Sequence[str], settings: ImportSettings) -> tuple[str, str | None]:
    """(column type id, date format or None) for one column's sample values."""
    present = [v.strip() for v in values if v is not None and v.strip() != ""]
    present = [v for v in present if v not in settings.missing_values]
    if not present:
        return "text", None
    # Samples repeat their values: each test runs once per distinct value (in order of
    # first appearance) and counts it as often as it occurs.
    counts = Counter(present)
    distinct = list(counts)

    def tally(test) -> int:
        return sum(n for v, n in counts.items() if test(v))

    need = max(1, math.ceil(SHARE * len(present)))
    lowered = {v.lower() for v in distinct}
    vocab = vocabulary()
    if lowered <= set(vocab["boolean_true"]) | set(vocab["boolean_false"]) and not all(
        v.isdigit() for v in lowered
    ):
        return "boolean", None
    if tally(is_period_code) >= need and (
        any(not v.isdigit() for v in distinct) or _header_has(name, "period_headers")
    ):
        return "date", CBS_PERIOD
    if all(_DIGITS.match(v) for v in distinct):
        if any(len(v) > 1 and v.startswith("0") for v in distinct):
            return "code", None
        if _header_has(name, "amount_headers"):
            return "amount", None
        if _header_has(name, "count_headers"):
            return "integer", None
        if _header_has(name, "date_headers") and all(20000 <= int(v) <= 80000 for v in distinct):
            return "date", EXCEL_SERIAL
        if _header_has(name, "code_headers"):
            return "code", None
        if len({len(v) for v in distinct}) == 1 and len(present[0]) >= 5:
            return "code", None
        return "integer", None
    if tally(_POSTCODE.match) >= need:
        return "code", None
    dated = _header_has(name, "date_headers")
    fmt = date_format_of(present, settings.date_format, HINTED_SHARE if dated else SHARE)
    if fmt is not None:
        return "date", None if fmt == settings.date_format else fmt
    # Product codes mix letters and digits (45A01) with digits only (54001): both are codes.
    if tally(lambda v: _CODE.match(v) or _DIGITS.match(v)) >= need and tally(_CODE.match):
        return "code", None
    numbers = {v: to_number(v, settings.decimal, settings.thousands) for v in distinct}
    hinted = _header_has(name, "amount_headers") or _header_has(name, "count_headers")
    if hinted:
        need = max(1, math.ceil(HINTED_SHARE * len(present)))
    if tally(lambda v: numbers[v] is not None) >= need:
        if any(_CURRENCY.search(v) for v in distinct) or _header_has(name, "amount_headers"):
            return "amount", None
        if all(n is None or float(n).is_integer() for n in numbers.values()) and not any(
            settings.decimal in v for v in distinct
        ):
            return "integer", None
        return "decimal", None
    return "text", None


def missing_markers(columns: dict[str, Sequence[str]], settings: ImportSettings) -> list[str]:
    """CBS writes "." for an unknown figure: a marker when it sits in number columns."""
    found = []
    for marker in vocabulary()["missing_markers"]:
        for values in columns.values():
            present = [v.strip() for v in values if v and v.strip()]
            if marker not in present:
                continue
            others = [v for v in present if v != marker]
            numbers = sum(to_number(v, settings.decimal, settings.thousands) is not None
                          for v in others)
            if others and numbers >= SHARE * len(others):
                found.append(marker)
                break
    return found


def dominant(values: Sequence[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
