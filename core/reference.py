"""National iJw/iWmo code lists (resources/reference/ijw_codelists.json).

Exports write a unit, frequency or end reason as the code ("04"), its text ("Uur")
or both ("04 Uur"), and officers type plain words ("uren", "per week"). These
functions read all of them, per distinct value (a million rows hold a handful of
values), and return ids the engine reasons with; an unknown value gives missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from core.paths import load_json_resource


@cache
def codelists() -> dict[str, Any]:
    return load_json_resource("reference", "ijw_codelists.json")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("\u2019", "'").split())


@cache
def _lookup(listname: str) -> dict[str, str]:
    """Every written form of a code list's entries -> the entry's id."""
    out: dict[str, str] = {}
    for code, entry in codelists()[listname].items():
        ident = entry["id"]
        for form in (code, code.lstrip("0") or code, entry["text"], *entry.get("forms", [])):
            out[_plain(form)] = ident
    return out


_CODE_AND_TEXT = re.compile(r"^(\d{1,2})\s*[-:.]?\s+(.+)$")


def _read_one(value: str, forms: Mapping[str, str]) -> str | None:
    plain = _plain(value)
    if plain in forms:
        return forms[plain]
    match = _CODE_AND_TEXT.match(plain)
    if match:  # "04 Uur": the code decides when it is known
        return forms.get(match.group(1)) or forms.get(match.group(2))
    return None


def _per_value(values: pd.Series, read) -> pd.Series:
    """``read`` (one text -> id or None) per distinct value, mapped back to the rows."""
    return on_distinct(values, lambda u: pd.Series([read(v) for v in u], dtype="string"))


def unit_ids(values: pd.Series) -> pd.Series:
    """'04', 'Uur', '04 Uur', 'uren' -> 'uur'; see ``units`` in the code list."""
    forms = _lookup("units")
    return _per_value(values, lambda v: _read_one(v, forms))


def frequency_ids(values: pd.Series) -> pd.Series:
    """'2', 'Per week', 'week' -> 'week'; 'dag', 'week', 'maand' or 'totaal'."""
    forms = _lookup("frequencies")
    return _per_value(values, lambda v: _read_one(v, forms))


@cache
def unit_hours() -> dict[str, float]:
    """Unit id -> hours per unit, for units of time."""
    return {e["id"]: float(e["hours"]) for e in codelists()["units"].values() if "hours" in e}


@cache
def youth_categories() -> frozenset[str]:
    """The national Jeugdwet product categories (31-38 from 2015, 40-50 now)."""
    return frozenset(load_json_resource("reference", "product_categories.json")["jeugdwet"])


@cache
def residential_categories() -> frozenset[str]:
    return frozenset(codelists()["residential_categories"]["codes"])


def _end_reason_group(value: str) -> str:
    """'planned', 'other' (ended otherwise: in CBS's denominator), 'administrative'
    (not an end of the traject: outside it) or 'unknown'."""
    reasons = codelists()["end_reasons"]
    plain = _plain(value)
    match = re.match(r"^(\d{1,2})\b\s*[-:.]?\s*(.*)$", plain)
    if match:
        code, text = match.group(1).zfill(2), match.group(2)
        entry = reasons.get(code)
        # A code decides when it stands alone or its text is the code list's text; a
        # number with another text ("01 Volgens plan afgerond") is not a JZ588 code.
        if entry and (not text or _plain(entry["text"]) in text or text in _plain(entry["text"])):
            return entry["group"]
    for entry in reasons.values():
        if _plain(entry["text"]) in plain:
            return entry["group"]
    for group, words in codelists()["end_reason_words"].items():
        if group.startswith("_"):
            continue
        if any(_plain(w) in plain for w in words):
            return group
    return "unknown"


def end_reason_groups(values: pd.Series) -> pd.Series:
    """Per stop: 'planned', 'other', 'administrative', 'unknown' or 'missing'."""
    text = values.astype("string")
    groups = _per_value(text, _end_reason_group)
    return groups.mask(text.str.strip().fillna("") == "", "missing").astype("string")


def on_distinct(values: pd.Series, fn) -> pd.Series:
    """``fn`` (a vectorised Series -> Series of text) applied to the distinct values
    only and mapped back: a million rows of codes hold a few hundred values."""
    codes, uniques = pd.factorize(values)
    mapped = fn(pd.Series(uniques, dtype="string")).astype("string")
    table = pd.array([*mapped.tolist(), pd.NA], dtype="string")
    return pd.Series(table[np.where(codes >= 0, codes, len(mapped))], index=values.index,
                     dtype="string")


def _trimmed(values: pd.Series) -> pd.Series:
    text = values.str.strip()
    return text.mask(text == "")


def category_from_code(codes: pd.Series) -> pd.Series:
    """The national product category in a product code's first two digits (45A01 ->
    45); missing when the code does not start with two digits."""
    return on_distinct(codes, lambda u: u.str.strip().str.extract(r"^(\d\d)", expand=False))


def product_category(category: pd.Series | None, code: pd.Series | None,
                     index: pd.Index) -> pd.Series:
    """Per row the product category: the category column (trimmed, empty = missing),
    else the category in the product code."""
    out = pd.Series(pd.NA, index=index, dtype="string")
    if category is not None:
        out = on_distinct(category, _trimmed)
    if code is not None:
        out = out.fillna(category_from_code(code))
    return out
