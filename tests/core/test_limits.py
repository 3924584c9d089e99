"""The limits on untrusted input agree with what the app itself makes."""

from __future__ import annotations

import base64
import math

import pytest

from core import limits, safejson
from core.project import new_id
from core.report.section import MAX_LOGO_BYTES, MAX_TEXT


def test_what_the_app_lets_a_user_type_or_add_opens_again():
    assert MAX_TEXT <= limits.MAX_TEXT_CHARS
    assert len(base64.b64encode(b"\xff" * MAX_LOGO_BYTES)) <= limits.MAX_LOGO_TEXT_CHARS


def test_ids_the_app_makes_are_safe_and_paths_are_not():
    assert all(limits.is_safe_id(new_id()) for _ in range(1000))
    assert limits.is_safe_id("voorbeeld-301") and limits.is_safe_id("d1")
    for bad in ("", ".", "..", "../x", "a/b", "a\\b", "C:", "/abs", "NUL", "Com1", "lpt9",
                "a" * 65, " a", "a.key", "-a", None, 5, {"id": "a"}):
        assert not limits.is_safe_id(bad), bad


@pytest.mark.parametrize(("raw", "options", "reason"), [
    (b"[" * 5000 + b"]" * 5000, {}, safejson.TOO_DEEP),  # RecursionError inside json
    (b"[" * 100_000, {}, safejson.TOO_DEEP),
    (b"[" * 40 + b"]" * 40, {}, safejson.TOO_DEEP),  # deeper than MAX_JSON_DEPTH
    (b"[" + b"{}," * 20 + b"{}]", {"max_containers": 10}, safejson.TOO_BIG),
    (b" " * 101, {"max_bytes": 100}, safejson.TOO_BIG),
    (b'{"a": NaN}', {}, safejson.SYNTAX),
    (b'{"a": Infinity}', {}, safejson.SYNTAX),
    (b"\xff\xfe{", {}, safejson.SYNTAX),
    (b'{"a": ' + b"9" * 5000 + b"}", {}, safejson.SYNTAX),
])
def test_json_is_read_within_limits(raw, options, reason):
    with pytest.raises(safejson.JsonProblem) as info:
        safejson.parse(raw, **{"max_bytes": 1_000_000, **options})
    assert info.value.reason == reason


def test_json_within_limits_is_read():
    value = safejson.parse(b'\xef\xbb\xbf{"a": [1, 2.5, {"b": null}]}', max_bytes=100)
    assert value == {"a": [1, 2.5, {"b": None}]}
    assert safejson.depth_within({"a": [[1]]}, 3) and not safejson.depth_within({"a": [[1]]}, 2)
    assert safejson.parse(b"1e999", max_bytes=10) == math.inf  # the schema refuses it
