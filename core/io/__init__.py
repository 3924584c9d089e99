"""Reading the files users bring. See ``reading`` and ``coerce``.

Issue 3 adds detection (encoding, delimiter, header row, Excel sheets...);
the example project uses the explicit-settings path directly.
"""

from core.io.coerce import CoerceResult, coerce_column, typed_frame
from core.io.reading import ImportSettings, read_csv_text

__all__ = [
    "CoerceResult",
    "ImportSettings",
    "coerce_column",
    "read_csv_text",
    "typed_frame",
]
