"""Turn text columns into typed columns, keeping track of what did not parse.

Types are the ids of resources/column_types.json. A value that cannot be read
as the column's type becomes missing in the typed column and is flagged in
``invalid`` so the checks can report it with its row number.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.io.reading import ImportSettings

_TRUE = {"ja", "j", "waar", "true", "1", "yes", "y", "x"}
_FALSE = {"nee", "n", "onwaar", "false", "0", "no"}


@dataclass(frozen=True)
class CoerceResult:
    values: pd.Series
    invalid: pd.Series  # bool: text present but not readable as the type


def _number_text(text: pd.Series, settings: ImportSettings, strip_currency: bool) -> pd.Series:
    cleaned = text.str.strip()
    if strip_currency:
        cleaned = cleaned.str.replace("€", "", regex=False).str.replace("EUR", "", regex=False)
        cleaned = cleaned.str.replace(r"\s+", "", regex=True)
    if settings.thousands:
        cleaned = cleaned.str.replace(settings.thousands, "", regex=False)
    if settings.decimal and settings.decimal != ".":
        cleaned = cleaned.str.replace(settings.decimal, ".", regex=False)
    return cleaned


def coerce_column(text: pd.Series, type_id: str, settings: ImportSettings) -> CoerceResult:
    present = text.notna() & (text.str.strip() != "")
    if type_id in ("text", "code"):
        values = text.astype("string")
    elif type_id in ("integer", "decimal", "amount"):
        numbers = pd.to_numeric(
            _number_text(text, settings, strip_currency=type_id == "amount"), errors="coerce"
        )
        if type_id == "integer":
            whole = numbers.notna() & (numbers % 1 == 0)
            numbers = numbers.where(whole)
            values = numbers.astype("Int64")
        else:
            values = numbers.astype("Float64")
    elif type_id == "date":
        values = pd.to_datetime(text.str.strip(), format=settings.date_format, errors="coerce")
    elif type_id == "boolean":
        lowered = text.str.strip().str.lower()
        values = pd.Series(pd.NA, index=text.index, dtype="boolean")
        values[lowered.isin(_TRUE).fillna(False)] = True
        values[lowered.isin(_FALSE).fillna(False)] = False
    else:
        raise ValueError(f"unknown column type {type_id!r}")
    invalid = (present & values.isna()).fillna(False).astype(bool)
    return CoerceResult(values, invalid)


def typed_frame(
    original: pd.DataFrame, types: dict[str, str], settings: ImportSettings
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """The original text frame with each column converted; plus per-column invalid masks."""
    out = {}
    invalid = {}
    for name in original.columns:
        result = coerce_column(original[name], types.get(name, "text"), settings)
        out[name] = result.values
        invalid[name] = result.invalid
    return pd.DataFrame(out, index=original.index), invalid
