"""CBS StatLine conventions: period codes and padded region codes.

StatLine writes a year as ``2023JJ00``, a quarter as ``2023KW02`` and a month as
``2023MM07``; its CSV downloads write ``2023``, and ``2024*`` for provisional figures.
A period becomes the date it starts on (``2023KW02`` -> 1 April 2023), so the usual
date checks and charts work on it. Region codes (``GM0363``, ``JZ99``) are padded with
spaces to a fixed width; as codes they are compared trimmed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_PERIOD = re.compile(r"^(\d{4})(?:(JJ)00|(KW)0([1-4])|(MM)(0[1-9]|1[0-2])|X0\d)?(\*)?$")
PERIOD_PATTERN = r"^(\d{4})(JJ00|KW0[1-4]|MM(?:0[1-9]|1[0-2])|X0\d)?\*?$"


def is_period_code(text: str) -> bool:
    return bool(_PERIOD.match(text.strip()))


def is_provisional(text: str) -> bool:
    return text.strip().endswith("*")


def period_starts(text: pd.Series) -> pd.Series:
    """Period codes -> the first day of each period (NaT where it is no period code)."""
    parts = text.str.strip().str.extract(PERIOD_PATTERN)
    year = pd.to_numeric(parts[0], errors="coerce")
    code = parts[1].fillna("JJ00")
    month = pd.Series(1, index=text.index, dtype="float64")
    quarter = code.str.startswith("KW")
    monthly = code.str.startswith("MM")
    month[quarter.fillna(False).to_numpy()] = (
        pd.to_numeric(code[quarter.fillna(False)].str[3], errors="coerce") * 3 - 2)
    month[monthly.fillna(False).to_numpy()] = pd.to_numeric(
        code[monthly.fillna(False)].str[2:], errors="coerce")
    ok = year.notna().to_numpy()
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[us]")
    if ok.any():
        y = year.to_numpy()[ok].astype("int64")
        m = month.to_numpy()[ok].astype("int64")
        out[ok] = np.array((y - 1970) * 12 + (m - 1), dtype="datetime64[M]").astype(
            "datetime64[us]")
    return pd.Series(out, index=text.index)
