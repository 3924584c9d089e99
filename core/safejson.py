"""JSON from outside (project.json, recovery notes, roles files), read within limits.

``parse`` refuses text that is too long, holds too many dicts and lists (counted
before parsing, so a bomb of ``{}`` never becomes objects), nests too deep, or is not
strict JSON (``NaN`` and ``Infinity`` are not JSON). Every refusal is a
``JsonProblem`` (a ``ValueError``) whose ``reason`` says which rule it broke, so the
caller can word a Dutch message for its own file.
"""

from __future__ import annotations

import json
import os
from typing import Any

from core.limits import MAX_JSON_CONTAINERS, MAX_JSON_DEPTH

SYNTAX, TOO_BIG, TOO_DEEP = "syntax", "too_big", "too_deep"


class JsonProblem(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _no_constants(name: str) -> Any:
    raise JsonProblem(SYNTAX)


def depth_within(value: Any, limit: int) -> bool:
    """True when dicts and lists nest at most ``limit`` deep (a bare value is depth 0)."""
    if not isinstance(value, dict | list):
        return True
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list))
    return True


def parse(raw: bytes | str, *, max_bytes: int, max_depth: int = MAX_JSON_DEPTH,
          max_containers: int = MAX_JSON_CONTAINERS) -> Any:
    """The value of ``raw`` (bytes in UTF-8/16/32, with or without BOM, or text)."""
    if len(raw) > max_bytes:
        raise JsonProblem(TOO_BIG)
    opening = ("{", "[") if isinstance(raw, str) else (b"{", b"[")
    if raw.count(opening[0]) + raw.count(opening[1]) > max_containers:  # type: ignore[arg-type]
        raise JsonProblem(TOO_BIG)
    try:
        value = json.loads(raw, parse_constant=_no_constants)
    except RecursionError:
        raise JsonProblem(TOO_DEEP) from None
    except JsonProblem:
        raise
    except ValueError:  # also UnicodeDecodeError and too many digits in a number
        raise JsonProblem(SYNTAX) from None
    if isinstance(value, dict | list) and not depth_within(value, max_depth):
        raise JsonProblem(TOO_DEEP)
    return value


def read(path: str | os.PathLike[str], *, max_bytes: int, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``parse`` a file, reading at most ``max_bytes + 1`` bytes of it. OSError passes."""
    with open(path, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    return parse(raw, max_bytes=max_bytes, max_depth=max_depth)
