"""Every Dutch text in resources/ keeps the B1 rules of resources/texts/b1.json:
short sentences, explained terms, "u hebt", no "bestand(en)"."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.paths import load_json_resource, resource_path

RULES = load_json_resource("texts", "b1.json")
# Data, not prose: example exports and projects, detection word lists, code lists.
SKIP_DIRS = {"example", "io", "reference"}


def _strings(node, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if not str(key).startswith("_"):  # comments are for developers, in English
                yield from _strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _strings(value, f"{path}/{n}")
    elif isinstance(node, str) and len(node.split()) >= 4:  # labels and ids are no prose
        yield path, node


def _texts() -> list[tuple[str, str]]:
    root = Path(resource_path())
    found = []
    for file in sorted(root.rglob("*.json")):
        if SKIP_DIRS & set(file.relative_to(root).parts) or file.name == "b1.json":
            continue
        found += _strings(json.loads(file.read_text(encoding="utf-8")),
                          str(file.relative_to(root)))
    return found


TEXTS = _texts()


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\{[^}]*\}", "X", text)  # a placeholder is one word
    return [s.strip() for s in re.split(r"(?<=[.!?:;])\s+|\n+", text) if s.strip()]


def test_the_scan_reads_the_texts_users_see():
    places = {path.split("/")[0] for path, _text in TEXTS}
    for expected in ("maturity", "checks", "report", "texts", "templates"):
        assert any(p.startswith(expected) for p in places), expected
    assert len(TEXTS) > 500


def test_sentences_stay_short():
    limit = RULES["max_sentence_words"]
    long = [(path, s) for path, text in TEXTS for s in _sentences(text)
            if len(s.split()) > limit]
    assert long == []


def _unexplained(term: str, text: str) -> bool:
    """The term is used, but not in brackets after its explanation, not followed by
    one in brackets and not followed by one after a colon."""
    t = re.escape(term)
    if not re.search(rf"(?<!\w){t}(?!\w)", text, re.IGNORECASE):
        return False
    explained = rf"\((?:[^()]*\s)?{t}\)|{t}\s*\(|{t}[^.]*?:\s"
    return not re.search(explained, text, re.IGNORECASE)


@pytest.mark.parametrize("term", RULES["explain"])
def test_a_difficult_term_is_explained_where_it_is_used(term):
    assert [path for path, text in TEXTS if _unexplained(term, text)] == []


def test_no_unclear_or_wrong_phrases_and_one_form_of_address():
    found = [(path, phrase) for path, text in TEXTS for phrase in RULES["avoid"]
             if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)]
    assert found == []


def test_plurals_are_not_written_with_brackets():
    found = [(path, hack) for path, text in TEXTS for hack in RULES["plural_hacks"]
             if re.search(rf"\w{re.escape(hack)}", text)]
    assert found == []


def test_the_rules_catch_what_they_should():
    """The checks above can fail: each rule flags a bad sentence."""
    assert len(_sentences(" ".join(["woord"] * 30) + ".")[0].split()) > RULES["max_sentence_words"]
    assert _sentences("Kort. Ook kort: ja {n} keer") == ["Kort.", "Ook kort:", "ja X keer"]
    assert _unexplained("DPIA", "Doe een DPIA.")
    assert not _unexplained("DPIA", "Doe een toets op privacyrisico's (DPIA).")
    assert not _unexplained("SMART", "Een doel is meetbaar (SMART) als het klopt.")
    assert not _unexplained("doelbinding", "Doelbinding: gebruik gegevens alleen voor hun doel.")
