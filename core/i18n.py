"""Translation hooks. The product speaks Dutch; identifiers stay English.

``_()`` marks text that is shown, ``N_()`` marks text declared at module level
(translated where it is shown). Without a catalogue the text is returned as is.
``STUURWIJZER_TRANS_SCALE=200`` stretches every shown string to twice its
length so layouts can be tested for longer wording.
"""

from __future__ import annotations

import gettext
import os

_translations: gettext.NullTranslations = gettext.NullTranslations()
_scale = 100


def setup_i18n(localedir: str | None = None) -> None:
    """Call once at start-up. A missing catalogue falls back to the source text."""
    global _translations, _scale
    _translations = gettext.translation(
        "stuurwijzer", localedir=localedir, languages=["nl"], fallback=True
    )
    try:
        _scale = max(100, int(os.environ.get("STUURWIJZER_TRANS_SCALE", "100")))
    except ValueError:
        _scale = 100


def _(text: str) -> str:
    if not text:
        return ""
    shown = _translations.gettext(text)
    if _scale > 100:
        extra = len(shown) * (_scale - 100) // 100
        shown = shown + "·" * extra
    return shown


def n_(count: int, singular: str, plural: str) -> str:
    """The singular or plural form for ``count`` ("1 bestand", "6 bestanden"), translated;
    B1 asks for the right form, not "bestand(en)"."""
    return _(singular if count == 1 else plural)


def N_(text: str) -> str:
    """Mark for translation without translating (module-level constants)."""
    return text
