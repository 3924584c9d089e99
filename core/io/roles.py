"""Suggest what each column means (its role) and what kind of dataset a file is.

Roles come from resources/roles.json (ids, Dutch header synonyms, fitting types) and
the value checks in resources/io/detection.json: a nine-digit number that passes the
elfproef is a client (BSN), eight digits an AGB code (provider), ``45A01`` a product
code, ``GM0363`` a region, ``2023JJ00`` a period. Every role goes to at most one
column; the best-scoring pair wins first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from core.io.infer import elfproef
from core.io.layout import vocabulary
from core.io.statline import is_period_code
from core.paths import load_json_resource

MIN_SCORE = 2
VALUE_SHARE = 0.9


@cache
def role_definitions() -> dict:
    return load_json_resource("roles.json")


@cache
def role_types() -> dict[str, list[str]]:
    return {rid: list(spec.get("types", [])) for rid, spec in role_definitions().items()}


@cache
def normalise(header: str) -> str:
    """'AGB-code_aanbieder ' -> 'agb code aanbieder'; CBS 'JongerenMetJeugdhulp_1' too."""
    text = re.sub(r"_\d+$", "", header.strip())
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _header_score(header: str, synonyms: Sequence[str], weak: Sequence[str]) -> tuple[int, bool]:
    """(score, only_weak): 3 for the whole header, 2 for a synonym inside it."""
    norm = normalise(header)
    compact = norm.replace(" ", "")
    best, only_weak = 0, False
    for syn in synonyms:
        s = normalise(syn)
        if not s:
            continue
        if norm == s or compact == s.replace(" ", ""):
            score = 3
        elif re.search(rf"(^| ){re.escape(s)}( |$)", norm):
            score = 2
        else:
            continue
        is_weak = any(s == normalise(w) for w in weak)
        if score > best or (score == best and only_weak and not is_weak):
            best, only_weak = score, is_weak
    return best, only_weak


def _values_fit(role: str, values: Sequence[str]) -> bool | None:
    """None when the role has no value check; else whether most values pass it."""
    rule = vocabulary()["roles"].get(role)
    if not rule or not values:
        return None
    if rule.get("check") == "elfproef":
        test = elfproef
    elif rule.get("check") == "period":
        test = is_period_code
    elif "pattern" in rule:
        test = _pattern(rule["pattern"]).match
    else:
        return None
    allowed = (1 - VALUE_SHARE) * len(values)
    failed = 0
    for v in values:
        if not test(v):
            failed += 1
            if failed > allowed:
                return False
    return True


@cache
def _pattern(text: str) -> re.Pattern:
    return re.compile(text)


@dataclass(frozen=True)
class ColumnFacts:
    name: str
    type: str
    values: Sequence[str]  # non-empty sample values, trimmed


def suggest_roles(columns: Sequence[ColumnFacts]) -> dict[str, str]:
    """column name -> role id, for the columns with a convincing role."""
    defs = role_definitions()
    rules = vocabulary()["roles"]
    scored = []
    for position, col in enumerate(columns):
        for role, spec in defs.items():
            rule = rules.get(role, {})
            head, only_weak = _header_score(col.name, spec.get("headers", []),
                                            rule.get("weak_headers", []))
            fit = _values_fit(role, col.values)
            if fit is False and (only_weak or head < 3):
                continue
            if only_weak and fit is not True:
                continue
            score = head + (2 if fit else 0)
            if head == 0 and not (fit and rule.get("value_only")):
                continue
            types = spec.get("types", [])
            if col.type not in types and not (col.type == "date" and "date" in types):
                continue
            preferred = 1 if types and types[0] == col.type else 0
            scored.append((score, preferred, -position, role, col.name))
    scored.sort(reverse=True)
    taken_roles: set[str] = set()
    out: dict[str, str] = {}
    for score, _pref, _pos, role, name in scored:
        if score < MIN_SCORE or role in taken_roles or name in out:
            continue
        out[name] = role
        taken_roles.add(role)
    return out


def message_code(text: str) -> str | None:
    match = re.search(r"(3\d\d)$", text.strip())
    return match.group(1) if match else None


def suggest_kind(names: Sequence[str], roles: dict[str, str],
                 message_codes: Sequence[str] = ()) -> str:
    """Dataset kind id (resources/texts/dataset_kinds.json) from codes, roles and headers."""
    vocab = vocabulary()
    known = set(vocab["message_codes"])
    codes = {c for c in (message_code(v) for v in message_codes) if c in known}
    if len(codes) > 1:
        return "mixed"
    if len(codes) == 1:
        return codes.pop()
    present = set(roles.values())
    odata = sum(bool(re.search(r"_\d+$", n)) for n in names)
    if "region" in present and odata >= 0.5 * len(names):
        return "cbs"  # CBS open data names its figures like TotaleBevolking_1
    for rule in vocab["kinds_by_role"]:
        if set(rule["roles"]) <= present:
            return rule["kind"]
    words = " ".join(normalise(n) for n in names).split()
    for rule in vocab["kinds_by_header"]:
        if any(w.startswith(r) for w in words for r in rule["words"]):
            return rule["kind"]
    return "other"


def kind_date_roles(kind: str | None, columns: Sequence[tuple[str, str]],
                    roles: dict[str, str]) -> dict[str, str]:
    """``roles`` plus, once the kind is known, a role for date columns with a plain
    header: 'Einddatum' in toewijzingen is the end of the toewijzing, in declaraties
    the end of the period (resources/io/detection.json, ``kind_dates``).
    ``columns``: (name, type) of every column."""
    table = vocabulary().get("kind_dates", {}).get(kind or "", {})
    out = dict(roles)
    taken = set(out.values())
    for name, type_id in columns:
        role = table.get(normalise(name))
        if type_id == "date" and name not in out and role and role not in taken:
            out[name] = role
            taken.add(role)
    return out
